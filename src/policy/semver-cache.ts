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

/** node-semver's satisfies, with the range parsed once. */
export function satisfies(version: string, range: string): boolean {
  return parsedRange(range)?.test(version) ?? false;
}

const sorted = new WeakMap<Packument, string[]>();

/** Published versions, newest first (invalid version strings dropped); computed once per packument. */
export function versionsNewestFirst(p: Packument | null | undefined): string[] {
  if (!p) return [];
  let list = sorted.get(p);
  if (!list) {
    list = Object.keys(p.versions)
      .filter((v) => semver.valid(v) !== null)
      .map((v) => new semver.SemVer(v))
      .sort((a, b) => b.compare(a))
      .map((v) => v.version);
    sorted.set(p, list);
  }
  return list;
}
