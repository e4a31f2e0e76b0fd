/**
 * The catalogue against the installed typings: for every SDK whose package is a devDependency, the
 * client classes, command classes and functions it names are exported, each method operation's path
 * exists on an exported class or interface, and each option path (client, params, request) exists
 * on the constructor or on an operation's argument, for the installed version (paths whose
 * `versions` exclude it are skipped). Generated from the catalogue: a new entry is checked as soon
 * as its package is installed.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';
import { CATALOG, type SdkCatalogEntry } from '../../../src/core/catalog/index';
import type { OperationShape, OptionPath } from '../../../src/core/catalog/types';
import { forVersion } from '../../../src/core/catalog/versions';

const REPO = path.resolve(__dirname, '..', '..', '..');
const WORK = path.join(REPO, '.cache', 'conformance');

/** What to import for a package (`@types/vscode` is imported as `vscode`). */
function specifier(pkg: string): string {
  return pkg.replace(/^@types\//, '');
}

function installedVersion(pkg: string): string | undefined {
  const manifest = path.join(REPO, 'node_modules', pkg, 'package.json');
  if (!fs.existsSync(manifest)) return undefined;
  return (JSON.parse(fs.readFileSync(manifest, 'utf8')) as { version: string }).version;
}

/** Installed packages under a prefix (`@langchain/` → `@langchain/core`, `@langchain/openai`). */
function installedWithPrefix(prefixes: readonly string[]): string[] {
  return prefixes.flatMap((prefix) => {
    const scope = prefix.replace(/\/$/, '');
    const folder = path.join(REPO, 'node_modules', scope);
    if (!prefix.endsWith('/') || !fs.existsSync(folder)) return [];
    return fs.readdirSync(folder).map((name) => `${scope}/${name}`);
  });
}

interface Installed {
  entry: SdkCatalogEntry;
  version: string | undefined;
  packages: string[];
}

const installed: Installed[] = CATALOG.filter((entry) => entry.id !== 'http')
  .map((entry) => {
    const packages = [...entry.packages, ...installedWithPrefix(entry.packagePrefixes ?? [])].filter(
      (pkg) => installedVersion(pkg) !== undefined,
    );
    const versionPackage = entry.versionPackage ?? entry.packages[0];
    return {
      entry,
      packages,
      version: versionPackage ? installedVersion(versionPackage) : undefined,
    };
  })
  .filter((item) => item.packages.length > 0);

/**
 * The module specifiers of a package: its root and its one-segment subpath exports (`./client`,
 * `./server`), for packages whose classes live there (`@modelcontextprotocol/sdk/client`); `deep`:
 * every subpath export (`./language_models/chat_models`, where base types live).
 */
function modulesOf(pkg: string, deep = false): string[] {
  const manifest = JSON.parse(fs.readFileSync(path.join(REPO, 'node_modules', pkg, 'package.json'), 'utf8')) as {
    exports?: unknown;
  };
  const exportsMap = manifest.exports;
  const subpaths =
    typeof exportsMap === 'object' && exportsMap !== null && !Array.isArray(exportsMap)
      ? Object.keys(exportsMap).filter((key) => (deep ? /^\.\/[\w-]+(?:\/[\w-]+)*$/ : /^\.\/[\w-]+$/).test(key))
      : [];
  return [specifier(pkg), ...subpaths.map((key) => `${specifier(pkg)}${key.slice(1)}`)];
}

/**
 * One program that imports every installed catalogue package (and its one-segment subpaths);
 * `deepModules`: every subpath of the packages of entries that name model types.
 */
function program(): {
  checker: ts.TypeChecker;
  modules: Map<string, ts.Symbol[]>;
  deepModules: Map<string, ts.Symbol[]>;
} {
  fs.mkdirSync(WORK, { recursive: true });
  const files: { pkg: string; file: string; deep: boolean }[] = [];
  for (const { entry, packages } of installed) {
    for (const pkg of packages) {
      const shallow = new Set(modulesOf(pkg));
      const all = entry.modelTypes ? modulesOf(pkg, true) : [...shallow];
      for (const spec of all) {
        const file = path.join(WORK, `${spec.replace(/[@/.]/g, '_')}.ts`);
        fs.writeFileSync(file, `import * as sdk from '${spec}';\nexport { sdk };\n`);
        files.push({ pkg, file, deep: !shallow.has(spec) });
      }
    }
  }
  const created = ts.createProgram(
    files.map((item) => item.file),
    {
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      target: ts.ScriptTarget.ES2022,
      strict: true,
      skipLibCheck: true,
      noEmit: true,
      types: ['node'],
    },
  );
  const checker = created.getTypeChecker();
  const modules = new Map<string, ts.Symbol[]>();
  const deepModules = new Map<string, ts.Symbol[]>();
  for (const { pkg, file, deep } of files) {
    const source = created.getSourceFile(file);
    const declaration = source?.statements.find(ts.isImportDeclaration);
    const moduleSymbol = declaration ? checker.getSymbolAtLocation(declaration.moduleSpecifier) : undefined;
    if (!moduleSymbol) continue;
    deepModules.set(pkg, [...(deepModules.get(pkg) ?? []), moduleSymbol]);
    if (!deep) modules.set(pkg, [...(modules.get(pkg) ?? []), moduleSymbol]);
  }
  return { checker, modules, deepModules };
}

function exportsOf(
  checker: ts.TypeChecker,
  modules: Map<string, ts.Symbol[]>,
  packages: string[],
): Map<string, ts.Symbol> {
  const found = new Map<string, ts.Symbol>();
  for (const moduleSymbol of packages.flatMap((pkg) => modules.get(pkg) ?? [])) {
    for (const symbol of checker.getExportsOfModule(moduleSymbol)) {
      const resolved = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
      found.set(symbol.getName(), resolved);
      // `export default Replicate`: also under the class's own name.
      if (!found.has(resolved.getName())) found.set(resolved.getName(), resolved);
      const declared = resolved.valueDeclaration;
      if (declared && ts.isClassDeclaration(declared) && declared.name) found.set(declared.name.text, resolved);
      // `declare module 'vscode' { export namespace lm { ... } }`: one level of namespaces.
      if (resolved.flags & ts.SymbolFlags.Namespace && resolved.exports) {
        resolved.exports.forEach((member, name) => found.set(String(name), member));
      }
    }
  }
  return found;
}

/** The instance or declared type of an exported class or interface, or the type of a value. */
function typesOf(checker: ts.TypeChecker, symbol: ts.Symbol): ts.Type[] {
  const types: ts.Type[] = [];
  if (symbol.flags & (ts.SymbolFlags.Class | ts.SymbolFlags.Interface))
    types.push(checker.getDeclaredTypeOfSymbol(symbol));
  // An exported instance (`export default new Ollama()`), not a function: `Function.prototype.call`
  // must not pass for a model method.
  if (symbol.flags & ts.SymbolFlags.Value && symbol.valueDeclaration) {
    const type = checker.getTypeOfSymbolAtLocation(symbol, symbol.valueDeclaration);
    if (!type.getCallSignatures().length) types.push(type);
  }
  return types;
}

function property(checker: ts.TypeChecker, type: ts.Type, name: string): ts.Type[] {
  // A generic parameter (`<Params extends ResponseStreamParams>`) stands for its constraint; a union
  // has the property when one of its members has it.
  const apparent = checker.getApparentType(checker.getNonNullableType(type));
  const members = apparent.isUnion() || apparent.isIntersection() ? apparent.types : [apparent];
  return members.flatMap((member) => {
    const symbol = checker.getPropertyOfType(checker.getApparentType(member), name);
    const declaration = symbol?.valueDeclaration ?? symbol?.declarations?.[0];
    if (symbol && declaration)
      return [checker.getNonNullableType(checker.getTypeOfSymbolAtLocation(symbol, declaration))];
    // A free-form record (`params?: Record<string, any>`, passed through to the model) takes the key.
    const record = checker.getIndexTypeOfType(checker.getApparentType(member), ts.IndexKind.String);
    return record ? [record] : [];
  });
}

function hasPath(checker: ts.TypeChecker, type: ts.Type, keys: readonly string[]): boolean {
  let current = [type];
  for (const key of keys) {
    current = current.flatMap((item) => property(checker, item, key));
    if (!current.length) return false;
  }
  return true;
}

/** The type of parameter `index` of a signature; a rest parameter's tuple element (`...[config]: [Config]`). */
function parameterType(checker: ts.TypeChecker, signature: ts.Signature, index: number): ts.Type[] {
  const parameters = signature.getParameters();
  const last = parameters[parameters.length - 1];
  const lastDeclaration = last?.valueDeclaration;
  if (
    last &&
    lastDeclaration &&
    ts.isParameter(lastDeclaration) &&
    lastDeclaration.dotDotDotToken &&
    index >= parameters.length - 1
  ) {
    const rest = checker.getTypeOfSymbolAtLocation(last, lastDeclaration);
    const candidates = rest.isUnion() ? rest.types : [rest];
    return candidates.flatMap((tuple) => {
      const element = checker.getPropertyOfType(tuple, String(index - (parameters.length - 1)));
      return element ? [checker.getTypeOfSymbolAtLocation(element, lastDeclaration)] : [];
    });
  }
  const parameter = parameters[index];
  const declaration = parameter?.valueDeclaration;
  if (!parameter || !declaration) return [];
  // A generic options type (`CallSettings & { schema: SCHEMA }`, a conditional on a type parameter):
  // also its constraint, so the option names of every instantiation are seen.
  const type = checker.getTypeOfSymbolAtLocation(parameter, declaration);
  const constraint = checker.getBaseConstraintOfType(type);
  return constraint && constraint !== type ? [type, constraint] : [type];
}

/** The type of argument `index` of each call signature of a method or function. */
function argumentTypes(checker: ts.TypeChecker, fn: ts.Type, index: number): ts.Type[] {
  return fn.getCallSignatures().flatMap((signature) => parameterType(checker, signature, index));
}

describe('catalogue conformance with the installed SDK typings', function () {
  this.timeout(300_000);
  const { checker, modules, deepModules } = installed.length
    ? program()
    : { checker: undefined, modules: new Map(), deepModules: new Map() };
  after(() => fs.rmSync(WORK, { recursive: true, force: true }));

  it('checks at least the SDKs the project installs', () => {
    const ids = installed.map((item) => item.entry.id);
    for (const id of ['openai', 'anthropic', 'vercel-ai', 'langchain', 'google', 'cohere', 'bedrock', 'mistral']) {
      assert.ok(ids.includes(id as never), `${id} is not checked`);
    }
  });

  for (const { entry, packages, version } of installed) {
    describe(`${entry.displayName} (${packages.join(', ')}${version ? ` ${version}` : ''})`, () => {
      const inVersion = (shape: OperationShape): boolean =>
        forVersion([{ site: 'params', path: [], versions: shape.versions }], version) !== undefined;
      const exported = (): Map<string, ts.Symbol> => exportsOf(checker!, modules, packages);
      /** The types a method may live on: every exported class and interface, and exported values. */
      const receivers = (): ts.Type[] => [...exported().values()].flatMap((symbol) => typesOf(checker!, symbol));
      const functionType = (name: string): ts.Type | undefined => {
        const symbol = exported().get(name);
        return symbol?.valueDeclaration
          ? checker!.getTypeOfSymbolAtLocation(symbol, symbol.valueDeclaration)
          : undefined;
      };
      const methodType = (shape: OperationShape): ts.Type[] =>
        receivers().flatMap((type) => {
          let current = [type];
          for (const key of shape.path) current = current.flatMap((item) => property(checker!, item, key));
          return current.filter((item) => item.getCallSignatures().length > 0);
        });
      const operationTypes = (shape: OperationShape): ts.Type[] => {
        if (shape.kind === 'function') {
          const type = functionType(shape.path[shape.path.length - 1] ?? shape.name);
          return type ? [type] : [];
        }
        if (shape.kind === 'method') return methodType(shape);
        return [];
      };

      it('exports a client class or factory it names', () => {
        const names = [...entry.clientClasses, ...(entry.clientFactories ?? [])];
        if (!names.length) return;
        assert.ok(
          names.some((name) => exported().has(name)),
          `none of ${names.join(', ')} is exported by ${packages.join(', ')}`,
        );
      });

      it('exports every model type it names, from some module of its packages', () => {
        const names = entry.modelTypes ?? [];
        const everywhere = exportsOf(checker!, deepModules, packages);
        const missing = names.filter((name) => !everywhere.has(name));
        assert.deepEqual(missing, [], `model types not exported: ${missing.join(', ')}`);
      });

      it('has every operation it names', () => {
        const missing = entry.operations
          .filter((shape) => shape.kind !== 'http' && inVersion(shape))
          .filter((shape) =>
            shape.kind === 'command' ? !exported().has(shape.name) : operationTypes(shape).length === 0,
          )
          .map((shape) => shape.name);
        assert.deepEqual(missing, [], `not in the installed typings: ${missing.join(', ')}`);
      });

      it('has the model-deriving methods it names, with the options it reads', () => {
        // `retry.derived` (`withRetry({ stopAfterAttempt })`) and `fallbackMethods` (`withFallbacks`):
        // methods of a client class, the count option on their first argument.
        const methods = (name: string): ts.Type[] =>
          receivers().flatMap((type) => property(checker!, type, name).filter((fn) => fn.getCallSignatures().length));
        const problems: string[] = [];
        for (const derived of entry.retry.derived ?? []) {
          const found = methods(derived.method);
          if (!found.length) problems.push(derived.method);
          else if (
            !found.some((fn) =>
              argumentTypes(checker!, fn, 0).some((type) => hasPath(checker!, type, [derived.countOption])),
            )
          )
            problems.push(`${derived.method}: ${derived.countOption}`);
        }
        for (const name of entry.fallbackMethods ?? []) if (!methods(name).length) problems.push(name);
        assert.deepEqual(problems, [], `not in the installed typings: ${problems.join('; ')}`);
      });

      it('returns the usage field it names, on every variant of the result', () => {
        // The log fix writes `result.<field>`: it must type-check, so every member of a result union
        // (Cerebras' `ChatCompletion | ErrorChunkResponse`) needs the field.
        const problems = entry.operations
          .filter((shape) => shape.usage && inVersion(shape))
          .filter((shape) => {
            const field = shape.usage!.field;
            // A command's result is its `<Name>Output` type (`client.send` is generic).
            const output = shape.kind === 'command' ? exported().get(`${shape.name}Output`) : undefined;
            const results = output
              ? [checker!.getDeclaredTypeOfSymbol(output)]
              : operationTypes(shape).flatMap((fn) =>
                  fn.getCallSignatures().map((signature) => checker!.getAwaitedType(signature.getReturnType())),
                );
            return !results.some((result) => {
              if (!result) return false;
              const members = result.isUnion() ? result.types : [result];
              return members.every((member) => !!checker!.getPropertyOfType(checker!.getApparentType(member), field));
            });
          })
          .map((shape) => `${shape.name}: ${shape.usage!.field}`);
        assert.deepEqual(problems, [], `usage fields not on every result: ${problems.join('; ')}`);
      });

      it('takes every option it reads or writes where it says', () => {
        const constructors = [...entry.clientClasses]
          .map((name) => exported().get(name))
          .filter((symbol): symbol is ts.Symbol => !!symbol?.valueDeclaration)
          .map((symbol) => checker!.getTypeOfSymbolAtLocation(symbol, symbol.valueDeclaration!));
        // `argument`: the options in another argument of the class or factory (`getGenerativeModel(ai,
        // params, { timeout })`).
        const clientOptionsOf = (names: readonly string[], argument = 0): ts.Type[] =>
          names
            .map((name) => exported().get(name))
            .filter((symbol): symbol is ts.Symbol => !!symbol?.valueDeclaration)
            .map((symbol) => checker!.getTypeOfSymbolAtLocation(symbol, symbol.valueDeclaration!))
            .flatMap((type) =>
              [...type.getConstructSignatures(), ...(argument ? type.getCallSignatures() : [])].flatMap((signature) =>
                parameterType(checker!, signature, argument),
              ),
            );
        const clientOptions = constructors.flatMap((type) =>
          type.getConstructSignatures().flatMap((signature) => parameterType(checker!, signature, 0)),
        );
        const argumentsOf = (shape: OperationShape, site: 'params' | 'request'): ts.Type[] => {
          const index = site === 'params' ? (shape.paramsArg ?? 0) : (shape.requestArg ?? shape.paramsArg ?? 0);
          if (shape.kind === 'command') {
            const command = exported().get(shape.name);
            const type = command?.valueDeclaration
              ? checker!.getTypeOfSymbolAtLocation(command, command.valueDeclaration)
              : undefined;
            if (site === 'params')
              return (type?.getConstructSignatures() ?? []).flatMap((signature) =>
                parameterType(checker!, signature, 0),
              );
            const send = receivers().flatMap((receiver) => property(checker!, receiver, 'send'));
            return send.flatMap((fn) => argumentTypes(checker!, fn, index));
          }
          return operationTypes(shape).flatMap((fn) => argumentTypes(checker!, fn, index));
        };
        const current = (paths: readonly OptionPath[] | undefined): OptionPath[] =>
          (paths ?? []).filter((item) => forVersion([item], version) !== undefined);
        const entryPaths = [
          ...entry.retry.paths,
          ...entry.timeout.paths,
          ...entry.timeout.signalPaths,
          ...entry.maxTokens,
          ...entry.model,
          ...(entry.telemetry ?? []),
          ...(entry.structuredOutput?.paths ?? []),
          ...Object.values(entry.fixes).flat(),
        ];
        // A retry configuration object (`counts: 'config'`) has its `strategy` and the `backoff` values
        // the catalogue's `retry.backoffConfig` gives defaults for.
        const configured = current(entry.retry.paths)
          .filter((option) => option.counts === 'config')
          .flatMap((option) => [
            { ...option, path: [...option.path, 'strategy'] },
            ...Object.keys(entry.retry.backoffConfig ?? {}).map((key) => ({
              ...option,
              path: [...option.path, 'backoff', key],
            })),
          ]);
        const problems: string[] = [];
        for (const option of [...current(entryPaths), ...configured]) {
          const where = `${option.site} ${option.path.join('.')}`;
          if (option.site === 'client') {
            const options =
              option.argument !== undefined
                ? clientOptionsOf(
                    option.clients ?? [...entry.clientClasses, ...(entry.clientFactories ?? [])],
                    option.argument,
                  )
                : option.clients
                  ? clientOptionsOf(option.clients)
                  : clientOptions;
            if (options.length && !options.some((type) => hasPath(checker!, type, option.path))) problems.push(where);
            continue;
          }
          const site = option.site;
          const ok = entry.operations
            .filter(inVersion)
            .some((shape) => argumentsOf(shape, site).some((type) => hasPath(checker!, type, option.path)));
          if (!ok) problems.push(where);
        }
        for (const shape of entry.operations.filter(inVersion)) {
          const own = [
            ...Object.values(shape.fixes ?? {}).flat(),
            ...(shape.streamErrors?.callback ? [shape.streamErrors.callback] : []),
          ];
          for (const option of current(own)) {
            if (option.site === 'client') continue;
            if (!argumentsOf(shape, option.site).some((type) => hasPath(checker!, type, option.path)))
              problems.push(`${shape.name}: ${option.site} ${option.path.join('.')}`);
          }
        }
        assert.deepEqual(problems, [], `options not in the installed typings: ${problems.join('; ')}`);
      });

      it('moves to structured outputs only through an operation that takes the option', () => {
        // The helper and the parsed field are checked where the fix's output is type-checked
        // (test/core/fixes/validate-output.test.ts).
        const problems: string[] = [];
        for (const shape of entry.operations) {
          for (const recipe of shape.structuredFix ?? []) {
            const target = entry.operations.find((candidate) => candidate.name === recipe.operation);
            if (!target) problems.push(`${shape.name}: no operation ${recipe.operation}`);
            else if (!inVersion(target) || forVersion([recipe], version) === undefined) continue;
            else if (
              !operationTypes(target).some((fn) =>
                argumentTypes(checker!, fn, target.paramsArg ?? 0).some((type) =>
                  hasPath(checker!, type, [recipe.option]),
                ),
              )
            )
              problems.push(`${recipe.operation}: params ${recipe.option}`);
          }
        }
        assert.deepEqual(
          problems,
          [],
          `structured-output recipes not in the installed typings: ${problems.join('; ')}`,
        );
      });
    });
  }
});
