import type { Forge, ForgeItem } from './forge.js';
import { ForgeHttp } from './http.js';

export interface GitLabOptions {
  /** the REST API v4 base, e.g. https://gitlab.com/api/v4 (CI_API_V4_URL on self-managed hosts) */
  baseUrl: string;
  token: string;
  /** the project's full path, group/subgroup/name */
  project: string;
  retries?: number;
  delayMs?: number;
}

interface Item {
  iid: number;
  web_url: string;
  title: string;
  description: string | null;
}

const item = (x: Item): ForgeItem => ({ number: x.iid, url: x.web_url, title: x.title, body: x.description ?? '' });

/** GitLab's REST API v4 (gitlab.com or self-managed): merge requests and issues. */
export class GitLabForge implements Forge {
  readonly name = 'GitLab';
  readonly changeNoun = 'merge request';
  private readonly http: ForgeHttp;
  private readonly base: string;

  constructor(opts: GitLabOptions) {
    // GitLab takes a project's path as its id, URL-encoded: group%2Fsubgroup%2Fname
    this.base = `/projects/${encodeURIComponent(opts.project)}`;
    this.http = new ForgeHttp({
      forge: 'GitLab',
      baseUrl: opts.baseUrl,
      token: opts.token,
      headers: { 'private-token': opts.token, accept: 'application/json' },
      ...(opts.retries !== undefined ? { retries: opts.retries } : {}),
      ...(opts.delayMs !== undefined ? { delayMs: opts.delayMs } : {}),
      explain: (status, method, path, message) => {
        if (status === 401) return 'GitLab rejected the token (HTTP 401): check GITLAB_TOKEN (a project, group or personal access token with the api scope)';
        if (status === 403) return `GitLab refused ${method} ${path} (HTTP 403): the token needs the api scope and at least the Developer role${message ? ` (${message})` : ''}`;
        if (status === 404 && (/project not found/i.test(message) || path === this.base))
          return `GitLab has no project ${opts.project} the token can see (HTTP 404): check --repo or CI_PROJECT_PATH, and the token's access`;
        return undefined;
      },
    });
  }

  async defaultBranch(): Promise<string> {
    return (await this.http.request<{ default_branch: string }>('GET', this.base)).default_branch;
  }

  async openChanges(branch: string): Promise<ForgeItem[]> {
    const list = await this.http.request<(Item & { source_branch: string })[]>('GET', `${this.base}/merge_requests?state=opened&source_branch=${encodeURIComponent(branch)}&per_page=100`);
    return list.filter((m) => m.source_branch === branch).map(item);
  }

  async createChange(input: { branch: string; base: string; title: string; body: string; labels: string[] }): Promise<ForgeItem> {
    return item(
      await this.http.request<Item>('POST', `${this.base}/merge_requests`, {
        source_branch: input.branch,
        target_branch: input.base,
        title: input.title,
        description: input.body,
        labels: input.labels.join(','),
        remove_source_branch: true,
      }),
    );
  }

  async updateChange(number: number, input: { title: string; body: string }): Promise<ForgeItem> {
    return item(await this.http.request<Item>('PUT', `${this.base}/merge_requests/${number}`, { title: input.title, description: input.body }));
  }

  async closeChange(number: number, comment: string): Promise<void> {
    await this.http.request('POST', `${this.base}/merge_requests/${number}/notes`, { body: comment });
    await this.http.request('PUT', `${this.base}/merge_requests/${number}`, { state_event: 'close' });
  }

  async openIssues(text: string): Promise<ForgeItem[]> {
    const list = await this.http.request<Item[]>('GET', `${this.base}/issues?state=opened&in=description&search=${encodeURIComponent(text)}&per_page=100`);
    return list.filter((i) => (i.description ?? '').includes(text)).map(item);
  }

  async createIssue(input: { title: string; body: string; labels: string[] }): Promise<ForgeItem> {
    return item(await this.http.request<Item>('POST', `${this.base}/issues`, { title: input.title, description: input.body, labels: input.labels.join(',') }));
  }

  async updateIssue(number: number, input: { title: string; body: string }): Promise<ForgeItem> {
    return item(await this.http.request<Item>('PUT', `${this.base}/issues/${number}`, { title: input.title, description: input.body }));
  }

  async closeIssue(number: number, comment: string): Promise<void> {
    await this.http.request('POST', `${this.base}/issues/${number}/notes`, { body: comment });
    await this.http.request('PUT', `${this.base}/issues/${number}`, { state_event: 'close' });
  }
}
