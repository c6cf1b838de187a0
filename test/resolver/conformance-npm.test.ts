import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { check } from '../../src/api/check.js';
import { type GenerateResult, generate } from '../../src/api/generate.js';
import { MemoryRegistry } from '../../src/registry/fixture.js';
import type { Registry } from '../../src/registry/types.js';
import { type Files, makeWorkspace, packument } from '../helpers/workspace.js';

type Docs = Record<string, object>;

/** Generates pins for a workspace and, when it succeeds, proves with `check` that the pins pass the gate. */
async function solve(members: Record<string, object>, docs: Docs, extra: Files = {}): Promise<GenerateResult & { dir: string }> {
  const files: Files = { 'package.json': { name: 'fam', private: true, workspaces: ['packages/*'] }, 'registry.json': docs, ...extra };
  for (const [dir, m] of Object.entries(members)) files[`packages/${dir}/package.json`] = m;
  const dir = makeWorkspace(files);
  const registry = `file:${join(dir, 'registry.json')}`;
  const result = await generate({ cwd: dir, registry, write: true });
  if (result.ok) {
    const report = await check({ cwd: dir, registry });
    expect(report.findings.filter((f) => f.severity === 'error')).toEqual([]);
  }
  return { ...result, dir };
}

const m = (name: string, dependencies: Record<string, string>, more: object = {}) => ({ name, version: '1.0.0', dependencies, ...more });
const v = (deps: Record<string, string> = {}, more: object = {}) => ({ dependencies: deps, ...more });

