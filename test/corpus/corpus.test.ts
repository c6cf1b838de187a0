import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CaseResult, type DiffCase, runCases, verdict } from '../../scripts/differential-runner.mjs';
import { readRecorded, serveRecorded } from '../../scripts/recorded-registry.mjs';

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
let close: (() => Promise<void>) | undefined;

beforeAll(async () => {
  const server = await serveRecorded(readRecorded(join(DIR, 'registry.json.gz')));
  close = server.close;
  for (const r of await runCases(cases, server.url, mkdtempSync(join(tmpdir(), 'constrain-corpus-cache-')), 2)) results.set(r.name, r);
}, 600_000);
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
