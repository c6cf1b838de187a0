import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type CliIO, commonOptions } from '../../src/cli/common.js';
import { MemoryRegistry } from '../../src/registry/fixture.js';
import { ClosureFetch, fetchClosure, MetadataStore } from '../../src/registry/metadata-store.js';
import { loadNpmSettings, registryFor } from '../../src/registry/npmrc.js';
import { packumentBefore, releaseNotesUrl, repositoryUrl, slimPackument } from '../../src/registry/slim.js';
import type { Packument, Registry } from '../../src/registry/types.js';
import { progressLine } from '../../src/report/progress.js';
import { expandBraces } from '../../src/workspace/dir-glob.js';

describe('slim packuments', () => {
  it('keeps only what constrain reads, and lists optional dependencies once', () => {
    const p = slimPackument('x', {
      name: 'x',
      readme: 'long text',
      'dist-tags': { latest: '1.0.0' },
      time: { created: '2020', modified: '2021', '1.0.0': '2020-01-01T00:00:00Z' },
      versions: { '1.0.0': { dependencies: { a: '^1', fsevents: '^2' }, optionalDependencies: { fsevents: '^2' }, peerDependencies: { r: '*' }, peerDependenciesMeta: { r: { optional: true } }, engines: { node: '>=18' }, deprecated: 'old', scripts: { postinstall: 'x' } } },
    });
    expect(p).toEqual({
      name: 'x',
      distTags: { latest: '1.0.0' },
      time: { '1.0.0': '2020-01-01T00:00:00Z' },
      versions: { '1.0.0': { dependencies: { a: '^1' }, optionalDependencies: { fsevents: '^2' }, peerDependencies: { r: '*' }, peerOptional: ['r'], enginesNode: '>=18', deprecated: 'old' } },
    });
  });
  it('leaves out bundled dependencies, which come inside the tarball (a list, the old spelling, or true for all)', () => {
    const p = slimPackument('x', {
      versions: {
        '1.0.0': { dependencies: { a: '^1', b: '^1' }, optionalDependencies: { c: '^1' }, bundleDependencies: ['b', 'c'] },
        '2.0.0': { dependencies: { a: '^1', b: '^1' }, bundledDependencies: ['a'] },
        '3.0.0': { dependencies: { a: '^1' }, peerDependencies: { r: '*' }, bundleDependencies: true },
      },
    });
    expect(p.versions['1.0.0']).toMatchObject({ dependencies: { a: '^1' }, optionalDependencies: {} });
    expect(p.versions['2.0.0']?.dependencies).toEqual({ b: '^1' });
    expect(p.versions['3.0.0']).toMatchObject({ dependencies: {}, peerDependencies: { r: '*' } });
  });
  it('--before drops versions published later, and tags pointing at them', () => {
    const p = slimPackument('x', { 'dist-tags': { latest: '2.0.0' }, time: { '1.0.0': '2020-01-01T00:00:00Z', '2.0.0': '2024-01-01T00:00:00Z' }, versions: { '1.0.0': {}, '2.0.0': {}, '0.9.0': {} } });
    const b = packumentBefore(p, new Date('2022-01-01'));
    expect(Object.keys(b.versions).sort()).toEqual(['0.9.0', '1.0.0']);
    expect(b.distTags).toEqual({});
  });
});

