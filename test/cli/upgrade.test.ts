import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/check/finding.js';
import { TempRepo } from '../helpers/git-repo.js';
import { checkJson, packument, runCli } from '../helpers/workspace.js';

const registry = { lodash: packument({ '3.10.1': {}, '4.17.21': {} }), chalk: packument({ '4.1.2': {} }), ms: packument({ '2.1.3': {} }) };
const pkg = (name: string, version: string, dependencies: Record<string, string>) => ({ name, version, dependencies });

/** v1.0: api and worker on lodash ^3; then every member moves to lodash ^4 (and api to 2.0.0). */
function movedToLodash4(): TempRepo {
  const repo = new TempRepo({
    'package.json': { name: 'fam', private: true, workspaces: ['packages/*'] },
    'packages/api/package.json': pkg('@fam/api', '1.0.0', { lodash: '^3.0.0' }),
    'packages/worker/package.json': pkg('@fam/worker', '1.0.0', { lodash: '^3.0.0' }),
    'constraints/constraints.yaml': 'lodash: 3.10.1\n',
    'registry.json': registry,
  }).commit('v1', 'v1.0');
  return repo
    .write({
      'packages/api/package.json': pkg('@fam/api', '1.1.0', { lodash: '^4.17.0' }),
      'packages/worker/package.json': pkg('@fam/worker', '1.1.0', { lodash: '^4.17.0' }),
      'constraints/constraints.yaml': 'lodash: 4.17.21\n',
    })
    .commit('lodash 4', 'v1.1');
}

const conflicts = (fs: Finding[]) => fs.filter((f) => f.kind === 'upgrade-conflict');

