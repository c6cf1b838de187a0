import type { Forge, ForgeItem } from './forge.js';
import { ForgeHttp } from './http.js';

export interface GitHubOptions {
  baseUrl: string;
  token: string;
  /** owner/name */
  repo: string;
  retries?: number;
  delayMs?: number;
}

interface Pull {
  number: number;
  html_url: string;
  title: string;
  body: string | null;
  head: { ref: string };
}

interface Issue {
  number: number;
  html_url: string;
  title: string;
  body: string | null;
  pull_request?: unknown;
}

const item = (x: Pull | Issue): ForgeItem => ({ number: x.number, url: x.html_url, title: x.title, body: x.body ?? '' });

/** GitHub's REST API (GITHUB_API_URL, so GitHub Enterprise too): pull requests and issues. */
export class GitHubForge implements Forge {
  readonly name = 'GitHub';
  readonly changeNoun = 'pull request';
  private readonly http: ForgeHttp;
  private readonly base: string;

  constructor(private readonly opts: GitHubOptions) {
    this.base = `/repos/${opts.repo}`;
    this.http = new ForgeHttp({
      forge: 'GitHub',
      baseUrl: opts.baseUrl,
      token: opts.token,
      headers: { authorization: `Bearer ${opts.token}`, accept: 'application/vnd.github+json', 'x-github-api-version': '2022-11-28' },
      ...(opts.retries !== undefined ? { retries: opts.retries } : {}),
      ...(opts.delayMs !== undefined ? { delayMs: opts.delayMs } : {}),
      explain: (status, method, path, message) => {
        if (status === 401) return 'GitHub rejected the token (HTTP 401): check GITHUB_TOKEN or GH_TOKEN';
        if (status === 403) return `GitHub refused ${method} ${path} (HTTP 403): the token needs contents: write, pull-requests: write and issues: write${message ? ` (${message})` : ''}`;
        if (status === 404 && path === this.base) return `GitHub has no repository ${opts.repo} the token can see (HTTP 404): check --repo or GITHUB_REPOSITORY, and the token's access`;
        return undefined;
      },
    });
  }

  async defaultBranch(): Promise<string> {
    return (await this.http.request<{ default_branch: string }>('GET', this.base)).default_branch;
  }

  async openChanges(branch: string): Promise<ForgeItem[]> {
    const [owner] = this.opts.repo.split('/');
    const pulls = await this.http.request<Pull[]>('GET', `${this.base}/pulls?state=open&head=${encodeURIComponent(`${owner}:${branch}`)}&per_page=100`);
    return pulls.filter((p) => p.head.ref === branch).map(item);
  }

  async createChange(input: { branch: string; base: string; title: string; body: string; labels: string[] }): Promise<ForgeItem> {
    const pr = await this.http.request<Pull>('POST', `${this.base}/pulls`, { title: input.title, head: input.branch, base: input.base, body: input.body });
    if (input.labels.length > 0) await this.http.request('POST', `${this.base}/issues/${pr.number}/labels`, { labels: input.labels });
    return item(pr);
  }

  async updateChange(number: number, input: { title: string; body: string }): Promise<ForgeItem> {
    return item(await this.http.request<Pull>('PATCH', `${this.base}/pulls/${number}`, input));
  }

  async closeChange(number: number, comment: string): Promise<void> {
    await this.http.request('POST', `${this.base}/issues/${number}/comments`, { body: comment });
    await this.http.request('PATCH', `${this.base}/pulls/${number}`, { state: 'closed' });
  }

  async openIssues(text: string): Promise<ForgeItem[]> {
    const issues = await this.http.request<Issue[]>('GET', `${this.base}/issues?state=open&per_page=100`);
    return issues.filter((i) => !i.pull_request && (i.body ?? '').includes(text)).map(item);
  }

  async createIssue(input: { title: string; body: string; labels: string[] }): Promise<ForgeItem> {
    return item(await this.http.request<Issue>('POST', `${this.base}/issues`, input));
  }

  async updateIssue(number: number, input: { title: string; body: string }): Promise<ForgeItem> {
    return item(await this.http.request<Issue>('PATCH', `${this.base}/issues/${number}`, input));
  }

  async closeIssue(number: number, comment: string): Promise<void> {
    await this.http.request('POST', `${this.base}/issues/${number}/comments`, { body: comment });
    await this.http.request('PATCH', `${this.base}/issues/${number}`, { state: 'closed' });
  }
}
