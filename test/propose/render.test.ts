import { describe, expect, it } from 'vitest';
import { slugFromRemote } from '../../src/forge/open-pr.js';
import { ago } from '../../src/propose/policy.js';
import { BODY_LIMIT, PROPOSE_MARKER, renderProposalMarkdown } from '../../src/propose/render.js';

describe('the pull request body', () => {
  it('escapes registry text: no HTML, no @-mentions, no broken tables', () => {
    const body = renderProposalMarkdown({
      bumps: [{ package: '@scope/pkg', from: '1.0.0', to: '1.1.0', type: 'minor', published: '2026-01-02T00:00:00Z' }],
      heldBack: [{ package: 'evil', current: '1.0.0', newest: '2.0.0', reason: '2.0.0 is deprecated: <script>alert(1)</script> ping @octocat | see' }],
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

  it('truncates bodies over the limit with a note, on a line boundary', () => {
    const heldBack = Array.from({ length: 2000 }, (_, i) => ({ package: `pkg-${i}`, current: '1.0.0', newest: '2.0.0', reason: 'x'.repeat(40) }));
    const body = renderProposalMarkdown({ bumps: [], heldBack, added: [], removed: [] });
    expect(body.length).toBeLessThanOrEqual(BODY_LIMIT);
    expect(body).toContain('…truncated');
    expect(body.startsWith(PROPOSE_MARKER)).toBe(true);
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
