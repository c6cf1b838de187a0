import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import cacache from 'cacache';
import nock from 'nock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { check } from '../../src/api/check.js';
import { RegistryError } from '../../src/errors.js';
import { readCacheEntry } from '../../src/registry/cache-index.js';
import { loadNpmSettings } from '../../src/registry/npmrc.js';
import { PacoteRegistry } from '../../src/registry/pacote-registry.js';
import { makeWorkspace } from '../helpers/workspace.js';

const REG = 'https://registry.test.invalid';
const SCOPED = 'https://npm.acme.test.invalid';

function settingsFor(root: string, extraEnv: Record<string, string> = {}) {
  const cache = mkdtempSync(join(tmpdir(), 'constrain-nock-cache-'));
  const settings = loadNpmSettings(root, {
    npm_config_userconfig: '/nonexistent/.npmrc',
    npm_config_cache: cache,
    npm_config_fetch_retries: '2',
    npm_config_fetch_retry_mintimeout: '5',
    npm_config_fetch_retry_maxtimeout: '10',
    npm_config_fetch_timeout: '300',
    ...extraEnv,
  });
  // nock 14 cannot see sockets that @npmcli/agent opens itself; agent: false uses Node's own http stack
  settings.fetchOptions.agent = false;
  return settings;
}

const doc = (name: string, versions: string[]) => ({
  name,
  'dist-tags': { latest: versions.at(-1) },
  versions: Object.fromEntries(versions.map((v) => [v, { name, version: v, dependencies: {} }])),
  time: Object.fromEntries(versions.map((v, i) => [v, `2024-01-0${i + 1}T00:00:00.000Z`])),
});

beforeAll(() => {
  nock.disableNetConnect();
});
afterEach(() => {
  nock.cleanAll();
});