describe('check --against REF: rolling upgrades against a prior release', () => {
  it('a move from lodash ^3 to ^4 passes plain check but fails --against the older tag, naming the member pairs', () => {
    const repo = movedToLodash4();
    const plain = checkJson(repo.dir);
    expect(plain.status).toBe(0);
    const r = checkJson(repo.dir, ['--against', 'v1.0']);
    expect(r.status).toBe(1);
    const found = conflicts(r.report.findings);
    expect(found.map((f) => [f.package, f.file, f.requirements?.map((q) => `${q.by} ${q.range}`)])).toEqual([
      ['lodash', 'packages/api/package.json', ['@fam/api@HEAD ^4.17.0', '@fam/worker@v1.0 ^3.0.0']],
      ['lodash', 'packages/worker/package.json', ['@fam/worker@HEAD ^4.17.0', '@fam/api@v1.0 ^3.0.0']],
    ]);
    expect(found[0]!.severity).toBe('error');
    expect(found[0]!.line).toBe(5);
    expect(found[0]!.message).toContain('upgrading @fam/api alone to HEAD breaks it against @fam/worker@1.0.0 (v1.0)');
    expect(repo.git('status', '--porcelain')).toBe('');
  });

  it('prior: in the config does the same, and --against the newer tag is clean', () => {
    const repo = movedToLodash4();
    repo.write({ 'constrain.config.yaml': 'prior: v1.0\n' }).commit('config');
    expect(conflicts(checkJson(repo.dir).report.findings)).toHaveLength(2);
    expect(checkJson(repo.dir, ['--against', 'v1.1']).status).toBe(0);
  });

  it('both directions between members: HEAD requires a version the prior release lacks, and the prior release rejects HEAD', () => {
    const repo = new TempRepo({
      'package.json': { name: 'fam', private: true, workspaces: ['packages/*'] },
      'packages/api/package.json': pkg('@fam/api', '1.0.0', {}),
      'packages/worker/package.json': pkg('@fam/worker', '1.0.0', { '@fam/api': '^1.0.0' }),
      'registry.json': registry,
    }).commit('v1', 'v1.0');
    repo.write({ 'packages/api/package.json': pkg('@fam/api', '2.0.0', {}), 'packages/worker/package.json': pkg('@fam/worker', '1.1.0', { '@fam/api': '^2.0.0' }) }).commit('v2');
    const found = conflicts(checkJson(repo.dir, ['--against', 'v1.0']).report.findings);
    expect(found.map((f) => f.message)).toEqual([
      '@fam/worker at v1.0 requires @fam/api ^1.0.0 but @fam/api at HEAD is 2.0.0, so upgrading @fam/api alone breaks @fam/worker@1.0.0',
      '@fam/worker at HEAD requires @fam/api ^2.0.0 but @fam/api at v1.0 is 1.0.0, so upgrading @fam/worker alone to HEAD breaks it against @fam/api@1.0.0 (v1.0)',
    ]);
    expect(found.map((f) => [f.file, f.line])).toEqual([
      ['packages/api/package.json', 3],
      ['packages/worker/package.json', 5],
    ]);
  });

  it('a member added or removed since the prior release adds no noise', () => {
    const repo = new TempRepo({
      'package.json': { name: 'fam', private: true, workspaces: ['packages/*'] },
      'packages/api/package.json': pkg('@fam/api', '1.0.0', { lodash: '^4.17.0' }),
      'packages/legacy/package.json': pkg('@fam/legacy', '1.0.0', { lodash: '^3.0.0', '@fam/api': '^0.9.0' }),
      'constraints/constraints.yaml': 'lodash: [4.17.21, 3.10.1]\n',
      'registry.json': registry,
    }).commit('v1', 'v1.0');
    repo.remove('packages/legacy').write({ 'packages/fresh/package.json': pkg('@fam/fresh', '0.1.0', { lodash: '^4.17.0', '@fam/api': '^1.0.0' }), 'constraints/constraints.yaml': 'lodash: 4.17.21\n' }).commit('v2');
    const r = checkJson(repo.dir, ['--against', 'v1.0']);
    expect(r.report.findings).toEqual([]);
    expect(r.status).toBe(0);
  });

  it('a renamed member is compared by its new name only', () => {
    const repo = new TempRepo({
      'package.json': { name: 'fam', private: true, workspaces: ['packages/*'] },
      'packages/core/package.json': pkg('@fam/old-core', '1.0.0', {}),
      'packages/app/package.json': pkg('@fam/app', '1.0.0', { '@fam/old-core': '^1.0.0' }),
      'registry.json': registry,
    }).commit('v1', 'v1.0');
    repo.write({ 'packages/core/package.json': pkg('@fam/core', '2.0.0', {}), 'packages/app/package.json': pkg('@fam/app', '1.1.0', { '@fam/core': '^2.0.0' }) }).commit('rename');
    expect(checkJson(repo.dir, ['--against', 'v1.0']).report.findings).toEqual([]);
  });

  it('an unknown ref is an input error (exit 2)', () => {
    const repo = movedToLodash4();
    const r = runCli(['check', '--cwd', repo.dir, '--registry', `file:${repo.dir}/registry.json`, '--against', 'v9.9']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('unknown git ref "v9.9"');
  });
});

describe('check --against registry', () => {
  it('compares with each member\'s latest published version; a member never published is skipped with an info finding', () => {
    const repo = movedToLodash4();
    repo.write({ 'registry.json': { ...registry, '@fam/api': packument({ '1.0.0': { dependencies: { lodash: '^3.0.0' } } }, { 'dist-tags': { latest: '1.0.0' } }) } }).commit('registry');
    const r = checkJson(repo.dir, ['--against', 'registry']);
    expect(r.status).toBe(1);
    expect(conflicts(r.report.findings).map((f) => f.message)).toEqual([
      '@fam/worker at HEAD requires lodash ^4.17.0 but @fam/api at registry requires ^3.0.0: no published version satisfies both, so upgrading @fam/worker alone to HEAD breaks it against @fam/api@1.0.0 (registry)',
    ]);
    const info = r.report.findings.find((f) => f.severity === 'info');
    expect(info).toMatchObject({ kind: 'unmanaged', package: '@fam/worker', message: expect.stringContaining('never published') });
  });
});

describe('check --baseline REF', () => {
  it('reports only new findings, says how many were suppressed, and exits on new errors only', () => {
    const repo = new TempRepo({
      'package.json': { name: 'fam', private: true, workspaces: ['packages/*'] },
      'packages/api/package.json': pkg('@fam/api', '1.0.0', { lodash: '^4.17.0', chalk: '^4.0.0' }),
      'constraints/constraints.yaml': 'lodash: 4.17.21\n',
      'registry.json': registry,
    }).commit('old problem: chalk unpinned', 'base');
    const same = checkJson(repo.dir, ['--baseline', 'base']);
    expect(same.report.findings).toEqual([]);
    expect(same.report.baseline).toEqual({ ref: 'base', suppressed: 1 });
    expect(same.status).toBe(0);
    expect(checkJson(repo.dir).status).toBe(1);
    repo.write({ 'packages/api/package.json': pkg('@fam/api', '1.0.0', { lodash: '^4.17.0', chalk: '^4.0.0', ms: '^2.0.0' }) }).commit('new problem');
    const worse = checkJson(repo.dir, ['--baseline', 'base']);
    expect(worse.report.findings.map((f) => [f.kind, f.package])).toEqual([['unpinned', 'ms']]);
    expect(worse.report.baseline).toEqual({ ref: 'base', suppressed: 1 });
    expect(worse.status).toBe(1);
  });
});
