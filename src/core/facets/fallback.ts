import { ts } from 'ts-morph';
import {
  boundNames,
  declarationOf,
  enclosingFunction,
  isAncestor,
  isFunctionLike,
  locationOf,
  mentionsIdentifier,
  statementsAfter,
  unwrapExpression,
  walk,
  walkSameFunction,
} from '../ast';
import type { DetectedCall } from '../detect';
import { isInlineCallback } from '../graph/callbacks';
import { isPackageDeclaration } from '../graph/call-graph';
import type { FallbackFacet } from '../types';
import { cockatielPolicies, executedBy } from './cockatiel';
import type { FacetContext } from './context';
import type { FailureHandler } from './failure';
import type { OutputUse } from './output-use';

/**
 * What the code offers when the call fails: another model (directly or through a function that
 * calls one), a canned answer, or a library's fallback (an SDK's fallback method, cockatiel).
 */
export function fallbackFacet(
  call: DetectedCall,
  handler: FailureHandler | undefined,
  context: FacetContext,
  use?: OutputUse,
  /** Where a handler's rethrown error is handled next (`FailureAnalysis.rethrownTo`). */
  rethrownTo?: (handler: FailureHandler) => FailureHandler | undefined,
): FallbackFacet {
  const own = throughRethrows(call, handler, context, rethrownTo);
  // No alternative when the call fails, but a default when its answer does not parse: a fallback
  // all the same (what the user gets instead of the model's answer is decided here).
  const facet: FallbackFacet =
    own.kind === 'none' && use?.parseDefault ? { kind: 'static', where: locationOf(use.parseDefault) } : own;
  const primary = primaryOf(call, context);
  const unused = facet.kind === 'none' && answerUnused(call.node) ? { unused: true as const } : {};
  return primary ? { ...facet, ...unused, fallbackFor: context.idOf(primary) } : { ...facet, ...unused };
}

/**
 * The fallback of the call's handler or, where that handler records the error and rethrows it,
 * of the handler the rethrown error reaches in the same function or the helper it is handed to (a
 * few hops): a catch that closes a span and rethrows, inside a helper that then tries the next
 * model, falls back all the same.
 */
function throughRethrows(
  call: DetectedCall,
  handler: FailureHandler | undefined,
  context: FacetContext,
  rethrownTo: ((handler: FailureHandler) => FailureHandler | undefined) | undefined,
): FallbackFacet {
  const own = ownFallback(call, handler, context);
  let current = handler;
  for (let hop = 0; own.kind === 'none' && rethrownTo && current && hop < MAX_RETHROW_HOPS; hop++) {
    // Only without a caller in between: an outer try of the same function, or the helper the
    // function is handed to, or the function a local closure making the call is written in
    // (`const generate = async (candidate) => ...` tried with each model by the loop around it).
    // Among a function's callers one may turn the error into a default; that is the caller's
    // decision about its own work, not this call's fallback.
    const onward = rethrownTo(current);
    if (!onward) break;
    const ours = onward.depth === 0 || writtenAround(onward, call);
    // A helper that runs a callback of the path (a retry helper's catch) and rethrows is passed
    // through: its fallback is not this call's, but the handler it rethrows to may be.
    if (!ours && !onward.via) break;
    current = { ...onward, local: current.local, depth: current.depth };
    if (!ours) continue;
    const next = ownFallback(call, current, context);
    if (next.kind !== 'none') return next;
  }
  return own;
}

/** Is the handler in the function the call is written in, or one that function is nested in? */
function writtenAround(handler: FailureHandler, call: DetectedCall): boolean {
  const fn = enclosingFunction(handler.node);
  return !!fn && isAncestor(fn, call.node);
}

/** How many rethrowing handlers the fallback search looks through. */
const MAX_RETHROW_HOPS = 3;

/** `await client.x(...);` or `void client.x(...)` as a statement: the answer goes nowhere. */
function answerUnused(node: ts.Node): boolean {
  let current = node;
  while (
    ts.isAwaitExpression(current.parent) ||
    ts.isParenthesizedExpression(current.parent) ||
    ts.isVoidExpression(current.parent)
  )
    current = current.parent;
  return ts.isExpressionStatement(current.parent);
}

/**
 * The model call this one stands in for: the call sits in the catch block of a try, in the same
 * function, whose try block makes another model call (what the *Add a fallback* fix writes).
 */
