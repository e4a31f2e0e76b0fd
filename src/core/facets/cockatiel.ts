import { ts } from 'ts-morph';
import { declarationOf, unwrapExpression } from '../ast';
import { importsOf } from '../imports';

export type CockatielPolicyKind = 'retry' | 'timeout' | 'fallback' | 'circuitBreaker' | 'bulkhead';

/**
 * The cockatiel policies behind `policy.execute(fn)`: `policy` is built by `retry(...)`,
 * `timeout(...)`, `fallback(...)` or a `wrap(...)` of several, possibly in another module.
 */
export function cockatielPolicies(
  expression: ts.Expression,
  checker: ts.TypeChecker,
  depth = 0,
): { kind: CockatielPolicyKind; call: ts.CallExpression }[] {
  if (depth > 4) return [];
  let node = unwrapExpression(expression);
  if (ts.isIdentifier(node)) {
    const declaration = declarationOf(node, checker);
    if (declaration && ts.isVariableDeclaration(declaration) && declaration.initializer)
      node = unwrapExpression(declaration.initializer);
  }
  if (!ts.isCallExpression(node)) return [];
  const callee = unwrapExpression(node.expression);
  const imported = ts.isIdentifier(callee) ? importsOf(node.getSourceFile()).get(callee.text) : undefined;
  if (imported?.module !== 'cockatiel') return [];
  if (imported.imported === 'wrap')
    return node.arguments.flatMap((argument) => cockatielPolicies(argument, checker, depth + 1));
  if (['retry', 'timeout', 'fallback', 'circuitBreaker', 'bulkhead'].includes(imported.imported)) {
    return [{ kind: imported.imported as CockatielPolicyKind, call: node }];
  }
  return [];
}

/** `policy.execute(fn)`: the policy expression when `fn` is the callback given to `execute`. */
export function executedBy(fn: ts.Node): ts.Expression | undefined {
  const parent = fn.parent;
  if (!parent || !ts.isCallExpression(parent) || !parent.arguments.includes(fn as ts.Expression)) return undefined;
  const callee = unwrapExpression(parent.expression);
  return ts.isPropertyAccessExpression(callee) && callee.name.text === 'execute' ? callee.expression : undefined;
}
