import { ts } from 'ts-morph';
import { declarationOf, unwrapExpression } from '../ast';

/**
 * The modules this project's fixes write into a workspace (the orchestration helper, the stream
 * idle helper) are recognised by what they declare, not by their path: the fixes put them where
 * the project's code lives, and people move files.
 */

const declaredNames = new WeakMap<ts.SourceFile, ReadonlySet<string>>();

/** A call of the function `exportName` declared in a module that also declares every one of `moduleNames`. */
export function isWrittenHelperCall(
  call: ts.CallExpression,
  checker: ts.TypeChecker,
  exportName: string,
  moduleNames: readonly string[],
): boolean {
  const callee = unwrapExpression(call.expression);
  if (!ts.isIdentifier(callee) && !ts.isPropertyAccessExpression(callee)) return false;
  // Asked of every call the solvers walk past: an editor session answers it from its memo.
  const declaration = declarationOf(ts.isIdentifier(callee) ? callee : callee.name, checker);
  if (!declaration || !ts.isFunctionDeclaration(declaration) || declaration.name?.text !== exportName) return false;
  const declared = namesDeclaredIn(declaration.getSourceFile());
  return moduleNames.every((name) => declared.has(name));
}

function namesDeclaredIn(sourceFile: ts.SourceFile): ReadonlySet<string> {
  const known = declaredNames.get(sourceFile);
  if (known) return known;
  const declared = new Set<string>();
  for (const statement of sourceFile.statements) {
    if ((ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement)) && statement.name)
      declared.add(statement.name.text);
    if (ts.isVariableStatement(statement))
      for (const item of statement.declarationList.declarations)
        if (ts.isIdentifier(item.name)) declared.add(item.name.text);
  }
  declaredNames.set(sourceFile, declared);
  return declared;
}

/** The helper call whose task (its second argument) holds `node`, when there is one. */
export function enclosingWrittenHelperCall(
  node: ts.Node,
  isHelper: (call: ts.CallExpression) => boolean,
): ts.CallExpression | undefined {
  let current: ts.Node = node;
  while (current.parent && !ts.isSourceFile(current.parent)) {
    const parent: ts.Node = current.parent;
    if (ts.isCallExpression(parent) && parent.arguments[1] === current && isHelper(parent)) return parent;
    current = parent;
  }
  return undefined;
}
