import { ts } from 'ts-morph';
import { decisionsFor } from '../annotations';
import {
  declarationOf,
  enclosingFunction,
  functionName,
  isExportedFunction,
  lineOf,
  spanOf,
  unwrapExpression,
  walk,
} from '../ast';
import type { DetectedCall } from '../detect';
import type { WrapperSite } from '../graph/sites';
import { consumptionSites, isGenerator, outermost } from '../graph/streams';
import type { CostFacet, DecisionProfile, TimeoutFacet } from '../types';
import { costThroughSite } from './cost';
import type { FacetContext } from './context';
import { errorSite, type FailureAnalysis, streamErrorSite } from './failure';
import { fallbackFacet } from './fallback';
import { observabilityFacet } from './observability';
import type { OutputUseAnalysis } from './output-use';
import { wrapperRetryFacet } from './retry';
import { timeoutThroughSite, wrapperTimeoutFacet } from './timeout';
import { validationFacet } from './validation';

/**
 * The profile of a call of a workspace function that reaches model calls: its own failure
 * handling, retries and output use at the call site, and the transport's timeout and retries it
 * inherits from the model calls it reaches.
 */
export function wrapperProfileOf(
  site: WrapperSite,
  reached: ReadonlyMap<DetectedCall, DecisionProfile>,
  context: FacetContext,
  failures: FailureAnalysis,
  outputs: OutputUseAnalysis,
): DecisionProfile | undefined {
  const first = site.via.find((call) => reached.has(call));
  const firstProfile = first && reached.get(first);
  if (!first || !firstProfile) return undefined;
  // Streamed at this site: the function is a generator, the site iterates what it returns, or
  // hands it to a web `Response` as its body while some model call it reaches streams.
  const streaming =
    site.callees.some(isGenerator) ||
    consumptionSites(site.node).some((node) => ts.isForOfStatement(node) && !!node.awaitModifier) ||
    (site.via.some((call) => call.streaming) && sentAsResponseBody(site.node, context.checker));
  // The call stands in for the model call: the facets read it as they read an SDK call.
  const stand: DetectedCall = {
    ...first,
    node: site.node,
    params: undefined,
    request: undefined,
    origin: undefined,
    streaming,
  };
  const errorAt = errorSiteOf(site, context);
  const inside = handledInside(site, failures, context, new Map());
  // A failure result the wrapper returns is the site's to test (`if (!outcome.success) ...`).
  const tested = inside?.handler && failures.resultTestedAt(site.node, inside.handler);
  const failure = tested
    ? tested
    : inside
      ? {
          ...inside,
          facet: { ...inside.facet, handledBy: inside.facet.handledBy === 'caller' ? 'local' : inside.facet.handledBy },
        }
      : failures.facetOf(failures.searchFrom(errorAt, errorAt !== site.node));
  const retry = wrapperRetryFacet(site.via, site.callees, errorAt, context);
  const validations = site.via.map((call) => reached.get(call)?.validation.kind);
  // The wrapper validates what it returns (every path does, or the caller hands it the schema to use).
  const validatedInside =
    validations.every((kind) => kind === 'schema') || (validations.includes('schema') && passesSchema(site.node));
  const validation = validatedInside
    ? { kind: 'schema' as const, truncationChecked: firstProfile.validation.truncationChecked }
    : validationFacet(stand, outputs.of(stand));
  const sourceFile = site.node.getSourceFile();
  const fn = enclosingFunction(site.node);
  return {
    call: {
      id: idOf(site.node, context),
      sdk: firstProfile.call.sdk,
      site: 'wrapper',
      via: site.via.map((call) => context.idOf(call)),
      operation: calleeName(site.node),
      output: firstProfile.call.output,
      streaming,
      recognisedBy: firstProfile.call.recognisedBy,
      range: spanOf(site.node, sourceFile),
      calleeRange: spanOf(site.node, sourceFile, site.node.expression.getEnd()),
      enclosing: {
        name: functionName(fn),
        file: sourceFile.fileName,
        line: fn ? lineOf(fn, sourceFile) : 1,
        exported: isExportedFunction(fn),
      },
      model: firstProfile.call.model,
    },
    failure: failure.facet,
    retry,
    timeout: wrapperTimeoutFacet(
      reachedTimeout(site, reached, context) ?? firstProfile.timeout,
      errorAt,
      retry,
      context,
      site,
    ),
    validation,
    flow: { upstream: [] },
    fallback: fallbackFacet(stand, failure.handler, context, outputs.of(stand), (handler) =>
      failures.rethrownTo(handler),
    ),
    observability: observabilityFacet(stand, context.checker, context.solver),
    cost: reachedCost(site, firstProfile.cost, context),
    decisions: decisionsFor(site.node),
  };
}