describe('fetchClosure', () => {
  const docs = {
    a: { versions: { '1.0.0': { dependencies: { b: '^1', c: '^1' } } } },
    b: { versions: { '1.0.0': { dependencies: { d: '^1' } } } },
    c: { versions: { '1.0.0': { dependencies: { d: '^1', missing: '^1' } } } },
    d: { versions: { '1.0.0': {} } },
  };
  const expand = (p: Packument) => Object.values(p.versions).flatMap((v) => Object.keys(v.dependencies));

  it('fetches the closure, records 404s as null, and is the same whatever order fetches complete in', async () => {
    const mem = new MemoryRegistry(docs);
    const results: string[] = [];
    for (const delays of [{ a: 1, b: 30, c: 1, d: 5 }, { a: 20, b: 1, c: 15, d: 1 }] as Record<string, number>[]) {
      const slow: Registry = {
        description: 'slow',
        packument: async (n) => {
          await new Promise((r) => setTimeout(r, delays[n] ?? 0));
          return mem.packument(n);
        },
      };
      const store = new MetadataStore();
      await fetchClosure(slow, store, ['a'], expand, { concurrency: 2 });
      results.push(JSON.stringify(store.names().sort().map((n) => [n, store.get(n)])));
      expect(store.get('missing')).toBeNull();
    }
    expect(results[0]).toBe(results[1]);
  });

  it('reports progress for the run as a whole: fetched of planned, and the round', async () => {
    const store = new MetadataStore();
    const seen: string[] = [];
    const onProgress = (p: { fetched: number; planned: number; round: number }) => seen.push(`${p.fetched}/${p.planned}@${p.round}`);
    await fetchClosure(new MemoryRegistry(docs), store, ['b'], expand, { concurrency: 1, onProgress });
    await fetchClosure(new MemoryRegistry(docs), store, ['a'], expand, { concurrency: 1, onProgress, round: 2 });
    // b and d first; then a, c and missing, counted after them
    expect(seen).toEqual(['1/2@1', '2/2@1', '3/4@2', '4/5@2', '5/5@2']);
  });

  it('fetches each name once and respects the concurrency bound', async () => {
    let active = 0;
    let peak = 0;
    const calls: string[] = [];
    const mem = new MemoryRegistry(docs);
    const counting: Registry = {
      description: 'counting',
      packument: async (n) => {
        calls.push(n);
        active++;
        peak = Math.max(peak, active);
        await new Promise((r) => setTimeout(r, 5));
        active--;
        return mem.packument(n);
      },
    };
    await fetchClosure(counting, new MetadataStore(), ['a', 'b', 'c', 'd'], expand, { concurrency: 2 });
    expect(calls.sort()).toEqual(['a', 'b', 'c', 'd', 'missing']);
    expect(peak).toBe(2);
  });

  it('surfaces a registry failure', async () => {
    const failing: Registry = { description: 'x', packument: async () => Promise.reject(new Error('boom')) };
    await expect(fetchClosure(failing, new MetadataStore(), ['a'], expand)).rejects.toThrow('boom');
  });

  it('while a closure is fetched, a name waited for goes first, and one nobody planned is fetched too', async () => {
    const mem = new MemoryRegistry(docs);
    const order: string[] = [];
    const slow: Registry = {
      description: 'slow',
      packument: async (n) => {
        order.push(n);
        await new Promise((r) => setTimeout(r, 2));
        return mem.packument(n);
      },
    };
    const store = new MetadataStore();
    const fetch = new ClosureFetch(slow, store, expand, { concurrency: 1 });
    fetch.add(['b', 'c']);
    // c waits behind b; d (named by both) and the unplanned a are not queued yet
    expect(fetch.planned('a')).toBe(false);
    await fetch.whenHave(['a', 'c']);
    expect(store.has('a') && store.has('c')).toBe(true);
    expect(order.slice(0, 3)).toEqual(['b', 'c', 'a']);
    await fetch.done();
    expect(store.names().sort()).toEqual(['a', 'b', 'c', 'd', 'missing']);
    expect(fetch.busy).toBe(false);
  });

  it('tells the registry when nothing is queued or in flight, once per time it drains', async () => {
    const mem = new MemoryRegistry(docs);
    const idleWith: number[] = [];
    const store = new MetadataStore();
    let inFlight = 0;
    const watched: Registry = {
      description: 'watched',
      packument: async (n) => {
        inFlight++;
        await new Promise((r) => setTimeout(r, 2));
        inFlight--;
        return mem.packument(n);
      },
      idle: () => idleWith.push(inFlight),
    };
    const fetch = new ClosureFetch(watched, store, expand, { concurrency: 2 });
    fetch.add(['b', 'c']);
    await fetch.done();
    expect(idleWith).toEqual([0]);
    fetch.add(['a']);
    await fetch.done();
    expect(idleWith).toEqual([0, 0]);
  });
});

