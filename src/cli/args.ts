import { parseArgs } from 'node:util';
import { isReportFormat, REPORT_FORMATS, type ReportFormat } from '../report/index';

const FAIL_ON_LEVELS = ['error', 'warning', 'info', 'none'] as const;
export type FailOn = (typeof FAIL_ON_LEVELS)[number];

/** A mistake in how the command was called: exit 2, message on stderr, no stack. */
export class UsageError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'UsageError';
  }
}

export interface RunArgs {
  kind: 'run';
  /** As given (relative to the working directory); `['.']` when none. */
  paths: string[];
  format: ReportFormat;
  output?: string;
  failOn: FailOn;
  config?: string;
  root?: string;
  /** undefined = decide from the terminal. */
  color?: boolean;
  /** `apply`: write the safe fixes (`--fix`); `dry-run`: print their diff (`--fix-dry-run`). */
  fix: 'off' | 'apply' | 'dry-run';
}

export type CliArgs = { kind: 'help' } | { kind: 'version' } | RunArgs;

export const USAGE = `Usage: orchestration-audit [options] [paths...]

Finds the LLM/model SDK calls in a TypeScript/JavaScript project and reports the decisions
around them: failure handling, retries, timeouts, output validation, fallbacks, logging, cost.

Arguments:
  paths                   files or folders to audit (default: .)

Options:
  -f, --format <name>     ${REPORT_FORMATS.join(', ')} (default: text)
  -o, --output <file>     write the report to a file instead of standard output
      --fail-on <level>   exit 1 when a finding is at or above this level:
                          ${FAIL_ON_LEVELS.join(', ')} (default: error)
  -c, --config <file>     config file (default: <root>/.orchestration-audit.json)
      --root <dir>        project root (default: the nearest folder holding the paths
                          that has a package.json or tsconfig.json)
      --color, --no-color force colours in the text report on or off
      --fix               apply the safe fixes (timeouts, explicit retries, max output
                          tokens, stream onError) to the files and list them instead of
                          the report; @ai-decision-documented findings are left alone
      --fix-dry-run       print the safe fixes as a unified diff; write nothing
  -h, --help              show this help
  -v, --version           show the version

Exit codes:
  0  no finding at or above --fail-on (documented findings never count);
     with --fix / --fix-dry-run: the fixes were applied (or diffed)
  1  some finding is at or above --fail-on; with --fix: a file was refused
     (changed on disk since the audit read it, read-only, or not writable)
  2  usage or configuration error
  3  the analyser failed (a bug: ORCHESTRATION_AUDIT_DEBUG=1 shows the stack)
  130  cancelled (Ctrl-C); with --fix, no file is written after it
`;

export function parseCliArgs(argv: readonly string[]): CliArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        format: { type: 'string', short: 'f' },
        output: { type: 'string', short: 'o' },
        'fail-on': { type: 'string' },
        config: { type: 'string', short: 'c' },
        root: { type: 'string' },
        color: { type: 'boolean' },
        'no-color': { type: 'boolean' },
        fix: { type: 'boolean' },
        'fix-dry-run': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    });
  } catch (error) {
    // parseArgs explains well ("Unknown option '--fomat'"); it only needs to become a usage error.
    throw new UsageError(error instanceof Error ? error.message : String(error), { cause: error });
  }
  const { values, positionals } = parsed;
  if (values.help) return { kind: 'help' };
  if (values.version) return { kind: 'version' };

  const format = values.format ?? 'text';
  if (!isReportFormat(format))
    throw new UsageError(`--format must be one of ${REPORT_FORMATS.join(', ')}; got "${format}"`);
  const failOn = values['fail-on'] ?? 'error';
  if (!isFailOn(failOn)) throw new UsageError(`--fail-on must be one of ${FAIL_ON_LEVELS.join(', ')}; got "${failOn}"`);
  if (values.color && values['no-color']) throw new UsageError('--color and --no-color cannot both be given');
  if (values.fix && values['fix-dry-run']) throw new UsageError('--fix and --fix-dry-run cannot both be given');
  if ((values.fix || values['fix-dry-run']) && (values.output !== undefined || values.format !== undefined)) {
    throw new UsageError(
      `--${values.fix ? 'fix' : 'fix-dry-run'} prints what it changes, not a report: it cannot be combined with --format or --output`,
    );
  }
  for (const [name, value] of [
    ['--output', values.output],
    ['--config', values.config],
    ['--root', values.root],
  ] as const) {
    if (value === '') throw new UsageError(`${name} needs a path`);
  }

  return {
    kind: 'run',
    paths: positionals.length > 0 ? positionals : ['.'],
    format,
    output: values.output,
    failOn,
    config: values.config,
    root: values.root,
    color: values.color ? true : values['no-color'] ? false : undefined,
    fix: values.fix ? 'apply' : values['fix-dry-run'] ? 'dry-run' : 'off',
  };
}

function isFailOn(value: string): value is FailOn {
  return (FAIL_ON_LEVELS as readonly string[]).includes(value);
}
