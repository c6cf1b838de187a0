import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../util/atomic-write.js';
import { SLIM_FORMAT } from './slim.js';
import type { Packument, VersionInfo } from './types.js';

/**
 * On disk, versions with identical metadata share one record: thousands of versions, a few dozen records. Records
 * and publish times are kept as JSON texts, parsed only when something reads them: a warm check reads the record
 * of a pin or two per package, and only propose, forecast and --before read times.
 */
interface StoredPackument {
  name: string;
  distTags: Record<string, string>;
  time: string;
  /** each a JSON text of a Partial<VersionInfo> */
  records: string[];
  versions: Record<string, number>;
  repository?: string;
}

function toStored(p: Packument): StoredPackument {
  const records: string[] = [];
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
      records.push(key);
      index.set(key, i);
    }
    versions[v] = i;
  }
  return { name: p.name, distTags: p.distTags, time: JSON.stringify(p.time), records, versions, ...(p.repository ? { repository: p.repository } : {}) };
}

export function encodeSlim(p: Packument): string {
  return JSON.stringify(toStored(p));
}

/**
 * The packument a stored form describes, built in time independent of its number of versions: `versions` reads
 * through to the shared records (a proxy over the stored version → record map), and `time` is parsed on first use.
 * A warm run over thousands of packuments touches a pin or two of each.
 */
function fromStored(s: StoredPackument): Packument {
  const infos: (VersionInfo | undefined)[] = [];
  const record = (i: number): VersionInfo => {
    let info = infos[i];
    if (!info) {
      const r = JSON.parse(s.records[i]!) as Partial<VersionInfo>;
      info = {
        dependencies: r.dependencies ?? {},
        optionalDependencies: r.optionalDependencies ?? {},
        peerDependencies: r.peerDependencies ?? {},
        peerOptional: r.peerOptional ?? [],
        ...(r.deprecated !== undefined ? { deprecated: r.deprecated } : {}),
        ...(r.enginesNode !== undefined ? { enginesNode: r.enginesNode } : {}),
      };
      infos[i] = info;
    }
    return info;
  };
  const versions = new Proxy(s.versions, {
    get: (target, key) => (typeof key === 'string' && Object.hasOwn(target, key) ? record(target[key]!) : undefined),
  }) as unknown as Record<string, VersionInfo>;
  let time: Record<string, string> | undefined;
  return {
    name: s.name,
    versions,
    distTags: s.distTags,
    get time() {
      time ??= JSON.parse(s.time) as Record<string, string>;
      return time;
    },
    ...(s.repository ? { repository: s.repository } : {}),
  };
}

export function decodeSlim(text: string): Packument {
  return fromStored(JSON.parse(text) as StoredPackument);
}

interface Pack {
  format: number;
  /** integrity of the full packument in npm's cache → its stored slim form */
  entries: Record<string, StoredPackument>;
}

/**
 * Slim packuments keyed by the content integrity of the full packument in npm's cache, so a warm run reads a few
 * kilobytes instead of re-parsing megabytes. Never keyed by file times.
 *
 * Each entry has a file of its own, and each workspace a *pack*: one file holding every slim form its last run
 * read, so a warm run over thousands of packuments opens one file instead of thousands. The pack is an index by
 * content like the rest: an entry is used only when npm's cache still names that integrity for the package, so a
 * refreshed packument is never answered from an old pack.
 */
export class SlimCache {
  private pack: Promise<Pack['entries']> | undefined;
  /** what this run served: the next pack */
  private readonly served = new Map<string, StoredPackument>();
  private missed = false;

  constructor(
    private readonly dir: string,
    /** the pack of this workspace and registry, when there is one to keep */
    private readonly packFile?: string,
  ) {}

  private path(integrity: string): string {
    const h = createHash('sha256').update(`${SLIM_FORMAT}\0${integrity}`).digest('hex');
    return join(this.dir, h.slice(0, 2), `${h}.json`);
  }

  private loadPack(): Promise<Pack['entries']> {
    this.pack ??= (async () => {
      if (!this.packFile) return {};
      try {
        const pack = JSON.parse(await readFile(this.packFile, 'utf8')) as Pack;
        return pack.format === SLIM_FORMAT && pack.entries && typeof pack.entries === 'object' ? pack.entries : {};
      } catch {
        return {};
      }
    })();
    return this.pack;
  }

  async get(integrity: string): Promise<Packument | undefined> {
    const packed = (await this.loadPack())[integrity];
    if (packed) {
      this.served.set(integrity, packed);
      return fromStored(packed);
    }
    try {
      const stored = JSON.parse(await readFile(this.path(integrity), 'utf8')) as StoredPackument;
      this.served.set(integrity, stored);
      this.missed = true;
      return fromStored(stored);
    } catch {
      return undefined;
    }
  }

  /** Stores a packument's slim form; returns it as read back, so versions with the same metadata share one record. */
  async set(integrity: string, p: Packument): Promise<Packument> {
    const stored = toStored(p);
    this.served.set(integrity, stored);
    this.missed = true;
    await writeFileAtomic(this.path(integrity), JSON.stringify(stored), { durable: false }).catch(() => undefined);
    return fromStored(stored);
  }

  /**
   * Writes the pack when this run read something it did not hold: what this run served, plus the packed entries of
   * packages it did not ask for (another command of the same workspace reads a few more). A run answered wholly
   * from the pack writes nothing.
   */
  async save(): Promise<void> {
    if (!this.packFile || !this.missed) return;
    const old = await this.loadPack();
    const names = new Set([...this.served.values()].map((s) => s.name));
    const entries: Pack['entries'] = {};
    for (const [integrity, s] of Object.entries(old)) if (!names.has(s.name)) entries[integrity] = s;
    for (const [integrity, s] of [...this.served].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) entries[integrity] = s;
    await writeFileAtomic(this.packFile, JSON.stringify({ format: SLIM_FORMAT, entries } satisfies Pack), { durable: false }).catch(() => undefined);
    this.pack = Promise.resolve(entries);
    this.missed = false;
  }
}
