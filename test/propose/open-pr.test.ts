import nock from 'nock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { propose } from '../../src/api/propose.js';
import { ForgeError, InputError } from '../../src/errors.js';
import { originFile, originRef, proposeRepo, relativeRegistry } from '../helpers/propose-repo.js';
import { writeFiles } from '../helpers/workspace.js';

const API = 'https://api.github.test';
const TOKEN = 'ghp_secret_token_value_123';
const REPO = 'acme/fam';
const env = { GITHUB_TOKEN: TOKEN, GITHUB_API_URL: API, GITHUB_REPOSITORY: REPO, CONSTRAIN_GITHUB_RETRY_DELAY_MS: '1' };
const pr = (n: number, extra: object = {}) => ({ number: n, html_url: `https://github.test/${REPO}/pull/${n}`, title: 't', body: '', state: 'open', head: { ref: 'constrain/propose' }, ...extra });

beforeAll(() => {
  nock.disableNetConnect();
});
afterEach(() => {
  nock.cleanAll();
});

async function run(dir: string, extraEnv: Record<string, string> = {}) {
  return propose({ cwd: dir, registry: `file:${dir}/registry.json`, openPr: true, env: { ...env, ...extraEnv } });
}

describe('propose --open-pr against the GitHub API (nock) and a real bare origin', () => {
  it('creates the pull request with labels, and pushes the branch with the new pins', async () => {
    const { repo, origin } = proposeRepo();
    let created: Record<string, string> = {};
    const scope = nock(API, { reqheaders: { authorization: `Bearer ${TOKEN}` } })
      .get(`/repos/${REPO}/pulls`)
      .query(true)
      .reply(200, [])
      .get(`/repos/${REPO}`)
      .reply(200, { default_branch: 'main' })
      .post(`/repos/${REPO}/pulls`, (b) => {
        created = b;
        return true;
      })
      .reply(201, pr(7))
      .post(`/repos/${REPO}/issues/7/labels`, { labels: ['dependencies'] })
      .reply(200, []);
    const r = await run(repo.dir);
    expect(r.ok && r.pr).toEqual({ number: 7, url: `https://github.test/${REPO}/pull/7`, action: 'created' });
    expect(scope.isDone()).toBe(true);
    expect(created.head).toBe('constrain/propose');
    expect(created.base).toBe('main');
    expect(created.body).toContain('<!-- constrain:propose -->');
    expect(created.body).toContain('| [lodash](https://www.npmjs.com/package/lodash/v/4.17.21) | `4.17.20` | `4.17.21` | patch |');
    expect(created.body).toContain('`chalk` stays at `4.1.2` (newest `5.3.0`): hold: ESM-only; members are still CommonJS');
    expect(originFile(origin, 'constrain/propose', 'constraints/constraints.yaml')).toBe('# our pins\nchalk: 4.1.2\nlodash: 4.17.21\n');
    expect(repo.git('status', '--porcelain')).toBe('');
  });

  it('updates the open proposal in place instead of opening a second one; no push and no update when nothing changed', async () => {
    const { repo, origin } = proposeRepo();
    nock(API).get(`/repos/${REPO}/pulls`).query(true).reply(200, []).get(`/repos/${REPO}`).reply(200, { default_branch: 'main' }).post(`/repos/${REPO}/pulls`).reply(201, pr(3)).post(`/repos/${REPO}/issues/3/labels`).reply(200, []);
    await run(repo.dir);
    const pushed = originRef(origin, 'constrain/propose');
    // second run: the same proposal exists with the same content → unchanged, no push
    let body = '';
    let title = '';
    nock(API)
      .get(`/repos/${REPO}/pulls`)
      .query(true)
      .reply(200, () => [pr(3, { title, body })])
      .get(`/repos/${REPO}`)
      .reply(200, { default_branch: 'main' });
    // learn the body the first run wrote by rendering it again: run once with a PATCH allowed
    nock(API)
      .patch(`/repos/${REPO}/pulls/3`, (b) => {
        body = b.body;
        title = b.title;
        return true;
      })
      .reply(200, pr(3));
    const first = await run(repo.dir);
    expect(first.ok && first.pr?.action).toBe('updated');
    nock(API).get(`/repos/${REPO}/pulls`).query(true).reply(200, [pr(3, { title, body })]).get(`/repos/${REPO}`).reply(200, { default_branch: 'main' });
    const second = await run(repo.dir);
    expect(second.ok && second.pr).toEqual({ number: 3, url: `https://github.test/${REPO}/pull/3`, action: 'unchanged' });
    expect(originRef(origin, 'constrain/propose')).toBe(pushed);
    expect(nock.pendingMocks()).toEqual([]);
  });

  it('with nothing to bump opens nothing, and closes a stale proposal with a comment', async () => {
    const now = Date.now();
    const { repo } = proposeRepo(relativeRegistry(now));
    writeFiles(repo.dir, { 'constraints/constraints.yaml': '# our pins\nchalk: 4.1.2\nlodash: 4.17.21\n' });
    repo.commit('current');
    nock(API).get(`/repos/${REPO}/pulls`).query(true).reply(200, []);
    const none = await run(repo.dir);
    expect(none.ok && none.pr).toBeNull();
    let comment = '';
    nock(API)
      .get(`/repos/${REPO}/pulls`)
      .query(true)
      .reply(200, [pr(5, { body: '<!-- constrain:propose -->' })])
      .post(`/repos/${REPO}/issues/5/comments`, (b) => {
        comment = b.body;
        return true;
      })
      .reply(201, {})
      .patch(`/repos/${REPO}/pulls/5`, { state: 'closed' })
      .reply(200, pr(5, { state: 'closed' }));
    const closed = await run(repo.dir);
    expect(closed.ok && closed.pr).toEqual({ number: 5, url: `https://github.test/${REPO}/pull/5`, action: 'closed' });
    expect(comment).toContain('no longer needed');
  });

  it('retries 5xx and secondary rate limits, then succeeds', async () => {
    const { repo } = proposeRepo();
    nock(API)
      .get(`/repos/${REPO}/pulls`)
      .query(true)
      .reply(502, { message: 'Bad Gateway' })
      .get(`/repos/${REPO}/pulls`)
      .query(true)
      .reply(403, { message: 'You have exceeded a secondary rate limit' })
      .get(`/repos/${REPO}/pulls`)
      .query(true)
      .reply(200, [])
      .get(`/repos/${REPO}`)
      .reply(500, {})
      .get(`/repos/${REPO}`)
      .reply(200, { default_branch: 'main' })
      .post(`/repos/${REPO}/pulls`)
      .reply(201, pr(1))
      .post(`/repos/${REPO}/issues/1/labels`)
      .reply(200, []);
    const r = await run(repo.dir);
    expect(r.ok && r.pr?.action).toBe('created');
  });

  it('5xx on every attempt ends in a ForgeError (exit 3)', async () => {
    const { repo } = proposeRepo();
    nock(API).get(`/repos/${REPO}/pulls`).query(true).times(5).reply(503, { message: `down for ${TOKEN}` });
    const err = await run(repo.dir).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ForgeError);
    expect((err as ForgeError).exitCode).toBe(3);
    expect((err as Error).message).toContain('did not answer after 5 attempts');
    expect((err as Error).message).not.toContain(TOKEN);
  });

  it('401 gives a clear error that never contains the token', async () => {
    const { repo } = proposeRepo();
    nock(API).get(`/repos/${REPO}/pulls`).query(true).reply(401, { message: `Bad credentials ${TOKEN}` });
    const err = await run(repo.dir).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ForgeError);
    expect((err as Error).message).toBe('GitHub rejected the token (HTTP 401): check GITHUB_TOKEN or GH_TOKEN');
  });

  it('without a token it is a usage error, before anything is pushed', async () => {
    const { repo, origin } = proposeRepo();
    const err = await propose({ cwd: repo.dir, registry: `file:${repo.dir}/registry.json`, openPr: true, env: { GITHUB_API_URL: API } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect(() => originRef(origin, 'constrain/propose')).toThrow();
  });
});
