import { offer } from '../offer';
import * as path from 'node:path';
import { ts } from 'ts-morph';
import { mentionsIdentifier } from '../../ast';
import { projectModuleResolution } from '../../workspace/program-host';
import type { Fix } from '../../types';
import { type FixSite, insert } from '../context';
import { ensureImport } from '../edits/imports';
import { awaitsInside, narrowedMemberInside } from '../fix-safety';
import { newFileInRoot } from '../edits/new-file';
import { aliasSpecifier, helperModulePath } from '../helper-location';
import { HELPER_MODULE_SOURCE } from '../helper-source';
import { type OptionSetting, retriesOption, setOptionsEdits, signalOption } from '../sdk-options';
import { formatNumber, quote } from '../style';
import { freshName } from '../text';
import { MAX_ATTEMPTS } from './bound-retry';
import { modelField } from './model-field';

/**
 * Create orchestration helper (+ route the call through it): writes the workspace's `callModel`
 * module (config `helperModulePath`, inside the root; by default under `lib/` in a project whose
 * code is not under `src/`, helper-location.ts), imported through the project's tsconfig `paths`
 * alias where one covers it, and rewrites the call as
 * `callModel({ operation, model, timeoutMs, maxAttempts }, ({ signal }) => <call with signal>)`.
 * The SDK's own retries go to 0 on the call so that the helper's attempts do not multiply.
 * Offered where the call takes a per-request signal and its SDK retries can be turned off per call,
 * and where nothing in it awaits or reads a member the code narrowed (its arguments move into the
 * callback).
 */
export function routeThroughHelper(site: FixSite): Fix | undefined {
  const { call, style, sourceFile, facets, root, profile } = site;
  if (!root || !style.typescript || call.streaming || awaitsInside(call.node)) return undefined;
  if (narrowedMemberInside(call.node, site.facets.checker)) return undefined;
  const signalTarget = signalOption(call);
  if (!signalTarget) return undefined;
  const helperPath = helperModulePath(root, sourceFile.fileName, facets.config.helperModulePath);
  const helper = newFileInRoot(root, helperPath, HELPER_MODULE_SOURCE, facets.checker);
  if (!helper || helper.path === path.resolve(sourceFile.fileName)) return undefined;
  const helperFile = helper.path;

  const sdkLayer = profile.retry.layers.find((layer) => layer.kind === 'sdk');
  const retries = retriesOption(call);
  const needsRetriesOff = sdkLayer !== undefined && sdkLayer.attempts !== 1;
  if (needsRetriesOff && (!retries || retries.target.site === 'client')) return undefined;

  const signalName = mentionsIdentifier(call.node, 'signal') ? freshName('attemptSignal', sourceFile) : 'signal';
  const settings: OptionSetting[] = [{ target: signalTarget, value: signalName }];
  if (needsRetriesOff && retries) settings.push({ target: retries.target, value: String(retries.value(0)) });
  const inner = setOptionsEdits(call, settings, style, { replace: true });
  if (!inner) return undefined;

  const specifier =
    aliasSpecifier(helperFile, facets.compilerOptions, root) ??
    moduleSpecifier(sourceFile, helperFile, facets.compilerOptions);
  const imported = ensureImport(sourceFile, { module: specifier, name: 'callModel' }, style);
  if (!imported) return undefined;
  const options = [
    `operation: ${quote(call.shape.name, style)}`,
    ...modelField(site, call.node, 'string').map(([key, value]) => `${key}: ${value}`),
    `timeoutMs: ${formatNumber(facets.config.defaultTimeoutMs, style)}`,
    // An outer retry layer already repeats the call: the helper must not multiply it.
    `maxAttempts: ${profile.retry.layers.some((layer) => layer.kind !== 'sdk') ? 1 : MAX_ATTEMPTS}`,
  ];
  const parameter = signalName === 'signal' ? '{ signal }' : `{ signal: ${signalName} }`;
  const file = sourceFile.fileName;
  const start = call.node.getStart(sourceFile);
  const edits = [
    ...imported.edits,
    insert(file, start, `${imported.local}({ ${options.join(', ')} }, (${parameter}) => `),
    ...inner,
    insert(file, call.node.getEnd(), ')'),
  ];
  const shown = path.relative(root, helperFile).split(path.sep).join('/');
  return offer('orchestration-helper', {
    title: `Route this call through the orchestration helper (${shown}: timeout, bounded retries with backoff, structured log)`,
    safe: false,
    edits,
    newFiles: [helper],
  });
}

/** `./ai/call-model` from the file's folder; `.js` where the file's imports carry extensions (ESM under node16/nodenext). */
export function moduleSpecifier(sourceFile: ts.SourceFile, helperFile: string, options: ts.CompilerOptions): string {
  let relative = path.relative(path.dirname(sourceFile.fileName), helperFile).split(path.sep).join('/');
  relative = relative.replace(/\.(?:[cm]?ts|tsx)$/, '');
  if (!relative.startsWith('.')) relative = `./${relative}`;
  const esm =
    sourceFile.impliedNodeFormat === undefined
      ? isNodeEsm(sourceFile.fileName, options)
      : sourceFile.impliedNodeFormat === ts.ModuleKind.ESNext;
  const withExtensions = sourceFile.statements.some(
    (statement) =>
      ts.isImportDeclaration(statement) &&
      ts.isStringLiteral(statement.moduleSpecifier) &&
      /^\.\.?\/.*\.js$/.test(statement.moduleSpecifier.text),
  );
  return esm || withExtensions ? `${relative}.js` : relative;
}

/**
 * The audit's program does not work out each file's module format (it resolves like a bundler);
 * the project's compiler does so under Node16/NodeNext resolution, where an ES module's relative
 * imports must name the file (`.js`). Asked of the compiler with the project's resolution: an
 * `.mts` file, or one whose nearest package.json says `"type": "module"`.
 */
function isNodeEsm(fileName: string, options: ts.CompilerOptions): boolean {
  const moduleResolution = projectModuleResolution(options);
  if (moduleResolution !== ts.ModuleResolutionKind.Node16 && moduleResolution !== ts.ModuleResolutionKind.NodeNext)
    return false;
  const module = moduleResolution === ts.ModuleResolutionKind.Node16 ? ts.ModuleKind.Node16 : ts.ModuleKind.NodeNext;
  const format = ts.getImpliedNodeFormatForFile(fileName, undefined, ts.sys, { ...options, module, moduleResolution });
  return format === ts.ModuleKind.ESNext;
}
