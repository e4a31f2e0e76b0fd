import * as fs from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';
import { JsonSyntaxError, lineAndColumn, parseJsonWithOffsets, type ParsedJson } from './config-json';
import { describeIssue, pickIssue, type IssueHints, type IssueReport } from './config-issues';
import type { DeclaredModel } from './catalog/declared';
import type { RuleDefinition } from './rules/define-rule';
import { RULES } from './rules/index';
import type { Severity, SeveritySetting } from './types';

/** The effective configuration of one audit (defaults merged with `.orchestration-audit.json`). */
export interface AuditConfig {
  /** Per-rule severity and options, by rule id. Missing ids use the rule's defaults. */
  rules: Record<string, { severity: SeveritySetting; options: Record<string, unknown> }>;
  /** Globs (relative to the root, `/` separators) of files not to audit, on top of the built-in ones. */
  exclude: string[];
  /** Skip test files and SDK mocks (`*.test.*`, `*.spec.*`, `__mocks__/`). */
  ignoreTests: boolean;
  /** Files larger than this are skipped with a reason. */
  maxFileBytes: number;
  /** Model used by the "Add a fallback" fix; null = the per-SDK default. */
  fallbackModel: string | null;
  /** Timeout written by the "Add timeout" fix. */
  defaultTimeoutMs: number;
  /** Where the "Create orchestration helper" fix writes its module (relative to the root, `/` separators). */
  helperModulePath: string;
  /**
   * Load the model SDKs' declaration files so the checker can recognise calls through inferred SDK
   * types too. Off by default: SDK imports prove what a name is, and the typings cost most of an audit.
   */
  sdkTypes: boolean;
  /** Model-calling functions of packages the audit cannot see into (the team's gateway), recognised like an SDK's. */
  models: DeclaredModel[];
}

export const DEFAULT_CONFIG: AuditConfig = {
  rules: {},
  exclude: [],
  ignoreTests: true,
  maxFileBytes: 2_000_000,
  fallbackModel: null,
  defaultTimeoutMs: 30_000,
  helperModulePath: 'src/ai/call-model.ts',
  sdkTypes: false,
  models: [],
};

export const CONFIG_FILE_NAME = '.orchestration-audit.json';

/** Larger source files are generated or vendored; beyond this a typo (an extra zero) is the likelier story. */
const MAX_FILE_BYTES_LIMIT = 50 * 1024 * 1024;
/** An hour is already far beyond any interactive model call. */
const MAX_TIMEOUT_MS_LIMIT = 60 * 60 * 1000;
/** The smallest `defaultTimeoutMs`: below a second it is almost surely seconds written as milliseconds. */
const MIN_DEFAULT_TIMEOUT_MS = 1000;
/** A config file is a few hundred bytes; refusing huge ones keeps a wrong `--config` from eating memory. */
const MAX_CONFIG_FILE_BYTES = 1024 * 1024;

const SEVERITY_SETTINGS = ['error', 'warning', 'info', 'off'] as const satisfies readonly SeveritySetting[];

/** A config problem, always tied to a file and a dotted key, and to a line and column when the file has text. */
export class ConfigError extends Error {
  readonly file: string;
  /** Dotted path of the offending value, e.g. `rules.retry-amplification.1.threshold`; `''` for the whole file. */
  readonly key: string;
  readonly problem: string;
  readonly line?: number;
  readonly column?: number;

  constructor(init: { file: string; key: string; problem: string; line?: number; column?: number; cause?: unknown }) {
    const where = init.line === undefined ? init.file : `${init.file}:${init.line}:${init.column ?? 1}`;
    super(`${where}: ${init.key === '' ? '' : `${init.key}: `}${init.problem}`, { cause: init.cause });
    this.name = 'ConfigError';
    this.file = init.file;
    this.key = init.key;
    this.problem = init.problem;
    this.line = init.line;
    this.column = init.column;
  }
}

// ---------------------------------------------------------------------------------------------
// The schema. One zod schema serves both validation and the published JSON Schema, so the two
// cannot disagree.

