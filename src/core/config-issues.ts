import type { core } from 'zod';

/**
 * Turns a zod issue into the words a person needs to fix a config file: the dotted key and what
 * is wrong with it, stated with the value that was found ("expected a number, got "30s"").
 * zod's own messages are written for developers ("Invalid input: expected tuple") and hide the
 * most useful thing, the allowed values.
 */

export interface IssueReport {
  /** Dotted path, e.g. `rules.retry-amplification.1.threshold`. */
  key: string;
  problem: string;
  /** Point at the property name rather than its value (unknown keys). */
  pointAtKey?: boolean;
}

export interface IssueHints {
  ruleIds: readonly string[];
  topLevelKeys: readonly string[];
  /** Option names of each rule whose options are an object, for "did you mean". */
  optionKeys?: Readonly<Record<string, readonly string[]>>;
}

type Segment = string | number;

/**
 * One issue at a time; the next run shows the next. An unknown key goes first: a misspelt key
 * also produces "is required" for the real one, and the typo is the thing to fix.
 */
export function pickIssue(issues: readonly core.$ZodIssue[]): core.$ZodIssue | undefined {
  return issues.find((issue) => issue.code === 'unrecognized_keys') ?? issues[0];
}

export function describeIssue(
  issue: core.$ZodIssue,
  input: unknown,
  hints: IssueHints,
  prefix: Segment[] = [],
): IssueReport {
  const segments = [
    ...prefix,
    ...issue.path.map((segment) => (typeof segment === 'number' ? segment : String(segment))),
  ];
  const key = segments.join('.');
  const value = valueAt(input, segments);
  switch (issue.code) {
    case 'invalid_union':
      return describeUnion(issue, value, input, hints, segments);
    case 'invalid_value':
      return {
        key,
        problem:
          issue.values.length === 1
            ? `expected ${JSON.stringify(issue.values[0])}`
            : `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`,
      };
    case 'invalid_type':
      if (value === undefined) return { key, problem: `is required (${article(issue.expected)})` };
      // JSON reads `1e400` as Infinity; saying "expected a number" about a number would only confuse.
      if (typeof value === 'number' && !Number.isFinite(value))
        return { key, problem: 'is too large to be represented as a number' };
      return { key, problem: `expected ${article(issue.expected)}, got ${describeValue(value)}` };
    case 'too_big':
      return { key, problem: tooBig(issue) };
    case 'too_small':
      // A message the schema wrote (one that names the unit) says more than the bound alone.
      return { key, problem: /^Too small/.test(issue.message) ? tooSmall(issue) : issue.message };
    case 'unrecognized_keys':
      return describeUnknownKey(issue.keys[0] ?? '', segments, hints);
    default:
      return { key, problem: lowerFirst(issue.message) };
  }
}

/** Severity-or-tuple unions: report the branch that matches the shape the person wrote. */
function describeUnion(
  issue: core.$ZodIssueInvalidUnion,
  value: unknown,
  input: unknown,
  hints: IssueHints,
  segments: Segment[],
): IssueReport {
  const key = segments.join('.');
  const branches = issue.errors;
  const isRuleEntry = segments.length === 2 && segments[0] === 'rules';
  if (isRuleEntry) {
    const branch = typeof value === 'string' ? branches[0] : Array.isArray(value) ? branches[1] : undefined;
    const first = branch && pickIssue(branch);
    if (first) return describeIssue(first, input, hints, segments);
    return {
      key,
      problem: `expected a severity ("error", "warning", "info", "off") or [severity, options], got ${describeValue(value)}`,
    };
  }
  // Elsewhere (unions inside a rule's own options) the most specific branch is the one that got furthest.
  const deepest = branches.flat().sort((a, b) => b.path.length - a.path.length)[0];
  if (deepest && deepest.path.length > 0) return describeIssue(deepest, input, hints, segments);
  return { key, problem: `does not match any allowed form, got ${describeValue(value)}` };
}

function describeUnknownKey(name: string, parent: Segment[], hints: IssueHints): IssueReport {
  const key = [...parent, name].join('.');
  if (parent.length === 1 && parent[0] === 'rules') {
    const suggestion = closest(name, hints.ruleIds);
    const known =
      hints.ruleIds.length === 0 ? ' (no rules are registered)' : suggestion ? ` (did you mean "${suggestion}"?)` : '';
    return { key, problem: `unknown rule id "${name}"${known}`, pointAtKey: true };
  }
  if (parent.length === 0) {
    const suggestion = closest(name, hints.topLevelKeys);
    const advice = suggestion ? `did you mean "${suggestion}"?` : `allowed keys: ${hints.topLevelKeys.join(', ')}`;
    return { key, problem: `unknown key "${name}" (${advice})`, pointAtKey: true };
  }
  const isRuleOptions = parent.length === 3 && parent[0] === 'rules' && parent[2] === 1;
  const suggestion = isRuleOptions ? closest(name, hints.optionKeys?.[String(parent[1])] ?? []) : undefined;
  return {
    key,
    problem: `unknown key "${name}"${suggestion ? ` (did you mean "${suggestion}"?)` : ''}`,
    pointAtKey: true,
  };
}

function tooBig(issue: core.$ZodIssueTooBig): string {
  const max = issue.maximum;
  if (issue.origin === 'array') return `must have at most ${max} item${max === 1 ? '' : 's'}`;
  if (issue.origin === 'string') return `must be at most ${max} characters long`;
  if (issue.origin === 'int' && max === Number.MAX_SAFE_INTEGER) return 'is too large to be an exact integer';
  return issue.inclusive === false ? `must be less than ${max}` : `must be at most ${max}`;
}

function tooSmall(issue: core.$ZodIssueTooSmall): string {
  const min = issue.minimum;
  if (issue.origin === 'array') return min === 1 ? 'must not be empty' : `must have at least ${min} items`;
  if (issue.origin === 'string') return min === 1 ? 'must not be empty' : `must be at least ${min} characters long`;
  if (issue.origin === 'int' && min === Number.MIN_SAFE_INTEGER) return 'is too small to be an exact integer';
  return issue.inclusive === false ? `must be greater than ${min}` : `must be at least ${min}`;
}

function valueAt(input: unknown, segments: readonly Segment[]): unknown {
  let current = input;
  for (const segment of segments) {
    if (typeof current !== 'object' || current === null) return undefined;
    // Own properties only: a key named `constructor` must not find Object's.
    current = Object.getOwnPropertyDescriptor(current, String(segment))?.value;
  }
  return current;
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return 'a number too large to represent';
    return String(value);
  }
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'object') return 'an object';
  return typeof value;
}

function article(expected: string): string {
  const names: Record<string, string> = {
    int: 'an integer',
    number: 'a number',
    string: 'a string',
    boolean: 'true or false',
    object: 'an object',
    array: 'an array',
    tuple: 'an array',
    record: 'an object',
    null: 'null',
  };
  return names[expected] ?? expected;
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

/** The candidate within a small edit distance of `name`, for "did you mean" hints. */
function closest(name: string, candidates: readonly string[]): string | undefined {
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const distance = editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (distance <= Math.max(2, Math.floor(candidate.length / 4)) && (!best || distance < best.distance))
      best = { candidate, distance };
  }
  return best?.candidate;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}