function primaryOf(call: DetectedCall, context: FacetContext): DetectedCall | undefined {
  let current: ts.Node = call.node;
  while (current.parent && !ts.isSourceFile(current.parent)) {
    const parent: ts.Node = current.parent;
    if (ts.isFunctionLike(parent)) return undefined;
    if (ts.isCatchClause(parent) && ts.isTryStatement(parent.parent))
      return context.modelCallsWithin(parent.parent.tryBlock).find((other) => other !== call);
    current = parent;
  }
  return undefined;
}

function ownFallback(call: DetectedCall, handler: FailureHandler | undefined, context: FacetContext): FallbackFacet {
  // A model derived by the SDK's fallback method (the catalogue's `fallbackMethods`).
  const methods = call.origin?.entry.fallbackMethods ?? [];
  const library = call.origin?.wrappers.find((wrapper) => methods.includes(wrapper.name));
  if (library) return { kind: 'library', where: locationOf(library.call) };
  const policy = cockatielFallback(call, context);
  if (policy) return { kind: 'library', where: locationOf(policy) };
  if (!handler) return { kind: 'none' };
  // A caller far away that turns every error of its work into a default is not this call's
  // fallback; the call's own function, its direct caller, its module or its class decides one.
  // What it does is still said (`degradedBy`): "no fallback" alone would read as a contradiction.
  if (!nearby(handler, call))
    return returnsDefault(handler) ? { kind: 'none', degradedBy: handler.location } : { kind: 'none' };
  const body = handler.behaviour.body;
  if (context.modelCallsWithin(body).some((other) => other !== call) || callsModelIndirectly(body, call, context)) {
    // One caller of several asking another model, the others letting the failure out: theirs.
    return sharedByMostCallers(handler) ? { kind: 'model', where: handler.location } : { kind: 'none' };
  }
  if (returnsDefault(handler))
    return sharedByMostCallers(handler)
      ? { kind: 'static', where: handler.location }
      : { kind: 'none', degradedBy: handler.location };
  if (triesNextInLoop(handler, call) || movesToNextCandidate(handler))
    return { kind: 'model', where: handler.location };
  return { kind: 'none' };
}

/**
 * `for (let i = 0; i < candidates.length; i++) { const candidate = candidates[i]; while (...) {
 * try { return await run({ model: candidate.model }) } catch (error) { if (retryable) continue;
 * if (last) throw error; break; } } }`: a helper that runs its callback with each model of a list,
 * whose catch goes on to the next one. The try passes a model chosen in the loop (a name declared
 * in it under a key such as `model` or `provider`); the catch ends by going on, not by leaving.
 */
function movesToNextCandidate(handler: FailureHandler): boolean {
  const { node } = handler;
  if (!ts.isCatchClause(node)) return false;
  const tryStatement = node.parent;
  let loop: ts.Node | undefined = tryStatement.parent;
  while (loop && !isFunctionLike(loop) && !isListLoop(loop)) loop = loop.parent;
  if (!loop || isFunctionLike(loop) || !stopsOnSuccess(loop, node)) return false;
  // It goes on: past its end, or by `if (next) { ...; continue }` before rethrowing the last failure.
  const last = node.block.statements[node.block.statements.length - 1];
  const endsOn = !!last && !ts.isThrowStatement(last) && !ts.isReturnStatement(last);
  if (!endsOn && !continuesLoop(node.block, loop)) return false;
  const chosenInLoop = namesFromElement(loop);
  let passesChoice = false;
  // The callbacks handed to helpers in the try run there too (`withRetry(() => generate(candidate))`).
  walk(tryStatement.tryBlock, (child) => {
    if (passesChoice) return false;
    if (isFunctionLike(child) && !isInlineCallback(child)) return false;
    if (ts.isCallExpression(child))
      passesChoice =
        [...chosenInLoop].some((name) => MODEL_CHOICE.test(name) && choosesModel(child, name)) ||
        child.arguments.some((argument) => passesChosenModel(argument, chosenInLoop));
    return undefined;
  });
  return passesChoice;
}

/** A `continue` of `loop` in the block (unlabelled with no loop between, or with its label). */
function continuesLoop(block: ts.Block, loop: ts.IterationStatement): boolean {
  let found = false;
  walkSameFunction(block, (child) => {
    if (found) return false;
    if (!ts.isContinueStatement(child)) return undefined;
    if (child.label) found = ts.isLabeledStatement(loop.parent) && loop.parent.label.text === child.label.text;
    else {
      let inner = false;
      for (let current = child.parent; current && current !== loop; current = current.parent)
        if (ts.isIterationStatement(current, false)) inner = true;
      found = !inner;
    }
    return undefined;
  });
  return found;
}

