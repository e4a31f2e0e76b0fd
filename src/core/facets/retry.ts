import { ts } from 'ts-morph';
import {
  chainedRejectionHandler,
  enclosingFunction,
  throwsOnEveryPath,
  functionName,
  isFunctionLike,
  locationOf,
  declarationOf,
  mentionsIdentifier,
  numericValue,
  readPath,
  resolveObjectLiteral,
  spanOf,
  statementsAfter,
  unwrapExpression,
  walk,
  walkSameFunction,
} from '../ast';
import { isOrchestrationHelperCall, ORCHESTRATION_HELPER } from '../catalog/orchestration-helper';
import type { RetryLibrary } from '../catalog/wrappers';
import type { ClientOrigin } from '../client-origin';
import type { DetectedCall } from '../detect';
import { escapeRegExp } from '../regexp';
import { cockatielPolicies } from './cockatiel';
import { installedRetryOf } from './installed-retries';
import { continuesEnclosingLoop, exitsBlock, isItemLoop, isLoop } from './loops';
import { type StatusRetryLoop, statusRetryLoop } from './status-retries';
import { MODEL_CHOICE } from './fallback';
import { oneShotRetries, recursesOnce } from './one-shot-retries';
import { decoratorLayer, retryDecoratorOf } from './retry-decorators';
import { catchDropsRequirement, decoratorRequirement, type ErrorRequirement } from './retry-predicates';
import { describeHandler, isRejectionHandler } from './handlers';
import { errorValueBehaviour, settledBehaviour } from './settled';
import { functionRetryLibraryOf } from './retry-hooks';
import { settledBy } from '../graph/settled';
import { errorSite } from './failure';
import type { Domain, Step } from '../graph/solver';
import { callbackHandOns, callbackInvocations } from '../graph/callbacks';
import type { Attempts, Backoff, RetryFacet, RetryLayer } from '../types';
import type { FacetContext } from './context';
import { eachClient, ownLayerLabel, readOption, readOptionOrUnknown, spreadReader } from './options';

export function retryFacet(call: DetectedCall, context: FacetContext): RetryFacet {
  const layers: RetryLayer[] = [sdkLayer(call, context), ...installedLayers(call, context)];
  const derived = derivedRetryLayer(call.origin) ?? constructionRetryLayer(call.origin);
  if (derived) layers.push(derived);
  return facetOf(layers, outerLayers(errorSite(call, context.checker), context));
}

function worstCase(layers: RetryLayer[]): Attempts {
  return multiplyAttempts(layers.map((layer) => layer.attempts));
}

/** Layers multiply: any unbounded one makes the whole unbounded; else any unreadable one makes it unknown. */
export function multiplyAttempts(values: readonly Attempts[]): Attempts {
  if (values.includes('unbounded')) return 'unbounded';
  if (values.includes('unknown')) return 'unknown';
  return (values as number[]).reduce((product, value) => product * value, 1);
}

/**
 * The SDK layer as a call site of a wrapper sees it: an option the wrapper forwards from its own
 * parameter (`maxRetries` of `complete({ maxRetries })`) is set only when the site passes it.
 */
function sdkLayerAt(call: DetectedCall, site: ts.Node, context: FacetContext): RetryLayer {
  const layer = sdkLayer(call, context);
  if (layer.source !== 'explicit') return layer;
  const option = readOption(call, call.entry.retry.paths);
  const forwarded = option && forwardedParameter(option.node, context.checker);
  const siteCall = ts.isCallExpression(site) ? site : undefined;
  if (!forwarded || !siteCall || passes(siteCall, forwarded, context.checker)) return layer;
  return {
    ...layer,
    source: 'sdk-default',
    attempts: defaultAttempts(call.entry.retry.defaultRetries),
    span: undefined,
  };
}

/** The parameter name an option's value comes from: `maxRetries` in `{ maxRetries }` with `const { maxRetries } = params`. */
function forwardedParameter(property: ts.Node, checker: ts.TypeChecker): string | undefined {
  const value = ts.isShorthandPropertyAssignment(property)
    ? property.name
    : ts.isPropertyAssignment(property)
      ? unwrapExpression(property.initializer)
      : undefined;
  if (!value || !ts.isIdentifier(value)) return undefined;
  const declaration = ts.isShorthandPropertyAssignment(property)
    ? checker.getShorthandAssignmentValueSymbol(property)?.valueDeclaration
    : checker.getSymbolAtLocation(value)?.valueDeclaration;
  if (!declaration) return undefined;
  if (ts.isParameter(declaration)) return value.text;
  if (ts.isBindingElement(declaration)) {
    const name = declaration.propertyName ?? declaration.name;
    return destructuredParameter(declaration, checker) && ts.isIdentifier(name) ? name.text : undefined;
  }
  return undefined;
}

/**
 * The parameter a binding element's pattern takes apart: in the parameter list (`({ retries }) =>`)
 * or in the body (`const { retries = 3 } = options`), nested patterns included.
 */
function destructuredParameter(
  element: ts.BindingElement,
  checker: ts.TypeChecker,
): ts.ParameterDeclaration | undefined {
  let pattern: ts.Node = element.parent;
  while (ts.isBindingElement(pattern.parent) || ts.isObjectBindingPattern(pattern.parent)) pattern = pattern.parent;
  const holder = pattern.parent;
  if (ts.isParameter(holder)) return holder;
  if (!ts.isVariableDeclaration(holder) || !holder.initializer || !ts.isIdentifier(holder.initializer))
    return undefined;
  const source = checker.getSymbolAtLocation(holder.initializer)?.valueDeclaration;
  return source && ts.isParameter(source) ? source : undefined;
}

/** Does the call give a value named `name` (a property of an object argument, spreads followed)? */
function passes(call: ts.CallExpression, name: string, checker: ts.TypeChecker): boolean {
  const inObject = (object: ts.ObjectLiteralExpression, depth: number): boolean =>
    object.properties.some((property) => {
      if (property.name?.getText() === name) return true;
      if (!ts.isSpreadAssignment(property)) return false;
      const spread = resolveObjectLiteral(property.expression, checker);
      // A spread of something the audit cannot read may hold it.
      return !spread || depth > 3 || inObject(spread, depth + 1);
    });
  return call.arguments.some((argument) => {
    const value = unwrapExpression(argument);
    if (ts.isIdentifier(value)) {
      const object = resolveObjectLiteral(value, checker);
      return object ? inObject(object, 0) : value.text === name;
    }
    return ts.isObjectLiteralExpression(value) && inObject(value, 0);
  });
}

/** The SDK's layer: on a call that may go to several clients, the one that tries most. */
function sdkLayer(call: DetectedCall, context: FacetContext): RetryLayer {
  const layers = eachClient(call).map((each) => sdkLayerOf(each, context));
  return layers.reduce((worst, layer) => (attemptRank(layer.attempts) > attemptRank(worst.attempts) ? layer : worst));
}

/** Unbounded above unknown above any count, counts by size. */
function attemptRank(attempts: Attempts): number {
  return attempts === 'unbounded' ? Infinity : attempts === 'unknown' ? Number.MAX_VALUE : attempts;
}

function sdkLayerOf(call: DetectedCall, context: FacetContext): RetryLayer {
  const { entry } = call;
  const explicit = readOptionOrUnknown(call, entry.retry.paths, spreadReader(context, call));
  const label = ownLayerLabel(call, 'retries');
  const base = { kind: 'sdk' as const, backoff: entry.retry.backoff, predicate: entry.retry.predicate };
  // A spread the audit cannot read may set the retries: neither the default nor a known count.
  if (explicit?.unresolved)
    return {
      ...base,
      attempts: 'unknown',
      source: 'explicit',
      label,
      span: spanOf(explicit.node, explicit.node.getSourceFile()),
    };
  if (explicit) {
    // A switch (`retry_on_error: false`) turns the SDK's retries off; `true` keeps its default.
    const switchedOff =
      explicit.path.counts === 'switch' && explicit.value?.kind === ts.SyntaxKind.FalseKeyword ? 1 : undefined;
    const configured = explicit.path.counts === 'config' ? configAttempts(explicit.value, entry) : undefined;
    const value =
      switchedOff === undefined && explicit.value
        ? (numericValue(explicit.value) ?? environmentFallback(explicit.value))
        : undefined;
    // A value this code sets but that is not known statically is not the SDK's default; only a
    // switch's `true` (or a value a switch cannot read) keeps the default.
    const unread = explicit.path.counts === 'switch' ? defaultAttempts(entry.retry.defaultRetries) : 'unknown';
    const attempts: Attempts =
      switchedOff ??
      configured ??
      (value === undefined ? unread : explicit.path.counts === 'attempts' ? value : value + 1);
    return {
      ...base,
      attempts:
        typeof attempts !== 'number' ? attempts : Number.isFinite(attempts) ? Math.max(1, attempts) : 'unbounded',
      source: 'explicit',
      label,
      span: spanOf(explicit.node, explicit.node.getSourceFile()),
    };
  }
  // fetchEventSource reconnects until its `onerror` throws: one that throws on every path stops it.
  const errors = call.shape.streamErrors;
  const stop = errors?.throwingCallbackRejects && errors.callback && readOption(call, [errors.callback]);
  if (stop && throwsOnEveryPath(stop.value ?? stop.node))
    return { ...base, attempts: 1, source: 'explicit', label, span: spanOf(stop.node, stop.node.getSourceFile()) };
  // An SDK that retries without a bound by default (Hugging Face on 503) has `defaultRetries: Infinity`.
  // An HTTP client's own default (fetchEventSource reconnects forever) or a declared gateway's.
  const attempts = defaultAttempts(call.shape.defaults?.retries ?? entry.retry.defaultRetries);
  return { ...base, attempts, source: 'sdk-default', label };
}

