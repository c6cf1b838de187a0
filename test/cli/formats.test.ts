import { execFileSync } from 'node:child_process';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeWorkspace, packument, runCli } from '../helpers/workspace.js';

const dir = makeWorkspace({
  'package.json': { name: 'fam', private: true, workspaces: ['packages/*'] },
  'packages/a/package.json': '{\n  "name": "a",\n  "version": "1.0.0",\n  "dependencies": {\n    "lodash": "^4.17.0",\n    "left-pad": "^1.3.0"\n  }\n}\n',
  'constraints/constraints.yaml': 'left-pad: 1.3.0\nlodash: 3.10.1\n',
  'registry.json': { lodash: packument({ '3.10.1': {}, '4.17.21': {} }), 'left-pad': packument({ '1.3.0': { deprecated: 'use <b>padStart</b> @someone' } }) },
});
const args = ['check', '--cwd', dir, '--registry', `file:${dir}/registry.json`];

describe('output formats', () => {
  it('text: grouped by kind with file:line and a summary line, no colours off a TTY', () => {
    const r = runCli([...args]);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('pin-outside-range (1 error)\n  packages/a/package.json:5  lodash is pinned to 3.10.1 but a requires ^4.17.0\n    → pin lodash to 4.17.21');
    expect(r.stdout).toContain('deprecated-pin (1 warning)\n  constraints/constraints.yaml:1  left-pad@1.3.0 is deprecated');
    expect(r.stdout.trim().split('\n').at(-1)).toBe('✖ failed: 1 error, 2 warnings, 0 info · 1 member, 1 packages, 2 pins');
    expect(r.stdout).not.toContain('\u001b[');
  });

  it('text: colours when forced, as on a TTY', () => {
    const r = runCli(args, { env: { NO_COLOR: '', FORCE_COLOR: '1' } });
    expect(r.stdout).toContain('\u001b[31m');
  });

  it('text --quiet prints errors only', () => {
    const r = runCli([...args, '--quiet']);
    expect(r.stdout).toContain('pin-outside-range');
    expect(r.stdout).not.toContain('deprecated-pin');
  });

  it('json: the reference schema', () => {
    const r = runCli([...args, '--format', 'json']);
    const report = JSON.parse(r.stdout);
    expect(Object.keys(report)).toEqual(['ok', 'summary', 'findings', 'rootCauses']);
    expect(report.rootCauses).toEqual([{ fact: { type: 'pin', name: 'lodash', pins: ['3.10.1'], file: 'constraints/constraints.yaml', line: 2 }, fix: { type: 'pin', name: 'lodash', suggestion: 'pin lodash to 4.17.21' }, members: ['a'], findings: 1, kinds: ['pin-outside-range'] }]);
    expect(report.summary).toEqual({ members: 1, packages: 1, pins: 2, errors: 1, warnings: 2 });
    expect(report.findings[0]).toEqual({
      kind: 'pin-outside-range',
      severity: 'error',
      package: 'lodash',
      message: 'lodash is pinned to 3.10.1 but a requires ^4.17.0',
      file: 'packages/a/package.json',
      line: 5,
      col: 5,
      pins: ['3.10.1'],
      requirements: [{ by: 'a', range: '^4.17.0', path: ['a'], file: 'packages/a/package.json', line: 5, col: 5 }],
      suggestion: 'pin lodash to 4.17.21',
      fix: { add: ['lodash@4.17.21'] },
    });
  });

  it('github: workflow commands with file, line and title', () => {
    const r = runCli([...args, '--format', 'github']);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toBe('::error file=packages/a/package.json,line=5,title=pin-outside-range::lodash is pinned to 3.10.1 but a requires ^4.17.0 (fix: pin lodash to 4.17.21)');
    expect(lines).toContain('::warning file=constraints/constraints.yaml,line=2,title=unused-pin::no edge reaches lodash@3.10.1 (fix: remove 3.10.1 from the pins of lodash)');
    expect(r.status).toBe(1);
  });

  it('github: with --cwd below the repository, annotation paths are relative to the checkout; the step summary is written', () => {
    const repo = makeWorkspace({});
    cpSync(dir, join(repo, 'tools', 'fam'), { recursive: true });
    const summary = join(repo, 'summary.md');
    writeFileSync(summary, '# earlier step\n');
    const sub = join(repo, 'tools', 'fam');
    const r = runCli(['check', '--cwd', sub, '--registry', `file:${join(sub, 'registry.json')}`, '--format', 'github'], { env: { GITHUB_WORKSPACE: repo, GITHUB_STEP_SUMMARY: summary } });
    expect(r.stdout.split('\n')[0]).toBe('::error file=tools/fam/packages/a/package.json,line=5,title=pin-outside-range::lodash is pinned to 3.10.1 but a requires ^4.17.0 (fix: pin lodash to 4.17.21)');
    const written = readFileSync(summary, 'utf8');
    expect(written.startsWith('# earlier step\n## constrain check: ❌ failed')).toBe(true);
    expect(written).toContain('### `pin-outside-range` (1 error)');
    // outside Actions, in a git repository, the prefix comes from git
    execFileSync('git', ['init', '-q', repo]);
    const local = runCli(['check', '--cwd', sub, '--registry', `file:${join(sub, 'registry.json')}`, '--format', 'github'], { env: { GITHUB_WORKSPACE: '', GITHUB_STEP_SUMMARY: '' } });
    expect(local.stdout.split('\n')[0]).toContain('file=tools/fam/packages/a/package.json,line=5');
  });

  it('gitlab: a Code Quality report with the documented fields, paths from the repository root, stable fingerprints', () => {
    const run = () => runCli(['check', '--cwd', dir, '--registry', `file:${dir}/registry.json`, '--format', 'gitlab'], { env: { CI_PROJECT_DIR: join(dir, '..') } });
    const r = run();
    expect(r.status).toBe(1);
    const report = JSON.parse(r.stdout) as Record<string, unknown>[];
    expect(Array.isArray(report)).toBe(true);
    const prefix = `${dir.split('/').at(-1)}/`;
    expect(report[0]).toEqual({
      description: 'lodash is pinned to 3.10.1 but a requires ^4.17.0 (fix: pin lodash to 4.17.21)',
      check_name: 'pin-outside-range',
      fingerprint: expect.stringMatching(/^[0-9a-f]{32}$/),
      severity: 'major',
      location: { path: `${prefix}packages/a/package.json`, lines: { begin: 5 } },
    });
    for (const issue of report) {
      expect(Object.keys(issue).sort()).toEqual(['check_name', 'description', 'fingerprint', 'location', 'severity']);
      expect(['info', 'minor', 'major', 'critical', 'blocker']).toContain(issue.severity);
      const loc = issue.location as { path: string; lines: { begin: number } };
      expect(typeof loc.path).toBe('string');
      expect(Number.isInteger(loc.lines.begin) && loc.lines.begin >= 1).toBe(true);
    }
    expect(new Set(report.map((i) => i.fingerprint)).size).toBe(report.length);
    expect(report.map((i) => i.severity)).toEqual(['major', 'minor', 'minor']);
    expect(run().stdout).toBe(r.stdout);
  });

  it('markdown: a summary table and a table per kind, registry text escaped', () => {
    const r = runCli([...args, '--format', 'markdown']);
    expect(r.stdout).toContain('## constrain check: ❌ failed');
    expect(r.stdout).toContain('| 1 | 1 | 2 | 1 | 2 |');
    expect(r.stdout).toContain('### `pin-outside-range` (1 error)');
    expect(r.stdout).toContain('| `lodash` | `packages/a/package.json:5` |');
    expect(r.stdout).toContain('use &lt;b&gt;padStart&lt;/b&gt; @\u200bsomeone');
    expect(r.stdout).not.toContain('<b>');
  });

  it('output is byte-identical across runs', () => {
    const a = runCli([...args, '--format', 'json']).stdout;
    const b = runCli([...args, '--format', 'json']).stdout;
    expect(a).toBe(b);
  });
});
