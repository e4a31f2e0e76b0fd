import { ts } from 'ts-morph';
import { findProperty, stringValue, unwrapExpression } from '../ast';
import type { DetectedCall } from '../detect';
import type { CostFacet } from '../types';
import type { FacetContext } from './context';
import type { OptionPath } from '../catalog/types';
import { readerThroughSite, readOption, readOptionOrUnknown, spreadReader } from './options';

export function costFacet(call: DetectedCall, context: FacetContext, reader = spreadReader(context, call)): CostFacet {
  const option = readOptionOrUnknown(call, maxTokensPaths(call), reader);
  // An API the catalogue does not know has its own name for an output bound, if it has one.
  const bounded = option ? (option.unresolved ? 'unknown' : true) : call.apiUnknown ? 'unknown' : false;
  return {
    maxTokens: bounded,
    model: modelOf(call, context.checker),
  };
}

/**
 * Where the output bound is set. A raw HTTP request whose payload is not written in place (its
 * init spreads its caller's, `fetch(url, { ...init, headers })`) is read through the request's
 * body option (`body: JSON.stringify({ max_tokens })` in what the callers pass).
 */
function maxTokensPaths(call: DetectedCall): readonly OptionPath[] {
  const bodyKey = call.shape.bodyPath?.[0];
  if (call.shape.kind !== 'http' || call.params || !call.request || !bodyKey) return call.entry.maxTokens;
  return call.entry.maxTokens.map((option) => ({
    ...option,
    site: 'request' as const,
    path: [bodyKey, ...option.path],
  }));
}

/** The cost facet of a model call made in a function `site` calls, read with the site's arguments. */
export function costThroughSite(
  call: DetectedCall,
  callee: ts.FunctionLikeDeclaration,
  site: ts.CallExpression,
  context: FacetContext,
): CostFacet {
  return costFacet(call, context, readerThroughSite(callee, site, context));
}

/** The model name when it is a literal, the expression when configured, null when not stated. */
export function modelOf(call: DetectedCall, checker: ts.TypeChecker): string | null {
  const option = readOption(call, call.entry.model);
  let value = option?.value;
  // `model: openai('gpt-4o')`, `new ChatOpenAI({ model })`: the provider call names it.
  if (value) {
    const inner = unwrapExpression(value);
    if (ts.isCallExpression(inner) && inner.arguments[0]) value = namedModel(inner.arguments[0]);
  } else if (
    call.origin?.construction &&
    ts.isCallExpression(call.origin.construction) &&
    call.origin.construction.arguments[0] &&
    // `selectChatModels(selector)` picks among models: its argument is a filter, not a model's name.
    !call.entry.listFactories?.includes(call.origin.constructedBy)
  ) {
    value = namedModel(call.origin.construction.arguments[0]);
  }
  if (!value) return null;
  const literal = stringValue(value, checker);
  if (literal !== undefined) return literal;
  const text = unwrapExpression(value).getText();
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** `getModel({ model: current, apiKeys })`: the options' model, not the whole object. */
function namedModel(argument: ts.Expression): ts.Expression {
  const options = unwrapExpression(argument);
  if (!ts.isObjectLiteralExpression(options)) return argument;
  const named =
    findProperty(options, 'model') ?? findProperty(options, 'modelId') ?? findProperty(options, 'modelName');
  if (!named || ts.isMethodDeclaration(named)) return argument;
  return ts.isPropertyAssignment(named) ? named.initializer : named.name;
}
