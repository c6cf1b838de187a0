import { afterEach, describe, expect, it } from 'vitest';
import { FakeGitHub } from '../helpers/fake-github.js';
import { iso, originFile, originRef, proposeRepo, relativeRegistry } from '../helpers/propose-repo.js';
import { packument, runCliAsync, writeFiles } from '../helpers/workspace.js';

const TOKEN = 'ghp_e2e_token_never_printed';
let gh: FakeGitHub | undefined;
afterEach(async () => {
  await gh?.stop();
  gh = undefined;
});

describe('constrain propose --open-pr, end to end (built binary, loopback GitHub API, bare origin)', () => {
  it('three consecutive runs give exactly one PR: opened, then unchanged, then updated in place', async () => {
    gh = await new FakeGitHub('acme/fam').start();
    const { repo, origin } = proposeRepo();
    const env = { GITHUB_TOKEN: TOKEN, GITHUB_API_URL: gh.url, GITHUB_REPOSITORY: 'acme/fam' };
    const args = ['propose', '--open-pr', '--cwd', repo.dir, '--registry', `file:${repo.dir}/registry.json`];

    const first = await runCliAsync(args, { env });
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    expect(first.stdout).toContain('pull request #1 created');
    expect(gh.pulls).toHaveLength(1);
    expect(gh.pulls[0]).toMatchObject({ state: 'open', head: { ref: 'constrain/propose' }, base: { ref: 'main' }, labels: ['dependencies'] });
    expect(originFile(origin, 'constrain/propose', 'constraints/constraints.yaml')).toContain('lodash: 4.17.21');
    const pushed = originRef(origin, 'constrain/propose');

    const second = await runCliAsync(args, { env });
    expect(second.status).toBe(0);
    expect(second.stdout).toContain('pull request #1 unchanged');
    expect(originRef(origin, 'constrain/propose')).toBe(pushed);
    expect(gh.requests.filter((r) => r.startsWith('PATCH'))).toEqual([]);

    // a newer version appears on the registry
    const reg = relativeRegistry();
    writeFiles(repo.dir, { 'registry.json': { ...reg, lodash: packument({ '4.17.20': {}, '4.17.21': {}, '4.17.22': {} }, { time: { '4.17.20': iso(500 * 864e5), '4.17.21': iso(30 * 864e5), '4.17.22': iso(10 * 864e5) } }) } });
    const third = await runCliAsync(args, { env });
    expect(third.status).toBe(0);
    expect(third.stdout).toContain('pull request #1 updated');
    expect(gh.pulls).toHaveLength(1);
    expect(gh.pulls[0]!.body).toContain('`4.17.22`');
    expect(originFile(origin, 'constrain/propose', 'constraints/constraints.yaml')).toBe('# our pins\nchalk: 4.1.2\nlodash: 4.17.22\n');
    expect(originRef(origin, 'constrain/propose')).not.toBe(pushed);

    for (const out of [first, second, third]) expect(out.stdout + out.stderr).not.toContain(TOKEN);
    expect([...gh.authHeaders]).toEqual([`Bearer ${TOKEN}`]);
    expect(repo.git('status', '--porcelain')).toBe(' M registry.json\n');
  });

  it('--format json reports the PR and the plan', async () => {
    gh = await new FakeGitHub('acme/fam').start();
    const { repo } = proposeRepo();
    const r = await runCliAsync(['propose', '--open-pr', '--format', 'json', '--cwd', repo.dir, '--registry', `file:${repo.dir}/registry.json`], {
      env: { GITHUB_TOKEN: TOKEN, GITHUB_API_URL: gh.url, GITHUB_REPOSITORY: 'acme/fam' },
    });
    const json = JSON.parse(r.stdout);
    expect(json.bumps).toEqual([{ package: 'lodash', from: '4.17.20', to: '4.17.21', type: 'patch', published: expect.any(String) }]);
    expect(json.heldBack).toEqual([
      {
        package: 'chalk',
        current: '4.1.2',
        newest: '5.3.0',
        reason: { kind: 'hold', text: 'hold: ESM-only; members are still CommonJS', below: '5.0.0', reason: 'ESM-only; members are still CommonJS', position: { file: 'constrain.config.yaml', line: 2, col: 3 } },
      },
    ]);
    expect(json.pr).toEqual({ number: 1, url: 'https://github.test/acme/fam/pull/1', action: 'created' });
  });
});