const severitySchema = z.enum(SEVERITY_SETTINGS);

/**
 * What a person may write as a rule's options: every option is optional, because the rule's
 * `defaultOptions` fill the rest (the merged whole is checked against the full schema after).
 * Unknown option keys are errors: a misspelt option would otherwise be ignored in silence.
 */
function writtenOptionsSchema(rule: RuleDefinition): z.ZodType {
  const { options } = rule.meta;
  if (options === undefined) return z.object({}).strict();
  return options instanceof z.ZodObject ? options.partial().strict() : options;
}

function ruleEntrySchema(rule: RuleDefinition): z.ZodType {
  const options = writtenOptionsSchema(rule);
  return z
    .union([severitySchema, z.tuple([severitySchema, options.optional()])])
    .meta({ description: `${rule.meta.description} Default: ${rule.meta.defaultSeverity}. ${rule.meta.docsUrl}` });
}

function isAbsoluteAnywhere(value: string): boolean {
  return path.posix.isAbsolute(value) || path.win32.isAbsolute(value);
}

/** Why `value` is not a path inside the root, or undefined when it is. */
function pathInsideRootProblem(value: string): string | undefined {
  if (value.includes('\0')) return 'must not contain a NUL character';
  if (isAbsoluteAnywhere(value)) return 'must be a path relative to the project root, not an absolute path';
  const normalized = path.posix.normalize(value.replace(/\\/g, '/'));
  if (normalized === '..' || normalized.startsWith('../')) return 'must stay inside the project root (no ".." escape)';
  if (normalized === '.' || normalized.endsWith('/')) return 'must name a file, not a folder';
  return undefined;
}

const helperModulePathSchema = z
  .string()
  .min(1)
  .superRefine((value, context) => {
    const problem = pathInsideRootProblem(value);
    if (problem) context.addIssue({ code: 'custom', message: problem });
  });

/** Model calls of a declared function: the same bounds as the config's other timeouts. */
const declaredModelSchema = z
  .object({
    module: z
      .string()
      .min(1)
      .refine((module) => !module.startsWith('.') && !isAbsoluteAnywhere(module), {
        message: 'must be a package name (e.g. "@acme/llm"), not a relative or absolute path',
      })
      .meta({ description: 'The package the function is imported from, e.g. "@acme/llm".' }),
    export: z
      .string()
      .regex(/^[A-Za-z_$][\w$]*$/, { message: 'must be the name of an exported function, e.g. "complete"' })
      .meta({ description: 'The exported function that calls a model, e.g. "complete".' }),
    retries: z
      .number()
      .int()
      .min(0)
      .max(100)
      .optional()
      .meta({ description: 'How many times the function retries a failed call itself (not attempts). Default: 0.' }),
    timeoutMs: z
      .number()
      .int()
      .positive()
      .max(MAX_TIMEOUT_MS_LIMIT)
      .optional()
      .meta({ description: 'The timeout it applies to each attempt, in milliseconds. Default: none.' }),
    streaming: z.boolean().optional().meta({ description: 'The function returns a stream. Default: false.' }),
    maxTokens: z
      .string()
      .regex(/^[A-Za-z_$][\w$]*$/, { message: 'must be the name of an option of the first argument, e.g. "maxTokens"' })
      .optional()
      .meta({
        description: 'The option of its first argument that limits the output tokens, e.g. "maxTokens". Default: none.',
      }),
  })
  .strict();

const excludeGlobSchema = z
  .string()
  .min(1)
  .refine((glob) => !isAbsoluteAnywhere(glob), {
    message: 'globs are relative to the project root; absolute paths never match',
  });

