import semver from 'semver';
import type { Packument } from '../registry/types.js';

/** Parsed ranges and sorted version lists, memoised: semver parsing dominates otherwise. */
const ranges = new Map<string, semver.Range | null>();

export function parsedRange(range: string): semver.Range | null {
  let r = ranges.get(range);
  if (r === undefined) {
    try {
      r = new semver.Range(range);
    } catch {
      r = null;
    }
    ranges.set(range, r);
  }
  return r;
}

const versions = new Map<string, semver.SemVer | null>();

/** A parsed version, memoised; null when invalid. */
export function parsedVersion(version: string): semver.SemVer | null {
  let v = versions.get(version);
  if (v === undefined) {
    try {
      v = new semver.SemVer(version);
    } catch {
      v = null;
    }
    versions.set(version, v);
  }
  return v;
}

/** node-semver's satisfies, with the range and the version parsed once. */
export function satisfies(version: string, range: string): boolean {
  const v = parsedVersion(version);
  return v !== null && (parsedRange(range)?.test(v) ?? false);
}

const sorted = new WeakMap<Packument, string[]>();

/** Published versions, newest first (invalid version strings dropped); computed once per packument. */
export function versionsNewestFirst(p: Packument | null | undefined): string[] {
  if (!p) return [];
  let list = sorted.get(p);
  if (!list) {
    list = Object.keys(p.versions)
      .map((v) => parsedVersion(v))
      .filter((v): v is semver.SemVer => v !== null)
      .sort((a, b) => b.compare(a))
      .map((v) => v.raw);
    sorted.set(p, list);
  }
  return list;
}
