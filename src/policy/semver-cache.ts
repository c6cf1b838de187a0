import semver from 'semver';
import type { Packument } from '../registry/types.js';

/** Parsed ranges and versions and sorted version lists, memoised: semver parsing dominates otherwise. */
const ranges = new Map<string, semver.Range | null>();
const versions = new Map<string, semver.SemVer | null>();

/** Parses once per text; null when the text does not parse. */
function memo<T>(cache: Map<string, T | null>, text: string, parse: (t: string) => T): T | null {
  let v = cache.get(text);
  if (v === undefined) {
    try {
      v = parse(text);
    } catch {
      v = null;
    }
    cache.set(text, v);
  }
  return v;
}

export const parsedRange = (range: string): semver.Range | null => memo(ranges, range, (r) => new semver.Range(r));

/** A parsed version, memoised; null when invalid. */
export const parsedVersion = (version: string): semver.SemVer | null => memo(versions, version, parseShared);

/** Shared by every version without a prerelease or build part: frozen, so a change would throw, not spread. */
const NO_PARTS: string[] = Object.freeze([]) as unknown as string[];

/**
 * node-semver's SemVer, less what each holds apart for nothing: two empty arrays (prerelease and build) and its
 * version text, which for a plain version is the text it was parsed from. A 10,000-package solve parses some
 * 200,000 versions, and these took a tenth of their memory. The memoised versions are only read and compared.
 */
function parseShared(text: string): semver.SemVer {
  const v = new semver.SemVer(text);
  if (v.prerelease.length === 0) (v as { prerelease: unknown }).prerelease = NO_PARTS;
  if (v.build.length === 0) (v as { build: unknown }).build = NO_PARTS;
  if (v.version === text) (v as { version: string }).version = text;
  return v;
}

/** A range that is one exact version, without build metadata (an exact dependency, a platform binary's). */
export function isExactVersion(range: string): boolean {
  return EXACT_VERSION.test(range);
}

const EXACT_VERSION = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/;

/** The highest of `versions` that `admits` accepts (invalid version strings skipped), as written. */
export function highestVersion(versions: Iterable<string>, admits: (parsed: semver.SemVer, version: string) => boolean): string | undefined {
  let best: semver.SemVer | undefined;
  for (const v of versions) {
    const parsed = parsedVersion(v);
    if (parsed && admits(parsed, v) && (best === undefined || parsed.compare(best) > 0)) best = parsed;
  }
  return best?.raw;
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
