import { ts } from 'ts-morph';
import { declarationOf, unwrapExpression } from './ast';
import { fileIndexOf } from './file-index';
import type { WorkspaceNames } from './name-index';

/**
 * The workspace's `new Class(...)` of a class: found by its name in the files the name index says
 * construct one, confirmed by the checker (another class of the same name is not this one).
 * Callers keep the answer per analysis: another file's edit changes it.
 */
export function constructionsOf(
  owner: ts.ClassLikeDeclaration,
  checker: ts.TypeChecker,
  names: WorkspaceNames | undefined,
): ts.NewExpression[] {
  const result: ts.NewExpression[] = [];
  const name = owner.name?.text;
  if (!name) return result;
  for (const file of names?.holding('constructions', name) ?? []) {
    if (!file.text.includes(`new ${name}`)) continue;
    for (const construction of fileIndexOf(file).constructions.get(name) ?? []) {
      const callee = unwrapExpression(construction.expression);
      const named = ts.isPropertyAccessExpression(callee) ? callee.name : callee;
      if (ts.isIdentifier(named) && declarationOf(named, checker) === owner) result.push(construction);
    }
  }
  return result;
}
