import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type DiffCase, runCases, verdict } from '../../scripts/differential-runner.mjs';
import { type RecordedDocs, recordingProxy } from '../../scripts/recorded-registry.mjs';

/** The differential suite of test/differential, recorded afresh from the live registry (`npm run test:live`). */
const { cases } = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../fixtures/differential/cases.json'), 'utf8')) as { cases: DiffCase[] };

describe('constrain and npm agree on real workspaces (live registry)', () => {
  it('every case agrees, or differs for its stated reason', async () => {
    const docs: RecordedDocs = {};
    const proxy = await recordingProxy(process.env.npm_config_registry ?? 'https://registry.npmjs.org/', docs);
    try {
      const results = await runCases(cases, proxy.url, mkdtempSync(join(tmpdir(), 'constrain-diff-live-')), 3);
      const problems = results.flatMap((r) => verdict(r).problems.map((p) => `${r.name}: ${p}`));
      expect(problems).toEqual([]);
      expect(results.map((r) => verdict(r).agree)).toEqual(cases.map((c) => (c.intended ? 'intended' : 'agree')));
    } finally {
      await proxy.close();
    }
  });
});
