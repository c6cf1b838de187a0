import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkJson, makeWorkspace, packument } from '../helpers/workspace.js';

/** Versions the root manifest forces (npm overrides, pnpm.overrides, yarn resolutions) must be pins. */
const registry = {
  express: packument({ '4.19.2': { dependencies: { debug: '2.6.9', qs: '^6.11.0' } } }),
  debug: packument({ '2.6.9': { dependencies: { ms: '2.0.0' } } }),
  ms: packument({ '2.0.0': {}, '2.1.3': {} }),
  qs: packument({ '6.11.0': {}, '6.13.0': {}, '6.14.0': {} }),
  unrelated: packument({ '1.0.0': {} }),
};
const pins = 'debug: 2.6.9\nexpress: 4.19.2\nms: 2.0.0\nqs: 6.13.0\n';

function workspace(root: Record<string, unknown>): string {
  return makeWorkspace({
    'package.json': `${JSON.stringify({ name: 'fam', private: true, workspaces: ['packages/*'], ...root }, null, 2)}\n`,
    'packages/api/package.json': { name: '@fam/api', version: '1.0.0', dependencies: { express: '^4.19.0' } },
    'registry.json': registry,
    'constraints/constraints.yaml': pins,
  });
}

const lineOf = (dir: string, needle: string) => readFileSync(join(dir, 'package.json'), 'utf8').split('\n').findIndex((l) => l.includes(needle)) + 1;

describe('existing overrides in the root manifest', () => {
  it('agreeing with the pins, or naming what nothing installs, they pass', () => {
    const dir = workspace({ overrides: { qs: '6.13.0', ms: '^2.0.0', unrelated: '2.0.0', debug: 'github:debug-js/debug' }, pnpm: { overrides: { 'express>qs': '~6.13.0' } }, resolutions: { '**/ms': '2.0.0' } });
    const r = checkJson(dir);
    expect(r.report.findings).toEqual([]);
    expect(r.status).toBe(0);
  });

  it('forcing a version that is not a pin is pin-outside-range at the entry, in the fields the package manager reads', () => {
    const forcing = { overrides: { express: { qs: '6.14.0' }, ms: '$ms' }, dependencies: { ms: '2.1.3' }, pnpm: { overrides: { 'debug@2>ms': '2.1.3' } }, resolutions: { 'express/qs': '6.11.0' } };
    const expected = (dir: string) => ({
      // npm reads overrides alone; pnpm its own field and yarn's resolutions; yarn resolutions alone
      npm: [
        ['qs', lineOf(dir, '"qs": "6.14.0"'), 'overrides "express › qs"'],
        ['ms', lineOf(dir, '"ms": "$ms"'), 'overrides "ms"'],
      ],
      pnpm: [
        ['ms', lineOf(dir, '"debug@2>ms"'), 'pnpm.overrides "debug@2>ms"'],
        ['qs', lineOf(dir, '"express/qs"'), 'resolutions "express/qs"'],
      ],
      yarn: [['qs', lineOf(dir, '"express/qs"'), 'resolutions "express/qs"']],
    });
    for (const manager of ['npm', 'pnpm', 'yarn'] as const) {
      const dir = workspace({ ...forcing, ...(manager === 'npm' ? {} : { packageManager: `${manager}@${manager === 'pnpm' ? '9.15.9' : '4.18.1'}` }) });
      const r = checkJson(dir);
      // the root's own dependency on ms 2.1.3 is a finding of its own, as for any member
      const forced = r.report.findings.filter((f) => f.kind === 'pin-outside-range' && /^(overrides|pnpm|resolutions)/.test(f.requirements?.[0]?.by ?? '')).sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
      expect(forced.every((f) => f.file === 'package.json')).toBe(true);
      expect(forced.map((f) => [f.package, f.line, f.requirements?.[0]?.by]), manager).toEqual(expected(dir)[manager].sort((a, b) => Number(a[1]) - Number(b[1])));
      expect(forced[0]!.message).toContain('would install a version that is not a pin');
      expect(r.status).toBe(1);
      if (manager === 'npm') expect(forced.find((f) => f.line === lineOf(dir, '"qs": "6.14.0"'))?.suggestion).toBe('pin qs to 6.14.0, or let `constrain export` write the pins into overrides');
    }
  });
});
