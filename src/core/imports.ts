import { ts } from 'ts-morph';

export interface ImportedName {
  module: string;
  /**
   * The exported name, `default`, `*` for a namespace import, or `require` for `const x = require('m')`
   * (CommonJS: the binding is the module object, which for most SDKs is also the client class).
   */
  imported: string;
}

const cache = new WeakMap<ts.SourceFile, Map<string, ImportedName>>();

/**
 * `npm:openai@4.20.0`, `https://esm.sh/@anthropic-ai/sdk@0.24.0?target=deno`, `https://deno.land/x/openai@v4.24.0/mod.ts`: how
 * Deno code (Supabase edge functions) imports an npm package. The captures are the package's name
 * and the path inside it.
 */
const DENO_SPECIFIER =
  /^(?:npm:|https?:\/\/(?:esm\.sh|esm\.run|cdn\.skypack\.dev|cdn\.jsdelivr\.net\/npm|unpkg\.com|deno\.land\/x)\/)((?:@[^/@?]+\/)?[^/@?]+)(?:@[^/?]*)?(\/[^?]*)?/;

/**
 * Whether the file imports by URL or registry prefix (`npm:`, `jsr:`, `https:`), as Deno code does:
 * a module the fixes write next to it, imported without an extension, would not load there.
 */
export function importsLikeDeno(sourceFile: ts.SourceFile): boolean {
  return sourceFile.statements.some(
    (statement) =>
      ts.isImportDeclaration(statement) &&
      ts.isStringLiteral(statement.moduleSpecifier) &&
      /^(?:npm:|jsr:|https?:)/.test(statement.moduleSpecifier.text),
  );
}

/**
 * The npm module a specifier names: itself, or for a Deno-style specifier the package and the path
 * inside it (`npm:openai@4/helpers/zod` → `openai/helpers/zod`). A Deno module's entry file
 * (`mod.ts`) is the package itself.
 */
export function npmModule(specifier: string): string {
  const match = DENO_SPECIFIER.exec(specifier);
  if (!match) return specifier;
  const path = match[2] && !/^\/(?:mod\.[jt]s|\+esm)?$/.test(match[2]) ? match[2] : '';
  return `${match[1]}${path}`;
}

/**
 * Local names bound by `import` and `require` in a file. This is what syntax-only recognition
 * relies on when the SDK's types do not resolve (no `node_modules`).
 */
export function importsOf(sourceFile: ts.SourceFile): Map<string, ImportedName> {
  const cached = cache.get(sourceFile);
  if (cached) return cached;
  const names = new Map<string, ImportedName>();
  for (const statement of sourceFile.statements) {
    if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier)) {
      const module = npmModule(statement.moduleSpecifier.text);
      const clause = statement.importClause;
      if (!clause) continue;
      if (clause.name) names.set(clause.name.text, { module, imported: 'default' });
      const bindings = clause.namedBindings;
      if (bindings && ts.isNamespaceImport(bindings)) names.set(bindings.name.text, { module, imported: '*' });
      if (bindings && ts.isNamedImports(bindings)) {
        for (const element of bindings.elements) {
          names.set(element.name.text, { module, imported: (element.propertyName ?? element.name).text });
        }
      }
    } else if (ts.isImportEqualsDeclaration(statement) && ts.isExternalModuleReference(statement.moduleReference)) {
      const expression = statement.moduleReference.expression;
      if (ts.isStringLiteral(expression))
        names.set(statement.name.text, { module: npmModule(expression.text), imported: 'require' });
    } else if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) collectRequire(declaration, names);
    }
  }
  cache.set(sourceFile, names);
  return names;
}

function collectRequire(declaration: ts.VariableDeclaration, names: Map<string, ImportedName>): void {
  const module = requiredModule(declaration.initializer);
  if (!module) return;
  if (ts.isIdentifier(declaration.name)) {
    names.set(declaration.name.text, { module: module.name, imported: module.property ?? 'require' });
  } else if (ts.isObjectBindingPattern(declaration.name)) {
    for (const element of declaration.name.elements) {
      if (!ts.isIdentifier(element.name)) continue;
      const imported =
        element.propertyName && ts.isIdentifier(element.propertyName) ? element.propertyName.text : element.name.text;
      names.set(element.name.text, { module: module.name, imported });
    }
  }
}

/**
 * The helpers compilers wrap a `require` in for ES module interop (TypeScript's and tslib's
 * `__importDefault`, `__importStar`, esbuild's `__toESM`, Babel's `_interopRequireDefault`): the
 * module they give has the package's exports, its default export as `default`.
 */
const INTEROP_HELPERS = /^(?:__importDefault|__importStar|__toESM|_interopRequireDefault|_interopRequireWildcard)$/;

