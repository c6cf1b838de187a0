/** The fields constrain reads from one published version. */
export interface VersionInfo {
  dependencies: Record<string, string>;
  optionalDependencies: Record<string, string>;
  peerDependencies: Record<string, string>;
  /** names marked optional in peerDependenciesMeta */
  peerOptional: string[];
  /** dependencies it bundles (name → spec): npm and pnpm take them from its archive, yarn 2+ from the registry */
  bundled?: Record<string, string>;
  deprecated?: string;
  enginesNode?: string;
}

/** A slim packument: what constrain needs, derived once from the registry's document. */
export interface Packument {
  name: string;
  versions: Record<string, VersionInfo>;
  distTags: Record<string, string>;
  /** version → ISO publish time, where the registry says */
  time: Record<string, string>;
  /** the source repository as a browsable https URL, when the packument names one */
  repository?: string;
  /**
   * A version's metadata read without keeping it: what a search over many versions reads once (the resolver's look
   * at neighbouring versions, the engines filter). A lazily decoded packument decodes the record and lets it go;
   * otherwise the same as `versions[version]`. Use peekVersion.
   */
  peek?(version: string): VersionInfo | undefined;
}

/** Gives a packument its peek, as a method that is not one of its fields (it is not data: not compared, not serialised). */
export function withPeek(p: Packument, peek: (version: string) => VersionInfo | undefined): Packument {
  return Object.defineProperty(p, 'peek', { value: peek, enumerable: false });
}

/** A version's metadata, read without keeping it where the packument can (Packument.peek). */
export function peekVersion(p: Packument, version: string): VersionInfo | undefined {
  return p.peek ? p.peek(version) : p.versions[version];
}

/** One interface for every registry: pacote, the fixture registry, in-memory. */
export interface Registry {
  /** The package's slim packument, or null when the registry does not have it (404). Throws RegistryError when it cannot answer. */
  packument(name: string): Promise<Packument | null>;
  /** A short description for messages, e.g. the registry URL. */
  readonly description: string;
  /**
   * The packument asked of the registry itself, past any cache: called when a cached packument lacks a pinned
   * version (it may have been published since). Registries without a cache need not implement it.
   */
  revalidate?(name: string): Promise<Packument | null>;
  /** Called when nothing is queued or in flight: a registry with fetch workers lets them go until the next fetch. */
  idle?(): void;
  /** Called when a command has fetched what it needs: a caching registry keeps what it read for the next run. */
  settle?(): Promise<void>;
  /**
   * A digest of what the registry would answer for these packages now, read from its cache alone (npm's cache
   * index: each document's integrity, or a remembered 404); undefined when some answer would need the network.
   */
  contentState?(names: readonly string[]): Promise<string | undefined>;
  /** A small store beside the cache for results derived from it (the workspace's last check), keyed by the caller. */
  derived?: { read(kind: string): Promise<string | undefined>; write(kind: string, text: string): Promise<void> };
}