function configSchema(rules: readonly RuleDefinition[] = RULES) {
  const ruleShape: Record<string, z.ZodOptional<z.ZodType>> = {};
  for (const rule of rules) ruleShape[rule.meta.id] = ruleEntrySchema(rule).optional();
  return z
    .object({
      $schema: z.string().optional().meta({ description: 'The JSON Schema of this file, for editors.' }),
      rules: z
        .object(ruleShape)
        .strict()
        .optional()
        .meta({ description: 'Severity ("error", "warning", "info", "off") or [severity, options] per rule id.' }),
      exclude: z.array(excludeGlobSchema).optional().meta({
        description: 'Globs, relative to the project root, of files not to audit (on top of node_modules, dist, ...).',
      }),
      ignoreTests: z
        .boolean()
        .optional()
        .meta({
          description: `Skip test files and SDK mocks (*.test.*, *.spec.*, __mocks__/). Default: ${DEFAULT_CONFIG.ignoreTests}.`,
        }),
      maxFileBytes: z
        .number()
        .int()
        .positive()
        .max(MAX_FILE_BYTES_LIMIT)
        .optional()
        .meta({
          description: `Files larger than this many bytes are skipped and reported. Default: ${DEFAULT_CONFIG.maxFileBytes}.`,
        }),
      fallbackModel: z
        .string()
        .min(1)
        .optional()
        .meta({ description: 'Model the "Add a fallback" fix calls. Default: a cheaper model of the same SDK.' }),
      defaultTimeoutMs: z
        .number()
        .int()
        // In milliseconds: `30` is a 30 ms timeout, which fails every call; seconds were meant.
        .min(MIN_DEFAULT_TIMEOUT_MS, {
          message: `is in milliseconds and must be at least ${MIN_DEFAULT_TIMEOUT_MS} (1 s); for 30 seconds write 30000`,
        })
        .max(MAX_TIMEOUT_MS_LIMIT)
        .optional()
        .meta({
          description: `Timeout in milliseconds written by the "Add timeout" fix. Default: ${DEFAULT_CONFIG.defaultTimeoutMs}.`,
        }),
      helperModulePath: helperModulePathSchema.optional().meta({
        description: `Where the "Create orchestration helper" fix writes its module, relative to the project root. Default: ${DEFAULT_CONFIG.helperModulePath}, or lib/ai/call-model.ts for code that is not under src/.`,
      }),
      models: z.array(declaredModelSchema).optional().meta({
        description:
          'Model-calling functions of packages the audit cannot see into (your own gateway or client library), recognised like a model SDK: their calls are profiled with the retries and timeout declared here.',
      }),
      sdkTypes: z.boolean().optional().meta({
        description:
          'Load the model SDKs\' declaration files, so the checker also recognises calls through SDK types it can only infer (and `recognisedBy` says "type"). About twice the audit time. Default: false (SDK imports identify the calls).',
      }),
    })
    .strict()
    .meta({ title: 'Orchestration Audit configuration (.orchestration-audit.json)' });
}

/**
 * The JSON Schema of the config file. Draft-07 because it is what editors (VS Code's JSON
 * language service among them) validate most completely.
 */
export function configJsonSchema(rules: readonly RuleDefinition[] = RULES): Record<string, unknown> {
  return z.toJSONSchema(configSchema(rules), { target: 'draft-7', io: 'input', unrepresentable: 'any' });
}

/** The committed `schemas/orchestration-audit.schema.json`, byte for byte (two-space JSON, final newline). */
export function configJsonSchemaText(rules: readonly RuleDefinition[] = RULES): string {
  return `${JSON.stringify(configJsonSchema(rules), null, 2)}\n`;
}

// ---------------------------------------------------------------------------------------------
// Parsing and loading.

export interface ConfigOrigin {
  /** Shown in messages; the config file path (relative when it helps) or a label. */
  file: string;
  /** The text the value was read from, to turn offsets into lines and columns. */
  text?: string;
  offsets?: ParsedJson['offsets'];
  keyOffsets?: ParsedJson['keyOffsets'];
}

