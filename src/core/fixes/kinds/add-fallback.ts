import { offer } from '../offer';
import { ts } from 'ts-morph';
import { accessChain, isAncestor, unwrapExpression } from '../../ast';
import { readOption } from '../../facets/options';
import { isTextOutput } from '../../output-kinds';
import type { Fix } from '../../types';
import type { FixSite } from '../context';
import { renderBody, wrapEdits, wrappableStatement } from '../edits/wrap-statement';
import { errorFields, loggerAt, logStatement, type RecordField } from '../log-record';
import { fallbackModelFor } from '../sdk-options';
import { quote } from '../style';
import { indentLines } from '../text';

/**
 * Add a fallback (`no-fallback`, `unhandled-model-error`): when the call fails, the same statement
 * runs again with a fallback model of the same SDK (config `fallbackModel`, else a cheaper model of
 * that SDK), after a structured log record saying the fallback was taken. If the fallback fails
 * too, its error propagates as before. Not offered inside a recursive retry.
 */
export function addFallback(site: FixSite): Fix | undefined {
  const { call, style, facets } = site;
  if (call.streaming) return undefined;
  // The fallback models are models that write text: none stands in for an embedding or a verdict.
  if (!isTextOutput(call.shape.output)) return undefined;
  // A function that calls itself again from a catch around the call retries it: a catch written
  // here would answer the failure first and turn that retry off (the SDK's own retries, the only
  // layer left, would then be reported implicit). A loop still repeats the statement, fallback
  // included.
  if (site.profile.retry.layers.some((layer) => layer.kind === 'recursion' && layer.predicate !== 'invalid-output'))
    return undefined;
  const model = modelLiteral(site);
  if (!model) return undefined;
  const fallback = fallbackModelFor(call, model.literal.text, facets.config.fallbackModel, model.provider);
  if (!fallback) return undefined;
  const wrap = wrappableStatement(call.node, style, { requireAwait: true });
  if (!wrap || !isAncestor(wrap.statement, model.literal)) return undefined;
  // The copy re-runs the whole statement: it must make no other model call.
  if (facets.modelCallsWithin(wrap.statement).length !== 1) return undefined;
  const errorName = 'error';
  const fields: RecordField[] = [
    ['event', quote('model_fallback', style)],
    ['operation', quote(call.shape.name, style)],
    ['model', quote(model.literal.text, style)],
    ['fallbackModel', quote(fallback, style)],
    ...errorFields(errorName, style),
  ];
  const log = loggerAt(wrap.statement, 'warn', facets.checker);
  const inner = wrap.indent + style.indentUnit;
  const literalText = sameQuotes(wrap.sourceFile.text[model.literal.getStart(wrap.sourceFile)], fallback);
  const copy = renderBody(wrap, style.indentUnit, [
    { start: model.literal.getStart(wrap.sourceFile), end: model.literal.getEnd(), text: literalText },
  ]);
  const logLines = logStatement(
    log,
    fields,
    `${call.shape.name} failed; using the fallback model`,
    style,
    inner.length,
  );
  // The copy is rendered at the catch block's depth already: only its first line needs the indentation.
  const catchLines = (indent: string): string[] => [...indentLines(logLines, indent), `${indent}${copy}`];
  const edits = wrapEdits(wrap, { catchName: errorName, catchLines }, style);
  return offer('add-fallback', {
    title: `Add a fallback: retry with ${fallback} when ${model.literal.text} fails (logged with ${log.callee})`,
    safe: false,
    edits,
  });
}

/** The model's name written as a string literal in the call (or in `model: openai('gpt-4o')`). */
function modelLiteral(
  site: FixSite,
): { literal: ts.StringLiteral | ts.NoSubstitutionTemplateLiteral; provider?: string } | undefined {
  const { call } = site;
  const option = readOption(call, call.entry.model);
  if (!option?.value || option.site === 'client') return undefined;
  const value = unwrapExpression(option.value);
  if (ts.isStringLiteral(value) || ts.isNoSubstitutionTemplateLiteral(value)) return { literal: value };
  if (ts.isCallExpression(value) && value.arguments.length >= 1) {
    const first = unwrapExpression(value.arguments[0]);
    if (!ts.isStringLiteral(first) && !ts.isNoSubstitutionTemplateLiteral(first)) return undefined;
    const chain = accessChain(value.expression);
    const provider = ts.isIdentifier(chain.root) ? chain.root.text : undefined;
    return { literal: first, provider };
  }
  return undefined;
}

/** The fallback's name in the quotes the original model name was written in. */
function sameQuotes(quoteChar: string | undefined, value: string): string {
  if (quoteChar === '`') return `\`${value.replace(/[`\\$]/g, '\\$&')}\``;
  if (quoteChar === '"') return JSON.stringify(value);
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}
