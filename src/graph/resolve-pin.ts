import type semver from 'semver';
import { parsedRange, parsedVersion } from '../policy/semver-cache.js';

/** The highest pinned version that satisfies `range` (prereleases only as node-semver allows). */
export function resolvePin(pins: readonly string[] | undefined, range: string): string | undefined {
  if (!pins || pins.length === 0) return undefined;
  const r = parsedRange(range);
  if (!r) return undefined;
  let best: semver.SemVer | undefined;
  for (const v of pins) {
    const parsed = parsedVersion(v);
    if (parsed && r.test(parsed) && (best === undefined || parsed.compare(best) > 0)) best = parsed;
  }
  return best?.raw;
}
