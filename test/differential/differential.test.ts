import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CaseResult, type DiffCase, runCases, verdict } from '../../scripts/differential-runner.mjs';
import { readRecorded, serveRecorded } from '../../scripts/recorded-registry.mjs';

/**
 * constrain against npm's own Arborist on workspaces of real packages (fixtures/differential, recorded by
 * scripts/record-differential.mjs and served offline on loopback): they agree on whether the set installs, constrain's
 * check accepts what generate wrote, and npm with the exported overrides installs exactly the pins. Where constrain
 * refuses on purpose, npm's own tree must show the split that the stated reason names (fixtures/differential/README.md).
 */
const DIR = resolve(import.meta.dirname, '../../fixtures/differential');
const { cases } = JSON.parse(readFileSync(join(DIR, 'cases.json'), 'utf8')) as { cases: DiffCase[] };
const results = new Map<string, CaseResult>();
let close: (() => Promise<void>) | undefined;
let requested = new Set<string>();

beforeAll(async () => {
  const docs = readRecorded(join(DIR, 'registry.json.gz'));
  const server = await serveRecorded(docs);
  close = server.close;
  requested = server.requested;
  for (const r of await runCases(cases, server.url, mkdtempSync(join(tmpdir(), 'constrain-diff-cache-')), 2)) results.set(r.name, r);
  requested = new Set([...requested].filter((n) => !(n in docs)));
}, 900_000);
afterAll(() => close?.());

describe('constrain and npm agree on real workspaces', () => {
  it('covers at least 40 cases of every kind, and the recording answers every request', () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
    expect(new Set(cases.map((c) => c.kind))).toEqual(new Set(['utility', 'peer-heavy', 'optional-peers', 'old-and-new', 'conflicting']));
    expect([...requested]).toEqual([]);
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s', (name, c) => {
    const r = results.get(name)!;
    const v = verdict(r);
    expect(v.problems).toEqual([]);
    expect(v.agree).toBe(c.intended ? 'intended' : 'agree');
    if (v.constrain === 'ok' && r.npm.ok) {
      // the comparison had something to compare: npm's pinned tree is the whole pin set
      expect(r.pinned?.ok && r.pinned.installed.size).toBe(r.pins?.size);
      expect(r.pins?.size).toBeGreaterThan(0);
    }
  });

  it('reads the intended differences from the README beside the cases', () => {
    const readme = readFileSync(join(DIR, 'README.md'), 'utf8');
    for (const reason of new Set(cases.flatMap((c) => (c.intended ? [c.intended] : [])))) expect(readme).toContain(`\`${reason}\``);
  });
});
