import { describe, expect, it } from 'vitest';
import { slugFromRemote } from '../../src/forge/discover.js';
import type { HeldBack } from '../../src/propose/plan.js';
import { ago } from '../../src/propose/policy.js';
import { BODY_LIMIT, PROPOSE_MARKER, renderProposalMarkdown, renderProposalText } from '../../src/report/proposal.js';
import { makeStyle } from '../../src/report/style.js';

describe('the pull request body', () => {
  it('escapes registry text: no HTML, no @-mentions, no broken tables', () => {
    const body = renderProposalMarkdown({
      bumps: [{ package: '@scope/pkg', from: '1.0.0', to: '1.1.0', type: 'minor', published: '2026-01-02T00:00:00Z' }],
      heldBack: [{ package: 'evil', current: '1.0.0', newest: '2.0.0', reason: { kind: 'deprecated', text: '2.0.0 is deprecated: <script>alert(1)</script> ping @octocat | see', message: 'x' } }],
      added: [],
      removed: [],
    });
    expect(body.startsWith(PROPOSE_MARKER)).toBe(true);
    expect(body).toContain('| [@\u200bscope/pkg](https://www.npmjs.com/package/%40scope/pkg/v/1.1.0) | `1.0.0` | `1.1.0` | minor | 2026-01-02 |');
    expect(body).toContain('&lt;script&gt;alert(1)&lt;/script&gt; ping @\u200boctocat \\| see');
    expect(body).not.toContain('<script>');
    expect(body).not.toMatch(/[^\u200b]@octocat/);
    expect(body).toContain('npx constrain-pins propose');
  });

  it('links release notes where the packument names a repository', () => {
    const body = renderProposalMarkdown({
      bumps: [{ package: 'lib', from: '1.0.0', to: '1.1.0', type: 'minor', published: null, releaseNotes: 'https://github.com/acme/lib/releases' }],
      heldBack: [],
      added: [],
      removed: [],
    });
    expect(body).toContain('| minor |  | [release notes](https://github.com/acme/lib/releases) |');
  });

  it('truncates bodies over the limit with a note, on a line boundary', () => {
    const heldBack = Array.from({ length: 2000 }, (_, i) => ({ package: `pkg-${i}`, current: '1.0.0', newest: '2.0.0', reason: { kind: 'conflict' as const, text: 'x'.repeat(40) } }));
    const body = renderProposalMarkdown({ bumps: [], heldBack, added: [], removed: [] });
    expect(body.length).toBeLessThanOrEqual(BODY_LIMIT);
    expect(body).toContain('…truncated');
    expect(body.startsWith(PROPOSE_MARKER)).toBe(true);
  });
});

describe('held back, as a person reads it', () => {
  const heldBack: HeldBack[] = [
    { package: 'chalk', current: '4.1.2', newest: '5.3.0', reason: { kind: 'hold', text: 'hold: ESM-only', below: '5.0.0' } },
    ...Array.from({ length: 30 }, (_, i) => ({ package: `dep-${i}`, current: '1.0.0', newest: '2.0.0', reason: { kind: 'dependents' as const, text: 'held by its dependents: x requires ^1', dependents: [{ dependent: 'x@1.0.0', range: '^1' }] } })),
    { package: 'react', current: '18.3.1', newest: '19.0.0', reason: { kind: 'range', text: '19.0.0 is outside ^18.0.0', requirements: [] } },
  ];
  const view = { bumps: [], heldBack, added: [], removed: [] };
  it('text leads with what a person can act on and collapses transitive pins held by their dependents', () => {
    const text = renderProposalText(view, makeStyle(false), false);
    expect(text).toContain('held back (32)\n  chalk  4.1.2 (newest 5.3.0): hold: ESM-only\n  react  18.3.1 (newest 19.0.0): 19.0.0 is outside ^18.0.0\n  … and 30 transitive pins held by their dependents');
    expect(text).not.toContain('dep-0');
    expect(renderProposalText(view, makeStyle(false), false, { verbose: true })).toContain('dep-29  1.0.0 (newest 2.0.0)');
  });
  it('the PR body lists the rest in a collapsed block', () => {
    const body = renderProposalMarkdown(view);
    const details = body.indexOf('<details><summary>30 transitive pins held by their dependents');
    expect(details).toBeGreaterThan(body.indexOf('`react` stays at'));
    expect(body.indexOf('`dep-0` stays at')).toBeGreaterThan(details);
  });
});

describe('helpers', () => {
  it('reads owner/name from GitHub remotes, not from local paths', () => {
    expect(slugFromRemote('https://github.com/acme/fam.git')).toBe('acme/fam');
    expect(slugFromRemote('git@github.com:acme/fam.git')).toBe('acme/fam');
    expect(slugFromRemote('ssh://git@ghe.example.test/acme/fam')).toBe('acme/fam');
    expect(slugFromRemote('/tmp/origin.git')).toBeUndefined();
  });
  it('says how long ago', () => {
    expect(ago(2 * 86_400_000 + 5)).toBe('2 days ago');
    expect(ago(3_600_000)).toBe('1 hour ago');
    expect(ago(10)).toBe('just now');
  });
});
