import { ts } from 'ts-morph';
import { unwrapExpression } from '../ast';
import { CALL_MODEL_DEFAULTS } from '../fixes/helper-template/call-model';
import type { RetryLibrary } from './wrappers';

/**
 * The module the "Create orchestration helper" fix writes (src/core/fixes/helper-template/
 * call-model.ts), as a retry layer the analyser knows: at most `maxAttempts` attempts (the first
 * included, default 3), exponential backoff with full jitter, only retryable errors unless
 * `isRetryable` says otherwise; a per-attempt timer (read by the timeout facet as a timer around
 * the callback); one structured record per attempt. Recognised by what its module declares, not
 * by its path: the fix puts it where the project's code lives, and people move files.
 */
export const ORCHESTRATION_HELPER: RetryLibrary = {
  label: 'orchestration helper',
  // Not imported from a package: recognised by its declaration (isOrchestrationHelperCall).
  module: '',
  kind: 'function',
  exportName: 'callModel',
  optionsArg: 0,
  countOption: 'maxAttempts',
  counts: 'attempts',
  defaultCount: CALL_MODEL_DEFAULTS.maxAttempts,
  unboundedOptions: [],
  defaultBackoff: 'exponential-jitter',
  backoffOptions: ['baseDelayMs', 'maxDelayMs'],
  jitterOptions: [],
  defaultPredicate: 'retryable',
  predicateOptions: ['isRetryable'],
  source: 'src/core/fixes/helper-template/call-model.ts (written by this project)',
};

/** Names the helper's module declares beside `callModel`: together they identify the module. */
const HELPER_MODULE_NAMES = ['CALL_MODEL_DEFAULTS', 'isRetryableModelError', 'ModelCallTimeoutError'];

const cache = new WeakMap<ts.SourceFile, boolean>();

/** `callModel(options, task)` of the helper module, imported from wherever it is. */
export function isOrchestrationHelperCall(call: ts.CallExpression, checker: ts.TypeChecker): boolean {
  const callee = unwrapExpression(call.expression);
  if (!ts.isIdentifier(callee) && !ts.isPropertyAccessExpression(callee)) return false;
  let symbol: ts.Symbol | undefined;
  try {
    symbol = checker.getSymbolAtLocation(ts.isIdentifier(callee) ? callee : callee.name);
    if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
  } catch {
    return false;
  }
  const declaration = symbol?.valueDeclaration ?? symbol?.declarations?.[0];
  if (
    !declaration ||
    !ts.isFunctionDeclaration(declaration) ||
    declaration.name?.text !== ORCHESTRATION_HELPER.exportName
  )
    return false;
  const sourceFile = declaration.getSourceFile();
  const known = cache.get(sourceFile);
  if (known !== undefined) return known;
  const declared = new Set<string>();
  for (const statement of sourceFile.statements) {
    if ((ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement)) && statement.name)
      declared.add(statement.name.text);
    if (ts.isVariableStatement(statement))
      for (const item of statement.declarationList.declarations)
        if (ts.isIdentifier(item.name)) declared.add(item.name.text);
  }
  const isHelper = HELPER_MODULE_NAMES.every((name) => declared.has(name));
  cache.set(sourceFile, isHelper);
  return isHelper;
}

/** The helper call whose task (its second argument) holds `node`, when there is one. */
export function enclosingOrchestrationHelperCall(
  node: ts.Node,
  checker: ts.TypeChecker,
): ts.CallExpression | undefined {
  let current: ts.Node = node;
  while (current.parent && !ts.isSourceFile(current.parent)) {
    const parent: ts.Node = current.parent;
    if (ts.isCallExpression(parent) && parent.arguments[1] === current && isOrchestrationHelperCall(parent, checker))
      return parent;
    current = parent;
  }
  return undefined;
}
