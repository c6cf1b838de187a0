import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../util/atomic-write.js';
import { SLIM_FORMAT } from './slim.js';
import type { Packument, VersionInfo } from './types.js';

/** On disk, versions with identical metadata share one record: thousands of versions, a few dozen records. */
interface StoredPackument {
  name: string;
  distTags: Record<string, string>;
  time: Record<string, string>;
  records: Partial<VersionInfo>[];
  versions: Record<string, number>;
  repository?: string;
}

export function encodeSlim(p: Packument): string {
  const records: Partial<VersionInfo>[] = [];
  const index = new Map<string, number>();
  const versions: Record<string, number> = {};
  for (const [v, info] of Object.entries(p.versions)) {
    const compact: Partial<VersionInfo> = {};
    if (Object.keys(info.dependencies).length) compact.dependencies = info.dependencies;
    if (Object.keys(info.optionalDependencies).length) compact.optionalDependencies = info.optionalDependencies;
    if (Object.keys(info.peerDependencies).length) compact.peerDependencies = info.peerDependencies;
    if (info.peerOptional.length) compact.peerOptional = info.peerOptional;
    if (info.deprecated !== undefined) compact.deprecated = info.deprecated;
    if (info.enginesNode !== undefined) compact.enginesNode = info.enginesNode;
    const key = JSON.stringify(compact);
    let i = index.get(key);
    if (i === undefined) {
      i = records.length;
      records.push(compact);
      index.set(key, i);
    }
    versions[v] = i;
  }
  const stored: StoredPackument = { name: p.name, distTags: p.distTags, time: p.time, records, versions, ...(p.repository ? { repository: p.repository } : {}) };
  return JSON.stringify(stored);
}

export function decodeSlim(text: string): Packument {
  const s = JSON.parse(text) as StoredPackument;
  const infos: VersionInfo[] = s.records.map((r) => ({
    dependencies: r.dependencies ?? {},
    optionalDependencies: r.optionalDependencies ?? {},
    peerDependencies: r.peerDependencies ?? {},
    peerOptional: r.peerOptional ?? [],
    ...(r.deprecated !== undefined ? { deprecated: r.deprecated } : {}),
    ...(r.enginesNode !== undefined ? { enginesNode: r.enginesNode } : {}),
  }));
  const versions: Record<string, VersionInfo> = {};
  for (const [v, i] of Object.entries(s.versions)) versions[v] = infos[i]!;
  return { name: s.name, versions, distTags: s.distTags, time: s.time, ...(s.repository ? { repository: s.repository } : {}) };
}

/**
 * Slim packuments keyed by the content integrity of the full packument in npm's cache,
 * so a warm run reads a few kilobytes instead of re-parsing megabytes. Never keyed by file times.
 */
export class SlimCache {
  constructor(private readonly dir: string) {}

  private path(integrity: string): string {
    const h = createHash('sha256').update(`${SLIM_FORMAT}\0${integrity}`).digest('hex');
    return join(this.dir, h.slice(0, 2), `${h}.json`);
  }

  async get(integrity: string): Promise<Packument | undefined> {
    try {
      return decodeSlim(await readFile(this.path(integrity), 'utf8'));
    } catch {
      return undefined;
    }
  }

  async set(integrity: string, p: Packument): Promise<void> {
    await writeFileAtomic(this.path(integrity), encodeSlim(p), { durable: false }).catch(() => undefined);
  }
}
