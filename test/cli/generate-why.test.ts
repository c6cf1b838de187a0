import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type Files, makeWorkspace, packument, runCli, snapshot } from '../helpers/workspace.js';

const registry = {
  lodash: packument({ '3.10.1': {}, '4.17.20': {}, '4.17.21': {} }),
  express: packument({ '4.19.2': { dependencies: { debug: '2.6.9' } } }),
  debug: packument({ '2.6.9': { dependencies: { ms: '2.0.0' } }, '4.3.5': { dependencies: { ms: '^2.1.3' } } }),
  ms: packument({ '2.0.0': {}, '2.1.3': {} }),
  react: packument({ '17.0.2': {}, '18.3.1': {} }),
  'chart-kit': packument({ '2.0.0': { peerDependencies: { react: '^17.0.0 || ^18.0.0' } }, '2.1.0': { peerDependencies: { react: '^17.0.2' } } }),
};

function ws(members: Record<string, string>, constraints?: string, extra: Files = {}): string {
  const files: Files = { 'package.json': { name: 'fam', private: true, workspaces: ['packages/*'] }, 'registry.json': registry, ...extra };
  if (constraints !== undefined) files['constraints/constraints.yaml'] = constraints;
  for (const [dir, text] of Object.entries(members)) files[`packages/${dir}/package.json`] = text;
  return makeWorkspace(files);
}
const reg = (dir: string) => ['--cwd', dir, '--registry', `file:${join(dir, 'registry.json')}`];

const api = '{\n  "name": "@fam/api",\n  "version": "1.0.0",\n  "dependencies": {\n    "express": "^4.19.0",\n    "debug": "^4.0.0",\n    "lodash": "^4.17.0"\n  }\n}\n';
const web = '{\n  "name": "@fam/web",\n  "version": "1.0.0",\n  "dependencies": {\n    "react": "^17.0.0 || ^18.0.0",\n    "lodash": "^4.17.20"\n  }\n}\n';

describe('constrain check --fix', () => {
  it('adds the pins edges need (and their own dependencies), removes an orphaned subtree, sorts; comments kept; a second run changes nothing', () => {
    // react was replaced by express: express and its closure are unpinned, the old chart-kit subtree is orphaned
    const member = '{\n  "name": "@fam/web",\n  "version": "1.0.0",\n  "dependencies": {\n    "express": "^4.19.0",\n    "lodash": "^4.17.20"\n  }\n}\n';
    const dir = ws({ web: member }, '# our pins\nlodash: 4.17.20 # kept\nchart-kit: 2.1.0\nreact: 17.0.2\n');
    const r = runCli(['check', '--fix', ...reg(dir)]);
    expect(r.stdout).toContain('- chart-kit: 2.1.0\n+ debug: 2.6.9\n+ express: 4.19.2\n+ ms: 2.0.0\n- react: 17.0.2\nfixed: 5 pin changes written\n\n✔ ok');
    expect(r.stdout).toContain('✔ ok: 0 errors, 0 warnings');
    expect(r.status).toBe(0);
    expect(readFileSync(join(dir, 'constraints/constraints.yaml'), 'utf8')).toBe('# our pins\ndebug: 2.6.9\nexpress: 4.19.2\nlodash: 4.17.20 # kept\nms: 2.0.0\n');
    const again = runCli(['check', '--fix', ...reg(dir), '--format', 'json']);
    expect(JSON.parse(again.stdout).fixed).toEqual([]);
  });

  it('leaves what it cannot fix safely to people: a member range no pin satisfies is still reported', () => {
    const old = '{\n  "name": "@fam/old",\n  "version": "1.0.0",\n  "dependencies": {\n    "lodash": "^3.0.0"\n  }\n}\n';
    const dir = ws({ old, web }, 'lodash: 4.17.21\nreact: 18.3.1\n');
    const r = runCli(['check', '--fix', ...reg(dir), '--format', 'json']);
    expect(r.status).toBe(1);
    expect(JSON.parse(r.stdout).findings.map((f: { kind: string }) => f.kind)).toEqual(['unsatisfiable']);
  });
});

