import semver from 'semver';
import { parsedRange } from '../policy/semver-cache.js';

/** The highest pinned version that satisfies `range` (prereleases only as node-semver allows). */
export function resolvePin(pins: readonly string[] | undefined, range: string): string | undefined {
  if (!pins || pins.length === 0) return undefined;
  const r = parsedRange(range);
  if (!r) return undefined;
  let best: string | undefined;
  for (const v of pins) if (r.test(v) && (best === undefined || semver.gt(v, best))) best = v;
  return best;
}