/**
 * The names that hold the loop's element, or something made of it: the element (`for (const
 * candidate of candidates)`), the counter (`i`), and what the loop's code assigns from them
 * (`const candidate = candidates[i]`, `model = await resolve(candidate.model)`). A name declared
 * in the loop from elsewhere (`const model = pick()`) is not the list's.
 */
function namesFromElement(loop: ts.ForOfStatement | ts.ForStatement): Set<string> {
  const names = new Set<string>();
  const head = loop.initializer;
  if (head && ts.isVariableDeclarationList(head))
    for (const declaration of head.declarations) for (const name of boundNames(declaration.name)) names.add(name);
  const body = loop.statement;
  for (let pass = 0; pass < 3; pass++)
    walkSameFunction(body, (child) => {
      const target = ts.isVariableDeclaration(child)
        ? child.name
        : ts.isBinaryExpression(child) &&
            child.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
            ts.isIdentifier(child.left)
          ? child.left
          : undefined;
      const value = ts.isVariableDeclaration(child)
        ? child.initializer
        : ts.isBinaryExpression(child)
          ? child.right
          : undefined;
      if (target && value && [...names].some((name) => mentionsIdentifier(value, name)))
        for (const name of ts.isIdentifier(target) ? [target.text] : boundNames(target)) names.add(name);
      return undefined;
    });
  return names;
}

/** A loop over a list: `for (const x of xs)`, `for (let i = 0; i < xs.length; i++)`. */
function isListLoop(node: ts.Node): node is ts.ForOfStatement | ts.ForStatement {
  if (ts.isForOfStatement(node)) return true;
  return ts.isForStatement(node) && !!node.condition && /\.(?:length|size)\b/.test(node.condition.getText());
}

/** `{ model: candidate.model }`, `{ provider }`: an option choosing the model from a name of the loop. */
function passesChosenModel(argument: ts.Expression, names: ReadonlySet<string>): boolean {
  const value = unwrapExpression(argument);
  if (!ts.isObjectLiteralExpression(value)) return false;
  return value.properties.some((property) => {
    const key = property.name && ts.isIdentifier(property.name) ? property.name.text : '';
    if (!MODEL_CHOICE.test(key)) return false;
    if (ts.isShorthandPropertyAssignment(property)) return names.has(property.name.text);
    return (
      ts.isPropertyAssignment(property) && [...names].some((name) => mentionsIdentifier(property.initializer, name))
    );
  });
}

/**
 * `for (const client of providers) { try { return await client.chat.completions.create(...) }
 * catch (error) { log(error) } }`: the catch lets the loop go on to the next client or model of
 * the list, and the call uses that element. (A loop that repeats the same call is a retry.)
 */
function triesNextInLoop(handler: FailureHandler, call: DetectedCall): boolean {
  const { behaviour, node } = handler;
  if (!handler.local || !ts.isCatchClause(node) || behaviour.rethrows || behaviour.returnsValue) return false;
  let current: ts.Node = node.parent;
  while (!ts.isForOfStatement(current)) {
    if (!current.parent || isFunctionLike(current.parent) || ts.isSourceFile(current.parent)) return false;
    current = current.parent;
  }
  const loop = current;
  if (!stopsOnSuccess(loop, node)) return false;
  const element = ts.isVariableDeclarationList(loop.initializer) ? loop.initializer.declarations[0]?.name : undefined;
  return !!element && boundNames(element).some((name) => choosesModel(call.node, name));
}

/**
 * A loop over models stops at the first that answers (`return`, or `break` out of it, outside
 * the catch); one that goes through every element whatever happens is a batch of work, each item
 * with its own model (`for (const job of jobs) { try { results.push(await ask(job.model)) } catch
 * { log } }`), where the next element is no fallback for the one that failed.
 */
function stopsOnSuccess(loop: ts.IterationStatement, clause: ts.CatchClause): boolean {
  let stops = false;
  walkSameFunction(loop.statement, (child) => {
    if (stops || child === clause) return false;
    if (ts.isReturnStatement(child)) stops = true;
    else if (ts.isBreakStatement(child)) stops = breaksOut(child, loop);
    return undefined;
  });
  return stops;
}

