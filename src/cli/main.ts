import { EXIT_INTERNAL, runCli } from './run';

export interface MainOptions {
  /** Called once an audit has run: by then V8 has compiled what an audit needs (see launch.ts). */
  audited?: () => void;
}

/** The CLI proper, in dist/cli-main.js: dist/cli.js (launch.ts) loads it with its code cache. */
export function main(options: MainOptions = {}): void {
  // Ctrl-C cancels the audit between files instead of killing it mid-write; a second one kills.
  const controller = new AbortController();
  process.once('SIGINT', () => controller.abort());

  runCli(process.argv.slice(2), {
    stdout: process.stdout,
    stderr: process.stderr,
    cwd: process.cwd(),
    env: process.env,
    signal: controller.signal,
    audited: options.audited,
  }).then(
    (code) => {
      // exitCode, not exit(): a large report piped to another program must be flushed first.
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`orchestration-audit: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = EXIT_INTERNAL;
    },
  );
}
