import type { Agent } from 'node:http';
import { createRequire } from 'node:module';
import { getOrMake } from '../util/memo-map.js';
import { readCacheEntry } from './cache-index.js';
import { type NpmSettings, registryFor } from './npmrc.js';
import { PackumentStream } from './packument-stream.js';
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

/** Where pacote asks for a packument: the name's registry, and the name with a scope's slash escaped. */
function packumentUrl(settings: NpmSettings, name: string): string {
  return `${registryFor(settings, name)}${name.replace('/', '%2f')}`;
}

/** The key npm's cache files a packument's response under. */
export function packumentCacheKey(settings: NpmSettings, name: string): string {
  return `make-fetch-happen:request-cache:${packumentUrl(settings, name)}`;
}

/** Defined by scripts/bundle.mjs in the single-file bundle, where pacote's package.json is not on disk. */
declare const CONSTRAIN_PACOTE_VERSION: string | undefined;

/** The pacote whose request a streamed fetch makes (its version is in the request's headers). */
function pacoteVersion(): string {
  if (typeof CONSTRAIN_PACOTE_VERSION === 'string') return CONSTRAIN_PACOTE_VERSION;
  return (createRequire(import.meta.url)('pacote/package.json') as { version: string }).version;
}

/** How a fetcher reads one packument: whole, through pacote, or as it streams. */
export type PackumentRead = 'pacote' | 'stream';

/**
 * One packument reduced to its slim form and stored beside npm's cache entry: the whole of a fetch's work, the
 * same in a fetch worker and in-process. Two reads give the same answer and the same cache entry:
 * - `pacote`: pacote.packument (npm's cache, .npmrc registries and auth, retries), the whole document parsed;
 * - `stream`: the request pacote makes (npm-registry-fetch, which pacote calls, with pacote's headers, so npm's
 *   cache entry is the one npm would write and read), with the document slimmed as it arrives (PackumentStream):
 *   no thread ever holds a whole document, a fetch worker's heap stays small, and no buffer of megabytes is
 *   allocated (each left the thread's malloc arena tens of megabytes larger for the rest of the run).
 * Throws npm's errors.
 */
export class PacoteFetcher {
  /** registry URL → the agent its fetches share (undefined: npm's own) */
  private readonly agents = new Map<string, Promise<Agent | undefined>>();

  constructor(
    private readonly settings: NpmSettings,
    private readonly slimDir: string,
    private readonly read: PackumentRead = 'pacote',
    /** the most bytes one value of a streamed document may hold (PackumentStream) */
    private readonly maxValue?: number,
  ) {}

  async fetch(name: string, mode: FetchMode): Promise<Fetched> {
    const { settings } = this;
    const registry = registryFor(settings, name);
    const agent = await getOrMake(this.agents, registry, () => sharedContextAgent(settings, registry));
    // with the shared context's agent, the certificates stay out of every request's options (sharedContextAgent)
    const { ca: _certificates, ...rest } = settings.fetchOptions;
    const options = { ...(agent === undefined ? settings.fetchOptions : { ...rest, agent }), cache: settings.cacache, ...mode };
    const slim = this.read === 'stream' ? await streamed(name, packumentUrl(settings, name), options, this.maxValue) : await whole(name, options);
    const info = readCacheEntry(settings.cacache, packumentCacheKey(settings, name));
    return info ? { integrity: info.integrity, ...(await storeSlim(this.slimDir, info.integrity, slim)) } : { slim };
  }
}

/** pacote.packument, slimmed. */
async function whole(name: string, options: Record<string, unknown>): Promise<Packument> {
  // loaded on the first miss only: a warm run answered from slim forms never pays for pacote's start-up
  const { default: pacote } = await import('pacote');
  const doc = (await pacote.packument(name, { ...options, fullMetadata: true })) as unknown as Record<string, unknown>;
  return slimPackument(name, doc);
}

/** pacote.packument's request (RegistryFetcher: its URL, headers and options), read as it streams. */
async function streamed(name: string, url: string, options: Record<string, unknown>, maxValue?: number): Promise<Packument> {
  const { default: registryFetch } = await import('npm-registry-fetch');
  const version = pacoteVersion();
  const res = await registryFetch(url, {
    ...options,
    headers: {
      'user-agent': `pacote/${version} node/${process.version}`,
      'pacote-version': version,
      'pacote-req-type': 'packument',
      'pacote-pkg-id': `registry:${name}`,
      accept: 'application/json',
    },
    spec: name,
    // never check integrity for packuments themselves
    integrity: null,
  });
  const reader = new PackumentStream(name, url, maxValue);
  // read to the end whatever the document holds: the response lands in npm's cache as it does under res.json()
  let invalid: unknown;
  await new Promise<void>((resolve, reject) => {
    res.body.on('data', (chunk) => {
      if (invalid !== undefined) return;
      try {
        reader.write(chunk);
      } catch (err) {
        invalid = err;
      }
    });
    res.body.on('error', reject);
    res.body.on('end', resolve);
  });
  if (invalid !== undefined) throw invalid;
  return reader.end();
}