describe('constrain generate', () => {
  it('prints the would-be diff without writing, and exits 0', () => {
    const dir = ws({ api, web }, '# keep this comment\nlodash: 3.10.1 # old\nzzz-unused: 1.0.0\n');
    const before = snapshot(dir);
    const r = runCli(['generate', ...reg(dir)]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('~ lodash: 3.10.1 → 4.17.21');
    expect(r.stdout).toContain('+ debug: [4.3.5, 2.6.9]');
    expect(r.stdout).toContain('- zzz-unused: 1.0.0');
    expect(r.stdout).toContain('run with --write to apply');
    expect(snapshot(dir)).toEqual(before);
  });

  it('--write rewrites the file sorted, comments kept, atomically; check then passes with exit 0', () => {
    const dir = ws({ api, web }, '# keep this comment\nlodash: 3.10.1 # old\n');
    const r = runCli(['generate', ...reg(dir), '--write']);
    expect(r.status).toBe(0);
    const text = readFileSync(join(dir, 'constraints/constraints.yaml'), 'utf8');
    expect(text).toBe('# keep this comment\ndebug: [4.3.5, 2.6.9]\nexpress: 4.19.2\nlodash: 4.17.21 # old\nms: [2.1.3, 2.0.0]\nreact: 18.3.1\n');
    expect(readdirSync(join(dir, 'constraints'))).toEqual(['constraints.yaml']);
    const c = runCli(['check', ...reg(dir)]);
    expect(c.stdout).toContain('✔ ok: 0 errors, 0 warnings');
    expect(c.status).toBe(0);
    // a second run has nothing to change
    expect(runCli(['generate', ...reg(dir)]).stdout).toContain('0 changes, 5 pinned packages: the constraints file is up to date');
  });

  it('after adding one dependency, --write changes only the pins it needs; --upgrade then moves the rest', () => {
    const before = '# pins\nlodash: 4.17.20\nreact: 17.0.2\n';
    const grown = web.replace('"lodash": "^4.17.20"', '"lodash": "^4.17.20",\n    "express": "^4.19.0"');
    const dir = ws({ web: grown }, before);
    const r = runCli(['generate', ...reg(dir), '--write']);
    expect(r.stdout).toContain('+ debug: 2.6.9\n+ express: 4.19.2\n+ ms: 2.0.0\n\n3 changes');
    expect(readFileSync(join(dir, 'constraints/constraints.yaml'), 'utf8')).toBe('# pins\ndebug: 2.6.9\nexpress: 4.19.2\nlodash: 4.17.20\nms: 2.0.0\nreact: 17.0.2\n');
    expect(runCli(['check', ...reg(dir)]).status).toBe(0);
    const up = runCli(['generate', ...reg(dir), '--write', '--upgrade']);
    expect(up.stdout).toContain('~ lodash: 4.17.20 → 4.17.21\n~ react: 17.0.2 → 18.3.1\n\n2 changes');
  });

  it('creates the constraints file when there is none', () => {
    const dir = ws({ web });
    expect(runCli(['generate', ...reg(dir), '--write']).status).toBe(0);
    expect(readFileSync(join(dir, 'constraints/constraints.yaml'), 'utf8')).toContain('lodash: 4.17.21\nreact: 18.3.1\n');
  });

  it('--format json: pins and changes; a current pin that still fits is kept, --upgrade moves it', () => {
    const dir = ws({ web }, 'lodash: 4.17.20\n');
    const r = runCli(['generate', ...reg(dir), '--format', 'json']);
    expect(JSON.parse(r.stdout)).toEqual({
      ok: true,
      pins: { lodash: '4.17.20', react: '18.3.1' },
      changes: [{ package: 'react', from: null, to: '18.3.1' }],
    });
    for (const upgrade of [['--upgrade'], ['--upgrade', 'lodash']]) {
      const u = runCli(['generate', ...reg(dir), '--format', 'json', ...upgrade]);
      expect(JSON.parse(u.stdout)).toEqual({
        ok: true,
        pins: { lodash: '4.17.21', react: '18.3.1' },
        changes: [
          { package: 'lodash', from: '4.17.20', to: '4.17.21' },
          { package: 'react', from: null, to: '18.3.1' },
        ],
      });
    }
    const other = runCli(['generate', ...reg(dir), '--format', 'json', '--upgrade', 'react']);
    expect(JSON.parse(other.stdout).pins.lodash).toBe('4.17.20');
  });

  it('no solution: exit 1 with a PubGrub derivation naming the members, files and lines; nothing written', () => {
    const old = '{\n  "name": "@fam/old",\n  "version": "1.0.0",\n  "dependencies": {\n    "lodash": "^3.0.0"\n  }\n}\n';
    const dir = ws({ old, web }, 'lodash: 3.10.1\n');
    const before = snapshot(dir);
    const r = runCli(['generate', ...reg(dir), '--write']);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('No co-installable pin set exists.');
    expect(r.stdout).toContain(
      'Because @fam/old depends on lodash ^3.0.0 (packages/old/package.json:5) and @fam/web depends on lodash ^4.17.20 (packages/web/package.json:6), @fam/old is incompatible with @fam/web.',
    );
    expect(r.stdout).toContain('So, because the workspace includes both @fam/old and @fam/web, the workspace cannot be installed.');
    const json = JSON.parse(runCli(['generate', ...reg(dir), '--format', 'json']).stdout);
    expect(json.ok).toBe(false);
    expect(json.explanation).toContain('@fam/old is incompatible with @fam/web');
    expect(json.derivation.nodes[json.derivation.root].terms).toEqual([{ package: 'the workspace', positive: true, text: 'the workspace', whole: true, root: true }]);
    expect(json.derivation.nodes.filter((n: { cause: { type: string } }) => n.cause.type === 'dependency').map((n: { cause: { depender: string; position?: { line: number } } }) => [n.cause.depender, n.cause.position?.line])).toEqual(
      expect.arrayContaining([
        ['@fam/old', 5],
        ['@fam/web', 6],
      ]),
    );
    expect(snapshot(dir)).toEqual(before);
  });

  it('bad input exits 2 and leaves every file byte-identical', () => {
    const dir = ws({ web }, 'lodash: ^4.17.20\n');
    const before = snapshot(dir);
    const r = runCli(['generate', ...reg(dir), '--write']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('constraints/constraints.yaml:1:9');
    expect(snapshot(dir)).toEqual(before);
  });
});

describe('constrain why', () => {
  const dir = ws({ api, web: web.replace('"lodash"', '"chart-kit": "^2.0.0",\n    "lodash"') }, 'chart-kit: 2.1.0\ndebug: [4.3.5, 2.6.9]\nexpress: 4.19.2\nlodash: 4.17.21\nms: [2.1.3, 2.0.0]\nreact: 18.3.1\n');

  it('text: every path from a member, each edge with its range and pin', () => {
    const r = runCli(['why', 'ms', ...reg(dir)]);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(
      [
        'ms (pins: 2.1.3, 2.0.0)',
        '  @fam/api › express ^4.19.0 → 4.19.2 › debug 2.6.9 → 2.6.9 › ms 2.0.0 → 2.0.0  packages/api/package.json:5',
        '  @fam/api › debug ^4.0.0 → 4.3.5 › ms ^2.1.3 → 2.1.3  packages/api/package.json:6',
        '',
      ].join('\n'),
    );
  });

  it('json and mermaid mark the conflicting peer edge', () => {
    const json = JSON.parse(runCli(['why', 'react', ...reg(dir), '--format', 'json']).stdout);
    expect(json.paths).toHaveLength(2);
    const viaPlugin = json.paths.find((p: { from: string }[]) => p.length === 2);
    expect(json.paths[0]).toEqual([{ from: '@fam/web', name: 'react', range: '^17.0.0 || ^18.0.0', type: 'dependencies', pin: '18.3.1', file: 'packages/web/package.json', line: 5, conflict: false }]);
    expect(viaPlugin.at(-1)).toEqual({ from: 'chart-kit@2.1.0', name: 'react', range: '^17.0.2', type: 'peerDependencies', pin: '18.3.1', conflict: true });
    const mermaid = runCli(['why', 'react', ...reg(dir), '--format', 'mermaid']).stdout;
    expect(mermaid).toContain('graph LR');
    expect(mermaid).toMatch(/n\d+\["chart-kit@2\.1\.0"\]/);
    expect(mermaid).toMatch(/n\d+ -->\|"peer \^17\.0\.2"\| n\d+/);
    expect(mermaid).toContain('stroke:#d1242f');
  });

  it('exits 1 when no member reaches the name', () => {
    const r = runCli(['why', 'left-pad', ...reg(dir)]);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('no member reaches left-pad');
  });
});
