import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { check } from '../../src/api/check.js';
import { MemoryRegistry } from '../../src/registry/fixture.js';
import type { Registry } from '../../src/registry/types.js';
import { startRegistry } from '../helpers/http-registry.js';
import { makeWorkspace, runCliAsync as runCli } from '../helpers/workspace.js';

/** Documents the loopback registry serves; tests change them to stand for upstream releases. */
const docs: Record<string, Record<string, unknown>> = {};
const publish = (name: string, versions: Record<string, Record<string, unknown>>) => {
  docs[name] = {
    name,
    'dist-tags': { latest: Object.keys(versions).at(-1) },
    versions: Object.fromEntries(Object.entries(versions).map(([v, m]) => [v, { name, version: v, ...m }])),
    time: Object.fromEntries(Object.keys(versions).map((v, i) => [v, `2025-0${i + 1}-01T00:00:00.000Z`])),
  };
};

let reg: Awaited<ReturnType<typeof startRegistry>>;
beforeAll(async () => {
  publish('alpha', { '1.0.0': { dependencies: { beta: '^1.0.0' } }, '1.1.0': { dependencies: { beta: '^1.1.0' } }, '2.0.0': {} });
  publish('beta', { '1.0.0': {}, '1.1.0': {}, '1.2.0': {} });
  publish('gamma', { '1.0.0': {}, '3.0.0': { peerDependencies: { alpha: '^2.0.0' } } });
  // every response must be revalidated: only --prefer-offline answers from the cache without asking
  reg = await startRegistry((_req, name) => (docs[name] ? { status: 200, body: docs[name], headers: { 'cache-control': 'max-age=0' } } : { status: 404, body: {} }));
});
afterAll(() => reg.close());

const env = (cache: string) => ({ npm_config_cache: cache, npm_config_userconfig: '/nonexistent/.npmrc' });
const newCache = () => mkdtempSync(join(tmpdir(), 'constrain-warm-'));

/** `check --format json` in a fresh cache (cold) and in a cache that has seen every earlier step (warm). */
async function coldAndWarm(dir: string, warmCache: string): Promise<{ cold: string; warm: string; warmRequests: number }> {
  const args = ['check', '--cwd', dir, '--registry', reg.url, '--format', 'json'];
  const cold = await runCli(args, { env: env(newCache()) });
  const before = reg.requests.length;
  const warm = await runCli([...args, '--prefer-offline'], { env: env(warmCache) });
  expect(cold.stderr).toBe('');
  expect(warm.stderr).toBe('');
  return { cold: cold.stdout, warm: warm.stdout, warmRequests: reg.requests.length - before };
}