/** `require('x')`, `require('x').default`, `require('x').Name`, `__importDefault(require('x'))`. */
function requiredModule(node: ts.Expression | undefined): { name: string; property?: string } | undefined {
  if (!node) return undefined;
  if (ts.isPropertyAccessExpression(node)) {
    const inner = requiredModule(node.expression);
    return inner && !inner.property ? { name: inner.name, property: node.name.text } : undefined;
  }
  if (ts.isCallExpression(node) && node.arguments.length >= 1) {
    const callee = node.expression;
    const helper = ts.isPropertyAccessExpression(callee)
      ? callee.name.text
      : ts.isIdentifier(callee)
        ? callee.text
        : '';
    if (INTEROP_HELPERS.test(helper)) return requiredModule(node.arguments[0]);
  }
  if (
    ts.isCallExpression(node) &&
    ts.isIdentifier(node.expression) &&
    node.expression.text === 'require' &&
    node.arguments.length === 1 &&
    ts.isStringLiteral(node.arguments[0])
  ) {
    return { name: npmModule(node.arguments[0].text) };
  }
  return undefined;
}

/** The package a declaration file belongs to (`/node_modules/@scope/name/...` → `@scope/name`). */
export function packageOfFile(fileName: string): string | undefined {
  const marker = '/node_modules/';
  const index = fileName.lastIndexOf(marker);
  if (index < 0) return undefined;
  const rest = fileName.slice(index + marker.length).split('/');
  if (rest[0].startsWith('@')) return rest.length > 1 ? `${rest[0]}/${rest[1]}` : undefined;
  return rest[0];
}

/**
 * A name bound by a dynamic import or a `require` inside a function:
 * `const { generateText } = await import('ai')`, `const ai = await import('ai')`,
 * `const { default: OpenAI } = await import('openai')`, `const OpenAI = require('openai')`,
 * and one export read off the module: `const OpenAI = require('openai').default` (the lazy
 * require of an optional peer dependency), `const OpenAI = (await import('openai')).OpenAI`.
 * The top-level ones are in `importsOf`.
 */
export function dynamicImportOf(declaration: ts.Declaration): ImportedName | undefined {
  if (ts.isVariableDeclaration(declaration)) {
    // `let Anthropic; try { Anthropic = (await import('@anthropic-ai/sdk')).default } catch ...`
    const initializer = declaration.initializer ?? assignedOnce(declaration);
    if (initializer && ts.isPropertyAccessExpression(initializer)) {
      const module = importedModule(initializer.expression);
      return module ? { module: module.name, imported: initializer.name.text } : undefined;
    }
    const module = importedModule(initializer);
    if (!module) return undefined;
    return { module: module.name, imported: module.dynamic ? '*' : 'require' };
  }
  if (!ts.isBindingElement(declaration) || !ts.isObjectBindingPattern(declaration.parent)) return undefined;
  const holder = declaration.parent.parent;
  if (!ts.isVariableDeclaration(holder)) return undefined;
  const module = importedModule(holder.initializer);
  const property = declaration.propertyName ?? declaration.name;
  if (!module || !ts.isIdentifier(property)) return undefined;
  return { module: module.name, imported: property.text };
}

/**
 * The value a `let` declared without one is given by the single assignment to it in its scope (an
 * optional dependency loaded in a `try`), or undefined.
 */
function assignedOnce(declaration: ts.VariableDeclaration): ts.Expression | undefined {
  const name = declaration.name;
  const list = declaration.parent;
  if (!ts.isIdentifier(name) || !ts.isVariableDeclarationList(list) || !(list.flags & ts.NodeFlags.Let))
    return undefined;
  // A module's `let client;` is asked about at each of its uses: its scope is walked once.
  const known = assignedValues.get(declaration);
  if (known !== undefined) return known ?? undefined;
  const scope = list.parent.parent;
  const values: ts.Expression[] = [];
  const visit = (node: ts.Node): void => {
    if (values.length > 1) return;
    if (
      ts.isBinaryExpression(node) &&
      node.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
      ts.isIdentifier(node.left) &&
      node.left.text === name.text
    )
      values.push(node.right);
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(scope, visit);
  const value = values.length === 1 ? values[0] : undefined;
  assignedValues.set(declaration, value ?? null);
  return value;
}

const assignedValues = new WeakMap<ts.VariableDeclaration, ts.Expression | null>();

/** `await import('m')`, `import('m')` and `require('m')`. */
function importedModule(node: ts.Expression | undefined): { name: string; dynamic: boolean } | undefined {
  let current = node;
  while (current && (ts.isAwaitExpression(current) || ts.isParenthesizedExpression(current)))
    current = current.expression;
  if (!current || !ts.isCallExpression(current) || current.arguments.length !== 1) return undefined;
  const [argument] = current.arguments;
  if (!ts.isStringLiteralLike(argument)) return undefined;
  if (current.expression.kind === ts.SyntaxKind.ImportKeyword) return { name: npmModule(argument.text), dynamic: true };
  if (ts.isIdentifier(current.expression) && current.expression.text === 'require')
    return { name: npmModule(argument.text), dynamic: false };
  return undefined;
}