/** Validates a parsed config value and merges it over the defaults. Throws `ConfigError`. */
export function parseConfig(
  json: unknown,
  rules: readonly RuleDefinition[] = RULES,
  origin: ConfigOrigin = { file: CONFIG_FILE_NAME },
): AuditConfig {
  const schema = configSchema(rules);
  const parsed = schema.safeParse(json);
  const hints: IssueHints = {
    ruleIds: rules.map((rule) => rule.meta.id),
    topLevelKeys: Object.keys(schema.shape),
    optionKeys: optionKeysByRule(rules),
  };
  if (!parsed.success) {
    const first = pickIssue(parsed.error.issues);
    throw configErrorAt(
      origin,
      first ? describeIssue(first, json, hints) : { key: '', problem: 'invalid configuration' },
    );
  }
  const data = parsed.data;
  const config: AuditConfig = {
    ...DEFAULT_CONFIG,
    rules: {},
    exclude: data.exclude ?? [...DEFAULT_CONFIG.exclude],
    ignoreTests: data.ignoreTests ?? DEFAULT_CONFIG.ignoreTests,
    maxFileBytes: data.maxFileBytes ?? DEFAULT_CONFIG.maxFileBytes,
    fallbackModel: data.fallbackModel ?? DEFAULT_CONFIG.fallbackModel,
    defaultTimeoutMs: data.defaultTimeoutMs ?? DEFAULT_CONFIG.defaultTimeoutMs,
    helperModulePath: path.posix.normalize(
      (data.helperModulePath ?? DEFAULT_CONFIG.helperModulePath).replace(/\\/g, '/'),
    ),
    sdkTypes: data.sdkTypes ?? DEFAULT_CONFIG.sdkTypes,
    models: (data.models ?? []).map((model) => ({ ...model })),
  };
  for (const rule of rules) {
    const entry: unknown = data.rules?.[rule.meta.id];
    if (entry === undefined) continue;
    const parts: readonly unknown[] = Array.isArray(entry) ? entry : [entry, undefined];
    const [severity, written] = parts;
    config.rules[rule.meta.id] = {
      severity: severitySchema.parse(severity),
      options: effectiveOptions(rule, isRecord(written) ? written : {}, severity, origin, hints),
    };
  }
  return config;
}

/** The written options over the rule's defaults, checked as a whole against the rule's full schema. */
function effectiveOptions(
  rule: RuleDefinition,
  written: Record<string, unknown>,
  severity: unknown,
  origin: ConfigOrigin,
  hints: IssueHints,
): Record<string, unknown> {
  const merged = { ...rule.meta.defaultOptions, ...written };
  if (rule.meta.options === undefined) return merged;
  const checked = rule.meta.options.safeParse(merged);
  if (checked.success) return isRecord(checked.data) ? checked.data : merged;
  const issue = pickIssue(checked.error.issues);
  // Paths are reported as the person would write them: rules.<id>.1.<option>.
  const asWritten = { rules: { [rule.meta.id]: [severity, merged] } };
  throw configErrorAt(
    origin,
    issue
      ? describeIssue(issue, asWritten, hints, ['rules', rule.meta.id, 1])
      : { key: `rules.${rule.meta.id}`, problem: 'invalid options' },
  );
}

/** The severity and options a rule runs with under `config`: the user's setting or the rule's defaults. */
export function ruleSetting(
  config: AuditConfig,
  rule: RuleDefinition,
): { severity: SeveritySetting; options: Record<string, unknown> } {
  return (
    config.rules[rule.meta.id] ?? { severity: rule.meta.defaultSeverity, options: { ...rule.meta.defaultOptions } }
  );
}

/** The effective severity, or null when the rule is off. */
export function effectiveSeverity(config: AuditConfig, rule: RuleDefinition): Severity | null {
  const { severity } = ruleSetting(config, rule);
  return severity === 'off' ? null : severity;
}

/**
 * Reads `<root>/.orchestration-audit.json` when it exists, or `explicitPath` (resolved against the
 * working directory), which must exist. Without a file, the defaults apply and `file` is null.
 */