describe('resolver conformance: npm cases', () => {
  it('peers select an older plugin', async () => {
    const r = await solve({ a: m('a', { react: '^18.0.0', plugin: '*' }) }, {
      react: packument({ '17.0.2': {}, '18.2.0': {}, '18.3.1': {}, '19.0.0': {} }),
      plugin: packument({ '1.0.0': { peerDependencies: { react: '^17.0.0 || ^18.0.0' } }, '2.0.0': { peerDependencies: { react: '^19.0.0' } } }),
    });
    expect(r.ok && r.pins).toEqual({ plugin: '1.0.0', react: '18.3.1' });
  });

  it('a nested version the members admit lifts them: it is never pinned above their shared version', async () => {
    // the members take typescript ^5.4.0 and a peer caps it below 5.9; tsx 2 wants ^5.9.0, which the members' range
    // admits, so pinning 5.9.3 beside 5.8.3 would resolve the members to 5.9.3 (the highest pin their range admits)
    const docs = {
      typescript: packument({ '5.4.5': {}, '5.8.3': {}, '5.9.3': {} }),
      'ng-build': packument({ '19.0.0': { peerDependencies: { typescript: '>=5.5 <5.9' } } }),
      tsx: packument({ '1.0.0': v({ typescript: '^5.0.0' }), '2.0.0': v({ typescript: '^5.9.0' }) }),
    };
    const r = await solve({ a: m('a', { typescript: '^5.4.0', 'ng-build': '^19.0.0', tsx: '*' }) }, docs);
    expect(r.ok && r.pins).toEqual({ 'ng-build': '19.0.0', tsx: '1.0.0', typescript: '5.8.3' });
    // with no older tsx, no pin set passes the gate, and the derivation says why
    const stuck = await solve({ a: m('a', { typescript: '^5.4.0', 'ng-build': '^19.0.0', tsx: '^2.0.0' }) }, docs);
    expect(stuck.ok).toBe(false);
    expect(!stuck.ok && stuck.explanation).toContain('typescript 5.9.3 lifts the members to typescript >=5.9.3');
  });

  it('a peer nobody above requires is installed like a dependency, at its newest', async () => {
    const r = await solve({ a: m('a', { plugin: '^1.0.0' }) }, {
      react: packument({ '17.0.2': {}, '18.3.1': {} }),
      plugin: packument({ '1.0.0': { peerDependencies: { react: '>=17.0.0' } } }),
    });
    expect(r.ok && r.pins).toEqual({ plugin: '1.0.0', react: '18.3.1' });
  });

  it("a nested package's peer holds for the version its dependent resolves: an older sibling is chosen, or both requirements are named", async () => {
    // mjml-core requires cssnano ^7 and htmlnano, whose 3.x needs peer cssnano ^8: htmlnano sits where mjml-core's
    // cssnano 7 is what it sees (docs/resolver.md, rule 4), so htmlnano 2 (peer ^7) is the one that installs
    const docs = {
      'mjml-core': packument({ '5.0.0': v({ cssnano: '^7.0.0', htmlnano: '>=2.0.0' }) }),
      htmlnano: packument({ '2.0.0': { peerDependencies: { cssnano: '^7.0.0' } }, '3.0.0': { peerDependencies: { cssnano: '^8.0.0' } } }),
      cssnano: packument({ '7.1.0': {}, '8.0.0': {} }),
    };
    const r = await solve({ a: m('a', { 'mjml-core': '^5.0.0' }) }, docs);
    expect(r.ok && r.pins).toEqual({ cssnano: '7.1.0', htmlnano: '2.0.0', 'mjml-core': '5.0.0' });
    // with htmlnano 3 only, no pin set passes the gate, and generate says so instead of writing one
    const stuck = await solve({ a: m('a', { 'mjml-core': '^5.0.0' }) }, { ...docs, 'mjml-core': packument({ '5.0.0': v({ cssnano: '^7.0.0', htmlnano: '^3.0.0' }) }) });
    expect(stuck.ok).toBe(false);
    expect(!stuck.ok && stuck.explanation).toContain('htmlnano 3.0.0 needs peer cssnano ^8.0.0');
    expect(!stuck.ok && stuck.explanation).toContain('mjml-core depends on cssnano ^7.0.0');
    expect(!stuck.ok && stuck.explanation).toContain('mjml-core depends on htmlnano ^3.0.0');
  });

  it("a peer a nested package installs itself is where its own dependencies look: generate learns it from check's graph", async () => {
    // motion's peer react is installed beside it (nobody above requires react), at the highest pin of its range:
    // 19.3.1, which ui needs. browser-apis, motion's dependency, sees that react. Whether motion installs its peer
    // depends on motion's dependent, so the resolver learns the binding from the install graph of its first
    // solution (docs/resolver.md, "Peers of a nested package") and solves again: browser-apis 1.2.0, which wants
    // react ^18, is refused, and 1.1.0 is taken
    const docs = {
      flourish: packument({ '3.2.4': v({ motion: '^9.0.0' }) }),
      ui: packument({ '1.0.0': v({ react: '^19.0.0' }) }),
      motion: packument({ '9.4.0': { dependencies: { 'browser-apis': '^1.1.0' }, peerDependencies: { react: '^18.2.0 || ^19.0.0' } } }),
      'browser-apis': packument({ '1.1.0': { peerDependencies: { react: '^18.2.0 || ^19.0.0' } }, '1.2.0': { peerDependencies: { react: '^18.2.0' } } }),
      react: packument({ '18.3.1': {}, '19.3.1': {} }),
    };
    const a = m('a', { flourish: '^3.0.0', ui: '^1.0.0' });
    const r = await solve({ a }, docs);
    expect(r.ok && r.pins).toEqual({ 'browser-apis': '1.1.0', flourish: '3.2.4', motion: '9.4.0', react: '19.3.1', ui: '1.0.0' });
    // with browser-apis 1.2.0 only, no pin set passes the gate, and generate says so instead of writing one
    const stuck = await solve({ a }, { ...docs, 'browser-apis': packument({ '1.2.0': { peerDependencies: { react: '^18.2.0' } } }) });
    expect(stuck.ok).toBe(false);
    expect(!stuck.ok && stuck.explanation).toContain('browser-apis needs peer react ^18.2.0');
    expect(!stuck.ok && stuck.explanation).toContain('ui depends on react ^19.0.0');
    // the binding is learnt only where the graph shows it: with react required above motion (by a member),
    // motion installs no peer of its own and browser-apis 1.2.0 stays beside a react 18 the member takes
    const free = await solve({ a: m('a', { flourish: '^3.0.0', react: '^18.0.0' }) }, docs);
    expect(free.ok && free.pins).toEqual({ 'browser-apis': '1.2.0', flourish: '3.2.4', motion: '9.4.0', react: '18.3.1' });
  });

  it("a nested package's peer is its dependent's copy, not the members' one (standard's eslint 8 beside a member's eslint 9)", async () => {
    // the member takes eslint 9; standard brings its own eslint 8 and a config whose peer is eslint ^8. npm nests
    // the config under standard, beside standard's eslint 8, and that is the copy the peer sees (docs/resolver.md,
    // rule 4): check accepts the pins, and generate must find them rather than hold the peer to the members' 9
    const docs = {
      eslint: packument({ '8.57.1': {}, '9.9.0': {} }),
      standard: packument({ '17.1.2': v({ eslint: '^8.41.0', 'eslint-config-standard': '17.1.0' }) }),
      'eslint-config-standard': packument({ '17.1.0': { peerDependencies: { eslint: '^8.0.1' } } }),
    };
    const r = await solve({ lint: m('lint', { eslint: '^9.0.0', standard: '^17.0.0' }) }, docs);
    expect(r.ok && r.pins).toEqual({ eslint: ['9.9.0', '8.57.1'], 'eslint-config-standard': '17.1.0', standard: '17.1.2' });
    // where standard does not bring an eslint of its own, the config's peer is the members' copy, and that fails
    const stuck = await solve({ lint: m('lint', { eslint: '^9.0.0', standard: '^17.0.0' }) }, { ...docs, standard: packument({ '17.1.2': v({ 'eslint-config-standard': '17.1.0' }) }) });
    expect(stuck.ok).toBe(false);
    expect(!stuck.ok && stuck.explanation).toContain('eslint-config-standard needs peer eslint ^8.0.1');
    expect(!stuck.ok && stuck.explanation).toContain('lint depends on eslint ^9.0.0');
  });

  it("versions of a dependent that give a nested package's peers different copies are not one conflict", async () => {
    // kit 2.x brings no cssnano, so its htmlnano's peer sees the members' cssnano 8 and fails; kit 1.5.0 brings its
    // own cssnano 7, which that peer sees. The solver widens the failure of kit 2.1.0 over the versions with the same
    // edges: 2.0.0, not 1.5.0, whose own cssnano changes where the peer looks
    const docs = {
      kit: packument({ '1.5.0': v({ htmlnano: '^2.0.0', cssnano: '^7.0.0' }), '2.0.0': v({ htmlnano: '^2.0.0' }), '2.1.0': v({ htmlnano: '^2.0.0' }) }),
      htmlnano: packument({ '2.0.0': { peerDependencies: { cssnano: '^7.0.0' } } }),
      cssnano: packument({ '7.1.0': {}, '8.0.0': {} }),
    };
    const r = await solve({ a: m('a', { kit: '*', cssnano: '^8.0.0' }) }, docs);
    expect(r.ok && r.pins).toEqual({ cssnano: ['8.0.0', '7.1.0'], htmlnano: '2.0.0', kit: '1.5.0' });
  });

  it('a nested slot takes the highest pin its range admits: another dependent pinning a newer version in it binds it too', async () => {
    // tunnel needs pac ^9.0.1 and quickjs ^2; proxy needs pac ^9.0.2, whose peer is quickjs ^3. Once pac 9.0.2 is
    // pinned, tunnel's ^9.0.1 resolves to it as well (the highest pin it admits), and its quickjs 2 fails the peer
    const docs = {
      tunnel: packument({ '4.1.0': v({ pac: '^9.0.1', quickjs: '^2.0.0' }) }),
      proxy: packument({ '1.0.0': v({ pac: '^9.0.2' }) }),
      pac: packument({ '9.0.1': {}, '9.0.2': { peerDependencies: { quickjs: '^3.0.0' } } }),
      quickjs: packument({ '2.2.0': {}, '3.7.0': {} }),
    };
    const stuck = await solve({ a: m('a', { tunnel: '^4.0.0', proxy: '^1.0.0' }) }, docs);
    expect(stuck.ok).toBe(false);
    expect(!stuck.ok && stuck.explanation).toContain('pac 9.0.2 needs peer quickjs ^3.0.0');
    // alone, tunnel keeps pac 9.0.1
    const alone = await solve({ a: m('a', { tunnel: '^4.0.0' }) }, docs);
    expect(alone.ok && alone.pins).toEqual({ pac: '9.0.1', quickjs: '2.2.0', tunnel: '4.1.0' });
  });

  it('an optional peer constrains only when present', async () => {
    const docs = {
      react: packument({ '17.0.2': {}, '18.3.1': {} }),
      plugin: packument({ '1.0.0': {}, '2.0.0': { peerDependencies: { react: '^17.0.0' }, peerDependenciesMeta: { react: { optional: true } } } }),
    };
    const absent = await solve({ a: m('a', { plugin: '*' }) }, docs);
    expect(absent.ok && absent.pins).toEqual({ plugin: '2.0.0' });
    const present = await solve({ a: m('a', { plugin: '*', react: '^18.0.0' }) }, docs);
    expect(present.ok && present.pins).toEqual({ plugin: '1.0.0', react: '18.3.1' });
  });

  it('npm nesting: different majors coexist, and same-major edges share one pin (dedupe)', async () => {
    const r = await solve({ a: m('a', { debug: '^4.0.0', express: '^4.0.0', ms: '^2.1.0' }) }, {
      debug: packument({ '2.6.9': v({ ms: '2.0.0' }), '4.3.4': v({ ms: '^2.1.1' }), '4.3.5': v({ ms: '^2.1.1' }) }),
      express: packument({ '4.19.2': v({ debug: '2.6.9', ms: '^2.1.0' }) }),
      ms: packument({ '2.0.0': {}, '2.1.2': {}, '2.1.3': {} }),
    });
    expect(r.ok && r.pins).toEqual({ debug: ['4.3.5', '2.6.9'], express: '4.19.2', ms: ['2.1.3', '2.0.0'] });
  });

  it('a singleton conflict: a singleVersion name forces an older dependent, or fails with both requirements named', async () => {
    const docs = {
      react: packument({ '17.0.2': {}, '18.3.1': {} }),
      ui: packument({ '1.0.0': v({ react: '^17.0.0 || ^18.0.0' }), '2.0.0': v({ react: '^17.0.0' }) }),
      legacy: packument({ '1.0.0': v({ react: '^17.0.0' }) }),
    };
    const older = await solve({ a: m('a', { react: '^18.0.0', ui: '*' }) }, docs, { 'constrain.config.yaml': 'singleVersion: [react]\n' });
    expect(older.ok && older.pins).toEqual({ react: '18.3.1', ui: '1.0.0' });
    const nested = await solve({ a: m('a', { react: '^18.0.0', legacy: '*' }) }, docs);
    expect(nested.ok && nested.pins).toEqual({ legacy: '1.0.0', react: ['18.3.1', '17.0.2'] });
    const fails = await solve({ a: m('a', { react: '^18.0.0', legacy: '*' }) }, docs, { 'constrain.config.yaml': 'singleVersion: [react]\n' });
    expect(fails.ok).toBe(false);
    if (!fails.ok) {
      expect(fails.explanation).toContain('legacy depends on react ^17.0.0');
      expect(fails.explanation).toMatch(/a depends on .*react \^18\.0\.0 \(packages\/a\/package\.json:\d+\)/);
    }
  });

  it('singleVersion "*" is the pip-style world: one version per name, found by backtracking', async () => {
    const docs = {
      x: packument({ '1.0.0': v({ z: '^1.0.0' }), '2.0.0': v({ z: '^2.0.0' }) }),
      y: packument({ '1.0.0': v({ z: '^1.0.0' }) }),
      z: packument({ '1.0.0': {}, '1.5.0': {}, '2.0.0': {} }),
    };
    const pip = await solve({ a: m('a', { x: '*', y: '*' }) }, docs, { 'constrain.config.yaml': 'singleVersion: ["*"]\n' });
    expect(pip.ok && pip.pins).toEqual({ x: '1.0.0', y: '1.0.0', z: '1.5.0' });
    const npm = await solve({ a: m('a', { x: '*', y: '*' }) }, docs);
    expect(npm.ok && npm.pins).toEqual({ x: '2.0.0', y: '1.0.0', z: ['2.0.0', '1.5.0'] });
  });

  it('a member union that cannot be satisfied fails, naming both members, files and lines', async () => {
    const r = await solve({ api: m('@fam/api', { lodash: '^3.0.0' }), web: m('@fam/web', { lodash: '^4.0.0' }) }, { lodash: packument({ '3.10.1': {}, '4.17.21': {} }) });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      const line = (f: string) => readFileSync(join(r.dir, f), 'utf8').split('\n').findIndex((l) => l.includes('"lodash"')) + 1;
      expect(r.explanation).toBe(
        `Because @fam/api depends on lodash ^3.0.0 (packages/api/package.json:${line('packages/api/package.json')}) and @fam/web depends on lodash ^4.0.0 (packages/web/package.json:${line('packages/web/package.json')}), @fam/api is incompatible with @fam/web.\nSo, because the workspace includes both @fam/api and @fam/web, the workspace cannot be installed.`,
      );
    }
  });

  it('allowMultiple lets members take different majors', async () => {
    const r = await solve({ api: m('api', { chalk: '^4.0.0' }), web: m('web', { chalk: '^5.0.0' }) }, { chalk: packument({ '4.1.2': {}, '5.3.0': {} }) }, { 'constrain.config.yaml': 'allowMultiple: [chalk]\n' });
    expect(r.ok && r.pins).toEqual({ chalk: ['5.3.0', '4.1.2'] });
  });

  it("a peer nobody nearer provides sees the members' copy of an allowMultiple name: the first member's, as check looks", async () => {
    // a takes react 17 and b react 18 (allowMultiple); lib, below a's ui, declares a peer on react and nobody above
    // it requires react but the members. check holds the peer to the first member's react (a's 17), so generate
    // must keep lib 1.0.0, whose peer admits 17, rather than install a react 18 of lib's own beside it
    const docs = {
      react: packument({ '17.0.2': {}, '18.3.1': {} }),
      ui: packument({ '1.0.0': v({ lib: '^1.0.0' }) }),
      lib: packument({ '1.0.0': { peerDependencies: { react: '^17.0.0 || ^18.0.0' } }, '1.1.0': { peerDependencies: { react: '^18.0.0' } } }),
    };
    const members = { a: m('a', { react: '^17.0.0', ui: '^1.0.0' }), b: m('b', { react: '^18.0.0' }) };
    const r = await solve(members, docs, { 'constrain.config.yaml': 'allowMultiple: [react]\n' });
    expect(r.ok && r.pins).toEqual({ lib: '1.0.0', react: ['18.3.1', '17.0.2'], ui: '1.0.0' });
  });

  it('never chooses an excluded version, a held-past version, or one whose engines exclude the configured node', async () => {
    const r = await solve({ a: m('a', { lodash: '^4.0.0', chalk: '*', modern: '*' }) }, {
      lodash: packument({ '4.17.20': {}, '4.17.21': {} }),
      chalk: packument({ '4.1.2': {}, '5.3.0': {} }),
      modern: packument({ '1.0.0': { engines: { node: '>=18' } }, '2.0.0': { engines: { node: '>=22' } } }),
    }, { 'constrain.config.yaml': 'exclude:\n  lodash: "4.17.21"\nhold:\n  chalk: { below: "5.0.0", reason: ESM-only }\nengines:\n  node: ">=20.17.0"\n' });
    expect(r.ok && r.pins).toEqual({ chalk: '4.1.2', lodash: '4.17.20', modern: '1.0.0' });
  });

  it('engines bind the runtime closure: a dev tool may need a newer node than the members support', async () => {
    const docs = {
      lib: packument({ '1.0.0': { engines: { node: '>=18' } }, '2.0.0': { engines: { node: '>=22' } } }),
      tool: packument({ '1.0.0': { engines: { node: '>=18' } }, '2.0.0': { engines: { node: '>=22' } } }),
    };
    const r = await solve({ a: m('a', { lib: '*' }, { devDependencies: { tool: '*' } }) }, docs, { 'constrain.config.yaml': 'engines:\n  node: ">=20.17.0"\n' });
    expect(r.ok && r.pins).toEqual({ lib: '1.0.0', tool: '2.0.0' });
  });

  it('avoids versions that depend on a package the registry does not have (404)', async () => {
    const r = await solve({ a: m('a', { foo: '*' }) }, { foo: packument({ '1.0.0': {}, '2.0.0': v({ 'left-pad': '^1.0.0' }) }) });
    expect(r.ok && r.pins).toEqual({ foo: '1.0.0' });
  });

  it('says that a package does not exist when it cannot avoid it', async () => {
    const r = await solve({ a: m('a', { foo: '^2.0.0' }) }, { foo: packument({ '2.0.0': v({ 'left-pad': '^1.0.0' }) }) });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.explanation).toContain('foo depends on left-pad, which does not exist on the registry');
  });

  it('skips an optional dependency nothing satisfies, as npm does', async () => {
    const r = await solve({ a: m('a', { rollup: '*' }) }, { rollup: packument({ '4.0.0': { optionalDependencies: { 'rollup-darwin': '4.0.0' } } }), 'rollup-darwin': packument({ '3.0.0': {} }) });
    expect(r.ok && r.pins).toEqual({ rollup: '4.0.0' });
  });

  it('follows npm: aliases in published dependencies to the aliased package', async () => {
    const r = await solve({ a: m('a', { cliui: '^8.0.0' }) }, {
      cliui: packument({ '8.0.1': v({ 'string-width': '^5.1.2', 'string-width-cjs': 'npm:string-width@^4.2.0' }) }),
      'string-width': packument({ '4.2.3': {}, '5.1.2': {} }),
    });
    expect(r.ok && r.pins).toEqual({ cliui: '8.0.1', 'string-width': ['5.1.2', '4.2.3'] });
  });

  it('a dist-tag the registry does not serve resolves through a plain entry of the root npm overrides, as npm does', async () => {
    const docs = { audit: packument({ '1.0.0': v({ 'node-fetch': 'cjs' }) }), 'node-fetch': packument({ '2.7.0': {}, '3.3.2': {} }, { 'dist-tags': { latest: '3.3.2' } }) };
    const rescued = await solve({ a: m('a', { audit: '^1.0.0' }) }, docs, { 'package.json': { name: 'fam', private: true, workspaces: ['packages/*'], overrides: { 'node-fetch': '2.7.0' } } });
    expect(rescued.ok && rescued.pins).toEqual({ audit: '1.0.0', 'node-fetch': '2.7.0' });
    const stuck = await solve({ a: m('a', { audit: '^1.0.0' }) }, docs);
    expect(stuck.ok).toBe(false);
    if (!stuck.ok) expect(stuck.explanation).toContain('audit depends on node-fetch "cjs" (a dist-tag the registry does not serve), which no usable version of node-fetch satisfies');
  });

  it('is deterministic whatever the order in which fetches complete', async () => {
    const docs: Record<string, Record<string, unknown>> = {
      a1: { versions: { '1.0.0': { dependencies: { b1: '^1.0.0', c1: '*' } }, '1.1.0': { dependencies: { b1: '^2.0.0', c1: '*' } } } },
      b1: { versions: { '1.0.0': { dependencies: { c1: '^1.0.0' } }, '2.0.0': { dependencies: { c1: '^2.0.0' } } } },
      c1: { versions: { '1.0.0': {}, '2.0.0': {} } },
    };
    const dir = makeWorkspace({ 'package.json': { name: 'x', version: '1.0.0', dependencies: { a1: '*', c1: '^1.0.0' } } });
    const outputs: string[] = [];
    for (const delays of [{ a1: 1, b1: 25, c1: 5 }, { a1: 20, b1: 1, c1: 10 }, { a1: 0, b1: 0, c1: 0 }] as Record<string, number>[]) {
      const mem = new MemoryRegistry(docs);
      const slow: Registry = {
        description: 'slow',
        packument: async (n) => {
          await new Promise((res) => setTimeout(res, delays[n] ?? 0));
          return mem.packument(n);
        },
      };
      outputs.push(JSON.stringify(await generate({ cwd: dir, registryImpl: slow })));
    }
    expect(new Set(outputs).size).toBe(1);
    expect(JSON.parse(outputs[0]!).pins).toEqual({ a1: '1.1.0', b1: '2.0.0', c1: ['2.0.0', '1.0.0'] });
  });
});
