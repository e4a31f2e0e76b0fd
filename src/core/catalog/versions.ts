import type { VersionRange } from './types';

/** `4.60.1` → [4, 60, 1]; a pre-release or build suffix is ignored, missing parts are 0. */
function parts(version: string): number[] | undefined {
  const match = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?/.exec(version.trim());
  if (!match) return undefined;
  return [Number(match[1]), Number(match[2] ?? 0), Number(match[3] ?? 0)];
}

/** `5.1.0` → 5; undefined when there is no version or it is not one. */
export function majorVersion(version: string | undefined): number | undefined {
  return version === undefined ? undefined : parts(version)?.[0];
}

/** Negative when `a` is older than `b`; undefined when either is not a version. */
function compareVersions(a: string, b: string): number | undefined {
  const left = parts(a);
  const right = parts(b);
  if (!left || !right) return undefined;
  for (let index = 0; index < 3; index++) {
    const difference = (left[index] ?? 0) - (right[index] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}

/**
 * Does the range include the version? With no version known, the range must reach the newest
 * release (no `until`): the analyser then assumes the current SDK.
 */
function inVersionRange(version: string | undefined, range: VersionRange | undefined): boolean {
  if (!range) return true;
  if (version === undefined || parts(version) === undefined) return range.until === undefined;
  if (range.since !== undefined && (compareVersions(version, range.since) ?? 0) < 0) return false;
  if (range.until !== undefined && (compareVersions(version, range.until) ?? 0) >= 0) return false;
  return true;
}

/** The first candidate the version has, or undefined when it has none. */
export function forVersion<T extends { versions?: VersionRange }>(
  candidates: readonly T[],
  version: string | undefined,
): T | undefined {
  return candidates.find((candidate) => inVersionRange(version, candidate.versions));
}