/** Does `statement` end `loop`: unlabelled with no loop or switch between them, or labelled with the loop's label? */
function breaksOut(statement: ts.BreakStatement, loop: ts.IterationStatement): boolean {
  if (statement.label) return ts.isLabeledStatement(loop.parent) && loop.parent.label.text === statement.label.text;
  for (let current = statement.parent; current && current !== loop; current = current.parent)
    if (ts.isIterationStatement(current, false) || ts.isSwitchStatement(current)) return false;
  return true;
}

/** Names of what picks the model or service a request goes to (not what it is about). */
export const MODEL_CHOICE = /model|provider|client|llm|endpoint|url|deployment|backend|candidate/i;

/**
 * Does the loop's element choose where the call goes: its receiver (`client.chat.completions
 * .create`), a model option (`{ model: candidate }`), or an argument named like one (`ask(provider,
 * prompt)`)? An element the call only reads as input (`summarise(article)`) is a list of work, and
 * the next one is not a fallback.
 */
function choosesModel(call: ts.CallExpression, name: string): boolean {
  if (mentionsIdentifier(call.expression, name)) return true;
  return call.arguments.some((argument) => {
    const value = unwrapExpression(argument);
    if (ts.isIdentifier(value)) return value.text === name && MODEL_CHOICE.test(name);
    if (!ts.isObjectLiteralExpression(value)) return false;
    return value.properties.some((property) => {
      const key = property.name && ts.isIdentifier(property.name) ? property.name.text : '';
      if (!MODEL_CHOICE.test(key)) return false;
      if (ts.isShorthandPropertyAssignment(property)) return property.name.text === name;
      return ts.isPropertyAssignment(property) && mentionsIdentifier(property.initializer, name);
    });
  });
}

/** The handler gives its callers a value instead of the failure: one it returns, or one it keeps. */
function returnsDefault(handler: FailureHandler): boolean {
  const { behaviour } = handler;
  if (behaviour.returnsValue && !behaviour.returnsFailureResult && !behaviour.rethrows) return true;
  return keepsDefault(handler);
}

/**
 * `let tags: string[] = []; try { tags = parse(await call()) } catch (error) { log(error) }
 * return { text, tags };`: the catch neither returns nor rethrows, and the code after the try
 * returns a value, so on failure the caller gets what the variables held before the call: a
 * default result, which is a fallback however quiet.
 */
function keepsDefault(handler: FailureHandler): boolean {
  const { behaviour, node } = handler;
  if (behaviour.rethrows || behaviour.returnsValue || !ts.isCatchClause(node)) return false;
  const tryStatement = node.parent;
  if (!ts.isFunctionLike(tryStatement.parent.parent)) return false;
  return statementsAfter(tryStatement).some(
    (statement) => ts.isReturnStatement(statement) && statement.expression !== undefined,
  );
}

/**
 * A handler chosen among several callers' stands for the call's fallback unless most of them let
 * the failure out (uncaught, or thrown again): a provider's method whose main callers pass its
 * failure on has no fallback because a side feature calling it turns its own failures into a
 * default, or asks another model.
 */
function sharedByMostCallers(handler: FailureHandler): boolean {
  if (!handler.among) return true;
  // The handler's own way out is the fallback's failure (the backup call in the catch, the
  // function calling itself with another model), not a caller that lets this call's failure out.
  const own = enclosingFunction(handler.node);
  const among = handler.among.filter(
    (result) =>
      !(result.kind === 'exported' && result.fn === own) && !(result.kind === 'none' && result.reaches === own),
  );
  // The handler judged here is not counted against itself when it rethrows what it does not answer.
  const lettingOut = among.filter(
    (result) =>
      result.kind !== 'handled' || (result.handler.node !== handler.node && result.handler.behaviour.rethrows),
  );
  return lettingOut.length * 2 <= among.length;
}

function nearby(handler: FailureHandler, call: DetectedCall): boolean {
  if (handler.local || handler.depth <= 1 || handler.node.getSourceFile() === call.node.getSourceFile()) return true;
  const owner = (node: ts.Node): ts.Node | undefined => {
    let current: ts.Node | undefined = node.parent;
    while (current && !ts.isClassLike(current) && !ts.isSourceFile(current)) current = current.parent;
    return current && ts.isClassLike(current) ? current : undefined;
  };
  const handlerClass = owner(handler.node);
  return !!handlerClass && handlerClass === owner(call.node);
}

