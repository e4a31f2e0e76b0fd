import * as path from 'node:path';
import { ts } from 'ts-morph';
import { mentionsIdentifier, walk } from '../../ast';
import type { DetectedCall } from '../../detect';
import { readOption } from '../../facets/options';
import { formatDuration } from '../../format';
import type { Fix } from '../../types';
import { type FixSite, insert } from '../context';
import { ensureImport } from '../edits/imports';
import { newFileInRoot } from '../edits/new-file';
import { awaitsInside, canAddArgument, narrowedMemberInside } from '../fix-safety';
import { aliasSpecifier, helperModulePath } from '../helper-location';
import { IDLE_HELPER_MODULE_SOURCE } from '../helper-source';
import { offer } from '../offer';
import { setOptionsEdits, signalOption } from '../sdk-options';
import { formatNumber } from '../style';
import { freshName } from '../text';
import { moduleSpecifier } from './orchestration-helper';

/** The helper's file name, beside the orchestration helper (config `helperModulePath`). */
const IDLE_HELPER_FILE = 'abort-when-idle.ts';

/**
 * Abort the stream when no chunk arrives (`missing-timeout` on a stream whose SDK has no idle
 * timeout of its own: OpenAI, Anthropic, ...): writes the project's `abortWhenIdle` module
 * (helper-template/abort-when-idle.ts, beside the orchestration helper and imported the same way)
 * and starts the stream through it with the signal it provides, in the option the catalogue names
 * for the SDK:
 *
 *     const stream = await abortWhenIdle(30000, (signal) => client.chat.completions.create({ ... }, { signal }));
 *
 * Its timer restarts on every chunk, so a long answer that keeps streaming is never cut; a stall
 * fails the loop with an error (some SDKs end an aborted stream quietly). Not safe: a model or tool
 * that pauses longer than that between chunks is cut off. Offered only where the stream is
 * consumed by `for await` (the helper returns the chunks, not the SDK's stream object with its
 * other methods), the call sets no signal of its own (the caller's cancellation would be lost),
 * and it can move into a callback (no `await` in it, no member the code narrowed).
 */
export function abortWhenIdle(site: FixSite): Fix | undefined {
  const { call, style, sourceFile, facets, root } = site;
  if (!root || !style.typescript || !call.streaming) return undefined;
  const signalTarget = signalOption(call);
  if (!signalTarget || !canAddArgument(call, signalTarget)) return undefined;
  if (readOption(call, call.entry.timeout.signalPaths)) return undefined;
  const consumed = consumedByForAwait(call, facets.checker);
  if (!consumed || awaitsInside(call.node) || narrowedMemberInside(call.node, facets.checker)) return undefined;

  const orchestrationHelper = helperModulePath(root, sourceFile.fileName, facets.config.helperModulePath);
  const relative = path.posix.join(path.posix.dirname(orchestrationHelper), IDLE_HELPER_FILE);
  const helper = newFileInRoot(root, relative, IDLE_HELPER_MODULE_SOURCE, facets.checker);
  if (!helper || helper.path === path.resolve(sourceFile.fileName)) return undefined;

  const signalName = mentionsIdentifier(call.node, 'signal') ? freshName('idleSignal', sourceFile) : 'signal';
  const inner = setOptionsEdits(call, [{ target: signalTarget, value: signalName }], style);
  if (!inner) return undefined;
  const specifier =
    aliasSpecifier(helper.path, facets.compilerOptions, root) ??
    moduleSpecifier(sourceFile, helper.path, facets.compilerOptions);
  const imported = ensureImport(sourceFile, { module: specifier, name: 'abortWhenIdle' }, style);
  if (!imported) return undefined;

  const ms = facets.config.defaultTimeoutMs;
  const file = sourceFile.fileName;
  const edits = [
    ...imported.edits,
    insert(
      file,
      call.node.getStart(sourceFile),
      `${consumed.awaited ? '' : 'await '}${imported.local}(${formatNumber(ms, style)}, (${signalName}) => `,
    ),
    ...inner,
    insert(file, call.node.getEnd(), ')'),
  ];
  const shown = path.relative(root, helper.path).split(path.sep).join('/');
  return offer('add-timeout:stream-idle-helper', {
    title: `Abort the stream when no chunk arrives for ${formatDuration(ms)} (abortWhenIdle, written to ${shown}); a longer pause between chunks is cut off`,
    safe: false,
    edits,
    newFiles: [helper],
  });
}

/**
 * The stream is only iterated with `for await`: directly (`for await (const chunk of await
 * create(...))`) or through a `const` used by nothing else. `awaited`: the call is already the
 * operand of `await` (else the fix adds one: a `for await` is always in an async context).
 */
function consumedByForAwait(call: DetectedCall, checker: ts.TypeChecker): { awaited: boolean } | undefined {
  let node: ts.Node = call.node;
  while (ts.isParenthesizedExpression(node.parent)) node = node.parent;
  const awaited = ts.isAwaitExpression(node.parent);
  if (awaited) node = node.parent;
  while (ts.isParenthesizedExpression(node.parent)) node = node.parent;
  const parent = node.parent;
  if (isForAwaitOver(parent, node)) return { awaited };
  if (
    !ts.isVariableDeclaration(parent) ||
    parent.initializer !== node ||
    !ts.isIdentifier(parent.name) ||
    !(ts.getCombinedNodeFlags(parent) & ts.NodeFlags.Const)
  )
    return undefined;
  const symbol = checker.getSymbolAtLocation(parent.name);
  const scope = parent.parent.parent.parent;
  if (!symbol || !scope) return undefined;
  const name = parent.name;
  let uses = 0;
  let other = false;
  walk(scope, (candidate) => {
    if (other) return false;
    if (!ts.isIdentifier(candidate) || candidate === name || candidate.text !== name.text) return undefined;
    if (checker.getSymbolAtLocation(candidate) !== symbol) return undefined;
    let use: ts.Node = candidate;
    while (ts.isParenthesizedExpression(use.parent)) use = use.parent;
    if (isForAwaitOver(use.parent, use)) uses++;
    else other = true;
    return undefined;
  });
  return !other && uses > 0 ? { awaited } : undefined;
}

function isForAwaitOver(statement: ts.Node, expression: ts.Node): boolean {
  return ts.isForOfStatement(statement) && statement.awaitModifier !== undefined && statement.expression === expression;
}
