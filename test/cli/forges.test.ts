import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeGitHub } from '../helpers/fake-github.js';
import { FakeGitLab } from '../helpers/fake-gitlab.js';
import { iso, originFile, originRef, proposeRepo, relativeRegistry } from '../helpers/propose-repo.js';
import { packument, runCliAsync, writeFiles } from '../helpers/workspace.js';

const TOKEN = 'forge_token_that_must_never_be_printed';
const PROJECT = 'acme/platform/fam';

interface Harness {
  name: string;
  env: NodeJS.ProcessEnv;
  changes: () => { number: number; state: string; body: string; labels: string[] }[];
  issues: () => { number: number; state: string; body: string; notes: string[] }[];
  stop: () => Promise<void>;
}

async function github(): Promise<Harness> {
  const gh = await new FakeGitHub('acme/fam').start();
  return {
    name: 'GitHub',
    env: { GITHUB_TOKEN: TOKEN, GITHUB_API_URL: gh.url, GITHUB_REPOSITORY: 'acme/fam' },
    changes: () => gh.pulls.map((p) => ({ number: p.number, state: p.state, body: p.body, labels: p.labels })),
    issues: () => gh.issues.map((i) => ({ number: i.number, state: i.state, body: i.body, notes: i.comments })),
    stop: () => gh.stop(),
  };
}

async function gitlab(): Promise<Harness> {
  const gl = await new FakeGitLab(PROJECT, TOKEN).start();
  return {
    name: 'GitLab',
    // as in a GitLab pipeline: the forge is chosen by GITLAB_CI, the API and project come from CI variables
    env: { GITLAB_CI: 'true', GITLAB_TOKEN: TOKEN, CI_API_V4_URL: gl.url, CI_PROJECT_PATH: PROJECT, CI_DEFAULT_BRANCH: 'main' },
    changes: () => gl.mergeRequests.map((m) => ({ number: m.iid, state: m.state === 'opened' ? 'open' : 'closed', body: m.description, labels: m.labels })),
    issues: () => gl.issues.map((i) => ({ number: i.iid, state: i.state === 'opened' ? 'open' : 'closed', body: i.description, notes: i.notes })),
    stop: () => gl.stop(),
  };
}

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.stop();
  harness = undefined;
});

describe.each([
  ['GitHub', github],
  ['GitLab', gitlab],
])('propose against a %s-shaped API on loopback and a bare origin', (name, start) => {
  it('three runs give exactly one change request: opened, unchanged, updated', async () => {
    harness = await start();
    const { repo, origin } = proposeRepo();
    const args = ['propose', '--open-pr', '--cwd', repo.dir, '--registry', `file:${repo.dir}/registry.json`];
    const noun = name === 'GitLab' ? 'merge request !1' : 'pull request #1';

    const first = await runCliAsync(args, { env: harness.env });
    expect(first.stderr).toBe('');
    expect(first.stdout).toContain(`${noun} created`);
    expect(originFile(origin, 'constrain/propose', 'constraints/constraints.yaml')).toContain('lodash: 4.17.21');
    const pushed = originRef(origin, 'constrain/propose');

    const second = await runCliAsync(args, { env: harness.env });
    expect(second.stdout).toContain(`${noun} unchanged`);
    expect(originRef(origin, 'constrain/propose')).toBe(pushed);

    writeFiles(repo.dir, {
      'registry.json': { ...relativeRegistry(), lodash: packument({ '4.17.20': {}, '4.17.21': {}, '4.17.22': {} }, { time: { '4.17.20': iso(500 * 864e5), '4.17.21': iso(30 * 864e5), '4.17.22': iso(10 * 864e5) } }) },
    });
    const third = await runCliAsync(args, { env: harness.env });
    expect(third.stdout).toContain(`${noun} updated`);
    expect(originFile(origin, 'constrain/propose', 'constraints/constraints.yaml')).toBe('# our pins\nchalk: 4.1.2\nlodash: 4.17.22\n');

    const changes = harness.changes();
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({ number: 1, state: 'open', labels: ['dependencies'] });
    expect(changes[0]!.body).toContain('<!-- constrain:propose -->');
    expect(changes[0]!.body).toContain('`4.17.22`');
    for (const out of [first, second, third]) {
      expect(out.status).toBe(0);
      expect(out.stdout + out.stderr).not.toContain(TOKEN);
    }
  });

  it('the dashboard is created once, updated in place, and closed when nothing is held back', async () => {
    harness = await start();
    const { repo } = proposeRepo();
    const run = () => runCliAsync(['propose', '--dashboard', '--cwd', repo.dir, '--registry', `file:${repo.dir}/registry.json`], { env: harness!.env });

    expect((await run()).stdout).toContain('dashboard #1 created');
    expect((await run()).stdout).toContain('dashboard #1 unchanged');
    let issues = harness.issues();
    expect(issues).toHaveLength(1);
    expect(issues[0]!.body).toContain('<!-- constrain:dashboard -->');
    expect(issues[0]!.body).toContain('### On hold (constrain.config.yaml hold) (1)\n\n- `chalk` stays at `4.1.2` (newest `5.3.0`): hold: ESM-only; members are still CommonJS');

    writeFileSync(join(repo.dir, 'constrain.config.yaml'), 'hold:\n  chalk: { below: "5.0.0", reason: "waiting for the ESM migration" }\n');
    expect((await run()).stdout).toContain('dashboard #1 updated');
    expect(harness.issues()[0]!.body).toContain('hold: waiting for the ESM migration');

    writeFileSync(join(repo.dir, 'constrain.config.yaml'), '');
    const last = await run();
    expect(last.stdout).toContain('dashboard #1 closed');
    issues = harness.issues();
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ state: 'closed', notes: [expect.stringContaining('nothing is held back')] });
    expect(last.stdout + last.stderr).not.toContain(TOKEN);
  });
});

