import { ts } from 'ts-morph';
import { declarationOf, isAncestor, stringValue, unwrapExpression } from '../../ast';
import { readOption } from '../../facets/options';
import type { FixSite } from '../context';
import type { RecordField } from '../log-record';
import { quote } from '../style';

/**
 * The `model` field of a log record: the model's name when it is a literal, the expression when it
 * is a plain name or property path readable outside `scope` (the wrapped statement), else nothing.
 * `typed: 'string'` (the orchestration helper's `model?: string`) takes an expression only when
 * the checker knows it is a string.
 */
export function modelField(site: FixSite, scope: ts.Node, typed?: 'string'): RecordField[] {
  const { call, style, facets } = site;
  const option = readOption(call, call.entry.model);
  let value = option?.value;
  if (value) {
    const inner = unwrapExpression(value);
    // `model: openai('gpt-4o')`: the provider call names the model.
    if (ts.isCallExpression(inner) && inner.arguments[0]) value = inner.arguments[0];
  } else if (
    call.origin?.construction &&
    ts.isCallExpression(call.origin.construction) &&
    call.origin.construction.arguments[0]
  ) {
    value = call.origin.construction.arguments[0];
  }
  if (!value) return [];
  const literal = stringValue(value, facets.checker);
  if (literal !== undefined) return [['model', quote(literal, style)]];
  const expression = unwrapExpression(value);
  if (expression.getSourceFile() !== call.node.getSourceFile() || !isPlainPath(expression)) return [];
  const root = rootIdentifier(expression);
  if (!root) return [];
  // A model object (`model: this.llm.model`, an AI SDK provider's model) names no model as text.
  if (!mayBeName(facets.checker.getTypeAtLocation(expression), typed)) return [];
  if (root.kind === ts.SyntaxKind.ThisKeyword) return [['model', expression.getText()]];
  // The name must mean the same thing where the record is written, and not be declared inside the
  // wrapped statement.
  const symbol = facets.checker.getSymbolAtLocation(root);
  const declaration = declarationOf(root, facets.checker);
  if (!symbol || !declaration || isAncestor(scope, declaration)) return [];
  const resolved = facets.checker.resolveName(root.text, scope, ts.SymbolFlags.Value, false);
  if (resolved !== symbol) return [];
  return [['model', expression.getText()]];
}

/**
 * A string (or a string that may be missing), or, for a log record, a value that may be one or that
 * the checker cannot type. Not `any` where a string is required: what an SDK returns is untyped unless its declarations are
 * loaded (`sdkTypes`), and it may be a provider's model object.
 */
function mayBeName(type: ts.Type, typed: 'string' | undefined): boolean {
  const parts = type.isUnion() ? type.types : [type];
  // `string & {}` (a string with the known names suggested) is a string too.
  const isString = (part: ts.Type): boolean =>
    !!(part.flags & ts.TypeFlags.StringLike) || (part.isIntersection() && part.types.some(isString));
  // A log record takes any value: one that may be the name (`keyof typeof models` read untyped is
  // `string | number | symbol`) is worth recording.
  if (typed !== 'string')
    return parts.some((part) => isString(part) || part.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown));
  return parts.some(isString) && parts.every((part) => isString(part) || part.flags & ts.TypeFlags.Undefined);
}

function isPlainPath(node: ts.Expression): boolean {
  if (ts.isIdentifier(node) || node.kind === ts.SyntaxKind.ThisKeyword) return true;
  return ts.isPropertyAccessExpression(node) && !node.questionDotToken && isPlainPath(node.expression);
}

function rootIdentifier(node: ts.Expression): ts.Identifier | ts.ThisExpression | undefined {
  let current = node;
  while (ts.isPropertyAccessExpression(current)) current = current.expression;
  if (ts.isIdentifier(current)) return current;
  if (current.kind === ts.SyntaxKind.ThisKeyword) return current as ts.ThisExpression;
  return undefined;
}
