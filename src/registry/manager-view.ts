import type { Packument, Registry, VersionInfo } from './types.js';

/** Where a package manager reads published metadata otherwise than npm does (src/workspace/package-manager.ts). */
export interface PublishedRules {
  /** yarn 2+: bundleDependencies are resolved from the registry, not taken from the archive */
  resolvesBundled: boolean;
  /** npm, and pnpm with autoInstallPeers: a peer nobody provides is installed; otherwise it is left out */
  installsMissingPeers: boolean;
}

/**
 * The registry as the family's package manager installs from it (docs/resolver.md, "Which package manager"): a
 * version's bundled dependencies become dependencies like the rest (yarn), and its peers bind only when something
 * else installs them (yarn; pnpm without autoInstallPeers), as optional peers do under npm. The registry itself when
 * npm's rules hold. Versions are mapped as they are read, so a lazily loaded packument stays lazy.
 */
export function installedBy(registry: Registry, rules: PublishedRules): Registry {
  if (!rules.resolvesBundled && rules.installsMissingPeers) return registry;
  const mapped = new WeakMap<VersionInfo, VersionInfo>();
  const map = (info: VersionInfo): VersionInfo => {
    let out = mapped.get(info);
    if (!out) {
      const { bundled, ...rest } = info;
      out = {
        ...(rules.resolvesBundled ? rest : info),
        ...(rules.resolvesBundled && bundled ? { dependencies: { ...info.dependencies, ...bundled } } : {}),
        ...(rules.installsMissingPeers ? {} : { peerOptional: Object.keys(info.peerDependencies).sort() }),
      };
      mapped.set(info, out);
    }
    return out;
  };
  const view = (p: Packument | null): Packument | null => (p ? withVersions(p, map) : p);
  return {
    description: registry.description,
    packument: async (name) => view(await registry.packument(name)),
    ...(registry.revalidate ? { revalidate: async (name: string) => view(await registry.revalidate!(name)) } : {}),
    ...(registry.settle ? { settle: () => registry.settle!() } : {}),
    ...(registry.contentState ? { contentState: (names: readonly string[]) => registry.contentState!(names) } : {}),
    ...(registry.derived ? { derived: registry.derived } : {}),
  };
}

function withVersions(p: Packument, map: (info: VersionInfo) => VersionInfo): Packument {
  const inner = p.versions;
  const at = (key: string | symbol) => {
    const info = typeof key === 'string' ? inner[key] : undefined;
    return info && map(info);
  };
  const versions = new Proxy({} as Record<string, VersionInfo>, {
    get: (_t, key) => at(key),
    has: (_t, key) => key in inner,
    ownKeys: () => Reflect.ownKeys(inner),
    getOwnPropertyDescriptor: (_t, key) => {
      const info = at(key);
      return info ? { value: info, writable: true, enumerable: true, configurable: true } : undefined;
    },
  });
  // `time` may be a getter that loads on first read: it is forwarded, not copied
  return Object.defineProperties({ name: p.name, versions, distTags: p.distTags, ...(p.repository ? { repository: p.repository } : {}) } as Packument, {
    time: { get: () => p.time, enumerable: true },
  });
}
