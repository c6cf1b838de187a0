import semver from 'semver';
import type { Config } from '../config/types.js';
import type { Packument } from '../registry/types.js';
import { versionsNewestFirst } from './semver-cache.js';
import { enginesAdmit, exclusionFor } from './versions.js';

/** Why a published version may not be chosen: a policy entry, or the version's own metadata. */
export type RejectionKind = 'hold' | 'exclude' | 'engines' | 'deprecated' | 'prerelease' | 'age' | 'group';

export interface Rejection {
  kind: RejectionKind;
  /** what users read */
  text: string;
}

/** Why a published version may not be chosen, or undefined when it may. */
export type CandidateFilter = (name: string, version: string, p: Packument) => Rejection | undefined;

/**
 * The resolver's policy (docs/reference.md, "generate"): never excluded, never held past, never against the configured engines.
 * `runtime`, when given, limits the engines rule to those names (the closure members' users install).
 */
export function resolverPolicy(config: Config, node: string | undefined, runtime?: ReadonlySet<string>): CandidateFilter {
  return (name, version, p) => {
    const excluded = exclusionFor(config, name, version);
    if (excluded) return { kind: 'exclude', text: `excluded (${excluded.range})` };
    const hold = config.hold.find((h) => h.name === name);
    if (hold && semver.gte(version, hold.below)) return { kind: 'hold', text: `held below ${hold.below}${hold.reason ? `: ${hold.reason}` : ''}` };
    const info = p.versions[version];
    if (info && (!runtime || runtime.has(name)) && !enginesAdmit(info.enginesNode, node)) return { kind: 'engines', text: `needs node ${info.enginesNode}` };
    return undefined;
  };
}

const memo = new WeakMap<CandidateFilter, WeakMap<Packument, string[]>>();

/** Candidate versions of a packument under a filter, oldest first; computed once per (filter, packument). */
export function candidateVersions(p: Packument, filter: CandidateFilter): string[] {
  let byPackument = memo.get(filter);
  if (!byPackument) {
    byPackument = new WeakMap();
    memo.set(filter, byPackument);
  }
  let list = byPackument.get(p);
  if (!list) {
    list = versionsNewestFirst(p)
      .filter((v) => filter(p.name, v, p) === undefined)
      .reverse();
    byPackument.set(p, list);
  }
  return list;
}
