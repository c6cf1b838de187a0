import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// the built modules: the fetch workers run compiled JavaScript (npm test builds before it runs vitest)
import { FetchPool, WorkerLost } from '../../dist/registry/fetch-pool.js';
import { PacoteRegistry as BuiltRegistry } from '../../dist/registry/pacote-registry.js';
import { readCacheEntry } from '../../src/registry/cache-index.js';
import { FetchPool as SourcePool } from '../../src/registry/fetch-pool.js';
import { loadNpmSettings } from '../../src/registry/npmrc.js';
import { packumentCacheKey } from '../../src/registry/pacote-fetch.js';
import { PacoteRegistry } from '../../src/registry/pacote-registry.js';
import { startRegistry } from '../helpers/http-registry.js';

const versions = (name: string, n: number) =>
  Object.fromEntries(
    Array.from({ length: n }, (_, i) => [
      `1.${i}.0`,
      { name, version: `1.${i}.0`, dependencies: i % 2 ? { left: '^1.0.0' } : { right: `~1.${i}.0` }, peerDependencies: { host: '>=2' }, peerDependenciesMeta: { host: { optional: i % 3 === 0 } } },
    ]),
  );

let registry: Awaited<ReturnType<typeof startRegistry>>;
beforeAll(async () => {
  registry = await startRegistry((_req, name) => {
    if (name === 'gone') return { status: 404, body: { error: 'not found' } };
    if (name === 'broken') return { status: 500, body: { error: 'boom' } };
    // a document whose slim form needs far more than the small heap below allows (20,000 versions, 25 MB of JSON)
    if (name === 'huge') return { status: 200, body: { name, 'dist-tags': { latest: '1.0.0' }, versions: hugeVersions(), time: {} } };
    // a document with one value past MAX_WORKER_VALUE (a version with 24 MB of text)
    if (name === 'long') return { status: 200, body: { name, 'dist-tags': { latest: '1.0.1' }, versions: longVersions(), time: {} } };
    return { status: 200, body: { name, 'dist-tags': { latest: '1.0.0' }, versions: versions(name, name.length + 2), time: { '1.0.0': '2024-01-01T00:00:00.000Z' } } };
  });
});
afterAll(() => registry.close());

function settings() {
  return loadNpmSettings(mkdtempSync(join(tmpdir(), 'constrain-pool-')), {
    npm_config_userconfig: '/nonexistent/.npmrc',
    npm_config_globalconfig: '/nonexistent/npmrc',
    npm_config_cache: mkdtempSync(join(tmpdir(), 'constrain-pool-cache-')),
    npm_config_registry: registry.url,
    npm_config_fetch_retries: '0',
  });
}

const hugeVersions = () =>
  Object.fromEntries(
    Array.from({ length: 20_000 }, (_, i) => [
      `1.0.${i}`,
      { name: 'huge', version: `1.0.${i}`, description: `release ${i} `.repeat(40), dependencies: Object.fromEntries(Array.from({ length: 20 }, (_, k) => [`dep-${i}-${k}`, `^${k}.${i}.0`])) },
    ]),
  );

const longVersions = () => ({
  '1.0.0': { name: 'huge', version: '1.0.0', dependencies: { a: '^1.0.0' } },
  '1.0.1': { name: 'huge', version: '1.0.1', description: 'a long readme '.repeat(1_750_000), dependencies: { b: '^2.0.0' } },
});

/** A worker heap that loads npm's fetch and streams small documents, and not `huge`. */
const SMALL_HEAP = { maxOldGenerationSizeMb: 16, maxYoungGenerationSizeMb: 2 };

/**
 * A pool's fetch of `name` rejects with WorkerLost for `code`, leaving the packument to the caller; the pool stays
 * usable, and answers the next fetch.
 */
async function expectLeftToCaller(name: string, code: string, heap?: typeof SMALL_HEAP): Promise<void> {
  const mode = { offline: false, preferOffline: false, preferOnline: false };
  const pool = FetchPool.open(settings(), mkdtempSync(join(tmpdir(), 'constrain-pool-slim-')), heap)!;
  const lost = await pool.fetch(name, mode).catch((err: unknown) => err);
  expect(lost).toBeInstanceOf(WorkerLost);
  expect((lost as WorkerLost).reason).toMatchObject({ code });
  expect(pool.usable).toBe(true);
  const after = await pool.fetch('bb', mode);
  expect('stored' in after && after.stored.versions).toHaveLength(4);
  pool.stop();
}

const NAMES = ['a', 'bb', 'ccc', '@scope/dddd', 'eeeee', 'ffffff', 'ggggggg', 'hhhhhhhh'];

