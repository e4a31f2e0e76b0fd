import { ts } from 'ts-morph';
import { accessChain, unwrapExpression, walkSameFunction } from '../ast';
import type { DetectedCall } from '../detect';
import type { OptionTarget } from './sdk-options';
import { skipParentheses } from './text';
import { REASONING_MODEL, REASONING_OPTIONS } from '../catalog/models';

/**
 * When a fix that writes an option would change more than the finding it answers: the questions
 * each fix asks before it offers itself, or before it calls itself safe (no change on the success
 * path of a healthy call).
 */

/**
 * The call's client is not this code's: a parameter, a parameter's property (`options.client`), or
 * a field set from a constructor parameter. Library code that forwards its user's client must not
 * write `{ maxRetries, timeout }` over the settings that user chose (and cannot see them).
 */
export function usesCallersClient(call: DetectedCall, checker: ts.TypeChecker): boolean {
  const callee = unwrapExpression(call.node.expression);
  if (!ts.isPropertyAccessExpression(callee)) return false;
  const { root, names } = accessChain(callee);
  const receiver = unwrapExpression(root);
  if (ts.isIdentifier(receiver)) return isParameterName(receiver, checker);
  if (receiver.kind === ts.SyntaxKind.ThisKeyword && names.length > 0) {
    const symbol = checker.getSymbolAtLocation(fieldAccess(callee));
    return (symbol?.declarations ?? []).some(isFieldFromParameter);
  }
  return false;
}

/** `this.client` at the start of `this.client.chat.completions.create`. */
function fieldAccess(callee: ts.PropertyAccessExpression): ts.Node {
  let current: ts.Expression = callee;
  while (ts.isPropertyAccessExpression(current) && ts.isPropertyAccessExpression(unwrapExpression(current.expression)))
    current = unwrapExpression(current.expression);
  return ts.isPropertyAccessExpression(current) ? current.name : current;
}

function isParameterName(identifier: ts.Identifier, checker: ts.TypeChecker): boolean {
  const symbol = checker.getSymbolAtLocation(identifier);
  return (symbol?.declarations ?? []).some((declaration) => {
    if (ts.isParameter(declaration)) return true;
    // `function f({ client }: Options)`.
    let node: ts.Node = declaration;
    while (ts.isBindingElement(node) || ts.isObjectBindingPattern(node) || ts.isArrayBindingPattern(node))
      node = node.parent;
    return ts.isParameter(node);
  });
}

/** `constructor(private client: OpenAI)`, or a field without initializer assigned from a parameter. */
function isFieldFromParameter(declaration: ts.Declaration): boolean {
  if (ts.isParameter(declaration)) return true;
  if (!ts.isPropertyDeclaration(declaration) || declaration.initializer) return false;
  const name = declaration.name.getText();
  const constructor = declaration.parent.members.find(ts.isConstructorDeclaration);
  if (!constructor?.body) return false;
  const parameters = new Set(constructor.parameters.map((parameter) => parameter.name.getText()));
  return constructor.body.statements.some((statement) => {
    if (!ts.isExpressionStatement(statement)) return false;
    const expression = statement.expression;
    if (!ts.isBinaryExpression(expression) || expression.operatorToken.kind !== ts.SyntaxKind.EqualsToken) return false;
    if (expression.left.getText() !== `this.${name}`) return false;
    const right = unwrapExpression(expression.right);
    const root = ts.isPropertyAccessExpression(right) ? accessChain(right).root : right;
    return ts.isIdentifier(root) && parameters.has(root.text);
  });
}

/**
 * Whether this code can see every option the client was made with: a construction with no
 * arguments or an object literal without spreads. `new OpenAI(config)` may set a timeout or a
 * retry count the per-request option would silently override.
 */
export function clientOptionsKnown(call: DetectedCall): boolean {
  // Functions (`generateText`) and raw HTTP have no client whose settings a request could override.
  if (call.shape.kind === 'function' || call.shape.kind === 'http') return true;
  const construction = call.origin?.construction;
  if (!construction) return false;
  const first = construction.arguments?.[0];
  if (!first) return true;
  const options = skipParentheses(first);
  // `new GoogleGenerativeAI(apiKey)`: the first argument is a key, not an options object.
  if (isKeyLike(options)) return true;
  return ts.isObjectLiteralExpression(options) && !options.properties.some(ts.isSpreadAssignment);
}

