import { offer } from '../offer';
import { ts } from 'ts-morph';
import { declarationOf, findProperty, unwrapExpression } from '../../ast';
import { importsOf } from '../../imports';
import type { Fix, RetryLayer, TextEdit } from '../../types';
import { edit, type FixSite } from '../context';
import { appendArgument } from '../edits/call-argument';
import { ensureImport } from '../edits/imports';
import { setObjectOption } from '../edits/object-option';
import { ensurePredicate, PREDICATE } from '../retry-predicate';
import { styleOf } from '../style';
import { nodeStartingAt, skipParentheses } from '../text';

/** Attempts a bounded layer makes, the first call included. */
export const MAX_ATTEMPTS = 3;

/** p-retry: a finite `retries` and a `shouldRetry` predicate. */
export function boundPRetry(site: FixSite, layer: RetryLayer): Fix | undefined {
  const { sourceFile, style } = site;
  const call = nodeStartingAt(sourceFile, layer.span!.start, ts.isCallExpression);
  if (!call || call.arguments.some((argument) => ts.isSpreadElement(argument))) return undefined;
  const predicate = ensurePredicate(sourceFile, style);
  if (!predicate) return undefined;
  const shouldRetry = `({ error }) => ${predicate.name}(error)`;
  const unbounded = layer.attempts === 'unbounded';
  const retries = String(MAX_ATTEMPTS - 1);
  const edits: TextEdit[] = [];
  const options = call.arguments[1] ? skipParentheses(call.arguments[1]) : undefined;
  if (options && !ts.isObjectLiteralExpression(options)) return undefined;
  if (!options) {
    if (call.arguments.length !== 1) return undefined;
    const added = appendArgument(
      call,
      `{ ${unbounded ? `retries: ${retries}, ` : ''}shouldRetry: ${shouldRetry} }`,
      style,
    );
    if (!added) return undefined;
    edits.push(...added);
  } else {
    if (unbounded) {
      const retriesEdits = findProperty(options, 'retries')
        ? setObjectOption(options, ['retries'], retries, style, { replace: true })
        : undefined;
      // `forever: true` (rejected by p-retry 7) or `retries: Infinity`: either way the bound is written.
      const forever = findProperty(options, 'forever');
      if (!retriesEdits && !forever) return undefined;
      if (retriesEdits) edits.push(...retriesEdits);
      if (forever) {
        if (!ts.isPropertyAssignment(forever)) return undefined;
        edits.push(edit(sourceFile.fileName, forever.getStart(sourceFile), forever.getEnd(), `retries: ${retries}`));
      }
    }
    if (layer.predicate === 'all') {
      const predicateEdits = setObjectOption(options, ['shouldRetry'], shouldRetry, style);
      if (!predicateEdits) return undefined;
      edits.push(...predicateEdits);
    }
  }
  if (edits.length === 0) return undefined;
  edits.push(...predicate.edits);
  return offer('bound-retry:p-retry', {
    title: `Bound the retry: p-retry with ${unbounded ? `at most ${MAX_ATTEMPTS} attempts and ` : ''}retryable errors only (shouldRetry)`,
    safe: false,
    edits,
  });
}

