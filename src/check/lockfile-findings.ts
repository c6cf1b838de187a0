import type { Constraints } from '../constraints/types.js';
import type { Lockfile } from '../lockfile/read.js';
import { type Finding, makeFinding } from './finding.js';

/**
 * `check --lockfile`: every locked version of a pinned name must be one of its pins (`lockfile-mismatch`, naming
 * where the lockfile installs it), and every locked package should be pinned (`unpinned`). A member's name is
 * skipped unless it is pinned: then the lockfile holds a registry copy of it (an alias whose version does not fit
 * the member, or pnpm's copy for a published dependent), and that copy is held to its pins like any other.
 */
export function lockfileFindings(lock: Lockfile, constraints: Constraints, members: ReadonlySet<string>): Finding[] {
  const findings: Finding[] = [];
  const unpinnedSeen = new Set<string>();
  for (const p of lock.packages) {
    const pins = constraints.byName.get(p.name)?.map((x) => x.version);
    if ((members.has(p.name) && !pins) || p.outside) continue;
    const at = { file: lock.file, ...(p.line ? { line: p.line } : {}) };
    if (!pins) {
      if (unpinnedSeen.has(p.name)) continue;
      unpinnedSeen.add(p.name);
      findings.push(
        makeFinding('unpinned', {
          package: p.name,
          message: `${lock.file} installs ${p.name}@${p.version} (${p.location}) but ${p.name} has no pin`,
          ...at,
          pins: [],
          suggestion: `pin ${p.name} to ${p.version}, or run constrain generate --write`,
        }),
      );
    } else if (!pins.includes(p.version)) {
      findings.push(
        makeFinding('lockfile-mismatch', {
          package: p.name,
          message: `${lock.file} installs ${p.name}@${p.version} at ${p.location}, which is not a pin (${pins.join(', ')})`,
          ...at,
          pins,
          suggestion: `regenerate the lockfile after constrain export, or pin ${p.name} to ${p.version}`,
        }),
      );
    }
  }
  return findings;
}
