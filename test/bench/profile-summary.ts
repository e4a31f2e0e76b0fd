/**
 * Summarises a V8 .cpuprofile (from `node --cpu-prof`): the top functions by self time and by
 * inclusive time, with file:line. Positions in the esbuild bundle (dist/cli-main.js, the CLI proper) are mapped back to
 * the original sources through dist/cli-main.js.map when it exists, so TypeScript internals show as
 * node_modules/@ts-morph/common/dist/typescript.js:<line> and the analyser as src/core/<file>.ts:<line>.
 *
 *   npx tsx test/bench/profile-summary.ts <file.cpuprofile | folder (newest profile)> [--top 25] [--focus <function>]
 *
 * --focus keeps only the samples taken inside a function of that name (e.g. `--focus update` for the
 * editor's re-analysis in a profile of test/bench/editor.ts).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface FunctionTime {
  name: string;
  /** Original source location (`src/core/callers.ts:42`), or the generated one when unmapped. */
  location: string;
  selfMs: number;
  totalMs: number;
}

export interface AreaTime {
  area: string;
  selfMs: number;
}

export interface ProfileSummary {
  file: string;
  focus?: string;
  totalMs: number;
  sampledMs: number;
  topSelf: FunctionTime[];
  topInclusive: FunctionTime[];
  /** Inclusive time of the analyser's own functions (src/), the phases. */
  topAnalyser: FunctionTime[];
  byArea: AreaTime[];
}

export function summarizeProfile(file: string, top = 25, focus?: string): ProfileSummary {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map<number, ProfileNode>();
  for (const node of profile.nodes) byId.set(node.id, node);
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);

  // Self time per node: each sample lasts until the next one.
  const selfUs = new Map<number, number>();
  const { samples, timeDeltas } = profile;
  for (let i = 0; i < samples.length; i++) {
    const duration = i + 1 < timeDeltas.length ? timeDeltas[i + 1] : 0;
    const id = samples[i];
    selfUs.set(id, (selfUs.get(id) ?? 0) + Math.max(0, duration));
  }

  const maps = new SourceMaps();
  const keyOf = new Map<number, string>();
  const info = new Map<string, { name: string; location: string; area: string; self: number; total: number }>();
  for (const node of profile.nodes) {
    const frame = node.callFrame;
    const original = maps.lookup(frame.url, frame.lineNumber, frame.columnNumber);
    const location = original
      ? `${original.source}:${original.line + 1}`
      : frame.url
        ? `${shortUrl(frame.url)}:${frame.lineNumber + 1}`
        : '';
    const name = frame.functionName || (frame.url ? '(anonymous)' : frame.functionName);
    const key = `${name}@${location}`;
    keyOf.set(node.id, key);
    if (!info.has(key))
      info.set(key, {
        name: name || '(root)',
        location,
        area: areaOf(original?.source ?? frame.url, name),
        self: 0,
        total: 0,
      });
  }
  if (focus !== undefined) {
    // Keep the samples whose stack passes through a function named `focus`.
    for (const id of [...selfUs.keys()]) {
      let inside = false;
      for (let current: number | undefined = id; current !== undefined && !inside; current = parent.get(current)) {
        inside = byId.get(current)?.callFrame.functionName === focus;
      }
      if (!inside) selfUs.delete(id);
    }
  }
  for (const [id, us] of selfUs) {
    const entry = info.get(keyOf.get(id) as string);
    if (entry) entry.self += us;
  }
  // Inclusive time: each sample counts once for every distinct function on its stack.
  const stackKeys = new Map<number, string[]>();
  const keysOnStack = (id: number): string[] => {
    const cached = stackKeys.get(id);
    if (cached) return cached;
    const keys = new Set<string>();
    for (let current: number | undefined = id; current !== undefined; current = parent.get(current))
      keys.add(keyOf.get(current) as string);
    const list = [...keys];
    stackKeys.set(id, list);
    return list;
  };
  for (const [id, us] of selfUs) for (const key of keysOnStack(id)) (info.get(key) as { total: number }).total += us;

  const all = [...info.values()];
  const toFunctionTime = (entry: (typeof all)[number]): FunctionTime => ({
    name: entry.name,
    location: entry.location,
    selfMs: entry.self / 1000,
    totalMs: entry.total / 1000,
  });
  const areas = new Map<string, number>();
  for (const entry of all) areas.set(entry.area, (areas.get(entry.area) ?? 0) + entry.self);
  const sampledUs = [...selfUs.values()].reduce((sum, us) => sum + us, 0);
  return {
    file,
    ...(focus !== undefined ? { focus } : {}),
    totalMs: (profile.endTime - profile.startTime) / 1000,
    sampledMs: sampledUs / 1000,
    topSelf: all
      .filter((entry) => entry.self > 0)
      .sort((a, b) => b.self - a.self)
      .slice(0, top)
      .map(toFunctionTime),
    topInclusive: all
      .filter((entry) => entry.name !== '(root)' && entry.location !== '')
      .sort((a, b) => b.total - a.total)
      .slice(0, top)
      .map(toFunctionTime),
    topAnalyser: all
      .filter((entry) => entry.location.startsWith('src/'))
      .sort((a, b) => b.total - a.total)
      .slice(0, top)
      .map(toFunctionTime),
    byArea: [...areas].map(([area, us]) => ({ area, selfMs: us / 1000 })).sort((a, b) => b.selfMs - a.selfMs),
  };
}

