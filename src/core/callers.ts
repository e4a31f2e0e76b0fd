import { ts } from 'ts-morph';
import { declarationOf, propertyName, unwrapExpression, walk } from './ast';

/**
 * Finds the in-workspace call sites of a function. Candidates come from a text search for the
 * function's name (cheap), and the checker confirms each one resolves to the same declaration:
 * the language service's reference search would be far slower on large workspaces.
 */
export class CallerIndex {
  private readonly cache = new Map<ts.Node, ts.CallExpression[]>();
  private workspace: Map<string, ts.SourceFile> | undefined;

  constructor(
    private readonly checker: ts.TypeChecker,
    private readonly files: () => readonly ts.SourceFile[],
    /** Files that can reach a file through imports; without it every file is asked about. */
    private readonly reaching?: (file: string) => ReadonlySet<string>,
  ) {}

  callersOf(fn: ts.FunctionLikeDeclaration): ts.CallExpression[] {
    const declaration = declarationNode(fn);
    if (!declaration) return [];
    const cached = this.cache.get(declaration);
    if (cached) return cached;
    const name = callableName(fn);
    const result: ts.CallExpression[] = [];
    if (name) {
      for (const call of this.callsNamed(name, fn.getSourceFile().fileName)) {
        const callee = unwrapExpression(call.expression);
        const nameNode = ts.isPropertyAccessExpression(callee) ? callee.name : callee;
        const resolved = declarationOf(nameNode, this.checker);
        if (resolved === declaration || resolved === fn) result.push(call);
      }
    }
    this.cache.set(declaration, result);
    return result;
  }

  /** The workspace's calls whose callee's last name is `name`, in files that can reach `declaredIn`. */
  private callsNamed(name: string, declaredIn: string): ts.CallExpression[] {
    this.workspace ??= new Map(this.files().map((file) => [file.fileName, file]));
    const reaching = this.reaching?.(declaredIn);
    const files = reaching ? [...reaching].map((file) => this.workspace?.get(file)) : this.workspace.values();
    const result: ts.CallExpression[] = [];
    for (const file of files) {
      const calls = file && callsByNameIn(file).get(name);
      if (calls) result.push(...calls);
    }
    return result;
  }
}

/**
 * The calls of one file by callee name. Parsed files outlive programs (an edit reparses only the
 * edited file), so the index of every other file is built once and reused after each edit.
 */
const fileIndexes = new WeakMap<ts.SourceFile, Map<string, ts.CallExpression[]>>();

function callsByNameIn(file: ts.SourceFile): Map<string, ts.CallExpression[]> {
  const cached = fileIndexes.get(file);
  if (cached) return cached;
  const index = new Map<string, ts.CallExpression[]>();
  walk(file, (node) => {
    if (!ts.isCallExpression(node)) return;
    const callee = unwrapExpression(node.expression);
    const calleeName = ts.isIdentifier(callee)
      ? callee.text
      : ts.isPropertyAccessExpression(callee)
        ? callee.name.text
        : undefined;
    if (!calleeName) return;
    const list = index.get(calleeName);
    if (list) list.push(node);
    else index.set(calleeName, [node]);
  });
  fileIndexes.set(file, index);
  return index;
}

/** The node a reference to the function resolves to. */
function declarationNode(fn: ts.FunctionLikeDeclaration): ts.Node | undefined {
  if (ts.isFunctionDeclaration(fn) || ts.isMethodDeclaration(fn)) return fn;
  const parent = fn.parent;
  if (ts.isVariableDeclaration(parent) || ts.isPropertyDeclaration(parent) || ts.isPropertyAssignment(parent))
    return parent;
  return undefined;
}

function callableName(fn: ts.FunctionLikeDeclaration): string | undefined {
  if ((ts.isFunctionDeclaration(fn) || ts.isFunctionExpression(fn)) && fn.name) return fn.name.text;
  if (ts.isMethodDeclaration(fn)) return propertyName(fn.name);
  const parent = fn.parent;
  if (ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) return parent.name.text;
  if (ts.isPropertyDeclaration(parent) || ts.isPropertyAssignment(parent)) return propertyName(parent.name);
  return undefined;
}