/** Classes whose first argument is a response body streamed to the client (`new Response(stream)`). */
const RESPONSE_BODIES = new Set(['Response', 'NextResponse', 'StreamingTextResponse']);

/** What the call gives is sent as a response's body: `new Response(await chat(...))`, or through the variable holding it. */
function sentAsResponseBody(call: ts.Expression, checker: ts.TypeChecker): boolean {
  const outer = outermost(call);
  if (isResponseBody(outer)) return true;
  const holder = outer.parent;
  if (!ts.isVariableDeclaration(holder) || holder.initializer !== outer || !ts.isIdentifier(holder.name)) return false;
  const name = holder.name;
  let sent = false;
  walk(enclosingFunction(holder)?.body ?? holder.getSourceFile(), (node) => {
    if (sent) return false;
    // The same variable, not another `completion` declared in a block beside it.
    if (
      ts.isIdentifier(node) &&
      node !== name &&
      node.text === name.text &&
      isResponseBody(outermost(node)) &&
      declarationOf(node, checker) === holder
    )
      sent = true;
    return undefined;
  });
  return sent;
}

/** `new Response(completion, init)`: the value is sent on as the body of an HTTP response. */
function isResponseBody(node: ts.Node): boolean {
  const parent = node.parent;
  return (
    !!parent &&
    ts.isNewExpression(parent) &&
    parent.arguments?.[0] === node &&
    ts.isIdentifier(parent.expression) &&
    RESPONSE_BODIES.has(parent.expression.text)
  );
}

/**
 * Where a wrapper call's errors surface: the call, or, for a generator or a function that hands
 * out the stream of its model call (`return stream` after timing it), where what it returns is read.
 */
function errorSiteOf(site: WrapperSite, context: FacetContext): ts.Node {
  if (site.callees.some(isGenerator)) return consumptionSites(site.node)[0] ?? site.node;
  const handsOutStream = site.via.some((call) => {
    if (!call.streaming) return false;
    const at = errorSite(call, context.checker);
    return ts.isReturnStatement(at) && site.callees.some((callee) => enclosingFunction(at) === callee);
  });
  return handsOutStream ? streamErrorSite(site.node, context.checker) : site.node;
}

/**
 * The handler inside the called function (or deeper) that ends every failure of the model calls
 * it makes: `summarize(text)` whose body catches, logs and returns `''` never fails at this site,
 * and its callers decide nothing about it. Undefined when some failure comes out of the call.
 */
function handledInside(
  site: WrapperSite,
  failures: FailureAnalysis,
  context: FacetContext,
  visiting: Map<WrapperSite, Contained | 'open'>,
): Contained {
  // A site on the path being read (a cycle) lets nothing be known; one read through another
  // branch (two providers calling the same stream helper) keeps its answer.
  if (visiting.has(site)) {
    const known = visiting.get(site);
    return known === 'open' ? undefined : known;
  }
  visiting.set(site, 'open');
  const result = containedIn(site, failures, context, visiting);
  visiting.set(site, result);
  return result;
}

type Contained = ReturnType<FailureAnalysis['handledInside']>;