/**
 * `catch { return await backupAnswer(q); }` where `backupAnswer` makes a model call; or the
 * function around the catch calling itself with another model (`return summarise(text,
 * BACKUP_MODEL)`). Calling itself with the same choice (the next attempt, a counter moved on, a
 * shorter prompt) retries it (the retry facet's recursion): no alternative.
 */
function callsModelIndirectly(body: ts.Node, call: DetectedCall, context: FacetContext): boolean {
  let found = false;
  walkSameFunction(body, (node) => {
    if (found) return false;
    if (!ts.isCallExpression(node)) return undefined;
    const callee = unwrapExpression(node.expression);
    const declaration = declarationOf(ts.isPropertyAccessExpression(callee) ? callee.name : callee, context.checker);
    if (
      declaration &&
      (ts.isFunctionDeclaration(declaration) ||
        ts.isMethodDeclaration(declaration) ||
        ts.isVariableDeclaration(declaration))
    ) {
      if (isAncestor(declaration, node)) found = passesAnotherModel(node, declaration);
      else if (makesModelCall(declaration, context, 0)) found = true;
    }
    return undefined;
  });
  return found;
}

/**
 * Does a self-call choose another model: an argument named like a model choice, or given for a
 * parameter named like one, other than that parameter itself (`summarise(text, backupModel)` for
 * `summarise(text, modelOverride?)`), or an option of that name (`{ ...args, model: fallback }`)?
 */
function passesAnotherModel(selfCall: ts.CallExpression, declaration: ts.Node): boolean {
  const fn = ts.isVariableDeclaration(declaration) ? declaration.initializer : declaration;
  const target = fn && unwrapExpression(fn as ts.Expression);
  const parameters = target && isFunctionLike(target) ? target.parameters : undefined;
  return selfCall.arguments.some((argument, index) => {
    const value = unwrapExpression(argument);
    const parameter = parameters?.[index]?.name;
    const parameterName = parameter && ts.isIdentifier(parameter) ? parameter.text : undefined;
    if (ts.isIdentifier(value) && value.text === parameterName) return false;
    if (parameterName && MODEL_CHOICE.test(parameterName)) return true;
    if (ts.isIdentifier(value)) return MODEL_CHOICE.test(value.text);
    if (!ts.isObjectLiteralExpression(value)) return false;
    return value.properties.some((property) => {
      if (!ts.isPropertyAssignment(property) && !ts.isShorthandPropertyAssignment(property)) return false;
      const key = ts.isIdentifier(property.name) ? property.name.text : '';
      if (!MODEL_CHOICE.test(key)) return false;
      // `{ ...args, model: args.model }` passes the same choice on.
      const given = ts.isPropertyAssignment(property) ? unwrapExpression(property.initializer) : property.name;
      return !(ts.isPropertyAccessExpression(given) && given.name.text === key) && given.getText() !== key;
    });
  });
}

/** How many functions deep `makesModelCall` looks through the workspace's own calls. */
const MAX_INDIRECT_DEPTH = 2;

/**
 * Whether the function makes a model call: itself, or through a function of the workspace it calls
 * (a few deep), or an interface method of the workspace whose name a model-calling method bears
 * (`completerFor(model).complete(prompt)`).
 */
function makesModelCall(declaration: ts.Node, context: FacetContext, depth: number): boolean {
  if (context.modelCallsWithin(declaration).length > 0) return true;
  if (depth >= MAX_INDIRECT_DEPTH) return false;
  let found = false;
  walk(declaration, (node) => {
    if (found) return false;
    if (!ts.isCallExpression(node)) return undefined;
    const callee = unwrapExpression(node.expression);
    const name = ts.isPropertyAccessExpression(callee) ? callee.name : ts.isIdentifier(callee) ? callee : undefined;
    if (!name || !context.modelCallerNamed(name.text)) return undefined;
    const target = declarationOf(name, context.checker);
    if (!target || isPackageDeclaration(target.getSourceFile())) return undefined;
    if (ts.isMethodSignature(target) || ts.isPropertySignature(target)) found = true;
    else if (!isAncestor(target, node) && makesModelCall(target, context, depth + 1)) found = true;
    return undefined;
  });
  return found;
}

/** cockatiel `wrap(fallback(...), retry(...)).execute(fn)` around the call. */
function cockatielFallback(call: DetectedCall, context: FacetContext): ts.Node | undefined {
  const fn = enclosingFunction(call.node);
  const policy = fn ? executedBy(fn) : undefined;
  if (!policy) return undefined;
  return cockatielPolicies(policy, context.checker).find((item) => item.kind === 'fallback')?.call;
}