export function loadConfig(
  root: string,
  explicitPath?: string,
  rules: readonly RuleDefinition[] = RULES,
): { config: AuditConfig; file: string | null } {
  const file = explicitPath === undefined ? path.join(root, CONFIG_FILE_NAME) : path.resolve(explicitPath);
  const shown = displayPath(root, file);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch (error) {
    if (explicitPath === undefined && isErrnoCode(error, 'ENOENT')) return { config: cloneDefaults(), file: null };
    throw new ConfigError({
      file: shown,
      key: '',
      problem: isErrnoCode(error, 'ENOENT')
        ? 'config file not found'
        : `cannot read the config file (${errnoText(error)})`,
      cause: error,
    });
  }
  if (!stat.isFile()) throw new ConfigError({ file: shown, key: '', problem: 'is not a file' });
  if (stat.size > MAX_CONFIG_FILE_BYTES)
    throw new ConfigError({
      file: shown,
      key: '',
      problem: `is ${stat.size} bytes; a config file larger than 1 MB is surely not one`,
    });
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError({
      file: shown,
      key: '',
      problem: `cannot read the config file (${errnoText(error)})`,
      cause: error,
    });
  }
  return { config: parseConfigText(text, shown, rules), file };
}

/** Parses the text of a config file; `file` is only used in messages. Throws `ConfigError`. */
export function parseConfigText(
  text: string,
  file: string = CONFIG_FILE_NAME,
  rules: readonly RuleDefinition[] = RULES,
): AuditConfig {
  // Editors on Windows may save a byte-order mark; it is not part of the JSON.
  const body = text.charCodeAt(0) === 0xfeff ? ` ${text.slice(1)}` : text;
  if (body.trim() === '')
    throw new ConfigError({ file, key: '', problem: 'the file is empty (write {} to use the defaults)' });
  let parsed: ParsedJson;
  try {
    parsed = parseJsonWithOffsets(body);
  } catch (error) {
    if (!(error instanceof JsonSyntaxError)) throw error;
    const { line, column } = lineAndColumn(body, error.offset);
    throw new ConfigError({ file, key: '', problem: `malformed JSON: ${error.problem}`, line, column, cause: error });
  }
  return parseConfig(parsed.value, rules, { file, text: body, offsets: parsed.offsets, keyOffsets: parsed.keyOffsets });
}

function configErrorAt(origin: ConfigOrigin, report: IssueReport): ConfigError {
  const offset = origin.text === undefined ? undefined : offsetOf(origin, report);
  const position = offset === undefined || origin.text === undefined ? undefined : lineAndColumn(origin.text, offset);
  return new ConfigError({
    file: origin.file,
    key: report.key,
    problem: report.problem,
    line: position?.line,
    column: position?.column,
  });
}

/** Where to point for an issue: the key itself when it is unknown, else the value, else its nearest parent. */
function offsetOf(origin: ConfigOrigin, report: IssueReport): number | undefined {
  if (report.pointAtKey) {
    const keyOffset = origin.keyOffsets?.get(report.key);
    if (keyOffset !== undefined) return keyOffset;
  }
  for (let key = report.key; ; key = key.includes('.') ? key.slice(0, key.lastIndexOf('.')) : '') {
    const offset = origin.offsets?.get(key);
    if (offset !== undefined) return offset;
    if (key === '') return undefined;
  }
}

function optionKeysByRule(rules: readonly RuleDefinition[]): Record<string, string[]> {
  const keys: Record<string, string[]> = {};
  for (const rule of rules)
    if (rule.meta.options instanceof z.ZodObject) keys[rule.meta.id] = Object.keys(rule.meta.options.shape);
  return keys;
}

function cloneDefaults(): AuditConfig {
  return { ...DEFAULT_CONFIG, rules: {}, exclude: [...DEFAULT_CONFIG.exclude] };
}

function displayPath(root: string, file: string): string {
  const relative = path.relative(root, file);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative)
    ? relative.split(path.sep).join('/')
    : file;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isErrnoCode(error: unknown, code: string): boolean {
  return error instanceof Error && 'code' in error && error.code === code;
}

function errnoText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
