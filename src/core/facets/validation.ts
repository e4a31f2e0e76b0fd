import { ts } from 'ts-morph';
import { readPath, unwrapExpression } from '../ast';
import { SCHEMA_WRAPPERS } from '../catalog/wrappers';
import { consumptionSites } from '../graph/streams';
import type { DetectedCall } from '../detect';
import type { ValidationFacet } from '../types';
import { readOption, type OptionValue } from './options';
import type { OutputUse } from './output-use';
import { isTextOutput } from '../output-kinds';

/**
 * What the call returns: the catalogue's kind, or, where that depends on the model the request
 * names (`outputFromUse`), an embedding when the code reads the response's embedding fields.
 */
export function outputKindOf(call: DetectedCall, use: OutputUse): DetectedCall['shape']['output'] {
  return call.shape.outputFromUse && use.readsEmbedding ? 'embedding' : call.shape.output;
}

export function validationFacet(call: DetectedCall, use: OutputUse): ValidationFacet {
  const facet = validationOf(call, use);
  // An API the catalogue does not know may not say why it stopped: no finish field to ask for.
  return call.apiUnknown && !facet.truncationChecked ? { ...facet, truncationUnknown: true } : facet;
}

function validationOf(call: DetectedCall, use: OutputUse): ValidationFacet {
  const truncationChecked = use.truncationChecked;
  if (usesStructuredOutput(call) || use.schemaValidated) return { kind: 'schema', truncationChecked };
  // Streamed text is for display: casting the stream object or checking chunk shapes is not
  // validating what the model said. Not when the stream is collected into one answer and returned:
  // the callers get whole text, as from a call that does not stream.
  const text = isTextOutput(outputKindOf(call, use));
  // Iteration says the call streams only where its options decide: an operation that never streams
  // (`generateContent`) is not streamed because a generator is iterated beside it.
  const iterated = use.iterated && call.shape.streaming !== false;
  const displayed = (isStreamed(call) || iterated) && !use.parsesWhole && !use.collected;
  if (text && displayed) return { kind: 'not-applicable', truncationChecked };
  if (use.manualCheck) return { kind: 'manual', truncationChecked };
  // A presence or `typeof … === 'string'` test checks the answer is there. On parsed or cast data it
  // checks structure; on text it only checks that there is text, which truncation does not break.
  if (use.presenceCheck || use.textTypeCheck)
    return use.cast || use.jsonParse
      ? { kind: 'manual', truncationChecked }
      : { kind: 'manual', truncationChecked, presenceOnly: true };
  if (use.cast) return { kind: 'cast', truncationChecked, span: use.cast.span, castTo: use.cast.type };
  if (use.jsonParse) return { kind: 'json-parse-only', truncationChecked, span: use.jsonParse };
  // Text nobody checks is unvalidated whatever it is used for; `usedAsData` says when that matters.
  return { kind: 'none', truncationChecked, usedAsData: use.usedAsData };
}

/** Streamed: by its options, or because the code iterates what it returns (`for await`). */
function isStreamed(call: DetectedCall): boolean {
  return (
    call.streaming ||
    consumptionSites(call.node).some(
      (site) =>
        (ts.isForOfStatement(site) && !!site.awaitModifier) || (ts.isYieldExpression(site) && !!site.asteriskToken),
    )
  );
}

/**
 * A structured-output option that names a schema. A string there only asks for JSON (Ollama's
 * `format: 'json'`, a MIME type): the model may still answer any shape, and nothing checks it.
 */
function isSchemaOption(option: OptionValue | undefined): boolean {
  if (!option) return false;
  const value = option.value && unwrapExpression(option.value);
  return !value || !(ts.isStringLiteralLike(value) || ts.isTemplateExpression(value));
}

/** `Instructor({ client })` with `response_model: { schema }`: the patched client validates (SCHEMA_WRAPPERS). */
function schemaFromWrapper(call: DetectedCall): boolean {
  return SCHEMA_WRAPPERS.some(
    (library) =>
      call.origin?.wrappers.some((wrapper) => wrapper.name === library.function) &&
      library.paths.some((path) => readPath(call.params, path)),
  );
}

/** The SDK validates for us: `chat.completions.parse`, `generateObject({ schema })`, `withStructuredOutput`, `zodResponseFormat`. */
function usesStructuredOutput(call: DetectedCall): boolean {
  if (schemaFromWrapper(call)) return true;
  const structured = call.entry.structuredOutput;
  if (!structured) return false;
  if (structured.operations?.includes(call.shape.name)) return true;
  // `model.withStructuredOutput(schema)`: the helper wraps the client the call is made on.
  if (call.origin?.wrappers.some((wrapper) => structured.helpers?.includes(wrapper.name))) return true;
  if (structured.paths && isSchemaOption(readOption(call, structured.paths))) return true;
  if (structured.helpers?.length && call.params) {
    let found = false;
    const visit = (node: ts.Node): void => {
      if (found) return;
      if (ts.isCallExpression(node)) {
        const callee = unwrapExpression(node.expression);
        const name = ts.isIdentifier(callee)
          ? callee.text
          : ts.isPropertyAccessExpression(callee)
            ? callee.name.text
            : '';
        if (structured.helpers!.includes(name)) found = true;
      }
      ts.forEachChild(node, visit);
    };
    visit(call.params);
    return found;
  }
  return false;
}
