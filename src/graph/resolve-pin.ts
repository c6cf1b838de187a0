import semver from 'semver';

/** The highest pinned version that satisfies `range` (prereleases only as node-semver allows). */
export function resolvePin(pins: readonly string[] | undefined, range: string): string | undefined {
  if (!pins || pins.length === 0) return undefined;
  return semver.maxSatisfying([...pins], range) ?? undefined;
}
