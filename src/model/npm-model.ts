import type { Config, DependencyType } from '../config/types.js';
import { highestVersion, isExactVersion, parsedRange } from '../policy/semver-cache.js';
import { anyPublishedSatisfiesAll } from '../policy/versions.js';
import type { Packument, VersionInfo } from '../registry/types.js';
import { codePointCompare } from '../util/compare.js';
import { matchesAny } from '../util/name-pattern.js';
import type { PackageManager } from '../workspace/package-manager.js';

/*
 * The one model of what npm installs (docs/resolver.md, "The model"). `check` builds its install graph from these
 * rules (src/graph/build.ts) and the resolver turns the same rules into solver packages (src/resolve/npm-provider.ts).
 * Each export below is one numbered rule of that statement; neither reader states a rule of its own.
 */

/** Rule 1: an edge resolves to the highest pinned version that satisfies its range (prereleases only as node-semver allows). */
export function resolvePin(pins: readonly string[] | undefined, range: string): string | undefined {
  if (!pins || pins.length === 0) return undefined;
  const r = parsedRange(range);
  return r ? highestVersion(pins, (v) => r.test(v)) : undefined;
}

/** How npm ranks a name a manifest declares in several fields: the later field's spec is the one it installs. */
const DECLARATION_ORDER: readonly DependencyType[] = ['dependencies', 'optionalDependencies', 'devDependencies'];

/**
 * Rule 2: the declarations a workspace package.json stands for. Of a name in several of dependencies,
 * optionalDependencies and devDependencies, the one npm installs (Arborist's edges of a workspace: dev over optional
 * over prod). A peer range is kept beside it: it is what the member promises the packages that install it.
 */
export function effectiveDeclarations<D extends { name: string; type: DependencyType }>(declared: readonly D[]): Set<D> {
  const out = new Map<string, D>();
  const peers: D[] = [];
  for (const d of declared) {
    if (d.type === 'peerDependencies') {
      peers.push(d);
      continue;
    }
    const current = out.get(d.name);
    if (!current || DECLARATION_ORDER.indexOf(d.type) > DECLARATION_ORDER.indexOf(current.type)) out.set(d.name, d);
  }
  return new Set([...out.values(), ...peers]);
}

/**
 * Rule 2: whether a member's peer is installed whoever else brings it. npm installs a required one and leaves an
 * optional one to bind only when another member brings it; pnpm's autoInstallPeers installs both; yarn neither.
 */
export function installsMemberPeer(pm: PackageManager, optional: boolean): boolean {
  return optional ? pm.installsMembersOptionalPeers : pm.installsMissingPeers;
}

/** One dependency a published version declares. */
export interface PublishedDependency {
  name: string;
  spec: string;
  type: Exclude<DependencyType, 'devDependencies'>;
  /** a peer marked optional in peerDependenciesMeta */
  optionalPeer: boolean;
}

/**
 * Rule 3: the edges of a published version, the one place that lists them: dependencies, then
 * optionalDependencies, then peerDependencies, each by name. Bundled dependencies ride in the archive and are not
 * edges (the package manager's view of the registry adds them where it resolves them: src/registry/manager-view.ts).
 */
export function publishedDependencies(info: VersionInfo): PublishedDependency[] {
  const out: PublishedDependency[] = [];
  const kinds = [
    ['dependencies', info.dependencies],
    ['optionalDependencies', info.optionalDependencies],
    ['peerDependencies', info.peerDependencies],
  ] as const;
  for (const [type, deps] of kinds) {
    for (const name of Object.keys(deps).sort(codePointCompare)) out.push({ name, spec: deps[name]!, type, optionalPeer: type === 'peerDependencies' && info.peerOptional.includes(name) });
  }
  return out;
}

/**
 * Rule 3: an optional dependency is installed unless no published version satisfies it, as npm skips it. A version
 * the policy refuses still counts: the edge then needs a pin like any other, and the gate says so.
 */
export function optionalDependencyInstalled(p: Packument | null | undefined, range: string): boolean {
  // platform binaries are exact optional dependencies: one is looked up rather than every version tested
  if (p && isExactVersion(range)) return p.versions[range] !== undefined;
  return anyPublishedSatisfiesAll(p, [range]);
}

/**
 * Rule 4, where a peer of X is looked up. npm places a peer at the level of the package that declares it, where X's
 * dependent sees it:
 *  - `dependent`: X's dependent requires the name itself, and X's peer is that copy;
 *  - `members`: the dependent does not, the members do, and X's peer is the members' version;
 *  - `beside`: nobody above X requires it, and npm 7+ installs it beside X like an ordinary dependency;
 *  - `absent`: likewise, but the peer is optional (or the package manager leaves missing peers out): nothing is
 *    installed, and the range binds only where something else installs the name.
 */
export type PeerPlace = 'dependent' | 'members' | 'beside' | 'absent';

export function peerPlace(where: { dependentHas: boolean; membersHave: boolean; optional: boolean }): PeerPlace {
  if (where.dependentHas) return 'dependent';
  if (where.membersHave) return 'members';
  return where.optional ? 'absent' : 'beside';
}

/** Rule 5: a member's edge on `name` holds the members to one version of it, unless it is an alias or `allowMultiple`. */
export function membersShare(config: Config, name: string, alias: boolean): boolean {
  return !alias && !matchesAny(config.allowMultiple, name);
}

/** Rule 5: a `singleVersion` name has one version in the whole install. */
export function isSingleVersion(config: Config, name: string): boolean {
  return matchesAny(config.singleVersion, name);
}

/**
 * Rule 6: elsewhere an edge may nest, and npm dedupes: of the versions an edge admits, it takes one already
 * installed for the name (the highest), else a copy of its own. Returns the version to reuse, if any.
 */
export function dedupeTarget(installed: Iterable<string>, admits: (version: string) => boolean): string | undefined {
  return highestVersion(installed, (_, v) => admits(v));
}
