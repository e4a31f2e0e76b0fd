import { ts } from 'ts-morph';
import { enclosingFunction } from '../ast';
import type { DetectedCall } from '../detect';
import type { FlowFacet } from '../types';
import type { FacetContext } from './context';
import { argumentNames, isModelBarrier, type OutputUseAnalysis, taintOf } from './output-use';

/**
 * Which other model calls' output reaches this call's input: directly in the same function, or
 * through a parameter of the function the call lives in (one caller level up).
 */
export function flowFacet(call: DetectedCall, outputs: OutputUseAnalysis, context: FacetContext): FlowFacet {
  const upstream = new Map<string, boolean>();
  const consider = (argumentsOwner: ts.CallExpression, inScope: ts.Node, indexes?: number[]): void => {
    const args = indexes
      ? indexes.map((index) => argumentsOwner.arguments[index]).filter(Boolean)
      : argumentsOwner.arguments;
    for (const { other, scope } of outputs.scopesIn(inScope)) {
      if (other === call) continue;
      for (const argument of args) {
        const taint = taintOf(argument, scope.source, scope.names, (node) =>
          isModelBarrier(node, scope.source, context),
        );
        if (!taint.tainted) continue;
        const id = context.idOf(other);
        upstream.set(id, (upstream.get(id) ?? true) && taint.validated);
      }
    }
  };
  const fn = enclosingFunction(call.node);
  consider(call.node, fn?.body ?? call.node.getSourceFile());

  // `classify(text)` where the caller passes another model's output as `text`.
  if (fn) {
    const used = argumentNames(call.node);
    const parameterIndexes = fn.parameters
      .map((parameter, index) => (ts.isIdentifier(parameter.name) && used.has(parameter.name.text) ? index : -1))
      .filter((index) => index >= 0);
    if (parameterIndexes.length > 0) {
      for (const caller of context.callers.callersOf(fn)) {
        const callerFn = enclosingFunction(caller);
        consider(caller, callerFn?.body ?? caller.getSourceFile(), parameterIndexes);
      }
    }
  }
  return { upstream: [...upstream].map(([callId, validated]) => ({ callId, validated })) };
}
