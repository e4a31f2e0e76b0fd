import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { analyzeProgram, analyzeProgramInSlices, type AnalyzeProgramInput } from '../../src/core/analyzer';
import { DEFAULT_CONFIG } from '../../src/core/config';
import { AnalysisSession, AuditCancelledError, type AuditProgress } from '../../src/core/index';
import { discoverFiles } from '../../src/core/workspace/discover';
import { ProgramHost } from '../../src/core/workspace/program-host';
import { compilerSetup } from '../../src/core/workspace/tsconfig';
import { generateWorkspace } from '../bench/generate';

const FIXTURE = path.join(__dirname, '..', 'fixtures', 'fallback-and-logging');

function fixtureInput(): AnalyzeProgramInput {
  const files = discoverFiles({ root: FIXTURE, paths: [FIXTURE], exclude: [], ignoreTests: true }).files;
  const host = new ProgramHost({ options: compilerSetup(FIXTURE).options, isIncluded: () => true, sdkTypes: false });
  for (const file of files) host.setFile(file, fs.readFileSync(file, 'utf8'));
  return {
    program: host.getProgram(),
    targetFiles: files,
    workspaceFiles: files,
    root: FIXTURE,
    config: DEFAULT_CONFIG,
  };
}

describe('analysis in slices (cancellable audits)', () => {
  it('pauses between every file and every call, and gives the same result as the one-block analysis', async () => {
    const input = fixtureInput();
    const whole = analyzeProgram(input);
    let pauses = 0;
    const sliced = await analyzeProgramInSlices(fixtureInput(), async () => void pauses++, 0);
    assert.ok(whole.profiles.length >= 8, 'the fixture has its model calls');
    // A pause after each target file and after each call.
    assert.equal(pauses, input.targetFiles.length + whole.profiles.length);
    assert.deepEqual(JSON.parse(JSON.stringify(sliced.findings)), JSON.parse(JSON.stringify(whole.findings)));
    assert.deepEqual(JSON.parse(JSON.stringify(sliced.profiles)), JSON.parse(JSON.stringify(whole.profiles)));
  });

  it('stops at the pause that throws: no result comes back', async () => {
    let pauses = 0;
    await assert.rejects(
      analyzeProgramInSlices(
        fixtureInput(),
        async () => {
          if (++pauses === 3) throw new AuditCancelledError();
        },
        0,
      ),
      AuditCancelledError,
    );
    assert.equal(pauses, 3);
  });
});

describe('AnalysisSession.load() cancelled in each phase', function () {
  this.timeout(120_000);
  let root: string;

  before(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'oa-cancel-'));
    generateWorkspace({ files: 400, seed: 7, outDir: root, force: true });
  });

  after(() => fs.rmSync(root, { recursive: true, force: true }));

  const phases: { name: string; when: (progress: AuditProgress) => boolean }[] = [
    { name: 'while reading files', when: (progress) => progress.phase === 'scan' && progress.done < progress.total },
    { name: 'while parsing', when: (progress) => progress.phase === 'parse' && progress.done < progress.total },
    {
      name: 'after parsing, before the analysis',
      when: (progress) => progress.phase === 'parse' && progress.done === progress.total,
    },
  ];

  for (const phase of phases) {
    it(`${phase.name}: rejects with AuditCancelledError, and a new load still works`, async () => {
      const session = new AnalysisSession({ root });
      const controller = new AbortController();
      const seen: string[] = [];
      await assert.rejects(
        session.load({
          signal: controller.signal,
          onProgress: (progress) => {
            seen.push(`${progress.phase} ${progress.done}/${progress.total}`);
            if (phase.when(progress)) controller.abort();
          },
        }),
        AuditCancelledError,
      );
      assert.ok(controller.signal.aborted, `the phase was reached (progress: ${seen.join(', ')})`);
      assert.ok(!seen.some((line) => line.startsWith('analyse')), 'the analysis did not finish');
      const result = await new AnalysisSession({ root }).load();
      assert.ok(result.profiles.length > 0);
    });
  }
});

describe('AnalysisSession.load() with a slice of its own (the editor’s first file alone)', function () {
  this.timeout(60_000);
  const target = path.join(FIXTURE, 'src');

  /** Whether a task queued on the event loop just before the load ran before the load resolved. */
  async function gaveTheEventLoopATurn(sliceMs?: number): Promise<{ turn: boolean; result: unknown }> {
    let turn = false;
    const session = new AnalysisSession({ root: FIXTURE });
    setImmediate(() => (turn = true));
    const result = await session.load({ paths: [target], sliceMs });
    const ranBefore = turn;
    await new Promise((resolve) => setImmediate(resolve));
    return { turn: ranBefore, result: JSON.parse(JSON.stringify({ ...result, stats: { ...result.stats, ms: 0 } })) };
  }

  it('pauses only when its slice has run out, with the result of a load that pauses', async () => {
    const paused = await gaveTheEventLoopATurn();
    const oneStretch = await gaveTheEventLoopATurn(Infinity);
    const everyPause = await gaveTheEventLoopATurn(0);
    assert.equal(paused.turn, true, 'a default load pauses for the event loop between its phases');
    assert.equal(oneStretch.turn, false, 'a load whose slice does not run out never pauses');
    assert.equal(everyPause.turn, true, 'a load whose slice always runs out pauses');
    assert.deepEqual(oneStretch.result, paused.result);
    assert.deepEqual(everyPause.result, paused.result);
  });

  it('still stops for a signal aborted before it starts', async () => {
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(
      new AnalysisSession({ root: FIXTURE }).load({ paths: [target], sliceMs: Infinity, signal: controller.signal }),
      AuditCancelledError,
    );
  });
});