describe('a warm run gives the answer a cold run gives, whatever changed since the last one', () => {
  it('after a member range, a pin, the config, the package manager and a cached packument change', async () => {
    const dir = makeWorkspace({
      'package.json': { name: 'root', private: true, workspaces: ['packages/*'] },
      'packages/api/package.json': { name: '@w/api', version: '1.0.0', dependencies: { alpha: '^1.0.0', gamma: '^1.0.0' } },
      'packages/web/package.json': { name: '@w/web', version: '1.0.0', dependencies: { alpha: '^1.1.0' } },
      'constraints/constraints.yaml': 'alpha: 1.1.0\nbeta: 1.2.0\ngamma: 1.0.0\n',
    });
    const cache = newCache();
    // fill the warm cache once, online
    const first = await runCli(['check', '--cwd', dir, '--registry', reg.url, '--format', 'json'], { env: env(cache) });
    expect(JSON.parse(first.stdout).ok).toBe(true);
    expect(readdirSync(join(cache, '_constrain', 'packs'))).toHaveLength(1);

    const steps: [string, () => void][] = [
      ['nothing', () => {}],
      [
        'a member range',
        () => {
          const file = join(dir, 'packages/api/package.json');
          writeFileSync(file, readFileSync(file, 'utf8').replace('"gamma": "^1.0.0"', '"gamma": "^3.0.0"'));
        },
      ],
      ['a pin', () => writeFileSync(join(dir, 'constraints/constraints.yaml'), 'alpha: 1.1.0\nbeta: 1.1.0\ngamma: 3.0.0\n')],
      ['the config', () => writeFileSync(join(dir, 'constrain.config.yaml'), 'exclude:\n  beta: "1.1.0"\n')],
      // a directory the member glob walks: no file read before changed, the listing did
      [
        'a new member',
        () => {
          mkdirSync(join(dir, 'packages/cli'));
          writeFileSync(join(dir, 'packages/cli/package.json'), JSON.stringify({ name: '@w/cli', version: '1.0.0', dependencies: { beta: '~1.1.0' } }));
        },
      ],
      // now a pnpm family, whose packageExtensions widen gamma's peer: the peer finding goes
      ['the package manager', () => writeFileSync(join(dir, 'pnpm-workspace.yaml'), 'packages:\n  - packages/*\npackageExtensions:\n  "gamma@3":\n    peerDependencies:\n      alpha: "*"\n')],
    ];
    const answers = new Set<string>();
    for (const [what, edit] of steps) {
      edit();
      const { cold, warm, warmRequests } = await coldAndWarm(dir, cache);
      expect(warm, `after ${what}`).toBe(cold);
      expect(warmRequests, `after ${what}: --prefer-offline asks the registry nothing`).toBe(0);
      answers.add(cold);
    }
    // each edit changed the answer, so each comparison above tested something
    expect(answers.size).toBe(steps.length);

    // upstream deprecates beta@1.1.0; an online run refreshes npm's cached document, and the pack must not
    // answer with the old one
    publish('beta', { '1.0.0': {}, '1.1.0': { deprecated: 'use 1.2.0' }, '1.2.0': {} });
    await runCli(['check', '--cwd', dir, '--registry', reg.url, '--format', 'json'], { env: env(cache) });
    const { cold, warm } = await coldAndWarm(dir, cache);
    expect(warm).toBe(cold);
    expect(JSON.parse(warm).findings.map((f: { kind: string; package: string }) => `${f.kind} ${f.package}`)).toContain('deprecated-pin beta');
    expect(answers.has(warm)).toBe(false);
    expect(existsSync(join(cache, '_constrain', 'slim'))).toBe(true);
  });
});

describe("the workspace's last check", () => {
  it('answers a check whose files, date and metadata are unchanged, and nothing else', async () => {
    const dir = makeWorkspace({
      'package.json': { name: 'app', version: '1.0.0', dependencies: { alpha: '^1.0.0' } },
      'constraints/constraints.yaml': 'alpha: 1.1.0\nbeta: 1.2.0\n',
    });
    const memory = new MemoryRegistry(docs);
    const kept = new Map<string, string>();
    let state = 'first';
    let fetched = 0;
    const registry: Registry = {
      description: 'memory',
      packument: (name) => {
        fetched++;
        return memory.packument(name);
      },
      contentState: async () => state,
      derived: { read: async (kind) => kept.get(kind), write: async (kind, text) => void kept.set(kind, text) },
    };
    const first = await check({ cwd: dir, registryImpl: registry });
    expect(fetched).toBe(2);
    expect(kept.has('check')).toBe(true);
    // unchanged: the kept report, and no metadata read
    expect(await check({ cwd: dir, registryImpl: registry })).toEqual(first);
    expect(fetched).toBe(2);
    // the registry's cache answers differently: computed again
    state = 'second';
    await check({ cwd: dir, registryImpl: registry });
    expect(fetched).toBe(4);
    // a file changed: computed again
    writeFileSync(join(dir, 'constraints/constraints.yaml'), 'alpha: 2.0.0\nbeta: 1.2.0\n');
    const edited = await check({ cwd: dir, registryImpl: registry });
    expect(fetched).toBe(6);
    expect(edited.findings.map((f) => f.kind)).toContain('pin-outside-range');
    // another day (holds expire) or an option that reads more (--lockfile, --against): computed again
    await check({ cwd: dir, registryImpl: registry, now: new Date('2031-01-01') });
    expect(fetched).toBe(8);
    // the same files, but an option that names another constraints file: computed again, from that file
    writeFileSync(join(dir, 'constraints/other.yaml'), 'alpha: 1.0.0\nbeta: 1.2.0\n');
    await check({ cwd: dir, registryImpl: registry });
    expect(fetched).toBe(10);
    const other = await check({ cwd: dir, registryImpl: registry, constraints: 'constraints/other.yaml' });
    expect(fetched).toBe(12);
    expect(other).not.toEqual(edited);
    expect(await check({ cwd: dir, registryImpl: registry, constraints: 'constraints/other.yaml' })).toEqual(other);
    expect(fetched).toBe(12);
  });
});
