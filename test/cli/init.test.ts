import { readdirSync, readFileSync, } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/parse.js';
import { type Files, makeWorkspace, packument, runCli, snapshot } from '../helpers/workspace.js';

const registry = {
  react: packument({ '17.0.2': {}, '18.3.1': {} }),
  'react-dom': packument({ '18.3.1': { peerDependencies: { react: '^18.3.1' } } }),
  typescript: packument({ '5.4.5': {}, '5.6.3': {} }),
  '@types/node': packument({ '20.11.0': {} }),
  lodash: packument({ '4.17.21': {} }),
  'old-chart': packument({ '1.0.0': { dependencies: { react: '^17.0.0' } } }),
};

function ws(deps: Record<string, string>, extra: Files = {}): string {
  return makeWorkspace({
    'package.json': { name: 'fam', private: true, workspaces: ['packages/*'], engines: { node: '>=20' } },
    'packages/web/package.json': { name: '@fam/web', version: '1.0.0', dependencies: deps },
    'registry.json': registry,
    ...extra,
  });
}
const reg = (dir: string) => ['--cwd', dir, '--registry', `file:${join(dir, 'registry.json')}`];

describe('constrain init', () => {
  it('writes a commented config with the schema comment, engines and singletons; generate --write; check then exits 0; a second init changes nothing', () => {
    const dir = ws({ react: '^18.0.0', 'react-dom': '^18.0.0', typescript: '^5.4.0', '@types/node': '^20.0.0', lodash: '^4.17.0' });
    const r = runCli(['init', ...reg(dir)]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('constrain.config.yaml created (singleVersion: react, react-dom, typescript, @types/*)');
    expect(r.stdout).toContain('Next steps:');
    const config = readFileSync(join(dir, 'constrain.config.yaml'), 'utf8');
    expect(config.split('\n')[0]).toBe('# yaml-language-server: $schema=https://unpkg.com/constrain-pins/schema/config.schema.json');
    expect(config).toContain('engines:\n  node: ">=20"\n');
    expect(config).toContain('singleVersion:\n  - react\n  - react-dom\n  - typescript\n  - "@types/*"\n');
    expect(parseConfig(dir, 'constrain.config.yaml', config).singleVersion).toEqual(['react', 'react-dom', 'typescript', '@types/*']);
    expect(readFileSync(join(dir, 'constraints/constraints.yaml'), 'utf8')).toContain('react: 18.3.1\n');
    const check = runCli(['check', ...reg(dir)]);
    expect(check.stdout).toContain('✔ ok: 0 errors, 0 warnings');
    expect(check.status).toBe(0);

    const before = snapshot(dir);
    const again = runCli(['init', ...reg(dir)]);
    expect(again.status).toBe(0);
    expect(again.stdout).toContain('constrain.config.yaml unchanged');
    expect(snapshot(dir)).toEqual(before);
  });

  it('refuses to overwrite a config that differs (exit 2, nothing written) unless --force', () => {
    const dir = ws({ lodash: '^4.17.0' }, { 'constrain.config.yaml': 'singleVersion: [lodash]\n' });
    const before = snapshot(dir);
    const r = runCli(['init', ...reg(dir)]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('constrain.config.yaml exists and differs from what init writes; keep it, or run init --force to replace it');
    expect(snapshot(dir)).toEqual(before);
    const forced = runCli(['init', '--force', ...reg(dir)]);
    expect(forced.status).toBe(0);
    expect(forced.stdout).toContain('constrain.config.yaml overwritten');
  });

  it('leaves a singleton the members cannot share today as a comment, so the first pins still exist', () => {
    // old-chart depends (not as a peer) on react 17 while the member uses react 18: npm nests them
    const dir = ws({ react: '^18.0.0', 'old-chart': '^1.0.0' });
    const r = runCli(['init', ...reg(dir)]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('suggested in a comment, since members need several versions today: react');
    expect(readFileSync(join(dir, 'constrain.config.yaml'), 'utf8')).toContain('# singleVersion:\n#   - react    # members need several versions today\n');
    expect(readFileSync(join(dir, 'constraints/constraints.yaml'), 'utf8')).toContain('react: [18.3.1, 17.0.2]');
    expect(runCli(['check', ...reg(dir)]).status).toBe(0);
    // and it is idempotent too
    const before = snapshot(dir);
    expect(runCli(['init', ...reg(dir)]).status).toBe(0);
    expect(snapshot(dir)).toEqual(before);
  });
});

describe('the config schema', () => {
  const ROOT = resolve(import.meta.dirname, '../..');
  it('validates every example config in the repository: config files, and the YAML examples in the README and docs', () => {
    const examples: [string, string][] = [];
    const walk = (d: string) => {
      for (const e of readdirSync(join(ROOT, d), { withFileTypes: true })) {
        if (e.name === 'node_modules' || e.name.startsWith('.git') || e.name === 'dist') continue;
        const rel = d ? `${d}/${e.name}` : e.name;
        if (e.isDirectory()) walk(rel);
        else if (e.name === 'constrain.config.yaml') examples.push([rel, readFileSync(join(ROOT, rel), 'utf8')]);
      }
    };
    walk('');
    for (const doc of ['README.md', ...readdirSync(join(ROOT, 'docs')).map((f) => `docs/${f}`)].filter((f) => f.endsWith('.md'))) {
      const text = readFileSync(join(ROOT, doc), 'utf8');
      for (const m of text.matchAll(/```yaml\n([\s\S]*?)```/g)) if (/^(singleVersion|propose|hold|members|engines):/m.test(m[1]!)) examples.push([doc, m[1]!]);
    }
    expect(examples.length).toBeGreaterThanOrEqual(4);
    for (const [file, text] of examples) expect(() => parseConfig(ROOT, file, text), file).not.toThrow();
  });

  it('is shipped in the package and names every key the loader reads', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { files: string[] };
    expect(pkg.files).toContain('schema');
    const schema = JSON.parse(readFileSync(join(ROOT, 'schema/config.schema.json'), 'utf8')) as { properties: Record<string, unknown> };
    expect(Object.keys(schema.properties)).toEqual(['constraints', 'members', 'dependencyTypes', 'singleVersion', 'allowMultiple', 'exclude', 'hold', 'engines', 'propose', 'prior']);
  });
});