describe('GitLab failures end with a clear message and exit 3, never the token', () => {
  async function fail(setup: (gl: FakeGitLab) => void, env: NodeJS.ProcessEnv = {}) {
    const gl = await new FakeGitLab(PROJECT, TOKEN).start();
    harness = { name: 'GitLab', env: {}, changes: () => [], issues: () => [], stop: () => gl.stop() };
    setup(gl);
    const { repo } = proposeRepo();
    const r = await runCliAsync(['propose', '--open-pr', '--forge', 'gitlab', '--cwd', repo.dir, '--registry', `file:${repo.dir}/registry.json`], {
      env: { GITLAB_TOKEN: TOKEN, CI_API_V4_URL: gl.url, CI_PROJECT_PATH: PROJECT, CONSTRAIN_FORGE_RETRY_DELAY_MS: '1', ...env },
    });
    expect(r.stdout + r.stderr).not.toContain(TOKEN);
    return { r, gl };
  }

  it('401: the token is refused', async () => {
    const { r } = await fail(() => undefined, { GITLAB_TOKEN: 'wrong-token-also-secret' });
    expect(r.status).toBe(3);
    expect(r.stderr).toContain('GitLab rejected the token (HTTP 401): check GITLAB_TOKEN');
    expect(r.stderr).not.toContain('wrong-token-also-secret');
  });

  it('404: no such project', async () => {
    const { r } = await fail(() => undefined, { CI_PROJECT_PATH: 'acme/nope' });
    expect(r.status).toBe(3);
    expect(r.stderr).toContain('GitLab has no project acme/nope the token can see (HTTP 404)');
  });

  it('5xx, then success', async () => {
    const { r, gl } = await fail((g) => g.faults.push({ status: 503 }, { status: 502 }));
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('merge request !1 created');
    expect(gl.mergeRequests).toHaveLength(1);
  });

  it('429 with Retry-After: waits as told, then succeeds', async () => {
    const started = Date.now();
    const { r } = await fail((g) => g.faults.push({ status: 429, retryAfter: 1 }));
    expect(r.status).toBe(0);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
  });

  it('5xx on every attempt: exit 3 after the retries', async () => {
    const { r } = await fail((g) => g.faults.push(...Array.from({ length: 10 }, () => ({ status: 500 }))));
    expect(r.status).toBe(3);
    expect(r.stderr).toContain('GitLab did not answer after 5 attempts');
  });

  it('only CI_JOB_TOKEN: says it cannot open merge requests, before anything is pushed', async () => {
    const { r, gl } = await fail(() => undefined, { GITLAB_TOKEN: '', CI_JOB_TOKEN: TOKEN });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('only CI_JOB_TOKEN is set, and GitLab does not let a job token open merge requests');
    expect(gl.requests).toEqual([]);
  });
});
