import type { Server } from 'node:http';
import { startJsonApi, stopServer } from './json-api.js';

export interface FakeMergeRequest {
  iid: number;
  title: string;
  description: string;
  state: 'opened' | 'closed';
  source_branch: string;
  target_branch: string;
  labels: string[];
  notes: string[];
  web_url: string;
}

export interface FakeGitLabIssue {
  iid: number;
  title: string;
  description: string;
  state: 'opened' | 'closed';
  labels: string[];
  notes: string[];
  web_url: string;
}

/**
 * A GitLab-shaped REST API v4 on loopback: the calls constrain makes for merge requests and issues, with state,
 * a required token, and faults to inject (a status, with Retry-After) for the next requests.
 */
export class FakeGitLab {
  readonly mergeRequests: FakeMergeRequest[] = [];
  readonly issues: FakeGitLabIssue[] = [];
  readonly requests: string[] = [];
  readonly tokens = new Set<string>();
  /** answered, in order, before any real handling */
  readonly faults: { status: number; retryAfter?: number }[] = [];
  private server?: Server;
  url = '';

  constructor(
    private readonly project: string,
    private readonly token: string,
    private readonly defaultBranch = 'main',
  ) {}

  async start(): Promise<this> {
    const { server, port } = await startJsonApi(({ method, url, rawPath, headers, body }, send) => {
        this.requests.push(`${method} ${url.pathname}`);
        this.tokens.add(String(headers['private-token']));
        const fault = this.faults.shift();
        if (fault) return send(fault.status, { message: `injected ${fault.status}` }, fault.retryAfter ? { 'retry-after': String(fault.retryAfter) } : {});
        if (headers['private-token'] !== this.token) return send(401, { message: '401 Unauthorized' });
        // the project id is its URL-encoded path
        const m = /^\/api\/v4\/projects\/([^/]+)(\/.*)?$/.exec(rawPath);
        if (!m || decodeURIComponent(m[1]!) !== this.project || m[1] !== encodeURIComponent(this.project)) return send(404, { message: '404 Project Not Found' });
        const rest = m[2] ?? '';
        const labels = (v: unknown) => (typeof v === 'string' && v ? v.split(',') : []);
        if (method === 'GET' && rest === '') return send(200, { path_with_namespace: this.project, default_branch: this.defaultBranch });
        if (method === 'GET' && rest === '/merge_requests') {
          const branch = url.searchParams.get('source_branch');
          return send(200, this.mergeRequests.filter((x) => x.state === url.searchParams.get('state') && (!branch || x.source_branch === branch)));
        }
        if (method === 'POST' && rest === '/merge_requests') {
          const iid = this.mergeRequests.length + 1;
          const mr: FakeMergeRequest = {
            iid,
            title: String(body.title),
            description: String(body.description),
            state: 'opened',
            source_branch: String(body.source_branch),
            target_branch: String(body.target_branch),
            labels: labels(body.labels),
            notes: [],
            web_url: `https://gitlab.test/${this.project}/-/merge_requests/${iid}`,
          };
          this.mergeRequests.push(mr);
          return send(201, mr);
        }
        if (method === 'GET' && rest === '/issues') {
          const search = url.searchParams.get('search') ?? '';
          return send(200, this.issues.filter((x) => x.state === url.searchParams.get('state') && x.description.includes(search)));
        }
        if (method === 'POST' && rest === '/issues') {
          const iid = this.issues.length + 1;
          const issue: FakeGitLabIssue = { iid, title: String(body.title), description: String(body.description), state: 'opened', labels: labels(body.labels), notes: [], web_url: `https://gitlab.test/${this.project}/-/issues/${iid}` };
          this.issues.push(issue);
          return send(201, issue);
        }
        const one = /^\/(merge_requests|issues)\/(\d+)(\/notes)?$/.exec(rest);
        if (one) {
          const list: (FakeMergeRequest | FakeGitLabIssue)[] = one[1] === 'merge_requests' ? this.mergeRequests : this.issues;
          const x = list.find((i) => i.iid === Number(one[2]));
          if (!x) return send(404, { message: '404 Not found' });
          if (one[3] && method === 'POST') {
            x.notes.push(String(body.body));
            return send(201, {});
          }
          if (method === 'PUT') {
            if (typeof body.title === 'string') x.title = body.title;
            if (typeof body.description === 'string') x.description = body.description;
            if (body.state_event === 'close') x.state = 'closed';
            return send(200, x);
          }
        }
        send(404, { message: `no route for ${method} ${url.pathname}` });
    });
    this.server = server;
    this.url = `http://127.0.0.1:${port}/api/v4`;
    return this;
  }

  stop(): Promise<void> {
    return stopServer(this.server);
  }
}
