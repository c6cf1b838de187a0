import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const ROOT = resolve(import.meta.dirname, '../..');
const load = (p: string) => parse(readFileSync(resolve(ROOT, p), 'utf8'), { strict: true, uniqueKeys: true }) as Record<string, unknown>;
type Job = { steps?: { run?: string }[]; script?: string[] };

describe('shipped workflows are valid YAML with the permissions they need', () => {
  it('the pull-request gate reads only, baselines against the base branch and annotates', () => {
    for (const f of ['.github/workflows/ci.yml', 'examples/github/constrain-check.yml']) {
      const wf = load(f);
      expect(Object.keys(wf.on as object)).toContain('pull_request');
      expect(wf.permissions).toEqual({ contents: 'read' });
      const runs = Object.values(wf.jobs as Record<string, Job>).flatMap((j) => j.steps ?? []).map((s) => s.run ?? '').join('\n');
      expect(runs).toMatch(/check .*--format github/);
      expect(runs).toContain('--baseline');
      // the gate runs once: constrain appends the Markdown report to $GITHUB_STEP_SUMMARY itself
      expect(runs.match(/ check (?!--quiet --lockfile)/g)).toHaveLength(1);
      expect(runs).not.toContain('>> "$GITHUB_STEP_SUMMARY"');
    }
  });

  it('the weekly job can push and open pull requests', () => {
    for (const f of ['.github/workflows/propose.yml', 'examples/github/constrain-propose.yml']) {
      const wf = load(f);
      const on = wf.on as Record<string, unknown>;
      expect(on.schedule).toEqual([{ cron: expect.stringMatching(/^\S+ \S+ \S+ \S+ \S+$/) }]);
      expect(on).toHaveProperty('workflow_dispatch');
      expect(wf.permissions).toEqual({ contents: 'write', 'pull-requests': 'write', issues: 'write' });
      const runs = Object.values(wf.jobs as Record<string, Job>).flatMap((j) => j.steps ?? []).map((s) => s.run ?? '').join('\n');
      expect(runs).toContain('propose --open-pr --dashboard');
    }
  });

  it('the GitLab example has a merge-request gate with a Code Quality report and a scheduled proposal', () => {
    const ci = load('examples/gitlab/.gitlab-ci.yml') as Record<string, Job & { rules?: { if: string }[]; artifacts?: { reports?: Record<string, string> } }>;
    const gate = ci['constrain:check']!;
    expect(gate.rules).toEqual([{ if: '$CI_PIPELINE_SOURCE == "merge_request_event"' }]);
    expect(gate.script?.join('\n')).toContain('constrain-pins check --baseline "origin/$CI_MERGE_REQUEST_TARGET_BRANCH_NAME" --format gitlab > gl-code-quality-report.json');
    expect(gate.artifacts?.reports).toEqual({ codequality: 'gl-code-quality-report.json' });
    const propose = ci['constrain:propose']!;
    expect(propose.rules?.map((r) => r.if)).toContain('$CI_PIPELINE_SOURCE == "schedule"');
    expect(propose.script?.join('\n')).toContain('constrain-pins propose --open-pr --dashboard');
  });
});
