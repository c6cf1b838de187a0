import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { RegistryError } from '../errors.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { type CacheEntry, readCacheEntry } from './cache-index.js';
import { FetchPool, type WorkerHeap, WorkerLost } from './fetch-pool.js';
import { IndexStamps } from './index-stamps.js';
import { type NpmSettings, registryFor } from './npmrc.js';
import { type Fetched, type FetchMode, PacoteFetcher, packumentCacheKey } from './pacote-fetch.js';
import { SlimCache } from './slim-cache.js';
import type { Packument, Registry } from './types.js';

export interface PacoteRegistryOptions {
  settings: NpmSettings;
  /** cache only (--offline) */
  offline?: boolean;
  /** use any cached packument without revalidating (npm's --prefer-offline) */
  preferOffline?: boolean;
  /** clock for HTTP freshness, injectable for tests */
  now?: () => number;
  /** the workspace root: its pack of slim forms is kept beside npm's cache (see SlimCache) */
  workspace?: string;
  /** the bound on each fetch worker's heap (FetchPool's WORKER_HEAP), injectable for tests */
  workerHeap?: WorkerHeap;
}

/** Freshness of a cached packument whose response set no max-age: 5 minutes. */
export const DEFAULT_MAX_AGE = 300_000;

/** The real registry through pacote: .npmrc registries, scopes and auth, npm's cache, retries. */
export class PacoteRegistry implements Registry {
  readonly description: string;
  private readonly slim: SlimCache;
  private readonly stamps?: IndexStamps;
  private readonly slimDir: string;
  /** null: no workers here (FetchPool.open) */
  private pool: FetchPool | null | undefined;
  private inProcess: PacoteFetcher | undefined;
  constructor(private readonly opts: PacoteRegistryOptions) {
    this.description = opts.settings.registry;
    const own = join(dirname(opts.settings.cacache), '_constrain');
    const workspaceKey = opts.workspace ? createHash('sha256').update(`${opts.workspace}\0${opts.settings.registry}`).digest('hex') : undefined;
    this.slimDir = join(own, 'slim');
    this.slim = new SlimCache(this.slimDir, opts.settings.cacache, workspaceKey ? join(own, 'packs', `${workspaceKey}.json`) : undefined);
    if (workspaceKey) {
      this.stamps = new IndexStamps(opts.settings.cacache, join(own, 'index', `${workspaceKey}.json`));
      const file = (kind: string) => join(own, 'derived', `${workspaceKey}.${kind}.json`);
      this.derived = {
        read: (kind) => readFile(file(kind), 'utf8').catch(() => undefined),
        write: (kind, text) => writeFileAtomic(file(kind), text, { durable: false }).catch(() => undefined),
      };
    }
  }

  readonly derived?: NonNullable<Registry['derived']>;

  async contentState(names: readonly string[]): Promise<string | undefined> {
    const h = createHash('sha256');
    for (const name of names) {
      const answer = await this.cachedAnswer(name);
      if (answer === undefined) return undefined;
      h.update(`${name}\0${answer === 'missing' ? '(404)' : answer.integrity}\n`);
    }
    return h.digest('hex');
  }

  /**
   * What the cache may answer for a package without the network: npm's entry for its document when that is fresh
   * (or --offline/--prefer-offline allow it), else, when npm has no entry, a 404 the pack remembers under the same
   * rule; undefined when only the registry can answer. (npm's cache keeps no 404s.)
   */
  private async cachedAnswer(name: string): Promise<CacheEntry | 'missing' | undefined> {
    const cacheOnly = this.opts.offline || this.opts.preferOffline;
    const entry = this.cacheInfo(packumentCacheKey(this.opts.settings, name));
    if (entry) return cacheOnly || this.isFresh(entry.time, entry.metadata?.resHeaders?.['cache-control']) ? entry : undefined;
    const since = await this.slim.missingSince(name);
    return since !== undefined && (cacheOnly || this.isFresh(since, undefined)) ? 'missing' : undefined;
  }