function shortUrl(url: string): string {
  const file = url.startsWith('file://') ? fileURLToPath(url) : url;
  const cwd = process.cwd();
  return file.startsWith(cwd + path.sep) ? path.relative(cwd, file) : file;
}

function areaOf(source: string, name: string): string {
  if (!source) return name.startsWith('(') ? name : '(native)';
  if (source.includes('typescript.js')) return 'TypeScript compiler (bundled TS 6)';
  if (source.includes('ts-morph')) return 'ts-morph wrappers';
  if (source.startsWith('src/')) return `analyser: ${source.split('/').slice(0, 3).join('/')}`;
  if (source.startsWith('node:')) return 'node internals';
  if (source.includes('node_modules/'))
    return `dependency: ${source.split('node_modules/')[1]?.split('/').slice(0, 2).join('/')}`;
  return shortUrl(source);
}

// ---------------------------------------------------------------------------------------------
// Source maps (v3, one level, no sections): decoded lazily per generated line.

interface Mapped {
  source: string;
  line: number;
  column: number;
}

class SourceMaps {
  private readonly maps = new Map<string, LazySourceMap | null>();

  lookup(url: string, line: number, column: number): Mapped | undefined {
    if (!url || line < 0) return undefined;
    let map = this.maps.get(url);
    if (map === undefined) {
      map = LazySourceMap.forUrl(url);
      this.maps.set(url, map);
    }
    return map?.lookup(line, column);
  }
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const BASE64_VALUE = new Map([...BASE64].map((char, index) => [char, index]));

class LazySourceMap {
  private readonly lines: string[];
  /** Decoded segments per line: [generatedColumn, sourceIndex, sourceLine, sourceColumn]. */
  private readonly decoded = new Map<number, number[][]>();
  /** Decoding state at the start of each line (source index, line, column carry across lines). */
  private readonly stateAt: [number, number, number][] = [];

  private constructor(
    mappings: string,
    private readonly sources: string[],
  ) {
    this.lines = mappings.split(';');
  }

  static forUrl(url: string): LazySourceMap | null {
    try {
      const file = url.startsWith('file://') ? fileURLToPath(url) : url;
      if (!path.isAbsolute(file)) return null;
      const mapFile = `${file}.map`;
      if (!fs.existsSync(mapFile)) return null;
      const raw = JSON.parse(fs.readFileSync(mapFile, 'utf8')) as {
        mappings: string;
        sources: string[];
        sourceRoot?: string;
      };
      const base = path.dirname(mapFile);
      const cwd = process.cwd();
      const sources = raw.sources.map((source) => {
        const absolute = path.resolve(base, raw.sourceRoot ?? '', source);
        return absolute.startsWith(cwd + path.sep) ? path.relative(cwd, absolute).split(path.sep).join('/') : absolute;
      });
      return new LazySourceMap(raw.mappings, sources);
    } catch {
      return null;
    }
  }

  lookup(line: number, column: number): Mapped | undefined {
    const segments = this.segments(line);
    if (!segments || segments.length === 0) return undefined;
    let low = 0;
    let high = segments.length - 1;
    let best = -1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      if (segments[middle][0] <= column) {
        best = middle;
        low = middle + 1;
      } else {
        high = middle - 1;
      }
    }
    const segment = segments[Math.max(0, best)];
    if (segment.length < 4) return undefined;
    return {
      source: this.sources[segment[1]] ?? '?',
      line: segment[2],
      column: segment[3],
    };
  }

