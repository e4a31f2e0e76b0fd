import * as fs from 'node:fs';
import { describeError, specialKind } from './discover';

export type ReadOutcome = { ok: true; text: string } | { ok: false; reason: string };

const MINIFIED_LINE_LENGTH = 5_000;

/**
 * Reads a source file as the analyser will see it, or says why not. Files that are too large,
 * binary, not UTF-8 or minified are skipped: parsing them costs time and finds nothing useful.
 */
export function readSourceFile(file: string, maxBytes: number): ReadOutcome {
  let buffer: Buffer;
  let fd: number | undefined;
  try {
    // Non-blocking open and a check of what was opened: a named pipe must not block the audit, and
    // the file checked is the file read (it cannot be swapped for a device in between).
    fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
    const stat = fs.fstatSync(fd);
    if (stat.isDirectory()) return { ok: false, reason: 'cannot read: is a folder' };
    if (!stat.isFile()) return { ok: false, reason: `not a regular file (${specialKind(stat)})` };
    if (stat.size > maxBytes) {
      return { ok: false, reason: sizeReason(stat.size, maxBytes) };
    }
    buffer = fs.readFileSync(fd);
  } catch (error) {
    return { ok: false, reason: `cannot read: ${describeError(error)}` };
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
  // A file that grew after the check is held to the same limit.
  if (buffer.length > maxBytes) return { ok: false, reason: sizeReason(buffer.length, maxBytes) };
  return decodeSource(buffer);
}

export function decodeSource(buffer: Buffer): ReadOutcome {
  if (buffer.includes(0)) return { ok: false, reason: 'binary content (NUL bytes)' };
  let text: string;
  try {
    // ignoreBOM keeps a byte-order mark in the text, so offsets match the file as Node and the fixes read it.
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(buffer);
  } catch {
    return { ok: false, reason: 'not valid UTF-8' };
  }
  if (looksMinified(text)) return { ok: false, reason: 'minified or generated (very long lines)' };
  if (nestingDepth(text) > MAX_NESTING)
    return { ok: false, reason: `nested more than ${MAX_NESTING} levels deep (generated code?)` };
  return { ok: true, text };
}

/**
 * The TypeScript parser recurses once per nesting level and overflows the stack a few thousand
 * levels down; no hand-written code comes near this bound.
 */
const MAX_NESTING = 1_000;

/** +1 for an opening bracket, -1 for a closing one, by character code (ASCII). */
const BRACKET_DELTA = new Int8Array(128);
for (const code of [40, 91, 123]) BRACKET_DELTA[code] = 1;
for (const code of [41, 93, 125]) BRACKET_DELTA[code] = -1;

/**
 * Deepest bracket nesting, counted roughly (brackets in strings and comments count too: an
 * over-estimate is safe). A table lookup per character: every file read goes through here.
 */
function nestingDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    const delta = code < 128 ? BRACKET_DELTA[code] : 0;
    if (delta === 0) continue;
    depth += delta;
    if (depth < 0) depth = 0;
    else if (depth > deepest) deepest = depth;
  }
  return deepest;
}

export function looksMinified(text: string): boolean {
  if (text.length < MINIFIED_LINE_LENGTH) return false;
  let longChars = 0;
  for (let lineStart = 0; lineStart <= text.length;) {
    const newline = text.indexOf('\n', lineStart);
    const lineEnd = newline < 0 ? text.length : newline;
    if (lineEnd - lineStart > MINIFIED_LINE_LENGTH) longChars += lineEnd - lineStart;
    if (newline < 0) break;
    lineStart = newline + 1;
  }
  // Mostly made of very long lines: a bundle, not hand-written code.
  return longChars > text.length / 2;
}

/** `larger than 2 MB (5.2 MB)`; exact byte counts when rounding would show the two sizes alike. */
function sizeReason(size: number, maxBytes: number): string {
  const [limit, actual] = [formatBytes(maxBytes), formatBytes(size)];
  if (limit !== actual) return `larger than ${limit} (${actual})`;
  return `larger than ${maxBytes.toLocaleString('en-US')} bytes (${size.toLocaleString('en-US')} bytes)`;
}

/** Decimal units, as `maxFileBytes` is written (2_000_000 is "2 MB"). */
export function formatBytes(bytes: number): string {
  if (bytes >= 1_000_000) return `${Math.round(bytes / 100_000) / 10} MB`;
  if (bytes >= 1_000) return `${Math.round(bytes / 100) / 10} kB`;
  return `${bytes} B`;
}