function containedIn(
  site: WrapperSite,
  failures: FailureAnalysis,
  context: FacetContext,
  visiting: Map<WrapperSite, Contained | 'open'>,
): Contained {
  let first: Contained;
  for (const fn of site.callees) {
    const origins = site.origins.get(fn) ?? [];
    if (origins.length === 0) return undefined;
    for (const origin of origins) {
      let found: Contained;
      if ('call' in origin) found = failures.handledInside(origin.call);
      else {
        const at = errorSiteOf(origin.site, context);
        // A stream handed out by `return`: a try around that sees none of its errors.
        found = ts.isReturnStatement(at)
          ? undefined
          : (failures.handledInsideFrom(at, at !== origin.site.node) ??
            handledInside(origin.site, failures, context, visiting));
      }
      if (!found) return undefined;
      first ??= found;
    }
  }
  return first;
}

/** The function a site calls that makes its one model call itself, with that call. */
function directCall(site: WrapperSite): { callee: ts.FunctionLikeDeclaration; call: DetectedCall } | undefined {
  const [callee] = site.callees;
  const [call] = site.via;
  if (site.callees.length !== 1 || site.via.length !== 1) return undefined;
  const direct = (site.origins.get(callee) ?? []).some((origin) => 'call' in origin && origin.call === call);
  return direct ? { callee, call } : undefined;
}

/** The output bound of the call the site reaches; read with the site's arguments where it depends on them. */
function reachedCost(site: WrapperSite, reached: CostFacet, context: FacetContext): CostFacet {
  const direct = reached.maxTokens === 'unknown' ? directCall(site) : undefined;
  return direct ? costThroughSite(direct.call, direct.callee, site.node, context) : reached;
}

/**
 * The timeout of the transport the site reaches. A timeout that depends on what the callers pass
 * (the function forwards its options to the model call) is read with this site's arguments, when
 * the site calls the function that makes the call.
 */
function reachedTimeout(
  site: WrapperSite,
  reached: ReadonlyMap<DetectedCall, DecisionProfile>,
  context: FacetContext,
): TimeoutFacet | undefined {
  const common = commonTimeout(site.via, reached);
  const direct = common?.source === 'unknown' ? directCall(site) : undefined;
  if (!common || !direct) return common;
  return { ...timeoutThroughSite(direct.call, direct.callee, site.node, context), worstCaseMs: common.worstCaseMs };
}

/**
 * The timeout most of the reached model calls have, the first of them on a tie: behind an
 * interface the site runs one implementation at a time, and the likeliest is one like most.
 */
function commonTimeout(
  via: readonly DetectedCall[],
  reached: ReadonlyMap<DetectedCall, DecisionProfile>,
): TimeoutFacet | undefined {
  const bySource = new Map<TimeoutFacet['source'], TimeoutFacet[]>();
  for (const call of via) {
    const timeout = reached.get(call)?.timeout;
    if (!timeout) continue;
    bySource.set(timeout.source, [...(bySource.get(timeout.source) ?? []), timeout]);
  }
  let common: TimeoutFacet[] = [];
  for (const group of bySource.values()) if (group.length > common.length) common = group;
  return common[0];
}

/** `complete({ schema: Reply, ... })`: an argument that carries an output schema. */
function passesSchema(call: ts.CallExpression): boolean {
  return call.arguments.some((argument) => {
    const value = unwrapExpression(argument);
    return (
      ts.isObjectLiteralExpression(value) &&
      value.properties.some((property) => /schema/i.test(property.name?.getText() ?? ''))
    );
  });
}

function idOf(node: ts.CallExpression, context: FacetContext): string {
  const sourceFile = node.getSourceFile();
  const start = sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile));
  return `${context.relative(sourceFile.fileName)}:${start.line + 1}:${start.character + 1}`;
}

/** `summarize`, `this.api.createMessage`: the callee as written, shortened. */
function calleeName(node: ts.CallExpression): string {
  const text = unwrapExpression(node.expression).getText().replace(/\s+/g, '');
  return text.length > 60 ? `…${text.slice(-59)}` : text;
}