  private segments(line: number): number[][] | undefined {
    if (line >= this.lines.length) return undefined;
    const cached = this.decoded.get(line);
    if (cached) return cached;
    // Source index/line/column are relative across lines: decode every line up to this one once.
    let start = this.stateAt.length - 1;
    if (start < 0) {
      this.stateAt.push([0, 0, 0]);
      start = 0;
    }
    start = Math.min(start, line);
    let state = this.stateAt[start];
    for (let current = start; current <= line; current++) {
      const [segments, next] = decodeLine(this.lines[current], state);
      if (current === line || this.decoded.size < 4096) this.decoded.set(current, segments);
      state = next;
      if (this.stateAt.length === current + 1) this.stateAt.push(next);
    }
    return this.decoded.get(line);
  }
}

function decodeLine(text: string, state: [number, number, number]): [number[][], [number, number, number]] {
  let [sourceIndex, sourceLine, sourceColumn] = state;
  const segments: number[][] = [];
  let generatedColumn = 0;
  for (const part of text.split(',')) {
    if (part === '') continue;
    const values = decodeVlq(part);
    generatedColumn += values[0] ?? 0;
    if (values.length >= 4) {
      sourceIndex += values[1];
      sourceLine += values[2];
      sourceColumn += values[3];
      segments.push([generatedColumn, sourceIndex, sourceLine, sourceColumn]);
    } else {
      segments.push([generatedColumn]);
    }
  }
  return [segments, [sourceIndex, sourceLine, sourceColumn]];
}

function decodeVlq(text: string): number[] {
  const values: number[] = [];
  let value = 0;
  let shift = 0;
  for (const char of text) {
    const digit = BASE64_VALUE.get(char) ?? 0;
    value += (digit & 31) << shift;
    if (digit & 32) {
      shift += 5;
    } else {
      values.push(value & 1 ? -(value >>> 1) : value >>> 1);
      value = 0;
      shift = 0;
    }
  }
  return values;
}

// ---------------------------------------------------------------------------------------------
// Printing

export function formatProfileSummary(summary: ProfileSummary): string {
  const out: string[] = [];
  const pct = (ms: number): string => `${((100 * ms) / summary.sampledMs).toFixed(1).padStart(5)}%`;
  const ms = (value: number): string => `${value.toFixed(0).padStart(7)} ms`;
  out.push(
    `Profile ${path.relative(process.cwd(), summary.file)}: ${(summary.totalMs / 1000).toFixed(2)} s wall, ${(summary.sampledMs / 1000).toFixed(2)} s sampled` +
      (summary.focus !== undefined ? ` inside ${summary.focus}() (percentages of that)` : ''),
  );
  out.push('');
  out.push(`Top ${summary.topSelf.length} by self time:`);
  out.push(`  ${'self'.padStart(10)} ${'share'.padStart(6)}  function  (location)`);
  for (const entry of summary.topSelf)
    out.push(`  ${ms(entry.selfMs)} ${pct(entry.selfMs)}  ${entry.name}  (${entry.location || 'native'})`);
  out.push('');
  out.push('Self time by area:');
  for (const area of summary.byArea.slice(0, 12)) out.push(`  ${ms(area.selfMs)} ${pct(area.selfMs)}  ${area.area}`);
  out.push('');
  out.push(`Top ${summary.topInclusive.length} by inclusive time:`);
  for (const entry of summary.topInclusive)
    out.push(`  ${ms(entry.totalMs)} ${pct(entry.totalMs)}  ${entry.name}  (${entry.location})`);
  out.push('');
  out.push(`Analyser functions (src/) by inclusive time:`);
  for (const entry of summary.topAnalyser)
    out.push(
      `  ${ms(entry.totalMs)} ${pct(entry.totalMs)}  ${entry.name}  (${entry.location})  self ${entry.selfMs.toFixed(0)} ms`,
    );
  return out.join('\n');
}

export function newestProfile(target: string): string {
  if (!fs.statSync(target).isDirectory()) return target;
  const profiles = fs
    .readdirSync(target)
    .filter((name) => name.endsWith('.cpuprofile'))
    .map((name) => path.join(target, name))
    .sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs);
  if (profiles.length === 0) throw new Error(`no .cpuprofile in ${target}`);
  return profiles[0];
}

function main(argv: string[]): void {
  const value = (name: string): string | undefined => {
    const index = argv.indexOf(`--${name}`);
    return index >= 0 ? argv[index + 1] : undefined;
  };
  const top = Number(value('top') ?? 25);
  const focus = value('focus');
  const target =
    argv.find((arg, index) => !arg.startsWith('--') && !['--top', '--focus'].includes(argv[index - 1] ?? '')) ??
    path.join('.cache', 'prof');
  console.log(formatProfileSummary(summarizeProfile(newestProfile(target), top, focus)));
}

if (require.main === module) main(process.argv.slice(2));
