import { ts } from 'ts-morph';
import { enclosingFunction, isFunctionLike } from '../ast';
import type { DetectedCall } from '../detect';
import type { FlowFacet } from '../types';
import type { FacetContext } from './context';
import {
  argumentNames,
  isModelBarrier,
  isPropertyNameOf,
  type OutputScope,
  type OutputUseAnalysis,
} from './output-use';

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
    const index = scopeIndex(outputs, inScope);
    for (const argument of args) {
      for (const [other, validated] of taintedBy(argument, index, context)) {
        if (other === call) continue;
        const id = context.idOf(other);
        upstream.set(id, (upstream.get(id) ?? true) && validated);
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

interface ScopeEntry {
  other: DetectedCall;
  scope: OutputScope;
}

/** The output scopes living in one function body, by the expression and by the names that carry them. */
interface ScopeIndex {
  bySource: Map<ts.Node, ScopeEntry[]>;
  byName: Map<string, ScopeEntry[]>;
}

const indexes = new WeakMap<OutputUseAnalysis, Map<ts.Node, ScopeIndex>>();

function scopeIndex(outputs: OutputUseAnalysis, scope: ts.Node): ScopeIndex {
  let byScope = indexes.get(outputs);
  if (!byScope) indexes.set(outputs, (byScope = new Map<ts.Node, ScopeIndex>()));
  let index = byScope.get(scope);
  if (index) return index;
  index = { bySource: new Map(), byName: new Map() };
  const add = <K>(map: Map<K, ScopeEntry[]>, key: K, entry: ScopeEntry): void => {
    const list = map.get(key);
    if (list) list.push(entry);
    else map.set(key, [entry]);
  };
  for (const entry of outputs.scopesIn(scope)) {
    add(index.bySource, entry.scope.source, entry);
    for (const name of entry.scope.names.keys()) add(index.byName, name, entry);
  }
  byScope.set(scope, index);
  return index;
}

/**
 * The model calls whose output reaches `argument`, each with whether every path was validated:
 * `taintOf` for every output scope of the function at once, in one walk of the argument (asking
 * each scope in turn made a function with many calls quadratic). A call's own expression or a name
 * derived from it taints; nested functions and other model calls (barriers) stop the walk.
 */
function taintedBy(argument: ts.Node, index: ScopeIndex, context: FacetContext): Map<DetectedCall, boolean> {
  const found = new Map<DetectedCall, boolean>();
  const mark = (entry: ScopeEntry, validated: boolean): void => {
    found.set(entry.other, (found.get(entry.other) ?? true) && validated);
  };
  const visit = (node: ts.Node): void => {
    for (const entry of index.bySource.get(node) ?? []) mark(entry, false);
    if (ts.isIdentifier(node) && !isPropertyNameOf(node))
      for (const entry of index.byName.get(node.text) ?? []) mark(entry, entry.scope.names.get(node.text) ?? false);
    if (isFunctionLike(node) || isModelBarrier(node, undefined, context)) return;
    ts.forEachChild(node, visit);
  };
  visit(argument);
  return found;
}
