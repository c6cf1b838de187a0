import type { Server } from 'node:http';
import { startJsonApi, stopServer } from './json-api.js';

export interface FakePull {
  number: number;
  title: string;
  body: string;
  state: 'open' | 'closed';
  head: { ref: string };
  base: { ref: string };
  labels: string[];
  comments: string[];
  html_url: string;
}

/** A GitHub-shaped REST API on loopback: the calls `propose --open-pr` makes, with state, for end-to-end runs. */
export interface FakeIssue {
  number: number;
  title: string;
  body: string;
  state: 'open' | 'closed';
  labels: string[];
  comments: string[];
  html_url: string;
}

export class FakeGitHub {
  readonly pulls: FakePull[] = [];
  readonly issues: FakeIssue[] = [];
  readonly requests: string[] = [];
  readonly authHeaders = new Set<string>();
  private server?: Server;
  url = '';

  constructor(
    private readonly repo: string,
    private readonly defaultBranch = 'main',
  ) {}

  async start(): Promise<this> {
    const { server, port } = await startJsonApi(({ method, url, headers, body }, send) => {
        this.authHeaders.add(String(headers.authorization));
        this.requests.push(`${method} ${url.pathname}`);
        const base = `/repos/${this.repo}`;
        const pullMatch = new RegExp(`^${base}/pulls/(\\d+)$`).exec(url.pathname);
        const issueMatch = new RegExp(`^${base}/issues/(\\d+)/(labels|comments)$`).exec(url.pathname);
        if (method === 'GET' && url.pathname === base) return send(200, { full_name: this.repo, default_branch: this.defaultBranch });
        if (method === 'GET' && url.pathname === `${base}/pulls`) {
          const head = url.searchParams.get('head')?.split(':')[1];
          return send(200, this.pulls.filter((p) => p.state === (url.searchParams.get('state') ?? 'open') && (!head || p.head.ref === head)));
        }
        const issueOnly = new RegExp(`^${base}/issues/(\\d+)$`).exec(url.pathname);
        if (method === 'GET' && url.pathname === `${base}/issues`) {
          // GitHub lists pull requests among issues, marked with pull_request
          const open = [...this.issues.filter((i) => i.state === 'open'), ...this.pulls.filter((p) => p.state === 'open').map((p) => ({ ...p, pull_request: {} }))];
          return send(200, open);
        }
        if (method === 'POST' && url.pathname === `${base}/issues`) {
          const n = this.pulls.length + this.issues.length + 1;
          const issue: FakeIssue = { number: n, title: String(body.title), body: String(body.body), state: 'open', labels: (body.labels as string[]) ?? [], comments: [], html_url: `https://github.test/${this.repo}/issues/${n}` };
          this.issues.push(issue);
          return send(201, issue);
        }
        if (issueOnly && method === 'PATCH') {
          const issue = this.issues.find((i) => i.number === Number(issueOnly[1]));
          if (!issue) return send(404, { message: 'Not Found' });
          if (typeof body.title === 'string') issue.title = body.title;
          if (typeof body.body === 'string') issue.body = body.body;
          if (body.state === 'closed') issue.state = 'closed';
          return send(200, issue);
        }
        if (method === 'POST' && url.pathname === `${base}/pulls`) {
          const n = this.pulls.length + this.issues.length + 1;
          const pr: FakePull = { number: n, title: String(body.title), body: String(body.body), state: 'open', head: { ref: String(body.head) }, base: { ref: String(body.base) }, labels: [], comments: [], html_url: `https://github.test/${this.repo}/pull/${n}` };
          this.pulls.push(pr);
          return send(201, pr);
        }
        if (pullMatch && method === 'PATCH') {
          const pr = this.pulls.find((p) => p.number === Number(pullMatch[1]));
          if (!pr) return send(404, { message: 'Not Found' });
          if (typeof body.title === 'string') pr.title = body.title;
          if (typeof body.body === 'string') pr.body = body.body;
          if (body.state === 'closed') pr.state = 'closed';
          return send(200, pr);
        }
        if (issueMatch && method === 'POST') {
          const pr = this.pulls.find((p) => p.number === Number(issueMatch[1])) ?? this.issues.find((i) => i.number === Number(issueMatch[1]));
          if (!pr) return send(404, { message: 'Not Found' });
          if (issueMatch[2] === 'labels') pr.labels.push(...(body.labels as string[]));
          else pr.comments.push(String(body.body));
          return send(200, {});
        }
        send(404, { message: `no route for ${method} ${url.pathname}` });
    });
    this.server = server;
    this.url = `http://127.0.0.1:${port}`;
    return this;
  }

  stop(): Promise<void> {
    return stopServer(this.server);
  }
}
