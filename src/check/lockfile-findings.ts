import type { Constraints } from '../constraints/types.js';
import type { Lockfile } from '../lockfile/read.js';
import { type Finding, makeFinding } from './finding.js';

/**
 * `check --lockfile`: every locked version of a pinned name must be one of its pins (`lockfile-mismatch`, naming
 * where the lockfile installs it), and every locked package should be pinned (`unpinned`). Members are skipped.
 */
export function lockfileFindings(lock: Lockfile, constraints: Constraints, members: ReadonlySet<string>): Finding[] {
  const findings: Finding[] = [];
  const unpinnedSeen = new Set<string>();
  for (const p of lock.packages) {
    if (members.has(p.name) || p.outside) continue;
    const pins = constraints.byName.get(p.name)?.map((x) => x.version);
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
