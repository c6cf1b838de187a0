import type { Packument, VersionInfo } from './types.js';

type Json = Record<string, unknown>;

/** Bump when the slim form changes, so old cache entries are not read. */
export const SLIM_FORMAT = 10;

export function stringRecord(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    for (const [k, val] of Object.entries(v as Json)) if (typeof val === 'string') out[k] = val;
  }
  return out;
}

/** Derives the slim packument from a registry (or fixture) packument document. */
export function slimPackument(name: string, doc: Json): Packument {
  const versions: Record<string, VersionInfo> = {};
  const rawVersions = (doc.versions ?? {}) as Record<string, Json>;
  for (const [version, v] of Object.entries(rawVersions)) {
    if (!v || typeof v !== 'object') continue;
    versions[version] = slimVersion(v);
  }
  const distTags = stringRecord(doc['dist-tags']);
  const latest = distTags.latest ? rawVersions[distTags.latest] : undefined;
  return slimTopLevel(name, versions, { time: doc.time, distTags, repository: doc.repository, latestRepository: latest && typeof latest === 'object' ? latest.repository : undefined });
}

/** The document's own fields slimPackument reads, beside its versions. */
export interface TopLevelFields {
  time: unknown;
  distTags: Record<string, string>;
  repository: unknown;
  /** the `repository` of the version dist-tags.latest names */
  latestRepository: unknown;
}

/** The slim packument of slim versions and the document's own fields (slimPackument, and the streamed read). */
export function slimTopLevel(name: string, versions: Record<string, VersionInfo>, top: TopLevelFields): Packument {
  const time = stringRecord(top.time);
  delete time.created;
  delete time.modified;
  const repository = repositoryUrl(top.repository) ?? repositoryUrl(top.latestRepository);
  return { name, versions, distTags: top.distTags, time, ...(repository ? { repository } : {}) };
}

/** The fields of one published version (a `versions` member of the document) that constrain reads. */
export function slimVersion(v: Json): VersionInfo {
  const optionalDependencies = stringRecord(v.optionalDependencies);
  const dependencies = stringRecord(v.dependencies);
  // npm publishes optional dependencies in `dependencies` too; keep each name once.
  for (const n of Object.keys(optionalDependencies)) delete dependencies[n];
  // bundled dependencies ship inside the tarball: npm neither resolves nor installs them from the registry,
  // and are kept apart for yarn, which does
  const bundled: Record<string, string> = {};
  for (const n of bundledNames(v, dependencies, optionalDependencies)) {
    const spec = dependencies[n] ?? optionalDependencies[n];
    if (spec !== undefined) bundled[n] = spec;
    delete dependencies[n];
    delete optionalDependencies[n];
  }
  const meta = (v.peerDependenciesMeta ?? {}) as Record<string, { optional?: unknown }>;
  const info: VersionInfo = {
    dependencies,
    optionalDependencies,
    peerDependencies: stringRecord(v.peerDependencies),
    peerOptional: Object.keys(meta)
      .filter((n) => meta[n]?.optional === true)
      .sort(),
  };
  if (Object.keys(bundled).length) info.bundled = bundled;
  if (typeof v.deprecated === 'string' && v.deprecated !== '') info.deprecated = v.deprecated;
  const engines = v.engines as Json | undefined;
  if (engines && typeof engines === 'object' && typeof engines.node === 'string') info.enginesNode = engines.node;
  return info;
}

/** The names a published version bundles: `bundleDependencies` (or `bundledDependencies`), `true` meaning all. */
function bundledNames(v: Json, dependencies: Record<string, string>, optional: Record<string, string>): string[] {
  const raw = v.bundleDependencies ?? v.bundledDependencies;
  if (raw === true) return [...Object.keys(dependencies), ...Object.keys(optional)];
  return Array.isArray(raw) ? raw.filter((n): n is string => typeof n === 'string') : [];
}

/**
 * A package.json `repository` (a string, or { url }) as a browsable https URL: git+https://github.com/o/r.git,
 * git@github.com:o/r.git, github:o/r and the "o/r" shorthand all become https://github.com/o/r.
 */
export function repositoryUrl(repo: unknown): string | undefined {
  const raw = typeof repo === 'string' ? repo : repo && typeof repo === 'object' && typeof (repo as Json).url === 'string' ? ((repo as Json).url as string) : undefined;
  if (!raw) return undefined;
  const text = raw.trim();
  const short = /^(?:(github|gitlab|bitbucket):)?([\w.-]+)\/([\w.-]+?)(?:\.git)?$/.exec(text);
  if (short) return `https://${short[1] ?? 'github'}.${short[1] === 'bitbucket' ? 'org' : 'com'}/${short[2]}/${short[3]}`;
  const m = /^(?:git\+)?(?:https?|git|ssh|git\+ssh):\/\/(?:[^@/]+@)?([^/:]+)(?::\d+)?\/(.+?)(?:\.git)?\/?$/.exec(text) ?? /^(?:[^@]+@)([^:]+):(.+?)(?:\.git)?$/.exec(text);
  if (!m) return undefined;
  const url = `https://${m[1]}/${m[2]}`;
  // registry text is untrusted: only plain host and path characters make a link
  return /^https:\/\/[\w.-]+(\/[\w.~%-]+)+$/.test(url) ? url : undefined;
}

/** Where a repository's release notes are read: GitHub and GitLab releases, else the repository itself. */
export function releaseNotesUrl(repository: string | undefined): string | undefined {
  if (!repository) return undefined;
  if (/^https:\/\/github\.com\/[^/]+\/[^/]+$/.test(repository)) return `${repository}/releases`;
  if (/^https:\/\/gitlab\.com\//.test(repository)) return `${repository}/-/releases`;
  return repository;
}

/** The registry as of a date: versions published after it are dropped (versions without a time are kept). */
export function packumentBefore(p: Packument, before: Date): Packument {
  const limit = before.getTime();
  const versions: Record<string, VersionInfo> = {};
  for (const [v, info] of Object.entries(p.versions)) {
    const t = p.time[v];
    if (t === undefined || Date.parse(t) <= limit) versions[v] = info;
  }
  const distTags: Record<string, string> = {};
  for (const [tag, v] of Object.entries(p.distTags)) if (versions[v]) distTags[tag] = v;
  return { ...p, versions, distTags };
}
