import * as path from 'node:path';
import type { ts } from 'ts-morph';
import type { DetectedCall } from '../detect';
import type { FacetContext } from '../facets/context';
import type { DecisionProfile, Finding, TextEdit } from '../types';
import { type FileStyle, styleOf } from './style';

/** Everything a fix builder reads about one finding's call. */
export interface FixSite {
  finding: Finding;
  call: DetectedCall;
  profile: DecisionProfile;
  facets: FacetContext;
  sourceFile: ts.SourceFile;
  style: FileStyle;
  /** The audited root (absolute): where the orchestration helper goes. */
  root: string | undefined;
  /** Another call's profile, by call id (for fixes that act on an upstream call). */
  profileOf(callId: string): DecisionProfile | undefined;
}

export function fixSite(
  finding: Finding,
  call: DetectedCall,
  profile: DecisionProfile,
  facets: FacetContext,
  profileOf: (callId: string) => DecisionProfile | undefined,
): FixSite {
  const sourceFile = call.node.getSourceFile();
  return {
    finding,
    call,
    profile,
    facets,
    sourceFile,
    style: styleOf(sourceFile),
    root: rootOf(call, facets),
    profileOf,
  };
}

/** The same site seen from another call (an upstream call whose output needs validating). */
export function siteOfCall(site: FixSite, call: DetectedCall, profile: DecisionProfile): FixSite {
  const sourceFile = call.node.getSourceFile();
  return { ...site, call, profile, sourceFile, style: styleOf(sourceFile) };
}

/**
 * The root the audit ran on. The call's id is its path relative to the root, so the root is what
 * precedes that path in the file name.
 */
function rootOf(call: DetectedCall, facets: FacetContext): string | undefined {
  const id = facets.idOf(call);
  const relative = id.replace(/:\d+:\d+$/, '');
  const file = call.node.getSourceFile().fileName;
  if (relative === '' || path.isAbsolute(relative) || relative.startsWith('..')) return undefined;
  const normalized = file.replace(/\\/g, '/');
  if (!normalized.endsWith(`/${relative}`)) return undefined;
  return normalized.slice(0, normalized.length - relative.length - 1);
}

/** An insertion (`start === end`) or replacement in one file. */
export function edit(file: string, start: number, end: number, newText: string): TextEdit {
  return { file, start, end, newText };
}

export function insert(file: string, at: number, newText: string): TextEdit {
  return { file, start: at, end: at, newText };
}