/** A string, a template, an environment variable or a variable named like a key (with a `??` default). */
function isKeyLike(node: ts.Expression): boolean {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateExpression(node))
    return true;
  if (ts.isNonNullExpression(node)) return isKeyLike(node.expression);
  if (
    ts.isBinaryExpression(node) &&
    (node.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken ||
      node.operatorToken.kind === ts.SyntaxKind.BarBarToken)
  )
    return isKeyLike(node.left) && isKeyLike(node.right);
  const text = node.getText();
  return /^process\.env\.[\w$]+$/.test(text) || (ts.isIdentifier(node) && /key|token|secret/i.test(node.text));
}

/** The client's construction already sets this option (`new OpenAI({ timeout })`): a per-request one would override it. */
export function clientSets(call: DetectedCall, optionName: string): boolean {
  return (call.origin?.options?.properties ?? []).some(
    (property) => property.name !== undefined && propertyName(property.name) === optionName,
  );
}

function propertyName(name: ts.PropertyName): string {
  return ts.isIdentifier(name) || ts.isStringLiteral(name) ? name.text : name.getText();
}

/**
 * A second argument can be added to the call: its callee is the SDK method as written, not a cast
 * (`(create as (p: Params) => Promise<R>)(params)` accepts one argument) or another expression.
 */
export function canAddArgument(call: DetectedCall, target: OptionTarget): boolean {
  if (target.site !== 'request' || call.node.arguments.length > call.requestArgIndex) return true;
  const callee = skipParentheses(call.node.expression);
  return ts.isPropertyAccessExpression(callee) || ts.isIdentifier(callee);
}

/**
 * Reasoning or thinking tokens count against the output limit on this call: a model name among
 * the call's string literals that reasons (also on one branch of a conditional: a reasoning-model
 * path), or an option that sets a thinking or reasoning budget anywhere in its options.
 */
export function reasoningCountsAgainstCap(call: DetectedCall, model: string | null): boolean {
  if (model !== null && REASONING_MODEL.test(model)) return true;
  const options = call.params ?? call.node;
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if ((ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) && REASONING_MODEL.test(node.text))
      found = true;
    else if (
      (ts.isPropertyAssignment(node) || ts.isShorthandPropertyAssignment(node)) &&
      REASONING_OPTIONS.has(propertyName(node.name))
    )
      found = true;
    else ts.forEachChild(node, visit);
  };
  visit(options);
  return found;
}

/**
 * A member the code narrowed before the call (`if (!this.session) this.session = start();
 * this.session.send(...)`, `if (options.client) options.client.create(...)`): TypeScript keeps no
 * narrowing of a property inside a function written later, so the call moved into a helper's
 * callback would read `this.session` as possibly undefined again (TS2532).
 */
export function narrowedMemberInside(node: ts.CallExpression, checker: ts.TypeChecker): boolean {
  let found = false;
  walkSameFunction(node, (inner) => {
    if (found) return false;
    if (!ts.isPropertyAccessExpression(inner) && !ts.isElementAccessExpression(inner)) return undefined;
    const name = ts.isPropertyAccessExpression(inner) ? inner.name : inner.argumentExpression;
    const symbol = checker.getSymbolAtLocation(name);
    if (symbol && isNullable(checker.getTypeOfSymbol(symbol)) && !isNullable(checker.getTypeAtLocation(inner)))
      found = true;
    return undefined;
  });
  return found;
}

function isNullable(type: ts.Type): boolean {
  const nullish = ts.TypeFlags.Undefined | ts.TypeFlags.Null;
  return type.isUnion() ? type.types.some((member) => (member.flags & nullish) !== 0) : (type.flags & nullish) !== 0;
}

/**
 * An `await` or `yield` in the call (not in a function inside it): the call cannot move into a
 * helper's callback, which is no async function or generator.
 */
export function awaitsInside(node: ts.CallExpression): boolean {
  let found = false;
  walkSameFunction(node, (inner) => {
    if (ts.isAwaitExpression(inner) || ts.isYieldExpression(inner)) found = true;
    return !found;
  });
  return found;
}