export function boundCockatiel(site: FixSite, layer: RetryLayer): Fix | undefined {
  const { sourceFile, facets } = site;
  const execute = nodeStartingAt(sourceFile, layer.span!.start, ts.isCallExpression);
  if (!execute || !ts.isPropertyAccessExpression(execute.expression)) return undefined;
  const construction = retryPolicy(execute.expression.expression, facets.checker);
  if (!construction) return undefined;
  const policyFile = construction.getSourceFile();
  const style = policyFile === sourceFile ? site.style : styleOf(policyFile);
  const edits: TextEdit[] = [];
  const [handler, options] = construction.arguments;
  if (!handler) return undefined;
  let predicateEdits: TextEdit[] = [];
  if (layer.predicate === 'all') {
    if (!ts.isIdentifier(handler) || handler.text !== 'handleAll') return undefined;
    const predicate = ensurePredicate(policyFile, style);
    const handleWhen = ensureImport(
      policyFile,
      { module: 'cockatiel', name: 'handleWhen' },
      style,
      new Set([PREDICATE]),
    );
    if (!predicate || !handleWhen) return undefined;
    edits.push(
      edit(
        policyFile.fileName,
        handler.getStart(policyFile),
        handler.getEnd(),
        `${handleWhen.local}(${predicate.name})`,
      ),
      ...handleWhen.edits,
    );
    // `handleAll` imported for this policy only would be left unused (an error under noUnusedLocals).
    edits.push(...removeUnusedImport(policyFile, handler));
    predicateEdits = predicate.edits;
  }
  if (layer.attempts === 'unbounded') {
    // cockatiel's `maxAttempts` counts retries (RetryPolicy.js:59).
    const value = String(MAX_ATTEMPTS - 1);
    const object = options ? skipParentheses(options) : undefined;
    if (object && !ts.isObjectLiteralExpression(object)) return undefined;
    const bound = object
      ? setObjectOption(object, ['maxAttempts'], value, style, { replace: true })
      : appendArgument(construction, `{ maxAttempts: ${value} }`, style);
    if (!bound) return undefined;
    edits.push(...bound);
  }
  if (edits.length === 0) return undefined;
  edits.push(...predicateEdits);
  const where = policyFile === sourceFile ? '' : ' where the policy is built';
  return offer('bound-retry:cockatiel', {
    title: `Bound the retry: cockatiel policy with ${layer.attempts === 'unbounded' ? `at most ${MAX_ATTEMPTS} attempts and ` : ''}retryable errors only${where}`,
    safe: false,
    edits,
  });
}

/** Removes the import specifier of `identifier` when the identifier is its only use. */
function removeUnusedImport(sourceFile: ts.SourceFile, identifier: ts.Identifier): TextEdit[] {
  let uses = 0;
  let specifier: ts.ImportSpecifier | undefined;
  const visit = (node: ts.Node): void => {
    if (ts.isImportSpecifier(node)) {
      if (node.name.text === identifier.text) specifier = node;
      return;
    }
    if (ts.isIdentifier(node) && node.text === identifier.text) uses++;
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  if (!specifier || uses !== 1 || specifier.isTypeOnly) return [];
  const list = specifier.parent.elements;
  if (list.length < 2) return [];
  const index = list.indexOf(specifier);
  const file = sourceFile.fileName;
  // `a, handleAll, b` → `a, b`; the last one takes the comma before it.
  return index < list.length - 1
    ? [edit(file, specifier.getStart(sourceFile), list[index + 1].getStart(sourceFile), '')]
    : [edit(file, list[index - 1].getEnd(), specifier.getEnd(), '')];
}

/** `retry(handleAll, {...})` from cockatiel behind `policy` (directly, or inside `wrap(...)`). */
function retryPolicy(expression: ts.Expression, checker: ts.TypeChecker, depth = 0): ts.CallExpression | undefined {
  if (depth > 4) return undefined;
  let node = unwrapExpression(expression);
  if (ts.isIdentifier(node)) {
    const declaration = declarationOf(node, checker);
    if (!declaration || !ts.isVariableDeclaration(declaration) || !declaration.initializer) return undefined;
    if (!(declaration.parent.flags & ts.NodeFlags.Const)) return undefined;
    node = unwrapExpression(declaration.initializer);
  }
  if (!ts.isCallExpression(node) || !ts.isIdentifier(node.expression)) return undefined;
  const imported = importsOf(node.getSourceFile()).get(node.expression.text);
  if (imported?.module !== 'cockatiel') return undefined;
  if (imported.imported === 'retry') return node;
  if (imported.imported === 'wrap') {
    const inner = node.arguments.map((argument) => retryPolicy(argument, checker, depth + 1)).filter(Boolean);
    return inner.length === 1 ? inner[0] : undefined;
  }
  return undefined;
}