/**
 * The attempts of a default of so many retries: `Infinity` retries (Hugging Face on 503) are
 * unbounded; a library the catalogue has not read (`openai-compatible.ts`) retries as it does.
 */
function defaultAttempts(retries: number | 'unknown'): Attempts {
  if (retries === 'unknown') return 'unknown';
  return Number.isFinite(retries) ? retries + 1 : 'unbounded';
}

/**
 * The literal fallback of a value read from the environment: `getEnvInt('MAX_RETRIES', 10)` (a
 * helper named for the environment, its numeric argument), `Number(process.env.X ?? 10)`,
 * `parseInt(process.env.X || '10', 10)`, `Number(process.env.X) || 10`. What the code runs with
 * when the variable is not set; undefined for anything else.
 */
function environmentFallback(expression: ts.Expression, depth = 0): number | undefined {
  if (depth > 3) return undefined;
  const node = unwrapExpression(expression);
  if (ts.isCallExpression(node)) {
    const callee = unwrapExpression(node.expression).getText();
    if (/^(?:Number|parseInt|parseFloat|Number\.parseInt|Number\.parseFloat)$/.test(callee)) {
      return node.arguments[0] ? environmentFallback(node.arguments[0], depth + 1) : undefined;
    }
    if (!/env/i.test(callee.split('.').pop() ?? '')) return undefined;
    const numbers = node.arguments.map((argument) => numericValue(argument)).filter((value) => value !== undefined);
    return numbers.length === 1 ? numbers[0] : undefined;
  }
  if (
    ts.isBinaryExpression(node) &&
    (node.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken ||
      node.operatorToken.kind === ts.SyntaxKind.BarBarToken) &&
    /\bprocess\.env\b|\benv\b/i.test(node.left.getText())
  ) {
    const right = unwrapExpression(node.right);
    if (ts.isStringLiteral(right) && /^\d+$/.test(right.text)) return Number(right.text);
    return numericValue(right);
  }
  return undefined;
}

/** More attempts than this in a retry configuration's time: it retries as fast as it fails. */
const MAX_CONFIG_ATTEMPTS = 10_000;

/**
 * The attempts of a retry configuration object (the catalogue's `counts: 'config'`, Speakeasy's
 * `RetryConfig`): `{ strategy: 'none' }` makes one; `{ strategy: 'backoff', backoff }` retries
 * until `maxElapsedTime` has passed, waiting `initialInterval * n ** exponent` (at most
 * `maxInterval`) after the nth failure: the most attempts are those of failures that come at once.
 * Unknown when the object, its strategy or a backoff value cannot be read.
 */
function configAttempts(value: ts.Expression | undefined, entry: DetectedCall['entry']): Attempts {
  const config = resolveObjectLiteral(value);
  const strategy = config && readPath(config, ['strategy'])?.value;
  const name = strategy && unwrapExpression(strategy);
  const text = name && ts.isStringLiteralLike(name) ? name.text : undefined;
  if (text === 'none') return 1;
  const defaults = entry.retry.backoffConfig;
  if (text !== 'backoff' || !defaults) return 'unknown';
  const backoffValue = readPath(config, ['backoff'])?.value;
  const backoff = resolveObjectLiteral(backoffValue);
  if (backoffValue && !backoff) return 'unknown';
  // A value the code gives replaces the SDK's; one the audit cannot read makes the count unknown.
  const given = (key: string, fallback: number): number | undefined => {
    const option = readPath(backoff, [key]);
    return option ? numericValue(option.value) : fallback;
  };
  const { initialInterval, maxInterval, exponent, maxElapsedTime } = defaults;
  const initial = given('initialInterval', initialInterval);
  const cap = given('maxInterval', maxInterval);
  const power = given('exponent', exponent);
  const total = given('maxElapsedTime', maxElapsedTime);
  if (initial === undefined || cap === undefined || power === undefined || total === undefined) return 'unknown';
  let elapsed = 0;
  let attempts = 1;
  while (elapsed <= total) {
    elapsed += Math.min(initial * (attempts - 1) ** power, cap);
    attempts += 1;
    if (attempts > MAX_CONFIG_ATTEMPTS) return 'unbounded';
  }
  return attempts;
}

/**
 * A retry layer the SDK adds through a derived model (the catalogue's `retry.derived`: LangChain
 * `model.withRetry({ stopAfterAttempt: 5 })`), on top of the model's own.
 */
function derivedRetryLayer(origin: ClientOrigin | undefined): RetryLayer | undefined {
  for (const derived of origin?.entry.retry.derived ?? []) {
    const wrapper = origin?.wrappers.find((item) => item.name === derived.method);
    if (!wrapper) continue;
    const options = resolveObjectLiteral(wrapper.call.arguments?.[0]);
    const count = readPath(options, [derived.countOption])?.value;
    const value = numericValue(count);
    const attempts = value === undefined ? derived.defaultAttempts : derived.counts === 'attempts' ? value : value + 1;
    return {
      kind: 'langchain-with-retry',
      attempts: Number.isFinite(attempts) ? attempts : 'unbounded',
      source: count ? 'explicit' : 'sdk-default',
      backoff: derived.backoff,
      predicate: derived.predicate,
      label: derived.label,
      where: locationOf(wrapper.call),
      span: spanOf(wrapper.call, wrapper.call.getSourceFile()),
    };
  }
  return undefined;
}

/**
 * A retry layer the client's construction adds when its option is set (the catalogue's
 * `retry.constructionLayer`: Mastra's `new Agent({ maxRetries: 2 })` runs each model step again).
 */
function constructionRetryLayer(origin: ClientOrigin | undefined): RetryLayer | undefined {
  const layer = origin?.entry.retry.constructionLayer;
  const option = layer && origin?.construction ? readPath(origin.options, [layer.option])?.value : undefined;
  if (!layer || !option || !origin?.construction) return undefined;
  const value = numericValue(option);
  const attempts = value === undefined ? 'unknown' : layer.counts === 'attempts' ? value : value + 1;
  if (attempts === 1) return undefined;
  return {
    kind: 'sdk',
    attempts: typeof attempts === 'number' && !Number.isFinite(attempts) ? 'unbounded' : attempts,
    source: 'explicit',
    backoff: layer.backoff,
    predicate: layer.predicate,
    label: layer.label,
    where: locationOf(origin.construction),
    span: spanOf(option, option.getSourceFile()),
  };
}

/**
 * The layers callers put around a call. `every` is what every path from the call to the entry
 * points guarantees (the path that retries least): it applies whoever calls. `worst` is the path
 * with the most attempts.
 * A loop in one caller (a task loop that retries) does not retry the call when another caller (a
 * one-shot helper) reaches it too: that layer belongs to the caller's own call site.
 */
interface CallerLayers {
  every: RetryLayer[];
  worst: RetryLayer[];
  /** Layers whose guard the error can no longer pass on its way to them (see {@link RetryFacet.inert}). */
  inert: RetryLayer[];
}

const NO_LAYERS: CallerLayers = { every: [], worst: [], inert: [] };

function withLayer(layer: RetryLayer, rest: CallerLayers): CallerLayers {
  return { every: [layer, ...rest.every], worst: [layer, ...rest.worst], inert: rest.inert };
}

/** What a decorator layer's guard reads from the error (`error.status === 429`), by layer. */
const requirements = new WeakMap<RetryLayer, ErrorRequirement>();

/**
 * Each decorator's requirement, per checker: the solver leaves the same method on many paths, and
 * reading the decorator's code each time was a tenth of an audit on a workspace with decorators.
 */
const decoratorRequirements = new WeakMap<ts.TypeChecker, Map<ts.Decorator, ErrorRequirement | undefined>>();

/** A method's retry decorator as a layer, with what its guard needs from the error. */
function decoratorOn(fn: ts.FunctionLikeDeclaration, checker: ts.TypeChecker): RetryLayer | undefined {
  const layer = decoratorLayer(fn, checker);
  const decorator = layer && retryDecoratorOf(fn);
  const requirement = decorator && requirementOf(decorator, checker);
  if (layer && requirement) requirements.set(layer, requirement);
  return layer;
}

function requirementOf(decorator: ts.Decorator, checker: ts.TypeChecker): ErrorRequirement | undefined {
  let known = decoratorRequirements.get(checker);
  if (!known) {
    known = new Map();
    decoratorRequirements.set(checker, known);
  }
  if (known.has(decorator)) return known.get(decorator);
  const requirement = decoratorRequirement(decorator, checker);
  known.set(decorator, requirement);
  return requirement;
}

/**
 * A catch on the way out that rethrows the error as a plain `new Error(message)` takes away what
 * the guards of the decorators further out read (`.status`): those can never retry this call.
 */