describe('PacoteRegistry through nock', () => {
  it('reads the scoped registry and its token from the project .npmrc, and sends the token only there', async () => {
    const root = makeWorkspace({
      '.npmrc': `registry=${REG}/\n@acme:registry=${SCOPED}/\n//npm.acme.test.invalid/:_authToken=\${ACME_TOKEN}\n`,
    });
    const settings = settingsFor(root, { ACME_TOKEN: 'tok-123' });
    const scoped = nock(SCOPED, { reqheaders: { authorization: 'Bearer tok-123' } })
      .get('/@acme%2fcore')
      .reply(200, doc('@acme/core', ['1.0.0', '1.1.0']));
    const open = nock(REG, { badheaders: ['authorization'] })
      .get('/lodash')
      .reply(200, doc('lodash', ['4.17.21']));
    const reg = new PacoteRegistry({ settings });
    const core = await reg.packument('@acme/core');
    const lodash = await reg.packument('lodash');
    expect(Object.keys(core!.versions)).toEqual(['1.0.0', '1.1.0']);
    expect(core!.time['1.1.0']).toBe('2024-01-02T00:00:00.000Z');
    expect(Object.keys(lodash!.versions)).toEqual(['4.17.21']);
    expect(scoped.isDone() && open.isDone()).toBe(true);
  });

  it('a 404 is a package with no versions, which check reports naming it', async () => {
    const root = makeWorkspace({
      'package.json': { name: 'app', version: '1.0.0', dependencies: { ghost: '^1.0.0' } },
      'constraints/constraints.yaml': 'ghost: 1.0.0\n',
      '.npmrc': `registry=${REG}/\n`,
    });
    nock(REG).get('/ghost').reply(404, { error: 'Not found' });
    const reg = new PacoteRegistry({ settings: settingsFor(root) });
    const report = await check({ cwd: root, registryImpl: reg });
    expect(report.findings.map((f) => [f.kind, f.package, f.message])).toContainEqual(['missing-version', 'ghost', 'ghost does not exist on the registry']);
  });

  it('500 then 200 is retried and succeeds', async () => {
    const scope = nock(REG).get('/lodash').reply(500, 'boom').get('/lodash').reply(200, doc('lodash', ['4.17.21']));
    const reg = new PacoteRegistry({ settings: settingsFor(makeWorkspace({ '.npmrc': `registry=${REG}/\n` })) });
    const p = await reg.packument('lodash');
    expect(Object.keys(p!.versions)).toEqual(['4.17.21']);
    expect(scope.isDone()).toBe(true);
  });

  it('a timeout on every try becomes a RegistryError (exit 3) naming the package', async () => {
    nock(REG).get('/slow').times(3).delay(2000).reply(200, doc('slow', ['1.0.0']));
    const reg = new PacoteRegistry({ settings: settingsFor(makeWorkspace({ '.npmrc': `registry=${REG}/\n` })) });
    const err = await reg.packument('slow').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RegistryError);
    expect((err as RegistryError).exitCode).toBe(3);
    expect((err as Error).message).toContain('could not fetch slow');
  });

  it('keeps a slim form keyed by content: --prefer-offline reads it without a request or the full document', async () => {
    const root = makeWorkspace({ '.npmrc': `registry=${REG}/\n` });
    const settings = settingsFor(root);
    nock(REG).get('/lodash').reply(200, doc('lodash', ['4.17.20', '4.17.21']), { 'cache-control': 'public, max-age=0' });
    const first = await new PacoteRegistry({ settings }).packument('lodash');
    expect(Object.keys(first!.versions)).toEqual(['4.17.20', '4.17.21']);
    // a stale entry is revalidated with the registry, and the new content gets its own slim form
    nock(REG).get('/lodash').reply(200, doc('lodash', ['4.17.20', '4.17.21', '5.0.0']), { 'cache-control': 'public, max-age=300' });
    const later = await new PacoteRegistry({ settings }).packument('lodash');
    expect(Object.keys(later!.versions)).toEqual(['4.17.20', '4.17.21', '5.0.0']);
    // a version read without keeping it (the resolver's neighbours) is the same metadata
    expect(later!.peek?.('5.0.0')).toEqual(later!.versions['5.0.0']);
    expect(later!.peek?.('9.9.9')).toBeUndefined();
    expect('5.0.0' in later!.versions && !('9.9.9' in later!.versions)).toBe(true);
    const slimDir = join(settings.cacache, '..', '_constrain', 'slim');
    const slimFiles = readdirSync(slimDir, { recursive: true }).filter((f) => String(f).endsWith('.json'));
    expect(slimFiles).toHaveLength(2);
    // poison the full documents in npm's cache: a warm run must not read them
    const content = join(settings.cacache, 'content-v2');
    for (const f of readdirSync(content, { recursive: true, withFileTypes: true })) if (f.isFile()) writeFileSync(join(f.parentPath, f.name), 'not json');
    expect(await new PacoteRegistry({ settings, preferOffline: true }).packument('lodash')).toEqual(later);
    // within max-age the default mode also answers from the slim form, with no request (nock has none left)
    expect(await new PacoteRegistry({ settings }).packument('lodash')).toEqual(later);
    expect(nock.pendingMocks()).toEqual([]);
  });

  it('finds every version of a slim form, listed in the order of the document, whatever the order of their texts', async () => {
    const root = makeWorkspace({ '.npmrc': `registry=${REG}/\n` });
    const settings = settingsFor(root);
    const published = ['1.9.0', '1.10.0', '0.2.0', '2.0.0-beta.1', '1.2.3', '10.0.0', '2.0.0'];
    const body = doc('order', published);
    body.versions['1.10.0']!.dependencies = { left: '^1.0.0' };
    nock(REG).get('/order').reply(200, body, { 'cache-control': 'public, max-age=300' });
    await new PacoteRegistry({ settings }).packument('order');
    const warm = (await new PacoteRegistry({ settings, preferOffline: true }).packument('order'))!;
    expect(Object.keys(warm.versions)).toEqual(published);
    for (const v of published) expect(v in warm.versions && warm.versions[v]?.dependencies).toEqual(v === '1.10.0' ? { left: '^1.0.0' } : {});
    for (const v of ['1.0.0', '1.9', '3.0.0', '']) expect([v in warm.versions, warm.versions[v], warm.peek?.(v)]).toEqual([false, undefined, undefined]);
    expect(nock.pendingMocks()).toEqual([]);
  });
});

describe("npm's cache index, read without cacache", () => {
  it('agrees with cacache on stored, overwritten, removed, absent and corrupted keys', async () => {
    const cache = mkdtempSync(join(tmpdir(), 'constrain-index-'));
    const same = async (key: string) => {
      const theirs = await cacache.get.info(cache, key);
      const ours = readCacheEntry(cache, key);
      expect(ours?.integrity).toBe(theirs?.integrity);
      expect(ours?.time).toBe(theirs?.time);
      expect(ours?.metadata).toEqual(theirs?.metadata);
      return ours;
    };
    await cacache.put(cache, 'k:one', 'first', { metadata: { resHeaders: { 'cache-control': 'max-age=300' } } });
    expect((await same('k:one'))?.integrity).toBeDefined();
    await cacache.put(cache, 'k:one', 'second');
    await same('k:one');
    await cacache.put(cache, 'k:gone', 'x');
    await cacache.rm.entry(cache, 'k:gone');
    expect(await same('k:gone')).toBeUndefined();
    expect(await same('k:never')).toBeUndefined();
    // a line whose checksum does not match is ignored by both
    await cacache.put(cache, 'k:two', 'v1');
    const { bucketPath } = createRequire(import.meta.url)('cacache/lib/entry-index.js') as { bucketPath: (cache: string, key: string) => string };
    appendFileSync(bucketPath(cache, 'k:two'), `\n0000\t${JSON.stringify({ key: 'k:two', integrity: 'sha512-forged', time: 1 })}`);
    expect((await same('k:two'))?.integrity).not.toBe('sha512-forged');
  });
});