  /** Keeps what this run read for the next one (the workspace's pack); called when a command has its metadata. */
  async settle(): Promise<void> {
    await this.slim.save();
    await this.stamps?.save();
  }

  idle(): void {
    this.pool?.stop();
  }

  async packument(name: string): Promise<Packument | null> {
    return this.fetch(name, false);
  }

  /** Past the cache (npm's prefer-online), unless --offline forbids the network. */
  async revalidate(name: string): Promise<Packument | null> {
    return this.fetch(name, !this.opts.offline);
  }

  private async fetch(name: string, online: boolean): Promise<Packument | null> {
    const cached = online ? undefined : await this.cachedAnswer(name);
    if (cached === 'missing') return null;
    if (cached) {
      const hit = await this.slim.get(cached.integrity);
      if (hit) return hit;
    }
    const mode = { offline: this.opts.offline === true, preferOffline: !online && this.opts.preferOffline === true, preferOnline: online };
    let fetched: Fetched;
    try {
      fetched = await this.fetcher()
        .fetch(name, mode)
        // a worker that ended (out of memory on one document, or broken) leaves the fetch to this thread
        .catch((err: unknown) => (err instanceof WorkerLost ? this.inProcessFetcher().fetch(name, mode) : Promise.reject(err)));
    } catch (err) {
      return this.failure(name, err as NodeJS.ErrnoException & { statusCode?: number });
    }
    return fetched.integrity === undefined ? fetched.slim : this.slim.adopt(fetched.integrity, fetched.stored);
  }

  /** Workers for the misses when the machine and the build allow them (FetchPool), else pacote in this thread. */
  private fetcher(): { fetch(name: string, mode: FetchMode): Promise<Fetched> } {
    if (this.pool === undefined) this.pool = FetchPool.open(this.opts.settings, this.slimDir, this.opts.workerHeap) ?? null;
    if (this.pool?.usable) return this.pool;
    return this.inProcessFetcher();
  }

  private inProcessFetcher(): PacoteFetcher {
    this.inProcess ??= new PacoteFetcher(this.opts.settings, this.slimDir);
    return this.inProcess;
  }

  private cacheInfo(key: string): CacheEntry | undefined {
    return this.stamps ? this.stamps.entry(key) : readCacheEntry(this.opts.settings.cacache, key);
  }

  /**
   * Freshness: the response's max-age since it was stored; a response without one (some mirrors send none)
   * is fresh for DEFAULT_MAX_AGE, what registry.npmjs.org's own max-age=300 gives.
   */
  private isFresh(stored: number, cacheControl: string | undefined): boolean {
    const cc = cacheControl ?? '';
    if (/no-cache|no-store/.test(cc)) return false;
    const m = /max-age=(\d+)/.exec(cc);
    const maxAge = m ? Number(m[1]) * 1000 : DEFAULT_MAX_AGE;
    return this.now() - stored < maxAge;
  }

  private now(): number {
    return this.opts.now?.() ?? Date.now();
  }

  private failure(name: string, err: NodeJS.ErrnoException & { statusCode?: number }): null {
    const where = registryFor(this.opts.settings, name);
    if (err.code === 'E404' || err.statusCode === 404) {
      this.slim.recordMissing(name, this.now());
      return null;
    }
    if (err.code === 'ENOTCACHED') throw new RegistryError(`${name} is not in the cache and --offline forbids the network (registry ${where})`);
    if (err.statusCode === 401 || err.statusCode === 403 || err.code === 'E401' || err.code === 'E403')
      throw new RegistryError(`the registry ${where} refused ${name} (HTTP ${err.statusCode ?? err.code}): check the credentials for it in .npmrc`);
    if (err.statusCode && err.statusCode >= 500)
      throw new RegistryError(`the registry ${where} answered HTTP ${err.statusCode} for ${name} after retries`);
    const detail = err.code ?? err.message.split('\n')[0];
    throw new RegistryError(`could not fetch ${name} from ${where}: ${detail}`);
  }
}
