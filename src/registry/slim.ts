import type { Packument, VersionInfo } from './types.js';

type Json = Record<string, unknown>;

/** Bump when the slim form changes, so old cache entries are not read. */
export const SLIM_FORMAT = 2;

function stringRecord(v: unknown): Record<string, string> {
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
    const optionalDependencies = stringRecord(v.optionalDependencies);
    const dependencies = stringRecord(v.dependencies);
    // npm publishes optional dependencies in `dependencies` too; keep each name once.
    for (const n of Object.keys(optionalDependencies)) delete dependencies[n];
    const meta = (v.peerDependenciesMeta ?? {}) as Record<string, { optional?: unknown }>;
    const info: VersionInfo = {
      dependencies,
      optionalDependencies,
      peerDependencies: stringRecord(v.peerDependencies),
      peerOptional: Object.keys(meta)
        .filter((n) => meta[n]?.optional === true)
        .sort(),
    };
    if (typeof v.deprecated === 'string' && v.deprecated !== '') info.deprecated = v.deprecated;
    const engines = v.engines as Json | undefined;
    if (engines && typeof engines === 'object' && typeof engines.node === 'string') info.enginesNode = engines.node;
    versions[version] = info;
  }
  const time = stringRecord(doc.time);
  delete time.created;
  delete time.modified;
  return { name, versions, distTags: stringRecord(doc['dist-tags']), time };
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
