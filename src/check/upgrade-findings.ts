import type { Config } from '../config/types.js';
import type { Edge } from '../graph/types.js';
import { satisfies } from '../policy/semver-cache.js';
import { anyPublishedSatisfiesAll } from '../policy/versions.js';
import type { MetadataStore } from '../registry/metadata-store.js';
import { codePointCompare } from '../util/compare.js';
import { matchesAny } from '../util/name-pattern.js';
import { positionOf } from './context.js';
import { type Finding, makeFinding, type Requirement } from './finding.js';

/** One member as a release saw it: its version and its requirements. */
export interface ReleasedMember {
  name: string;
  version: string;
  /** package.json of the member at that release, when read from git */
  file?: string;
  /** line of "version" in that file */
  versionLine?: number;
  edges: Edge[];
}

export interface Release {
  /** "HEAD", a git ref, or "registry" */
  label: string;
  members: ReleasedMember[];
}

const req = (m: ReleasedMember, e: Edge, label: string): Requirement => ({
  by: `${m.name}@${label}`,
  range: e.range,
  path: [m.name],
  ...(e.file ? { file: e.file, line: e.line, ...(e.col !== undefined ? { col: e.col } : {}) } : m.file ? { file: m.file } : {}),
});

/**
 * docs/reference.md, "check --against": a rolling upgrade installs one member at HEAD while the others still run the prior release.
 * For every member M at HEAD and every other member N at the prior release:
 *  - every name both require must have a published version in range_M ∩ range_N;
 *  - M@HEAD's range on N must admit N's prior version;
 *  - N's prior range on M must admit M's HEAD version.
 * Members added or removed since the prior release are compared only where both sides exist. Pure.
 */
export function upgradeFindings(head: Release, prior: Release, store: MetadataStore, config: Config): Finding[] {
  const findings: Finding[] = [];
  const seen = new Set<string>();
  const headNames = new Set(head.members.map((m) => m.name));
  const add = (key: string, f: Finding) => {
    if (seen.has(key)) return;
    seen.add(key);
    findings.push(f);
  };
  for (const M of [...head.members].sort((a, b) => codePointCompare(a.name, b.name))) {
    for (const N of [...prior.members].sort((a, b) => codePointCompare(a.name, b.name))) {
      if (N.name === M.name || !headNames.has(N.name)) continue;
      const breaks = `upgrading ${M.name} alone to HEAD breaks it against ${N.name}@${N.version} (${prior.label})`;
      // names both require
      for (const eM of M.edges) {
        if (eM.target !== 'registry' || matchesAny(config.allowMultiple, eM.name)) continue;
        for (const eN of N.edges) {
          if (eN.target !== 'registry' || eN.name !== eM.name) continue;
          if (anyPublishedSatisfiesAll(store.get(eM.name), [eM.range, eN.range])) continue;
          add(`a\0${M.name}\0${N.name}\0${eM.name}\0${eM.range}\0${eN.range}`, makeFinding('upgrade-conflict', {
            package: eM.name,
            message: `${M.name} at HEAD requires ${eM.name} ${eM.range} but ${N.name} at ${prior.label} requires ${eN.range}: no published version satisfies both, so ${breaks}`,
            ...positionOf(eM),
            requirements: [req(M, eM, 'HEAD'), req(N, eN, prior.label)],
            suggestion: `release ${M.name} and ${N.name} together, keep a range on ${eM.name} that overlaps ${eN.range} for one release, or list ${eM.name} in allowMultiple if both majors can run side by side`,
          }));
        }
      }
      // M at HEAD requires N
      for (const eM of M.edges) {
        if (eM.name !== N.name || eM.target === 'unmanaged') continue;
        if (satisfies(N.version, eM.range) || eM.range === '*') continue;
        add(`b\0${M.name}\0${N.name}\0${eM.range}`, makeFinding('upgrade-conflict', {
          package: N.name,
          message: `${M.name} at HEAD requires ${N.name} ${eM.range} but ${N.name} at ${prior.label} is ${N.version}, so ${breaks}`,
          ...positionOf(eM),
          requirements: [req(M, eM, 'HEAD')],
          suggestion: `widen ${eM.file}:${eM.line} to admit ${N.name}@${N.version} until both are released`,
        }));
      }
      // N at the prior release requires M
      for (const eN of N.edges) {
        if (eN.name !== M.name || eN.target === 'unmanaged') continue;
        if (satisfies(M.version, eN.range) || eN.range === '*') continue;
        add(`c\0${M.name}\0${N.name}\0${eN.range}`, makeFinding('upgrade-conflict', {
          package: M.name,
          message: `${N.name} at ${prior.label} requires ${M.name} ${eN.range} but ${M.name} at HEAD is ${M.version}, so upgrading ${M.name} alone breaks ${N.name}@${N.version}`,
          ...(M.file ? { file: M.file, line: M.versionLine } : {}),
          requirements: [req(N, eN, prior.label)],
          suggestion: `keep ${M.name} within ${eN.range} until ${N.name} is released with a wider range`,
        }));
      }
    }
  }
  return findings;
}