describe('fetch workers', () => {
  it('are used where the worker module is built, and not by the sources', () => {
    expect(FetchPool.open(settings(), tmpdir())).toBeDefined();
    expect(SourcePool.open(settings(), tmpdir())).toBeUndefined();
  });

  it('answer as pacote in this thread does: the same slim forms, 404s and errors, read back the same when warm', async () => {
    const inWorkers = new BuiltRegistry({ settings: settings() });
    const here = new PacoteRegistry({ settings: settings() });
    const all = async (r: { packument(name: string): Promise<unknown> }) => Promise.all([...NAMES, 'gone'].map((n) => r.packument(n)));
    const [fromWorkers, fromHere] = [await all(inWorkers), await all(here)];
    expect(JSON.parse(JSON.stringify(fromWorkers))).toEqual(JSON.parse(JSON.stringify(fromHere)));
    expect(fromWorkers.at(-1)).toBeNull();
    expect(Object.keys((fromWorkers[3] as { versions: object }).versions)).toHaveLength(13);
    await expect(inWorkers.packument('broken')).rejects.toThrow(/answered HTTP 500 for broken/);
    // a second fetch of the same names is answered from the slim forms the workers stored
    const before = registry.requests.length;
    const again = await Promise.all(NAMES.map((n) => inWorkers.packument(n)));
    expect(registry.requests.length).toBe(before);
    expect(JSON.parse(JSON.stringify(again))).toEqual(JSON.parse(JSON.stringify(fromHere.slice(0, -1))));
  });

  it("stream a document into npm's cache entry as pacote writes it: pacote reads it back offline, under the same integrity", async () => {
    const streamedInto = settings();
    const inWorkers = new BuiltRegistry({ settings: streamedInto });
    const fromWorkers = await Promise.all(NAMES.map((n) => inWorkers.packument(n)));
    inWorkers.idle();
    // pacote in this thread, on the cache the workers filled, without the network: every entry is there, and read
    // the same (a request pacote would not match, by its URL or its headers, would be ENOTCACHED here)
    const before = registry.requests.length;
    const offline = new PacoteRegistry({ settings: streamedInto, offline: true });
    const fromCache = await Promise.all(NAMES.map((n) => offline.packument(n)));
    expect(registry.requests.length).toBe(before);
    expect(JSON.parse(JSON.stringify(fromCache))).toEqual(JSON.parse(JSON.stringify(fromWorkers)));
    // and the document pacote writes is stored under the integrity the workers' entry names
    const pacoteCache = settings();
    await new PacoteRegistry({ settings: pacoteCache }).packument('@scope/dddd');
    const entry = (s: typeof pacoteCache) => readCacheEntry(s.cacache, packumentCacheKey(s, '@scope/dddd'));
    expect(entry(streamedInto)?.integrity).toMatch(/^sha512-/);
    expect(entry(streamedInto)?.integrity).toBe(entry(pacoteCache)?.integrity);
  });

  it('stop their idle workers when told the fetching is done, and start again for a later round', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'constrain-pool-slim-'));
    const pool = FetchPool.open(settings(), dir)!;
    const mode = { offline: false, preferOffline: false, preferOnline: false };
    const first = await pool.fetch('a', mode);
    pool.stop();
    // a stopped pool has no thread left to post to: a fetch that reached an old worker would never answer
    const second = await pool.fetch('bb', mode);
    const third = await pool.fetch('a', mode);
    expect(pool.usable).toBe(true);
    expect('stored' in second && second.stored.versions).toHaveLength(4);
    expect('stored' in third && third.stored).toEqual('stored' in first && first.stored);
    pool.stop();
  });

  it('lose a worker to a document too big for its heap without failing the fetch: the caller fetches it, and the other workers go on', async () => {
    await expectLeftToCaller('huge', 'ERR_WORKER_OUT_OF_MEMORY', SMALL_HEAP);
    // through the registry: the document is fetched in this thread, and is the one pacote gives here
    const inWorkers = new BuiltRegistry({ settings: settings(), workerHeap: SMALL_HEAP });
    const here = new PacoteRegistry({ settings: settings() });
    const [fromWorkers, fromHere] = [await inWorkers.packument('huge'), await here.packument('huge')];
    expect(Object.keys(fromWorkers!.versions)).toHaveLength(20_000);
    expect(fromWorkers!.versions['1.0.19999']).toEqual(fromHere!.versions['1.0.19999']);
    inWorkers.idle();
  }, 60_000);

  it('leave a document with a value too large for a worker to parse to the caller, which fetches it whole', async () => {
    // the worker is not lost: it answers the next fetch
    await expectLeftToCaller('long', 'EVALUETOOLARGE');
    const inWorkers = new BuiltRegistry({ settings: settings() });
    const [fromWorkers, fromHere] = [await inWorkers.packument('long'), await new PacoteRegistry({ settings: settings() }).packument('long')];
    expect(Object.keys(fromWorkers!.versions)).toEqual(['1.0.0', '1.0.1']);
    expect(fromWorkers).toEqual(fromHere);
    inWorkers.idle();
  }, 60_000);
});