describe('.npmrc', () => {
  it('layers user, project and env settings like npm, with ${VAR} expansion', () => {
    const home = mkdtempSync(join(tmpdir(), 'npmrc-'));
    writeFileSync(join(home, 'user.npmrc'), 'registry=https://user.example.test/\n@acme:registry=https://user-acme.example.test\n');
    const root = mkdtempSync(join(tmpdir(), 'npmrc-proj-'));
    writeFileSync(join(root, '.npmrc'), '@acme:registry=https://npm.acme.test/\n//npm.acme.test/:_authToken=${TOKEN}\nfetch-timeout=1234\n');
    const s = loadNpmSettings(root, { npm_config_userconfig: join(home, 'user.npmrc'), TOKEN: 'abc', npm_config_fetch_retries: '7' });
    expect(s.registry).toBe('https://user.example.test/');
    expect(registryFor(s, '@acme/x')).toBe('https://npm.acme.test/');
    expect(registryFor(s, 'lodash')).toBe('https://user.example.test/');
    expect(s.fetchOptions['//npm.acme.test/:_authToken']).toBe('abc');
    expect(s.fetchOptions.timeout).toBe(1234);
    expect(s.fetchOptions.fetchRetries).toBe(7);
    expect(loadNpmSettings(root, { npm_config_userconfig: join(home, 'user.npmrc') }, 'https://flag.test').registry).toBe('https://flag.test/');
  });

  it('reads the global npmrc first, cafile as certificates, and npm\'s retry defaults', () => {
    const dir = mkdtempSync(join(tmpdir(), 'npmrc-global-'));
    const cert = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----';
    writeFileSync(join(dir, 'ca.pem'), `${cert}\n${cert}\n`);
    writeFileSync(join(dir, 'global.npmrc'), `registry=https://global.example.test/\ncafile=${join(dir, 'ca.pem')}\n@corp:registry=https://corp.example.test/\n`);
    writeFileSync(join(dir, 'user.npmrc'), 'registry=https://user.example.test/\n');
    const root = mkdtempSync(join(tmpdir(), 'npmrc-proj-'));
    const s = loadNpmSettings(root, { npm_config_globalconfig: join(dir, 'global.npmrc'), npm_config_userconfig: join(dir, 'user.npmrc') });
    expect(s.registry).toBe('https://user.example.test/');
    expect(registryFor(s, '@corp/x')).toBe('https://corp.example.test/');
    expect(s.fetchOptions.ca).toEqual([cert, cert]);
    expect(s.fetchOptions).toMatchObject({ timeout: 300_000, fetchRetries: 2, fetchRetryFactor: 10, fetchRetryMintimeout: 10_000, fetchRetryMaxtimeout: 60_000 });
  });
});

describe('repository links', () => {
  it('normalises every form package.json uses to a browsable https URL, and refuses anything else', () => {
    for (const form of ['git+https://github.com/acme/lib.git', 'https://github.com/acme/lib', 'git@github.com:acme/lib.git', 'github:acme/lib', 'acme/lib', { type: 'git', url: 'git+ssh://git@github.com/acme/lib.git' }])
      expect(repositoryUrl(form), JSON.stringify(form)).toBe('https://github.com/acme/lib');
    expect(repositoryUrl('gitlab:grp/lib')).toBe('https://gitlab.com/grp/lib');
    expect(repositoryUrl('https://github.com/a/b) [x](javascript:alert(1)')).toBeUndefined();
    expect(repositoryUrl(5)).toBeUndefined();
    expect(releaseNotesUrl('https://github.com/acme/lib')).toBe('https://github.com/acme/lib/releases');
    expect(releaseNotesUrl('https://gitlab.com/grp/lib')).toBe('https://gitlab.com/grp/lib/-/releases');
    expect(slimPackument('lib', { versions: { '1.0.0': {} }, 'dist-tags': { latest: '1.0.0' }, repository: 'acme/lib' }).repository).toBe('https://github.com/acme/lib');
  });
});

describe('workspace globs', () => {
  it('expand braces as npm does, nested too', () => {
    expect(expandBraces('packages/{api,web}')).toEqual(['packages/api', 'packages/web']);
    expect(expandBraces('{apps,libs}/{a,b{1,2}}')).toEqual(['apps/a', 'apps/b1', 'apps/b2', 'libs/a', 'libs/b1', 'libs/b2']);
    expect(expandBraces('packages/*')).toEqual(['packages/*']);
    expect(expandBraces('odd/{single}')).toEqual(['odd/{single}']);
  });
});

describe('fetch progress on the command line', () => {
  const io = (isTTY: boolean) => {
    const written: string[] = [];
    return { written, io: { stdout: { write: () => true, isTTY }, stderr: { write: (s: string) => written.push(s) > 0, isTTY }, env: {} } as unknown as CliIO };
  };
  it('draws one line on a terminal and clears it when a wave is done; nothing when piped or --quiet', () => {
    const tty = io(true);
    const draw = commonOptions({ format: 'text' }, tty.io).onProgress!;
    draw({ fetched: 1, planned: 3, round: 1 });
    draw({ fetched: 3, planned: 3, round: 1 });
    expect(tty.written).toEqual(['\rfetching metadata 1/3\u001b[K', '\r\u001b[K']);
    expect(progressLine({ fetched: 1204, planned: 3861, round: 2 })).toBe('fetching metadata 1,204/3,861 · round 2');
    expect(commonOptions({ format: 'text' }, io(false).io).onProgress).toBeUndefined();
    expect(commonOptions({ format: 'text', quiet: true }, tty.io).onProgress).toBeUndefined();
  });
});
