import * as assert from 'node:assert/strict';
import { ts } from 'ts-morph';
import { describeHandler } from '../../src/core/facets/handlers';

/** Whether the catch clause of `source` records the failure it caught (read from its syntax). */
function logs(source: string): { logs: boolean; at?: string } {
  const file = ts.createSourceFile('handler.ts', source, ts.ScriptTarget.ES2022, true);
  let clause: ts.CatchClause | undefined;
  const visit = (node: ts.Node): void => {
    if (ts.isCatchClause(node)) clause ??= node;
    ts.forEachChild(node, visit);
  };
  visit(file);
  assert.ok(clause, 'the source has a catch clause');
  const name = clause.variableDeclaration?.name;
  const behaviour = describeHandler(clause.block, name && ts.isIdentifier(name) ? name.text : undefined);
  return { logs: behaviour.logs, ...(behaviour.loggedAt ? { at: behaviour.loggedAt.getText() } : {}) };
}

const inRetryLoop = (catchBody: string): string => `
async function withBackoff<T>(call: () => Promise<T>): Promise<T> {
  for (let attempt = 0; attempt < 4; attempt++) {
    try {
      return await call();
    } catch (error) {
      ${catchBody}
    }
  }
  throw new Error('gave up');
}`;

describe('describeHandler: what records a failure', () => {
  it('does not count a retry notice that shows nothing of the error', () => {
    assert.deepEqual(
      logs(
        inRetryLoop(
          'if ((error as { status?: number }).status !== 429) throw error;\n      const delay = 2 ** attempt;\n      console.log(`Rate limited. Retrying in ${delay} seconds`);',
        ),
      ),
      { logs: false },
    );
    // Nor one without a binding to show.
    const unbound = inRetryLoop(
      "if (attempt === 3) throw new Error('gave up');\n      console.warn('request failed, retrying');",
    );
    assert.deepEqual(logs(unbound.replace('catch (error)', 'catch')), { logs: false });
  });

  it('counts a retry notice where the handler rethrows nothing: it is the only trace of the failures', () => {
    assert.deepEqual(logs(inRetryLoop("console.warn('request failed, retrying');")), {
      logs: true,
      at: "console.warn('request failed, retrying')",
    });
  });

  it('counts a retry line that shows the error, or the error under another name', () => {
    assert.deepEqual(logs(inRetryLoop("console.warn('retrying after', error);")), {
      logs: true,
      at: "console.warn('retrying after', error)",
    });
    const named = logs(
      inRetryLoop(
        'const lastError = error instanceof Error ? error : new Error(String(error));\n      console.warn(`retrying: ${lastError.message}`);',
      ),
    );
    assert.equal(named.logs, true);
    // A value read off the error is not the error: the delay a header gives.
    const readOff = logs(
      inRetryLoop(
        "if (attempt === 3) throw error;\n      const wait = Number((error as { headers?: Record<string, string> }).headers?.['retry-after'] ?? 1);\n      console.log(`Retrying in ${wait} seconds`);",
      ),
    );
    assert.equal(readOff.logs, false);
  });

  it('counts a line without retry words whatever it shows', () => {
    assert.deepEqual(logs(inRetryLoop("console.error('request failed');")), {
      logs: true,
      at: "console.error('request failed')",
    });
  });

  it('counts an error recorded on a span, whatever the span is called', () => {
    const onSpan = (statement: string): boolean =>
      logs(`async function run(llmSpan: any, rootSpan: any, call: () => Promise<void>) {
  try {
    await call();
  } catch (error) {
    ${statement}
    throw error;
  }
}`).logs;
    assert.equal(onSpan('llmSpan?.error({ error });'), true);
    assert.equal(onSpan('rootSpan.setStatus({ code: 2, message: String(error) });'), true);
    assert.equal(onSpan('span.recordException(error as Error);'), true);
    assert.equal(onSpan('appTracer.error(error);'), true);
    // A name that only ends in the word is not a span: `lifespan.record(...)` counts no failure.
    assert.equal(onSpan('lifespan.record(Date.now());'), false);
  });

  it('counts a method named for the record it writes when it is given the error', () => {
    const recorded = (statement: string): boolean =>
      logs(`async function run(requestLog: any, audit: any, call: () => Promise<void>) {
  try {
    await call();
  } catch (err) {
    ${statement}
    throw err;
  }
}`).logs;
    assert.equal(recorded('requestLog.logResponse({ id: 7, output: `[error: ${String(err)}]` });'), true);
    assert.equal(recorded("audit.logEvent('completion failed', err);"), true);
    // Without the error it writes some other record; `logout` is no record at all.
    assert.equal(recorded("requestLog.logResponse({ id: 7, output: 'none' });"), false);
    assert.equal(recorded('audit.logout(err);'), false);
  });
});
