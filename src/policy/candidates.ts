import semver from 'semver';
import type { Config, Hold } from '../config/types.js';
import type { SourcePosition } from '../errors.js';
import { type Packument, peekVersion } from '../registry/types.js';
import { compactArray } from '../util/compact-array.js';
import { versionsNewestFirst } from './semver-cache.js';
import { enginesAdmit, exclusionFor } from './versions.js';

/** Why a published version may not be chosen: a policy entry, or the version's own metadata; `text` is what users read. */
export type Rejection =
  | { kind: 'hold'; text: string; below: string; reason?: string; until?: string; position?: SourcePosition }
  | { kind: 'exclude'; text: string; range: string; position?: SourcePosition }
  | { kind: 'engines'; text: string; engines: string; node?: string }
  | { kind: 'deprecated'; text: string; message: string }
  | { kind: 'prerelease'; text: string }
  | { kind: 'age'; text: string; published: string; minimumReleaseAge: string }
  | { kind: 'group'; text: string; group: string; stuck: string[] };

export type RejectionKind = Rejection['kind'];

/** Why a published version may not be chosen, or undefined when it may. */
export type CandidateFilter = (name: string, version: string, p: Packument) => Rejection | undefined;

/**
 * The resolver's policy (docs/reference.md, "generate"): never excluded, never held past, never against the configured engines.
 * `runtime`, when given, limits the engines rule to those names (the closure members' users install).
 */
export function resolverPolicy(config: Config, node: string | undefined, runtime?: ReadonlySet<string>): CandidateFilter {
  return (name, version, p) => {
    const policy = configRejection(config, name, version);
    if (policy) return policy;
    // without a configured node nothing is refused for its engines: the version's record is not read
    if (node === undefined || (runtime && !runtime.has(name))) return undefined;
    const info = peekVersion(p, version);
    if (info?.enginesNode && !enginesAdmit(info.enginesNode, node))
      return { kind: 'engines', text: `needs node ${info.enginesNode}`, engines: info.enginesNode, ...(node ? { node } : {}) };
    return undefined;
  };
}

/** The config entry that forbids a version, if any: its exclude, else its hold. */
export function configRejection(config: Config, name: string, version: string): Extract<Rejection, { kind: 'exclude' | 'hold' }> | undefined {
  const excluded = exclusionFor(config, name, version);
  if (excluded) return { kind: 'exclude', text: `excluded (${excluded.range})`, range: excluded.range, ...(excluded.position ? { position: excluded.position } : {}) };
  const hold = holdFor(config, name, version);
  if (hold) return holdRejection(hold, `held below ${hold.below}${hold.reason ? `: ${hold.reason}` : ''}`) as Extract<Rejection, { kind: 'hold' }>;
  return undefined;
}

/** The hold a version is at or above, if any: the one hold rule resolver, propose and check share. */
export function holdFor(config: Config, name: string, version: string): Hold | undefined {
  const hold = config.hold.find((h) => h.name === name);
  return hold && semver.gte(version, hold.below) ? hold : undefined;
}

export function holdRejection(hold: Hold, text: string): Rejection {
  return { kind: 'hold', text, below: hold.below, ...(hold.reason ? { reason: hold.reason } : {}), ...(hold.until ? { until: hold.until } : {}), ...(hold.position ? { position: hold.position } : {}) };
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
    list = compactArray(
      versionsNewestFirst(p)
        .filter((v) => filter(p.name, v, p) === undefined)
        .reverse(),
    );
    byPackument.set(p, list);
  }
  return list;
}