function throughCatch(clause: ts.CatchClause, rest: CallerLayers, checker: ts.TypeChecker): CallerLayers {
  const dropped = (layer: RetryLayer): boolean => {
    const requirement = requirements.get(layer);
    return !!requirement && catchDropsRequirement(clause, requirement, checker);
  };
  const inert = [...rest.every, ...rest.worst].filter(dropped);
  if (inert.length === 0) return rest;
  return {
    every: rest.every.filter((layer) => !inert.includes(layer)),
    worst: rest.worst.filter((layer) => !inert.includes(layer)),
    inert: unique([...rest.inert, ...inert]),
  };
}

function unique(layers: RetryLayer[]): RetryLayer[] {
  const seen = new Set<string>();
  return layers.filter((layer) => {
    const key = layerKey(layer);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The same layer reached along two paths: same kind, label and place. */
function layerKey(layer: RetryLayer): string {
  return `${layer.kind}|${layer.label}|${layer.where?.file ?? ''}:${layer.where?.line ?? ''}`;
}

/**
 * Retry as a domain of the solver: the layers around the call along the path its error travels,
 * innermost first: loops and recursion in each function on the way, retry libraries a function is
 * handed to, retry decorators on methods. Where callers differ, the path that retries least is what
 * the call is sure to get; the layers of the path with the most attempts are kept apart (`onSomePaths`).
 */
class RetryDomain implements Domain<CallerLayers> {
  /** @param stopAt functions whose leaving ends the path (the layers inside a wrapper, for its call sites). */
  constructor(
    private readonly context: FacetContext,
    private readonly stopAt?: ReadonlySet<ts.FunctionLikeDeclaration>,
  ) {}

  /** A handler that does not rethrow ends the path: retry layers further out never see the error. */
  step(step: Step): CallerLayers | undefined {
    if (step.kind === 'leave' && this.stopAt?.has(step.fn)) {
      const decorator = decoratorOn(step.fn, this.context.checker);
      return decorator ? withLayer(decorator, NO_LAYERS) : NO_LAYERS;
    }
    if (step.kind === 'catch') {
      const behaviour = describeHandler(step.clause.block, step.clause.variableDeclaration?.name.getText());
      return behaviour.rethrows ? undefined : NO_LAYERS;
    }
    if (step.kind === 'settled')
      return settledBehaviour(step.call, step.index, this.context.checker).rethrows ? undefined : NO_LAYERS;
    if (step.kind === 'as-value')
      return errorValueBehaviour(step.helper, this.context.checker).rethrows ? undefined : NO_LAYERS;
    if (step.kind === 'promise-handler') {
      const handler = unwrapExpression(step.handler);
      if (ts.isArrowFunction(handler) || ts.isFunctionExpression(handler)) {
        const behaviour = describeHandler(handler.body, handler.parameters[0]?.name.getText());
        return behaviour.rethrows ? undefined : NO_LAYERS;
      }
    }
    return undefined;
  }

  around(step: Step | { kind: 'segment'; start: ts.Node; depth: number }, rest: CallerLayers): CallerLayers {
    if (step.kind === 'segment') {
      const fn = enclosingFunction(step.start);
      const loop =
        loopLayer(step.start, fn, this.context.checker) ?? statusLoopLayer(step.start, fn, this.context.checker);
      const layers = [loop, recursionLayer(step.start, fn, this.context)];
      let result = rest;
      for (const layer of layers.reverse()) if (layer) result = withLayer(layer, result);
      return result;
    }
    if (step.kind === 'passed-to') {
      const library =
        orchestrationHelperLayer(step.call, this.context) ??
        libraryLayer(step.call, this.context) ??
        helperLoopLayer(step.call, step.fn, this.context);
      return library ? withLayer(library, rest) : rest;
    }
    if (step.kind === 'leave') {
      const decorator = decoratorOn(step.fn, this.context.checker);
      return decorator ? withLayer(decorator, rest) : rest;
    }
    if (step.kind === 'catch') return throughCatch(step.clause, rest, this.context.checker);
    return rest;
  }

  end(): CallerLayers {
    return NO_LAYERS;
  }

  join(results: CallerLayers[]): CallerLayers {
    let worst: RetryLayer[] = [];
    for (const { worst: layers } of results) if (compareWorst(layers, worst) > 0) worst = layers;
    // What every caller's path guarantees: the path that retries least (two callers that each
    // decorate their own method with a retry still retry the call, whichever of them runs).
    let every = results[0]?.every ?? [];
    for (const { every: layers } of results) if (compareWorst(layers, every) < 0) every = layers;
    return { every, worst, inert: unique(results.flatMap((result) => result.inert)) };
  }
}

const retryDomains = new WeakMap<FacetContext, RetryDomain>();

/** The facet from the layers inside (SDK, client) and those callers put around the call. */
function facetOf(inner: RetryLayer[], outer: CallerLayers): RetryFacet {
  const layers = [...inner, ...outer.every];
  const kept = new Set(outer.every.map(layerKey));
  const onSomePaths = outer.worst.filter((layer) => !kept.has(layerKey(layer)));
  return {
    layers,
    worstCaseAttempts: worstCase(layers),
    ...(onSomePaths.length > 0 ? { onSomePaths } : {}),
    ...(outer.inert.length > 0 ? { inert: outer.inert } : {}),
  };
}

/**
 * The retry layers of a call of a workspace function that reaches model calls: those between each
 * model call and that function (the worst of them), then those around the call site.
 */
export function wrapperRetryFacet(
  via: readonly DetectedCall[],
  callees: readonly ts.FunctionLikeDeclaration[],
  site: ts.Node,
  context: FacetContext,
): RetryFacet {
  const inside = insideDomain(callees, context);
  let worst: RetryLayer[] = [];
  for (const call of via) {
    const layers = [
      sdkLayerAt(call, site, context),
      ...installedLayers(call, context),
      ...context.solver.solve(inside, errorSite(call, context.checker)).every,
    ];
    if (compareWorst(layers, worst) > 0) worst = layers;
  }
  return facetOf(worst, outerLayers(site, context));
}

const insideDomains = new WeakMap<FacetContext, Map<string, RetryDomain>>();

/**
 * One domain per set of wrapper functions, so that the solver's cache (kept per domain) serves
 * every call site of the same wrapper: the layers inside it do not depend on the site.
 */
function insideDomain(callees: readonly ts.FunctionLikeDeclaration[], context: FacetContext): RetryDomain {
  let domains = insideDomains.get(context);
  if (!domains) {
    domains = new Map();
    insideDomains.set(context, domains);
  }
  const key = callees.map((fn) => `${fn.getSourceFile().fileName}:${fn.pos}`).join('|');
  let domain = domains.get(key);
  if (!domain) {
    domain = new RetryDomain(context, new Set(callees));
    domains.set(key, domain);
  }
  return domain;
}

function outerLayers(start: ts.Node, context: FacetContext): CallerLayers {
  let domain = retryDomains.get(context);
  if (!domain) {
    domain = new RetryDomain(context);
    retryDomains.set(context, domain);
  }
  return context.solver.solve(domain, start);
}

function compareWorst(a: RetryLayer[], b: RetryLayer[]): number {
  const left = worstCase(a);
  const right = worstCase(b);
  if (left === right) return a.length - b.length;
  // Unbounded is the worst, then unknown (it may be anything), then the larger count.
  const rank = (value: Attempts): number => (value === 'unbounded' ? 2 : value === 'unknown' ? 1 : 0);
  if (rank(left) !== rank(right)) return rank(left) - rank(right);
  return (left as number) - (right as number);
}

/** A loop around a try/catch that contains the call: each failure goes round again. */
function loopLayer(
  start: ts.Node,
  fn: ts.FunctionLikeDeclaration | undefined,
  checker: ts.TypeChecker,
): RetryLayer | undefined {
  let node: ts.Node = start;
  let tryStatement: ts.TryStatement | undefined;
  while (node.parent && node.parent !== fn) {
    const parent: ts.Node = node.parent;
    // A settled batch never throws: no loop further out sees the failure.
    if (settledBy(node, parent)) return undefined;
    if (ts.isTryStatement(parent) && parent.tryBlock === node && parent.catchClause && !answeredThenLeaves(parent))
      tryStatement ??= parent;
    if (tryStatement && isLoop(parent) && !isItemLoop(parent)) {
      const catchBlock = tryStatement.catchClause!.block;
      if (catchAlwaysExits(catchBlock)) return undefined;
      // Without a counter, each branch that goes round again may switch its own guard off: one
      // more attempt per branch.
      const bound = loopBound(parent, catchBlock, checker);
      const oneShot = bound === undefined ? oneShotRetries(parent, catchBlock) : undefined;
      const attempts = bound ?? (oneShot && oneShot.branches + 1);
      return {
        kind: 'loop',
        attempts: attempts ?? 'unbounded',
        source: 'explicit',
        ...(oneShot?.changesRequest ? { changesRequest: true } : {}),
        backoff: backoffIn(parent),
        predicate: predicateOf(catchBlock),
        label: `${loopKeyword(parent)} loop`,
        where: locationOf(parent, functionName(fn)),
        span: spanOf(parent, parent.getSourceFile(), loopHeaderEnd(parent)),
      };
    }
    node = parent;
  }
  return undefined;
}

function loopKeyword(loop: ts.IterationStatement): string {
  return ts.isForStatement(loop) ? 'for' : ts.isDoStatement(loop) ? 'do-while' : 'while';
}

/** The loop's header (`for (...)`, `while (...)`): what a finding should underline. */
function loopHeaderEnd(loop: ts.IterationStatement): number {
  if (ts.isDoStatement(loop)) return loop.getStart() + 2;
  return loop.statement.getStart() - 1 > loop.getStart() ? loop.statement.pos : loop.getEnd();
}

/**
 * `try { reply = await call() } catch { reply = await fallback() } return reply;` inside a retry
 * loop: the catch answers the failure and the code after it leaves the loop, so the call's errors
 * do not go round; only what escapes that catch (the fallback's errors) reaches an outer one.
 */
function answeredThenLeaves(tryStatement: ts.TryStatement): boolean {
  if (!tryStatement.catchClause || catchAlwaysExits(tryStatement.catchClause.block)) return false;
  return statementsAfter(tryStatement).some((next) => ts.isReturnStatement(next) || ts.isThrowStatement(next));
}

/**
 * A catch that always throws or returns ends the loop: no retry. One that `continue`s on some
 * path goes round again there (`if (retryable) { await sleep(); continue; } break;`), whatever it
 * does on the others.
 */
function catchAlwaysExits(block: ts.Block): boolean {
  const last = block.statements[block.statements.length - 1];
  if (!last) return false;
  const exits = (statement: ts.Statement): boolean =>
    ts.isThrowStatement(statement) || ts.isReturnStatement(statement) || ts.isBreakStatement(statement);
  return block.statements.some((statement) => exits(statement)) && !triesAgainOnSomePath(block);
}

/** What a guard says when it goes round only to sign in again: `if (isAuthFailure) { token = await refresh(); continue }`. */
const REAUTHENTICATION =
  /\bauth|Auth|\b40[13]\b|[Cc]redential|[Ee]xpired|[Uu]nauthori[sz]ed|\b[Ss]ign.?[Ii]n\b|[Ll]og.?[Ii]n\b/;

/**
 * A `continue` in the catch that tries the work again: not under a guard about credentials, which
 * signs in again and repeats the request once the token is new (a retry of the login, not of a
 * failed request: the same request with the same credentials is never sent twice).
 */
function triesAgainOnSomePath(block: ts.Block): boolean {
  let found = false;
  walkSameFunction(block, (node) => {
    if (found || isLoop(node) || ts.isForOfStatement(node) || ts.isForInStatement(node)) return false;
    if (!ts.isContinueStatement(node) || node.label) return undefined;
    let guard: ts.Node = node;
    while (guard !== block && !(ts.isIfStatement(guard.parent) && guard.parent.thenStatement === guard))
      guard = guard.parent;
    const condition = guard === block ? undefined : (guard.parent as ts.IfStatement).expression;
    if (!condition || !REAUTHENTICATION.test(condition.getText())) found = true;
    return undefined;
  });
  return found;
}

/**
 * Attempts from `for (let i = 0; i < N; i++)`, `while (attempt < N)`, or `if (attempt >= N) throw`
 * in the catch; `unknown` where the loop's counter is compared with a limit read at run time
 * (`attempt < options.maxRetries`): bounded, but by a number only the running program knows.
 */
function loopBound(loop: ts.IterationStatement, catchBlock: ts.Block, checker: ts.TypeChecker): Attempts | undefined {
  const counters = loopCounters(loop);
  const bounded = (expression: ts.Expression, exitGuard: boolean): Limit | undefined =>
    comparisonBound(expression, exitGuard, checker) ?? comparisonBound(expression, exitGuard, checker, counters);
  const header = headerBound(loop, checker, counters);
  if (header !== undefined) return header;
  // A guard in the catch: `if (++attempt >= 3) throw error;`
  let guard: Attempts | undefined;
  walkSameFunction(catchBlock, (node) => {
    if (guard !== undefined) return false;
    if (ts.isIfStatement(node) && exitsBlock(node.thenStatement)) {
      const bound = bounded(node.expression, true);
      if (bound) guard = countFrom(bound, (limit) => (bound.inclusive ? limit : limit + 1));
    }
    return undefined;
  });
  if (guard !== undefined) return guard;
  // A guard that goes round again: `if (retryable && attempt < 3) { ...; continue }`, or one that
  // asks a function given the counter (`if (shouldRetry(error, count, max)) continue`): bounded,
  // in the second case by what only the running program knows.
  let again: Attempts | undefined;
  walkSameFunction(catchBlock, (node) => {
    if (again !== undefined) return false;
    if (ts.isIfStatement(node) && continuesEnclosingLoop(node.thenStatement)) {
      const bound = bounded(node.expression, false);
      if (bound) again = countFrom(bound, (limit) => (bound.inclusive ? limit + 1 : limit));
      else if ([...counters].some((counter) => mentionsIdentifier(node.expression, counter))) again = 'unknown';
    }
    return undefined;
  });
  return again;
}

/** Attempts from the loop's own condition: `for (let i = 0; i < N; i++)`, `while (attempt < N)`. */
function headerBound(
  loop: ts.IterationStatement,
  checker: ts.TypeChecker,
  counters: ReadonlySet<string> = loopCounters(loop),
): Attempts | undefined {
  const bounded = (expression: ts.Expression): Limit | undefined =>
    comparisonBound(expression, false, checker) ?? comparisonBound(expression, false, checker, counters);
  if (ts.isForStatement(loop) && loop.condition) {
    const start = forStart(loop, checker);
    const bound = bounded(loop.condition);
    if (bound) return countFrom(bound, (limit) => Math.max(1, bound.inclusive ? limit - start + 1 : limit - start));
  }
  if ((ts.isWhileStatement(loop) || ts.isDoStatement(loop)) && loop.expression.kind !== ts.SyntaxKind.TrueKeyword) {
    const bound = bounded(loop.expression);
    if (bound) return countFrom(bound, (limit) => (bound.inclusive ? limit + 1 : limit));
  }
  return undefined;
}

/**
 * A loop that sends the request again on an error status (see `statusRetryLoop`). Its bound is
 * the loop's condition, or a test of a counter in a guard on the response: `if (!transient(status)
 * || retries >= max) return failure` leaves on the attempt whose count reaches the limit, counted
 * from the counter's first value and whether it moves before or after the test.
 */
function statusLoopLayer(
  start: ts.Node,
  fn: ts.FunctionLikeDeclaration | undefined,
  checker: ts.TypeChecker,
): RetryLayer | undefined {
  const found = statusRetryLoop(start);
  if (!found) return undefined;
  const { loop, guards } = found;
  const failureGuards = guards.filter((guard) => !guard.success);
  const attempts = headerBound(loop, checker) ?? guardBound(found, fn, checker) ?? 'unbounded';
  const selective = failureGuards.some((guard) =>
    /status|429|5\d\d|retryable|transient|isRetry|(?:should|can)Retry/i.test(
      guard.statement.expression
        .getText()
        .replace(new RegExp(`(?<![\\w$])${escapeRegExp(found.response)}\\s*\\??\\.\\s*ok\\b`, 'g'), ''),
    ),
  );
  return {
    kind: 'loop',
    attempts,
    source: 'explicit',
    backoff: backoffIn(loop),
    predicate: selective ? 'retryable' : 'all',
    label: `${loopKeyword(loop)} loop on the response status`,
    where: locationOf(loop, functionName(fn)),
    span: spanOf(loop, loop.getSourceFile(), loopHeaderEnd(loop)),
  };
}

/** Attempts from a counter tested in a guard on the response (see `statusLoopLayer`). */
function guardBound(
  found: StatusRetryLoop,
  fn: ts.FunctionLikeDeclaration | undefined,
  checker: ts.TypeChecker,
): Attempts | undefined {
  const counters = loopCounters(found.loop);
  const body = found.loop.statement as ts.Block;
  for (const guard of found.guards) {
    if (guard.success) continue;
    const condition = guard.statement.expression;
    const counter = [...counters].find((name) => mentionsIdentifier(condition, name));
    const bound = counter && comparisonBound(condition, guard.exits, checker, counters);
    if (!counter || !bound) continue;
    if (bound.limit === 'unknown') return 'unknown';
    const first = counterStart(counter, fn, checker);
    // Moved before the test in this round: in the request's statements, or in the test itself (`++retries >= 3`).
    const before = body.statements.slice(0, body.statements.indexOf(guard.statement));
    const moved = [...before, condition].some((node) => incrementedCounters(node).has(counter)) ? 1 : 0;
    // Leaving when the count reaches the limit (`>=`) is one attempt fewer than going on while below it (`<=`).
    const reached = guard.exits === bound.inclusive ? bound.limit : bound.limit + 1;
    return Math.max(1, reached - first + 1 - moved);
  }
  return undefined;
}

/** The value a counter starts from: its declaration's number in the function, 0 when not written. */
function counterStart(counter: string, fn: ts.FunctionLikeDeclaration | undefined, checker: ts.TypeChecker): number {
  let value: number | undefined;
  walkSameFunction(fn?.body ?? fn ?? ts.factory.createBlock([]), (node) => {
    if (value !== undefined) return false;
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.name.text === counter)
      value = numericValue(node.initializer, checker) ?? 0;
    return undefined;
  });
  return value ?? 0;
}

/** A comparison's limit: a number, or `unknown` when the counter is compared with a value read at run time. */
interface Limit {
  limit: number | 'unknown';
  inclusive: boolean;
}

function countFrom(bound: Limit, count: (limit: number) => number): Attempts {
  return bound.limit === 'unknown' ? 'unknown' : count(bound.limit);
}

/** The loop's counters: the `for` initializer's variables, and what its body increments. */
function loopCounters(loop: ts.IterationStatement): Set<string> {
  const counters = incrementedCounters(loop);
  if (ts.isForStatement(loop) && loop.initializer && ts.isVariableDeclarationList(loop.initializer))
    for (const declaration of loop.initializer.declarations)
      if (ts.isIdentifier(declaration.name)) counters.add(declaration.name.text);
  return counters;
}

function forStart(loop: ts.ForStatement, checker: ts.TypeChecker): number {
  const initializer = loop.initializer;
  if (initializer && ts.isVariableDeclarationList(initializer)) {
    const value = numericValue(initializer.declarations[0]?.initializer, checker);
    if (value !== undefined) return value;
  }
  return 0;
}

/**
 * `i < 3` → limit 3 exclusive; `i <= 3` inclusive; `attempt >= 3` (an exit guard) when `exitGuard`.
 * With the counters known, a limit that cannot be read (`attempt < config.maxRetries`) is `unknown`.
 */
function comparisonBound(
  expression: ts.Expression,
  exitGuard: boolean,
  checker: ts.TypeChecker,
  counters?: ReadonlySet<string>,
): Limit | undefined {
  const condition = unwrapExpression(expression);
  if (ts.isBinaryExpression(condition)) {
    if (
      condition.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken ||
      condition.operatorToken.kind === ts.SyntaxKind.BarBarToken
    ) {
      return (
        comparisonBound(condition.left, exitGuard, checker, counters) ??
        comparisonBound(condition.right, exitGuard, checker, counters)
      );
    }
    // With the counters known, the other side is the limit, resolved further (fields, `?? 3`).
    const value = (side: ts.Expression): number | 'unknown' | undefined =>
      counters
        ? counters.has(unwrapExpression(side).getText())
          ? undefined
          : (limitValue(side, checker) ?? 'unknown')
        : numericValue(side, checker);
    const right = value(condition.right);
    const left = value(condition.left);
    const kind = condition.operatorToken.kind;
    if (right !== undefined && left === undefined) {
      if (!exitGuard && kind === ts.SyntaxKind.LessThanToken) return { limit: right, inclusive: false };
      if (!exitGuard && kind === ts.SyntaxKind.LessThanEqualsToken) return { limit: right, inclusive: true };
      if (exitGuard && kind === ts.SyntaxKind.GreaterThanEqualsToken) return { limit: right, inclusive: true };
      if (exitGuard && kind === ts.SyntaxKind.GreaterThanToken) return { limit: right, inclusive: false };
      if (exitGuard && (kind === ts.SyntaxKind.EqualsEqualsEqualsToken || kind === ts.SyntaxKind.EqualsEqualsToken))
        return { limit: right, inclusive: true };
    }
    if (left !== undefined && right === undefined) {
      if (!exitGuard && kind === ts.SyntaxKind.GreaterThanToken) return { limit: left, inclusive: false };
      if (!exitGuard && kind === ts.SyntaxKind.GreaterThanEqualsToken) return { limit: left, inclusive: true };
    }
  }
  return undefined;
}

/**
 * Recursion on failure: the catch calls the enclosing function again; or, after the call, a
 * failed check of its result asks again (`if (!valid(parsed)) return this.complete({ ...args,
 * retries: retries - 1 })`). A `.catch` on the way that does not rethrow keeps the call's errors
 * from reaching an outer catch.
 */
function recursionLayer(
  start: ts.Node,
  fn: ts.FunctionLikeDeclaration | undefined,
  context: FacetContext,
): RetryLayer | undefined {
  if (!fn) return undefined;
  let node: ts.Node = start;
  const layer = (catchBody: ts.Node, selfCall: ts.CallExpression): RetryLayer => {
    const bound = recursionBound(fn, context.checker, counterChange(selfCall));
    const once = bound === undefined ? recursesOnce(fn, selfCall, catchBody, context.checker) : undefined;
    // Asking once more with another model sends another request; a flag (`retried`) the same one.
    const changesRequest = !!once && MODEL_CHOICE.test(once.parameter);
    return {
      kind: 'recursion',
      attempts: bound ?? (once ? 2 : 'unbounded'),
      source: 'explicit',
      backoff: backoffIn(catchBody),
      predicate: predicateOf(catchBody),
      ...(changesRequest ? { changesRequest: true as const } : {}),
      label: `recursive retry in ${functionName(fn)}`,
      where: locationOf(selfCall, functionName(fn)),
      span: spanOf(selfCall, selfCall.getSourceFile()),
    };
  };
  while (node.parent && node.parent !== fn) {
    const parent: ts.Node = node.parent;
    // `call().catch(async (error) => { ...; return ask(q, attempt + 1) })`: the handler calls the function again.
    const handler = rejectionHandlerOf(node);
    const handlerSelfCall = handler && findSelfCall(handler.body, fn, context);
    if (handler && handlerSelfCall) return layer(handler.body, handlerSelfCall);
    if (answeredByPromiseHandler(node)) break;
    if (ts.isTryStatement(parent) && parent.tryBlock === node && parent.catchClause) {
      const catchBlock = parent.catchClause.block;
      const selfCall = findSelfCall(catchBlock, fn, context);
      if (!selfCall) break;
      return layer(catchBlock, selfCall);
    }
    node = parent;
  }
  return reaskLayer(start, fn, context);
}

/** The function `.catch(handler)` (or `.then(_, handler)`) on `node` is given, written in place. */
function rejectionHandlerOf(node: ts.Node): ts.ArrowFunction | ts.FunctionExpression | undefined {
  const chained = chainedRejectionHandler(node);
  const fn = chained && unwrapExpression(chained.handler);
  return fn && (ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) ? fn : undefined;
}

/** `promise.catch(handler)` (or `.then(_, handler)`) on `node` whose handler ends the error there. */
function answeredByPromiseHandler(node: ts.Node): boolean {
  const handler = rejectionHandlerOf(node);
  return !!handler && !describeHandler(handler.body, handler.parameters[0]?.name.getText()).rethrows;
}

/**
 * A re-ask: after the call, under a check (an `if`, a `?:`, a catch of the parsing), the function
 * calls itself with the same arguments but a counter moved by one: the model's answer was unusable
 * and it is asked again. A self-call that passes anything new (the reply appended to the messages:
 * an agent's next turn) is no retry.
 */
function reaskLayer(start: ts.Node, fn: ts.FunctionLikeDeclaration, context: FacetContext): RetryLayer | undefined {
  const file = start.getSourceFile();
  const selfCall = context.callers
    .callersOf(fn)
    .find(
      (call) =>
        call.getSourceFile() === file &&
        call.pos >= start.end &&
        call.end <= fn.end &&
        enclosingFunction(call) === fn &&
        !inCatchAround(call, start) &&
        underCheck(call, start, fn) &&
        passesSameArguments(call),
    );
  const change = selfCall && counterChange(selfCall);
  if (!selfCall || !change || countsItems(fn, change.counter)) return undefined;
  const bound = recursionBound(fn, context.checker, change);
  return {
    kind: 'recursion',
    attempts: bound ?? 'unbounded',
    source: 'explicit',
    backoff: backoffIn(fn.body ?? fn),
    predicate: 'invalid-output',
    label: `re-ask in ${functionName(fn)}`,
    where: locationOf(selfCall, functionName(fn)),
    span: spanOf(selfCall, selfCall.getSourceFile()),
  };
}

/**
 * The self-call runs only when a check after the model call says so: it sits in a branch of an
 * `if` or `?:` or in a catch, or follows an `if` that leaves the function (`if (valid) return answer;`).
 */
function underCheck(call: ts.Node, start: ts.Node, fn: ts.FunctionLikeDeclaration): boolean {
  for (let node: ts.Node = call; node.parent && node.parent !== fn; node = node.parent) {
    const parent = node.parent;
    if (ts.isIfStatement(parent) && parent.expression !== node) return true;
    if (ts.isConditionalExpression(parent) && parent.condition !== node) return true;
    if (ts.isCatchClause(parent)) return true;
    if (ts.isBlock(parent)) {
      const earlier = parent.statements.slice(0, parent.statements.indexOf(node as ts.Statement));
      if (
        earlier.some(
          (statement) =>
            statement.pos >= start.end && ts.isIfStatement(statement) && exitsBlock(statement.thenStatement),
        )
      )
        return true;
    }
  }
  return false;
}

/** In the catch of a try around the model call: a retry of its errors, not a re-ask after its answer. */
function inCatchAround(call: ts.Node, start: ts.Node): boolean {
  for (let node: ts.Node | undefined = call.parent; node; node = node.parent) {
    if (ts.isCatchClause(node) && start.pos >= node.parent.tryBlock.pos && start.end <= node.parent.tryBlock.end)
      return true;
    if (isFunctionLike(node)) return false;
  }
  return false;
}

/**
 * `summarize(chunks, index + 1)` with `chunks[index]` and `index < chunks.length`: the recursion
 * walks a collection, one model call per item, like a loop over items; it does not ask again.
 */
function countsItems(fn: ts.FunctionLikeDeclaration, counter: string): boolean {
  let items = false;
  walkSameFunction(fn.body ?? fn, (node) => {
    if (items) return false;
    if (ts.isElementAccessExpression(node) && unwrapExpression(node.argumentExpression).getText() === counter)
      items = true;
    const check = guardOf(node);
    if (check && mentionsCounter(check.condition, counter) && /\.(?:length|size)\b/.test(check.condition.getText()))
      items = true;
    return undefined;
  });
  return items;
}

/** A counter the call passes moved by one: `retries - 1`, `(retries ?? 0) + 1`, `attempt: attempt + 1`. */
interface CounterChange {
  counter: string;
  step: 1 | -1;
}

function counterChange(call: ts.CallExpression): CounterChange | undefined {
  for (const value of passedValues(call)) {
    const change = changeOf(value);
    if (change) return change;
  }
  return undefined;
}

function changeOf(value: ts.Expression): CounterChange | undefined {
  const expression = unwrapExpression(value);
  if (!ts.isBinaryExpression(expression)) return undefined;
  const kind = expression.operatorToken.kind;
  if (kind !== ts.SyntaxKind.PlusToken && kind !== ts.SyntaxKind.MinusToken) return undefined;
  const by = unwrapExpression(expression.right);
  if (!ts.isNumericLiteral(by) || by.text !== '1') return undefined;
  let counter = unwrapExpression(expression.left);
  // `(retries ?? 0) + 1`: the counter, counted from 0 when nobody passes it.
  if (ts.isBinaryExpression(counter) && counter.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken)
    counter = unwrapExpression(counter.left);
  if (!ts.isIdentifier(counter) && !ts.isPropertyAccessExpression(counter)) return undefined;
  return { counter: counter.getText(), step: kind === ts.SyntaxKind.PlusToken ? 1 : -1 };
}

/** The arguments, and the properties of those written as object literals (spreads as they are). */
function passedValues(call: ts.CallExpression): ts.Expression[] {
  const values: ts.Expression[] = [];
  for (const argument of call.arguments) {
    const expression = unwrapExpression(argument);
    if (!ts.isObjectLiteralExpression(expression)) {
      values.push(argument);
      continue;
    }
    for (const property of expression.properties) {
      if (ts.isPropertyAssignment(property)) values.push(property.initializer);
      else if (ts.isSpreadAssignment(property)) values.push(property.expression);
      else if (ts.isShorthandPropertyAssignment(property)) values.push(property.name);
      else return [];
    }
  }
  return values;
}

/** Every value passed is one the function already had, except one counter moved by one (`retries: retries - 1`). */
function passesSameArguments(call: ts.CallExpression): boolean {
  const values = passedValues(call);
  const changes = values.filter((value) => changeOf(value));
  return changes.length === 1 && values.every((value) => changes.includes(value) || isPassedThrough(value));
}

/** `options`, `options as Settings`, `this.logger`, `args.model`, a literal. */
function isPassedThrough(value: ts.Expression): boolean {
  const expression = unwrapExpression(value);
  if (ts.isIdentifier(expression) || expression.kind === ts.SyntaxKind.ThisKeyword) return true;
  if (ts.isPropertyAccessExpression(expression)) return isPassedThrough(expression.expression);
  return (
    ts.isLiteralExpression(expression) ||
    expression.kind === ts.SyntaxKind.TrueKeyword ||
    expression.kind === ts.SyntaxKind.FalseKeyword ||
    expression.kind === ts.SyntaxKind.NullKeyword
  );
}

function findSelfCall(
  block: ts.Node,
  fn: ts.FunctionLikeDeclaration,
  context: FacetContext,
): ts.CallExpression | undefined {
  const callers = context.callers.callersOf(fn);
  // Positions tell places apart only within one file: a call from another file is no recursion.
  const file = block.getSourceFile();
  return callers.find((call) => call.getSourceFile() === file && call.pos >= block.pos && call.end <= block.end);
}

/**
 * A counter compared against a limit: `if (attempt >= 3) throw e` (an exit guard) or
 * `if (attempts < maxRetries) { attempts++; return retry() }` (a retry guard). The counter is a
 * parameter or a destructured option (counting starts at its default) or a variable or field the
 * function increments (`attempts++`, `this.retries += 1`; counting starts at 0). The limit is a
 * number, a constant, a field or property with a numeric initializer, or the number after
 * `??`/`||`; a limit that cannot be read (`attempts < settings.maxRetries` with the settings read
 * at run time) makes the bound `unknown`, unless another guard gives a number. A counter the
 * self-call passes down (`retries: retries - 1`, guarded by `retries > 0`) counts the retries
 * left: the attempts are its default plus one, `unknown` without a default.
 */
function recursionBound(
  fn: ts.FunctionLikeDeclaration,
  checker: ts.TypeChecker,
  change?: CounterChange,
): Attempts | undefined {
  if (!fn.body) return undefined;
  const starts = new Map<string, number | undefined>();
  const destructured = destructuredStarts(fn, checker);
  for (const parameter of fn.parameters) {
    if (ts.isIdentifier(parameter.name))
      starts.set(parameter.name.text, numericValue(parameter.initializer, checker) ?? 0);
  }
  for (const counter of incrementedCounters(fn.body))
    if (!starts.has(counter)) starts.set(counter, destructured.get(counter) ?? 0);
  if (change && !starts.has(change.counter)) starts.set(change.counter, destructured.get(change.counter));
  if (change?.step === -1) return countdownBound(fn.body, change.counter, starts.get(change.counter), checker);
  let bound: number | undefined;
  let unreadable = false;
  // The guard may sit in a handler given to `.catch` in place, which runs for this function.
  walk(fn.body, (node) => {
    if (bound !== undefined || (isFunctionLike(node) && !isRejectionHandler(node))) return false;
    const check = guardOf(node);
    if (!check) return undefined;
    const counter =
      change && mentionsCounter(check.condition, change.counter)
        ? change.counter
        : [...starts.keys()].find((name) => mentionsCounter(check.condition, name));
    if (counter === undefined) return undefined;
    const start = starts.get(counter) ?? 0;
    const counterSet = new Set([counter]);
    const exit = check.exits ? comparisonBound(check.condition, true, checker, counterSet) : undefined;
    const retry = exit ? undefined : comparisonBound(check.condition, false, checker, counterSet);
    const guard = exit ?? retry;
    if (!guard) return undefined;
    const { limit, inclusive } = guard;
    if (limit === 'unknown') unreadable = true;
    // An exit guard lets the attempt at the limit run; a retry guard retries while below it.
    else if (exit) bound = (inclusive ? limit : limit + 1) - start + 1;
    else bound = (inclusive ? limit + 1 : limit) - start + 1;
    return undefined;
  });
  if (bound !== undefined) return Math.max(1, bound);
  return unreadable ? 'unknown' : undefined;
}

/** A condition that decides whether to go again: an `if` (an exit guard when its branch leaves), or a `?:`. */
function guardOf(node: ts.Node): { condition: ts.Expression; exits: boolean } | undefined {
  if (ts.isIfStatement(node)) return { condition: node.expression, exits: exitsBlock(node.thenStatement) };
  if (ts.isConditionalExpression(node)) return { condition: node.condition, exits: false };
  return undefined;
}

/**
 * The options destructured from a parameter, in its pattern (`{ retries = 0 }: Options`) or in the
 * body (`const { retries = 3 } = options`), with their defaults: where such a counter starts. One
 * with no default starts undefined: `(retries ?? 0) + 1` counts it from 0, a countdown cannot be read.
 */
function destructuredStarts(fn: ts.FunctionLikeDeclaration, checker: ts.TypeChecker): Map<string, number | undefined> {
  const starts = new Map<string, number | undefined>();
  const fromPattern = (pattern: ts.BindingName): void => {
    if (!ts.isObjectBindingPattern(pattern)) return;
    for (const element of pattern.elements)
      if (ts.isIdentifier(element.name) && !element.dotDotDotToken)
        starts.set(element.name.text, numericValue(element.initializer, checker));
  };
  for (const parameter of fn.parameters) fromPattern(parameter.name);
  if (fn.body)
    walkSameFunction(fn.body, (node) => {
      if (ts.isVariableDeclaration(node) && node.initializer && ts.isIdentifier(unwrapExpression(node.initializer)))
        fromPattern(node.name);
      return undefined;
    });
  return starts;
}

/**
 * A counter of retries left, passed down one less each time: `if (retries > 0) return again(...)`
 * (a retry guard) or `if (retries <= 0) throw error` (an exit guard). From a start of N the
 * function runs N + 1 times (fewer with a limit above 0).
 */
function countdownBound(
  body: ts.Node,
  counter: string,
  start: number | undefined,
  checker: ts.TypeChecker,
): Attempts | undefined {
  let floor: { limit: number; inclusive: boolean } | undefined;
  walkSameFunction(body, (node) => {
    if (floor) return false;
    const check = guardOf(node);
    if (!check || !mentionsCounter(check.condition, counter)) return undefined;
    // A branch that returns the self-call is a retry guard, not an exit: read it as either.
    floor =
      (check.exits ? countdownGuard(check.condition, true, counter, checker) : undefined) ??
      countdownGuard(check.condition, false, counter, checker);
    return undefined;
  });
  if (!floor) return undefined;
  if (start === undefined) return 'unknown';
  // Retrying while above the floor (or at it, inclusive): the attempts are the steps down plus one.
  return Math.max(1, start - floor.limit + (floor.inclusive ? 2 : 1));
}

/** The lowest counter value that still retries, as `> limit` (or `>= limit` when inclusive). */
function countdownGuard(
  expression: ts.Expression,
  exitGuard: boolean,
  counter: string,
  checker: ts.TypeChecker,
): { limit: number; inclusive: boolean } | undefined {
  const condition = unwrapExpression(expression);
  if (!ts.isBinaryExpression(condition)) return undefined;
  const kind = condition.operatorToken.kind;
  if (kind === ts.SyntaxKind.AmpersandAmpersandToken || kind === ts.SyntaxKind.BarBarToken)
    return (
      countdownGuard(condition.left, exitGuard, counter, checker) ??
      countdownGuard(condition.right, exitGuard, counter, checker)
    );
  const onLeft = unwrapExpression(condition.left).getText() === counter;
  const onRight = unwrapExpression(condition.right).getText() === counter;
  const limit = onLeft
    ? numericValue(condition.right, checker)
    : onRight
      ? numericValue(condition.left, checker)
      : undefined;
  if (limit === undefined) return undefined;
  // With the counter on the left: `c > n` retries above n, `c >= n` at n too; exit guards the reverse.
  const flipped: Partial<Record<ts.SyntaxKind, ts.SyntaxKind>> = {
    [ts.SyntaxKind.GreaterThanToken]: ts.SyntaxKind.LessThanToken,
    [ts.SyntaxKind.LessThanToken]: ts.SyntaxKind.GreaterThanToken,
    [ts.SyntaxKind.GreaterThanEqualsToken]: ts.SyntaxKind.LessThanEqualsToken,
    [ts.SyntaxKind.LessThanEqualsToken]: ts.SyntaxKind.GreaterThanEqualsToken,
  };
  const operator = onLeft ? kind : (flipped[kind] ?? kind);
  if (!exitGuard && operator === ts.SyntaxKind.GreaterThanToken) return { limit, inclusive: false };
  if (!exitGuard && operator === ts.SyntaxKind.GreaterThanEqualsToken) return { limit, inclusive: true };
  if (!exitGuard && operator === ts.SyntaxKind.ExclamationEqualsEqualsToken) return { limit, inclusive: false };
  if (exitGuard && operator === ts.SyntaxKind.LessThanEqualsToken) return { limit, inclusive: false };
  if (exitGuard && operator === ts.SyntaxKind.LessThanToken) return { limit, inclusive: true };
  if (exitGuard && operator === ts.SyntaxKind.EqualsEqualsEqualsToken) return { limit, inclusive: false };
  return undefined;
}

/** Variables and fields the function increments by one: `x++`, `++this.n`, `x += 1`, `x = x + 1`. */
function incrementedCounters(body: ts.Node): Set<string> {
  const counters = new Set<string>();
  const isCounter = (node: ts.Expression): boolean =>
    ts.isIdentifier(node) ||
    (ts.isPropertyAccessExpression(node) && node.expression.kind === ts.SyntaxKind.ThisKeyword);
  walkSameFunction(body, (node) => {
    if (
      (ts.isPostfixUnaryExpression(node) || ts.isPrefixUnaryExpression(node)) &&
      node.operator === ts.SyntaxKind.PlusPlusToken &&
      isCounter(node.operand)
    )
      counters.add(node.operand.getText());
    if (ts.isBinaryExpression(node) && isCounter(node.left)) {
      const kind = node.operatorToken.kind;
      const right = unwrapExpression(node.right);
      if (kind === ts.SyntaxKind.PlusEqualsToken && ts.isNumericLiteral(right) && Number(right.text) > 0)
        counters.add(node.left.getText());
      if (
        kind === ts.SyntaxKind.EqualsToken &&
        ts.isBinaryExpression(right) &&
        right.operatorToken.kind === ts.SyntaxKind.PlusToken &&
        right.left.getText() === node.left.getText()
      )
        counters.add(node.left.getText());
    }
    return undefined;
  });
  return counters;
}

/** The counter (an identifier or `this.field`) appears in the condition. */
function mentionsCounter(expression: ts.Node, counter: string): boolean {
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if ((ts.isIdentifier(node) || ts.isPropertyAccessExpression(node)) && node.getText() === counter) {
      found = true;
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(expression);
  return found;
}

/**
 * A limit's value: a number or constant (`numericValue`), a field or property with a numeric
 * initializer (`this.maxRetries`, `config.retries`), or the fallback of `??`/`||`
 * (`options.maxRetries ?? 3`: the number the code uses when nobody sets one).
 */
function limitValue(node: ts.Expression, checker: ts.TypeChecker, depth = 0): number | undefined {
  const direct = numericValue(node, checker);
  if (direct !== undefined || depth > 3) return direct;
  const expression = unwrapExpression(node);
  if (
    ts.isBinaryExpression(expression) &&
    (expression.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken ||
      expression.operatorToken.kind === ts.SyntaxKind.BarBarToken)
  )
    return limitValue(expression.left, checker, depth + 1) ?? limitValue(expression.right, checker, depth + 1);
  const name = ts.isPropertyAccessExpression(expression)
    ? expression.name
    : ts.isIdentifier(expression)
      ? expression
      : undefined;
  if (!name) return undefined;
  const declaration = declarationOf(name, checker);
  if (!declaration) return undefined;
  const initializer =
    ts.isPropertyDeclaration(declaration) ||
    ts.isPropertyAssignment(declaration) ||
    ts.isVariableDeclaration(declaration) ||
    ts.isParameter(declaration)
      ? declaration.initializer
      : undefined;
  return initializer ? limitValue(initializer, checker, depth + 1) : undefined;
}

/**
 * Waits between attempts: `sleep`, `delay(ms)`, `waitForRetry(ms)`, `sleepMs`, `retryDelay(n)`,
 * `exponentialBackoff(attempt)`, `setTimeout` from `timers/promises`.
 */
const SLEEP_NAMES =
  /^(?:(?:sleep|delay|wait|pause|backoff)(?:For)?(?:Retry|Backoff|Delay|Ms|Millis|Seconds|Async)?|\w*(?:sleep|delay|backoff)|setTimeout|setTimeoutPromise|timeout)$/i;

/** How the code waits between attempts: nothing, a constant, or a growing delay (with randomness: jitter). */
function backoffIn(scope: ts.Node): Backoff {
  let delay: ts.Node | undefined;
  walkSameFunction(scope, (node) => {
    if (delay) return false;
    if (ts.isAwaitExpression(node)) {
      const inner = unwrapExpression(node.expression);
      if (ts.isCallExpression(inner)) {
        const callee = unwrapExpression(inner.expression);
        const name = ts.isIdentifier(callee)
          ? callee.text
          : ts.isPropertyAccessExpression(callee)
            ? callee.name.text
            : '';
        if (SLEEP_NAMES.test(name)) delay = inner;
      }
      if (ts.isNewExpression(inner) && inner.getText().includes('setTimeout')) delay = inner;
    }
    return undefined;
  });
  if (!delay) return 'none';
  // `const delayMs = 1000 * 2 ** attempt; await sleep(delayMs)`: the wait computed just before.
  const text = [delay, ...delayValues(delay, scope)].map((node) => node.getText()).join(' ');
  const growing =
    /\*\*|Math\.pow|<<|\*\s*2\b|2\s*\*|\bexponential|\bbackoff/i.test(text) ||
    (/\b(?:attempt|retry|retries|tries|i|n)\b/.test(text) && /\*/.test(text));
  const jitter = /Math\.random|jitter|random\(/i.test(text);
  if (growing) return jitter ? 'exponential-jitter' : 'exponential';
  return 'fixed';
}

/** The initialisers of the local `const`s a wait's arguments name, declared in the same scope. */
function delayValues(delay: ts.Node, scope: ts.Node): ts.Expression[] {
  if (!ts.isCallExpression(delay) && !ts.isNewExpression(delay)) return [];
  const names = new Set<string>();
  for (const argument of delay.arguments ?? []) if (ts.isIdentifier(argument)) names.add(argument.text);
  const values: ts.Expression[] = [];
  walkSameFunction(scope, (node) => {
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && names.has(node.name.text) && node.initializer)
      values.push(node.initializer);
    return undefined;
  });
  return values;
}

/** Does the handler tell retryable errors from the others? */
function predicateOf(catchBlock: ts.Node): 'all' | 'retryable' {
  const clause = catchBlock.parent;
  const errorName =
    ts.isCatchClause(clause) && clause.variableDeclaration && ts.isIdentifier(clause.variableDeclaration.name)
      ? clause.variableDeclaration.name.text
      : undefined;
  let selective = false;
  walkSameFunction(catchBlock, (node) => {
    if (selective) return false;
    // `if (!retryable) throw error`, or `if (retryable) { ...; continue }` with an exit after it.
    if (ts.isIfStatement(node) && (exitsBlock(node.thenStatement) || continuesEnclosingLoop(node.thenStatement))) {
      const text = node.expression.getText();
      if (
        /status|code|retryable|instanceof|name|type|429|5\d\d|isRetry|(?:should|can)Retry|transient/i.test(text) ||
        (errorName !== undefined && examinesError(node.expression, errorName))
      )
        selective = true;
    }
    return undefined;
  });
  return selective ? 'retryable' : 'all';
}

/**
 * A condition that looks into the caught error, not only at whether there is one:
 * `String(error).includes('ECONNRESET')`, `isTransient(error)`, `error.message.startsWith(...)`.
 */
function examinesError(condition: ts.Expression, errorName: string): boolean {
  let found = false;
  walkSameFunction(condition, (node) => {
    if (found || !ts.isIdentifier(node) || node.text !== errorName) return undefined;
    const parent = node.parent;
    found =
      (ts.isCallExpression(parent) && parent.arguments.includes(node)) ||
      ((ts.isPropertyAccessExpression(parent) || ts.isElementAccessExpression(parent)) && parent.expression === node);
    return undefined;
  });
  return found;
}

/**
 * A workspace helper that runs the callback it is given inside a retry loop (`withRetries(() =>
 * call())`), or hands it on to a retry library or to another such helper
 * (`withRateLimitRetry(operation)` whose body is `return pRetry(operation, { retries: 3 })`).
 */
function helperLoopLayer(
  call: ts.CallExpression,
  callback: ts.Node,
  context: FacetContext,
  depth = 0,
): RetryLayer | undefined {
  const found = callbackInvocations(call, callback, context.checker);
  for (const invocation of found?.invocations ?? []) {
    const layer = loopLayer(invocation, found?.helper, context.checker);
    if (layer) return layer;
  }
  if (depth >= MAX_HAND_ONS) return undefined;
  const handing = callbackHandOns(call, callback, context.checker);
  for (const handOn of handing?.handOns ?? []) {
    const layer =
      libraryLayer(handOn.call, context, { call, helper: handing!.helper, checker: context.checker }) ??
      helperLoopLayer(handOn.call, handOn.argument, context, depth + 1);
    if (layer) return layer;
  }
  return undefined;
}

/** A helper's call on the path: `withRateLimitRetry(task, { label })` and the helper it calls. */
interface HelperCall {
  call: ts.CallExpression;
  helper: ts.FunctionLikeDeclaration;
  checker: ts.TypeChecker;
}

/**
 * A library option the helper takes from its own options with a default (`const { maxRetries = 3 }
 * = options; pRetry(task, { retries: maxRetries })`), read for this call of the helper: what its
 * argument sets, or the default when the argument, written out, leaves it out.
 */
function optionThroughHelper(value: ts.Expression, through: HelperCall): number | undefined {
  const name = unwrapExpression(value);
  const element = ts.isIdentifier(name) ? declarationOf(name, through.checker) : undefined;
  // A property taken at the pattern's top level (`{ maxRetries = 3 }`), not from a nested one.
  if (!element || !ts.isBindingElement(element) || !ts.isObjectBindingPattern(element.parent)) return undefined;
  const key = element.propertyName ?? element.name;
  const parameter = destructuredParameter(element, through.checker);
  const index = parameter ? through.helper.parameters.indexOf(parameter) : -1;
  const top = element.parent.parent;
  if (!ts.isIdentifier(key) || index < 0 || !(ts.isParameter(top) || ts.isVariableDeclaration(top))) return undefined;
  const argument = through.call.arguments[index];
  const given = argument ? resolveObjectLiteral(argument) : undefined;
  if (argument && !given) return undefined;
  // A spread may set it: not known here.
  if (given?.properties.some((property) => ts.isSpreadAssignment(property))) return undefined;
  const set = given && readPath(given, [key.text]);
  return set ? numericValue(set.value) : numericValue(element.initializer);
}

/** How many helpers a callback is followed through as each hands it to the next. */
const MAX_HAND_ONS = 2;

/**
 * A hook written in place that throws under a condition (`if (!info.retryable) throw error`): it
 * stops the retries for some errors and lets the others be retried.
 */
function throwsForSome(value: ts.Expression | undefined): boolean {
  const fn = value && unwrapExpression(value);
  if (!fn || !(ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) || !fn.body) return false;
  let found = false;
  walkSameFunction(fn.body, (node) => {
    if (found) return false;
    if (ts.isIfStatement(node) || ts.isConditionalExpression(node))
      walkSameFunction(node, (inner) => {
        if (ts.isThrowStatement(inner)) found = true;
        return undefined;
      });
    return undefined;
  });
  return found;
}

/** The orchestration helper our fix writes, `callModel(options, task)`: a retry library of the project's own. */
function orchestrationHelperLayer(call: ts.CallExpression, context: FacetContext): RetryLayer | undefined {
  return isOrchestrationHelperCall(call, context.checker)
    ? functionLibraryLayer(ORCHESTRATION_HELPER, call)
    : undefined;
}

/** `pRetry(fn, opts)`, `retry(fn, opts)` (async-retry), `backOff(fn, opts)`, `policy.execute(fn)`. */
function libraryLayer(call: ts.CallExpression, context: FacetContext, through?: HelperCall): RetryLayer | undefined {
  const callee = unwrapExpression(call.expression);
  const library = functionRetryLibraryOf(call);
  if (library) return functionLibraryLayer(library, call, through);
  if (ts.isPropertyAccessExpression(callee) && callee.name.text === 'execute') {
    return policyLayer(callee.expression, context, call);
  }
  return undefined;
}

function functionLibraryLayer(library: RetryLibrary, call: ts.CallExpression, through?: HelperCall): RetryLayer {
  const options = resolveObjectLiteral(call.arguments[library.optionsArg ?? 1]);
  let attempts: Attempts = library.defaultCount + (library.counts === 'retries' ? 1 : 0);
  let source: RetryLayer['source'] = 'sdk-default';
  const count = readPath(options, [library.countOption])?.value;
  if (count) {
    const value = numericValue(count) ?? (through && optionThroughHelper(count, through));
    source = 'explicit';
    // Set, to a value read at run time: not the default, and not known here.
    if (value === undefined) attempts = 'unknown';
    else attempts = Number.isFinite(value) ? value + (library.counts === 'retries' ? 1 : 0) : 'unbounded';
  }
  for (const unbounded of library.unboundedOptions ?? []) {
    const value = readPath(options, [unbounded])?.value;
    if (value && unwrapExpression(value).kind === ts.SyntaxKind.TrueKeyword) attempts = 'unbounded';
  }
  const predicate =
    (library.predicateOptions ?? []).some((name) => readPath(options, [name])) ||
    (library.predicateHooks ?? []).some((name) => throwsForSome(readPath(options, [name])?.value))
      ? 'retryable'
      : library.defaultPredicate;
  const jitter = (library.jitterOptions ?? []).some((name) => {
    const value = readPath(options, [name])?.value;
    return (
      value &&
      unwrapExpression(value).kind !== ts.SyntaxKind.FalseKeyword &&
      unwrapExpression(value).getText() !== "'none'"
    );
  });
  return {
    kind: 'library',
    attempts,
    source,
    backoff: jitter || library.defaultBackoff === 'exponential-jitter' ? 'exponential-jitter' : library.defaultBackoff,
    predicate,
    label: library.label,
    where: locationOf(call),
    span: spanOf(call, call.getSourceFile(), call.expression.getEnd()),
  };
}

/**
 * A retry library installed on the HTTP client the request goes through (`axiosRetry(client,
 * options)`): a layer right around the request, with the wait its delay option sets.
 */
function installedLayers(call: DetectedCall, context: FacetContext): RetryLayer[] {
  const installed = installedRetryOf(call, context.checker);
  if (!installed) return [];
  return [{ ...functionLibraryLayer(installed.library, installed.call), backoff: installed.backoff }];
}

/** cockatiel: `policy.execute(fn)` where `policy = retry(handleAll, { maxAttempts })` or a `wrap(...)` of one. */
function policyLayer(
  policyExpression: ts.Expression,
  context: FacetContext,
  call: ts.CallExpression,
): RetryLayer | undefined {
  const construction = cockatielPolicies(policyExpression, context.checker).find(
    (policy) => policy.kind === 'retry',
  )?.call;
  if (!construction) return undefined;
  const options = resolveObjectLiteral(construction.arguments[1], context.checker);
  const maxAttempts = readPath(options, ['maxAttempts'])?.value;
  // cockatiel counts retries and defaults to Infinity (node_modules/cockatiel/dist/Policy.js).
  const retries = maxAttempts ? numericValue(maxAttempts, context.checker) : Infinity;
  const backoffText = readPath(options, ['backoff'])?.value?.getText() ?? '';
  const handler = construction.arguments[0] ? unwrapExpression(construction.arguments[0]).getText() : 'handleAll';
  return {
    kind: 'library',
    attempts: retries === undefined ? 'unknown' : Number.isFinite(retries) ? retries + 1 : 'unbounded',
    source: maxAttempts ? 'explicit' : 'sdk-default',
    backoff: /Exponential/.test(backoffText) ? 'exponential-jitter' : /Constant/.test(backoffText) ? 'fixed' : 'none',
    predicate: /handleAll/.test(handler) ? 'all' : 'retryable',
    label: 'cockatiel retry',
    where: locationOf(call),
    span: spanOf(call, call.getSourceFile(), call.expression.getEnd()),
  };
}
