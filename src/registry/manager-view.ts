import { satisfies } from '../policy/semver-cache.js';
import { groupBy } from '../util/group-by.js';
import { getOrMake } from '../util/memo-map.js';
import type { PackageExtension } from '../workspace/package-extensions.js';
import type { PackageManager } from '../workspace/package-manager.js';
import { type Packument, peekVersion, type Registry, type VersionInfo, withPeek } from './types.js';

/** Where the family's package manager reads published metadata otherwise than npm does. */
export type PublishedRules = Pick<PackageManager, 'resolvesBundled' | 'installsMissingPeers' | 'extensions' | 'extensionsReplace'>;

/**
 * The registry as the family's package manager installs from it (docs/resolver.md, "Which package manager"): the
 * root's packageExtensions are merged into the versions they select (pnpm, yarn 2+), a version's bundled
 * dependencies become dependencies like the rest (yarn), and its peers bind only when something else installs them
 * (yarn; pnpm without autoInstallPeers), as optional peers do under npm. The registry itself when npm's rules hold.
 * Versions are mapped as they are read, so a lazily loaded packument stays lazy.
 */
export function installedBy(registry: Registry, rules: PublishedRules): Registry {
  if (!rules.resolvesBundled && rules.installsMissingPeers && rules.extensions.length === 0) return registry;
  const extended = groupBy(rules.extensions, (e) => e.name);
  const mapped = new WeakMap<VersionInfo, VersionInfo>();
  // an extension depends on the version, and versions may share one record: those are mapped per version
  const mappedVersions = new Map<string, VersionInfo>();
  const map = (name: string, version: string, info: VersionInfo): VersionInfo => {
    const extensions = extended.get(name)?.filter((e) => satisfies(version, e.range));
    if (!extensions?.length) return getOrMake(mapped, info, () => rewrite(info, [], rules));
    return getOrMake(mappedVersions, `${name}@${version}`, () => rewrite(info, extensions, rules));
  };
  const view = (p: Packument | null): Packument | null => (p ? withVersions(p, (version, info) => map(p.name, version, info)) : p);
  return {
    description: registry.description,
    packument: async (name) => view(await registry.packument(name)),
    ...(registry.revalidate ? { revalidate: async (name: string) => view(await registry.revalidate!(name)) } : {}),
    ...(registry.settle ? { settle: () => registry.settle!() } : {}),
    ...(registry.contentState ? { contentState: (names: readonly string[]) => registry.contentState!(names) } : {}),
    ...(registry.derived ? { derived: registry.derived } : {}),
  };
}

/** One version as the manager installs it: its extensions merged in, bundled dependencies and peers as its rules say. */
function rewrite(info: VersionInfo, extensions: PackageExtension[], rules: PublishedRules): VersionInfo {
  const { bundled, ...rest } = info;
  const out: VersionInfo = { ...(rules.resolvesBundled ? rest : info) };
  if (rules.resolvesBundled && bundled) out.dependencies = { ...info.dependencies, ...bundled };
  for (const e of extensions) {
    const merge = (published: Record<string, string>, added: Record<string, string>) => (rules.extensionsReplace ? { ...published, ...added } : { ...added, ...published });
    out.dependencies = merge(out.dependencies, e.dependencies);
    out.optionalDependencies = merge(out.optionalDependencies, e.optionalDependencies);
    out.peerDependencies = merge(out.peerDependencies, e.peerDependencies);
    out.peerOptional = [...new Set([...out.peerOptional, ...e.peerOptional])].sort();
  }
  if (!rules.installsMissingPeers) out.peerOptional = Object.keys(out.peerDependencies).sort();
  return out;
}

function withVersions(p: Packument, map: (version: string, info: VersionInfo) => VersionInfo): Packument {
  const inner = p.versions;
  const at = (key: string | symbol) => {
    const info = typeof key === 'string' ? inner[key] : undefined;
    return info && map(key as string, info);
  };
  const versions = new Proxy({} as Record<string, VersionInfo>, {
    get: (_t, key) => at(key),
    has: (_t, key) => key in inner,
    ownKeys: () => Reflect.ownKeys(inner),
    // listing the versions must not map (or decode) each one: the version is read when the property is
    getOwnPropertyDescriptor: (_t, key) => (typeof key === 'string' && key in inner ? { get: () => at(key), enumerable: true, configurable: true } : undefined),
  });
  const peek = (version: string) => {
    const info = peekVersion(p, version);
    return info && map(version, info);
  };
  // `time` may be a getter that loads on first read: it is forwarded, not copied
  return withPeek(
    Object.defineProperties({ name: p.name, versions, distTags: p.distTags, ...(p.repository ? { repository: p.repository } : {}) } as Packument, {
      time: { get: () => p.time, enumerable: true },
    }),
    peek,
  );
}