describe('the workspace pack of slim forms', () => {
  it('a warm run reads one pack file; a refreshed packument in npm\'s cache is never answered from it', async () => {
    const root = makeWorkspace({ '.npmrc': `registry=${REG}/\n` });
    const settings = settingsFor(root);
    nock(REG).get('/a').reply(200, doc('a', ['1.0.0', '1.1.0'])).get('/b').reply(200, doc('b', ['2.0.0']));
    const cold = new PacoteRegistry({ settings, workspace: root });
    expect((await cold.packument('a'))!.versions['1.0.0']).toBeDefined();
    expect((await cold.packument('b'))!.versions['2.0.0']).toBeDefined();
    await cold.settle();
    const own = join(settings.cacache, '..', '_constrain');
    expect(readdirSync(join(own, 'packs'))).toHaveLength(1);
    // with neither the slim files nor npm's documents, the versions the last run read come from the pack alone
    rmSync(join(own, 'slim'), { recursive: true });
    const content = join(settings.cacache, 'content-v2');
    const saved = new Map<string, string>();
    for (const f of readdirSync(content, { recursive: true, withFileTypes: true })) {
      if (!f.isFile()) continue;
      saved.set(join(f.parentPath, f.name), readFileSync(join(f.parentPath, f.name), 'utf8'));
      writeFileSync(join(f.parentPath, f.name), 'not json');
    }
    const warm = new PacoteRegistry({ settings, workspace: root, preferOffline: true });
    const a = (await warm.packument('a'))!;
    expect(a.versions['1.0.0']).toEqual({ dependencies: {}, optionalDependencies: {}, peerDependencies: {}, peerOptional: [] });
    expect((await warm.packument('b'))!.versions['2.0.0']).toBeDefined();
    // listing the versions needs the whole form, which is gone: a clear registry error, not a wrong answer
    expect(() => Object.keys(a.versions)).toThrow(RegistryError);
    // npm's documents back: the whole form is derived from them again
    for (const [file, text] of saved) writeFileSync(file, text);
    const again = new PacoteRegistry({ settings, workspace: root, preferOffline: true });
    expect(Object.keys((await again.packument('a'))!.versions)).toEqual(['1.0.0', '1.1.0']);
    // npm (or anyone) refreshes a's document in the cache: the new content is read, not the pack's
    nock(REG).get('/a').reply(200, doc('a', ['1.0.0', '1.1.0', '1.2.0']));
    await new PacoteRegistry({ settings }).revalidate('a');
    const after = new PacoteRegistry({ settings, workspace: root, preferOffline: true });
    expect(Object.keys((await after.packument('a'))!.versions)).toEqual(['1.0.0', '1.1.0', '1.2.0']);
    expect(nock.pendingMocks()).toEqual([]);
  });

  it("keeps what a check reads, not a resolver's search: a run that lists the versions leaves its entry as it was", async () => {
    const root = makeWorkspace({ '.npmrc': `registry=${REG}/\n` });
    const settings = settingsFor(root);
    nock(REG).get('/a').reply(200, doc('a', ['1.0.0', '1.1.0', '1.2.0']));
    const packed = () => {
      const dir = join(settings.cacache, '..', '_constrain', 'packs');
      const file = readdirSync(dir).find((f) => !f.endsWith('.missing.json'))!;
      const pack = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { entries: Record<string, { read: Record<string, unknown> }> };
      return Object.values(pack.entries).map((e) => Object.keys(e.read));
    };
    const check = new PacoteRegistry({ settings, workspace: root });
    expect((await check.packument('a'))!.versions['1.0.0']).toBeDefined();
    await check.settle();
    expect(packed()).toEqual([['1.0.0']]);
    // a resolver lists the versions and reads them all
    const resolver = new PacoteRegistry({ settings, workspace: root, preferOffline: true });
    const a = (await resolver.packument('a'))!;
    for (const v of Object.keys(a.versions)) expect(a.versions[v]).toBeDefined();
    await resolver.settle();
    expect(packed()).toEqual([['1.0.0']]);
    // a check with another pin adds it
    const next = new PacoteRegistry({ settings, workspace: root, preferOffline: true });
    expect((await next.packument('a'))!.versions['1.2.0']).toBeDefined();
    await next.settle();
    expect(packed()).toEqual([['1.0.0', '1.2.0']]);
  });

  it('remembers a 404, which npm\'s cache does not: a warm run asks nothing', async () => {
    const root = makeWorkspace({ '.npmrc': `registry=${REG}/\n` });
    const settings = settingsFor(root);
    nock(REG).get('/ghost').reply(404, { error: 'Not found' });
    const cold = new PacoteRegistry({ settings, workspace: root });
    expect(await cold.packument('ghost')).toBeNull();
    await cold.settle();
    // no interceptor is left: a request would fail the test
    expect(await new PacoteRegistry({ settings, workspace: root, preferOffline: true }).packument('ghost')).toBeNull();
    expect(await new PacoteRegistry({ settings, workspace: root, offline: true }).packument('ghost')).toBeNull();
  });
});
