import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ForecastResult } from '../../src/check/forecast-types.js';
import type { CheckReport } from '../../src/check/run.js';
import { makeWorkspace, packument, runCli } from '../helpers/workspace.js';

/** A family on a registry that already has releases beyond every pin: minors, majors, a new dependency, a peer change. */
function family(): string {
  return makeWorkspace({
    'package.json': { name: 'fam', private: true, workspaces: ['packages/*'] },
    'packages/api/package.json': { name: '@fam/api', version: '1.0.0', dependencies: { lodash: '^4.17.0', express: '^4.18.0', uuid: '>=9.0.0' } },
    'packages/web/package.json': { name: '@fam/web', version: '1.0.0', dependencies: { react: '^18.2.0', 'chart-kit': '>=2.0.0', lodash: '^4.17.0', uuid: '^9.0.0' } },
    'packages/cli/package.json': { name: '@fam/cli', version: '1.0.0', dependencies: { chalk: '*' } },
    'constrain.config.yaml': 'hold:\n  chalk: { below: "5.0.0", reason: "ESM-only" }\n',
    'constraints/constraints.yaml': 'chalk: 4.1.2\nchart-kit: 2.0.0\ndebug: 2.6.9\nexpress: 4.18.0\nlodash: 4.17.20\nreact: 18.2.0\nuuid: 9.0.0\n',
    'registry.json': {
      lodash: packument({ '4.17.20': {}, '4.17.21': {}, '5.0.0': {} }),
      // the next express minor brings a new dependency: the bump needs its pin too
      express: packument({ '4.18.0': { dependencies: { debug: '2.6.9' } }, '4.19.0': { dependencies: { debug: '2.6.9', 'body-parser': '^1.20.0' } }, '5.0.0': { dependencies: { debug: '^4.3.0' } } }),
      'body-parser': packument({ '1.20.2': {} }),
      debug: packument({ '2.6.9': {}, '4.3.5': {} }),
      react: packument({ '18.2.0': {}, '18.3.1': {}, '19.0.0': {} }),
      // chart-kit 3 moves its peer to react 19
      'chart-kit': packument({ '2.0.0': { peerDependencies: { react: '^18.0.0' } }, '2.1.0': { peerDependencies: { react: '^18.0.0' } }, '3.0.0': { peerDependencies: { react: '^19.0.0' } } }),
      uuid: packument({ '9.0.0': {}, '9.0.1': {}, '10.0.0': {} }),
      chalk: packument({ '4.1.2': {}, '5.3.0': {} }),
    },
  });
}

/** The members check reports broken: those its root causes name. */
function brokenBy(report: CheckReport): string[] {
  return [...new Set((report.rootCauses ?? []).flatMap((c) => c.members))].sort();
}

describe('constrain forecast', () => {
  const dir = family();
  const reg = ['--cwd', dir, '--registry', `file:${join(dir, 'registry.json')}`];

  it('predicts for every candidate exactly what check reports after that bump alone', () => {
    const before = JSON.parse(runCli(['check', ...reg, '--format', 'json']).stdout) as CheckReport;
    expect(before.ok).toBe(true);
    const r = runCli(['forecast', ...reg, '--format', 'json']);
    expect(r.status).toBe(0);
    const result = JSON.parse(r.stdout) as ForecastResult;
    const candidates = result.forecasts.flatMap((f) => f.candidates.map((c) => ({ name: f.package, ...c })));
    expect(candidates.length).toBeGreaterThanOrEqual(12);
    let breaking = 0;
    for (const c of candidates) {
      // apply the bump alone to a copy, as the forecast describes it, and ask check
      const copy = mkdtempSync(join(tmpdir(), 'constrain-forecast-'));
      cpSync(dir, copy, { recursive: true });
      const pins: Record<string, string[]> = { chalk: ['4.1.2'], 'chart-kit': ['2.0.0'], debug: ['2.6.9'], express: ['4.18.0'], lodash: ['4.17.20'], react: ['18.2.0'], uuid: ['9.0.0'], ...c.pins };
      writeFileSync(join(copy, 'constraints/constraints.yaml'), Object.keys(pins).sort().map((n) => `${n}: [${pins[n]!.join(', ')}]`).join('\n'));
      const after = runCli(['check', '--cwd', copy, '--registry', `file:${join(copy, 'registry.json')}`, '--format', 'json']);
      const report = JSON.parse(after.stdout) as CheckReport;
      const errors = report.findings.filter((f) => f.severity === 'error');
      expect(errors.length === 0, `${c.name}@${c.version}`).toBe(c.safe);
      expect(brokenBy(report), `${c.name}@${c.version}`).toEqual(c.breaks.map((b) => b.member));
      if (!c.safe) breaking++;
    }
    expect(breaking).toBeGreaterThanOrEqual(4);
  });

  it('says which releases break whom, and why, and which policy they meet', () => {
    const result = JSON.parse(runCli(['forecast', ...reg, '--format', 'json']).stdout) as ForecastResult;
    const at = (name: string, version: string) => result.forecasts.find((f) => f.package === name)!.candidates.find((c) => c.version === version)!;
    expect(at('express', '4.19.0')).toMatchObject({ labels: ['minor'], safe: true, pins: { 'body-parser': ['1.20.2'], express: ['4.19.0'] } });
    expect(at('chart-kit', '3.0.0')).toMatchObject({ labels: ['major', 'newest'], safe: false, breaks: [{ member: '@fam/web' }] });
    expect(at('chart-kit', '3.0.0').breaks[0]!.findings[0]).toMatchObject({ kind: 'unsatisfiable', package: 'react', derivation: expect.objectContaining({ nodes: expect.any(Array) }) });
    expect(at('uuid', '10.0.0').breaks.map((b) => b.member)).toEqual(['@fam/web']);
    expect(at('chalk', '5.3.0')).toMatchObject({ safe: true, policy: [{ kind: 'hold', text: 'held below 5.0.0: ESM-only', file: 'constrain.config.yaml', line: 2 }] });
    const text = runCli(['forecast', 'chart-kit', ...reg]).stdout;
    expect(text).toContain('chart-kit 2.0.0\n  2.1.0 (minor): safe\n  3.0.0 (major, newest): breaks @fam/web');
    expect(runCli(['forecast', ...reg, '--format', 'markdown']).stdout).toContain('| `chart-kit` | `2.0.0` → `3.0.0` | major, newest | breaks @\u200bfam/web |  |');
    expect(runCli(['forecast', ...reg, '--format', 'mermaid']).stdout).toMatch(/\["chart-kit@3\.0\.0"\]\n {2}\w+ -->\|breaks\| \w+\["@fam\/web"\]/);
  });
});
