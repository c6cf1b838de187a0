import type { Agent } from 'node:http';
import { getOrMake } from '../util/memo-map.js';
import { readCacheEntry } from './cache-index.js';
import { type NpmSettings, registryFor } from './npmrc.js';
import { slimPackument } from './slim.js';
import { type StoredPackument, storeSlim } from './slim-cache.js';
import { sharedContextAgent } from './tls-agent.js';
import type { Packument } from './types.js';

/** How a fetch may use npm's cache (npm's --offline, --prefer-offline, --prefer-online). */
export interface FetchMode {
  offline: boolean;
  preferOffline: boolean;
  preferOnline: boolean;
}

/**
 * A fetched packument: its slim form stored under the integrity npm's cache gave the document (with the stored
 * text), or, when npm's cache keeps no entry for it, the slim form itself.
 */
export type Fetched = { integrity: string; stored: StoredPackument; text: string } | { integrity?: undefined; slim: Packument };

/** The key npm's cache files a packument's response under. */
export function packumentCacheKey(settings: NpmSettings, name: string): string {
  return `make-fetch-happen:request-cache:${registryFor(settings, name)}${name.replace('/', '%2f')}`;
}

/**
 * One packument through pacote (npm's cache, .npmrc registries and auth, retries), reduced to its slim form and
 * stored beside npm's cache entry: the whole of a fetch's work, the same in a fetch worker and in-process.
 * Throws pacote's errors.
 */
export class PacoteFetcher {
  /** registry URL → the agent its fetches share (undefined: npm's own) */
  private readonly agents = new Map<string, Promise<Agent | undefined>>();

  constructor(
    private readonly settings: NpmSettings,
    private readonly slimDir: string,
  ) {}

  async fetch(name: string, mode: FetchMode): Promise<Fetched> {
    const { settings } = this;
    // loaded on the first miss only: a warm run answered from slim forms never pays for pacote's start-up
    const { default: pacote } = await import('pacote');
    const registry = registryFor(settings, name);
    const agent = await getOrMake(this.agents, registry, () => sharedContextAgent(settings, registry));
    // with the shared context's agent, the certificates stay out of every request's options (sharedContextAgent)
    const { ca: _certificates, ...rest } = settings.fetchOptions;
    const doc = (await pacote.packument(name, {
      ...(agent === undefined ? settings.fetchOptions : { ...rest, agent }),
      cache: settings.cacache,
      fullMetadata: true,
      ...mode,
    })) as unknown as Record<string, unknown>;
    const slim = slimPackument(name, doc);
    const info = readCacheEntry(settings.cacache, packumentCacheKey(settings, name));
    return info ? { integrity: info.integrity, ...(await storeSlim(this.slimDir, info.integrity, slim)) } : { slim };
  }
}
