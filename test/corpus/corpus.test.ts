import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { type CaseResult, type DiffCase, runCases, verdict } from '../../scripts/differential-runner.mjs';
import { type LockRun, lockProblems, lockWith, MANAGER_NAMES, type Manager } from '../../scripts/lock-with.mjs';
import { type RecordedDocs, readRecorded, serveRecorded } from '../../scripts/recorded-registry.mjs';
import { seedRecorded, startVerdaccio } from '../../scripts/verdaccio-server.mjs';
import { readLockfile } from '../../src/lockfile/read.js';

/**
 * Real monorepos rebuilt from the registry (fixtures/corpus, scripts/record-corpus.mjs), resolved offline by constrain
 * and by npm's Arborist as the differential suite does: generate succeeds, check accepts its pins, npm with the
 * exported overrides installs exactly the pins; or constrain refuses for the reason the corpus states.
 */
const DIR = resolve(import.meta.dirname, '../../fixtures/corpus');
const { monorepos } = JSON.parse(readFileSync(join(DIR, 'monorepos.json'), 'utf8')) as { monorepos: (DiffCase & { config?: Record<string, unknown> })[] };
const recorded = monorepos.filter((m) => existsSync(join(DIR, m.name)));
const cases: DiffCase[] = recorded.map((m) => {
  const packages = join(DIR, m.name, 'packages');
  const manifests = Object.fromEntries(readdirSync(packages).map((d) => [d, JSON.parse(readFileSync(join(packages, d, 'package.json'), 'utf8')) as Record<string, unknown>]));
  const { before } = JSON.parse(readFileSync(join(DIR, m.name, 'release.json'), 'utf8')) as { before: string };
  return { name: m.name, kind: 'corpus', manifests, before, ...(m.config ? { config: m.config } : {}), ...(m.intended ? { intended: m.intended } : {}) };
});
const results = new Map<string, CaseResult>();
/** `${monorepo} ${manager}` → its run, and what its lockfile locks (name@version) */
const locked = new Map<string, { run: LockRun; packages: Set<string>; pins: Set<string> }>();
let close: (() => Promise<void>) | undefined;

/** Each monorepo through npm, pnpm and yarn 4, against a Verdaccio that serves the recording as of its release. */
async function lockWithEach(docs: RecordedDocs): Promise<void> {
  for (const c of cases) {
    const dir = mkdtempSync(join(tmpdir(), 'constrain-corpus-verdaccio-'));
    seedRecorded(dir, docs, c.before);
    const verdaccio = await startVerdaccio(dir);
    try {
      const runs = await Promise.all(MANAGER_NAMES.map((m) => lockWith(m, c, verdaccio.url, mkdtempSync(join(tmpdir(), `constrain-corpus-${m}-`)))));
      for (const run of runs) {
        const installed = existsSync(join(run.dir, run.lockfile)) ? await readLockfile(join(run.dir, run.lockfile), run.lockfile) : undefined;
        const pins = Object.entries((parse(readFileSync(join(run.dir, 'constraints/constraints.yaml'), 'utf8')) ?? {}) as Record<string, string | string[]>);
        locked.set(`${c.name} ${run.manager}`, {
          run,
          packages: new Set(installed?.packages.filter((p) => !p.outside).map((p) => `${p.name}@${p.version}`)),
          pins: new Set(pins.flatMap(([n, v]) => (Array.isArray(v) ? v : [v]).map((x) => `${n}@${x}`))),
        });
      }
    } finally {
      await verdaccio.stop();
    }
  }
}

beforeAll(async () => {
  const docs = readRecorded(join(DIR, 'registry.json.gz'));
  const server = await serveRecorded(docs);
  close = server.close;
  for (const r of await runCases(cases, server.url, mkdtempSync(join(tmpdir(), 'constrain-corpus-cache-')), 2)) results.set(r.name, r);
  await lockWithEach(docs);
}, 900_000);
afterAll(() => close?.());

describe('real monorepos', () => {
  it('has the recorded monorepos to run, one of them with 100 or more workspaces', () => {
    expect(cases.map((c) => c.name)).toEqual(monorepos.map((m) => m.name));
    expect(Math.max(...cases.map((c) => Object.keys(c.manifests ?? {}).length))).toBeGreaterThanOrEqual(100);
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s', (name, c) => {
    const r = results.get(name)!;
    const v = verdict(r);
    expect(v.problems).toEqual([]);
    expect(v.agree).toBe(c.intended ? 'intended' : 'agree');
    expect(r.generate.stderr).not.toMatch(/\n\s+at /);
    if (!c.intended) expect(r.pins?.size).toBeGreaterThan(100);
  });
});

describe('real monorepos installed by npm, pnpm and yarn 4 (Verdaccio, as of each release)', () => {
  const runs = cases.flatMap((c) => MANAGER_NAMES.map((m) => [c.name, m] as [string, Manager]));
  it.each(runs)('%s with %s: generate as its family, export, lockfile-only install, check --lockfile passes', (name, manager) => {
    const { run, packages, pins } = locked.get(`${name} ${manager}`)!;
    expect(lockProblems(run)).toEqual([]);
    expect(run.steps.map((s) => `${s.what} ${s.status}`)).toEqual(['generate 0', 'check 0', 'export 0', 'install 0', 'check --lockfile 0']);
    // exactly the pins: every locked registry package is a pin (check --lockfile), and every pin is locked
    expect([...pins].filter((p) => !packages.has(p))).toEqual([]);
    expect([...packages].filter((p) => !pins.has(p))).toEqual([]);
    expect(pins.size).toBeGreaterThan(100);
  });
});
