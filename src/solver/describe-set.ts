import type { Universe } from './universe.js';

/**
 * A version set as a tidy range over the versions that exist: "1.2.3", ">=1.2.0 <=1.4.3", "<=2.0.0 || >=4.0.0",
 * "any version". Runs of adjacent known versions become one comparator pair.
 */
export function describeVersions(u: Universe, bits: bigint): string {
  const set = bits & u.all;
  if (set === u.all && u.versions.length > 0) return 'any version';
  const runs: [number, number][] = [];
  let start = -1;
  for (let i = 0; i <= u.versions.length; i++) {
    const inSet = i < u.versions.length && ((set >> BigInt(i)) & 1n) === 1n;
    if (inSet && start < 0) start = i;
    if (!inSet && start >= 0) {
      runs.push([start, i - 1]);
      start = -1;
    }
  }
  if (runs.length === 0) return 'no version';
  const last = u.versions.length - 1;
  return runs
    .map(([a, b]) => {
      if (a === b) return u.versions[a]!;
      if (a === 0) return `<=${u.versions[b]}`;
      if (b === last) return `>=${u.versions[a]}`;
      return `>=${u.versions[a]} <=${u.versions[b]}`;
    })
    .join(' || ');
}
