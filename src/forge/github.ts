import { ForgeError } from '../errors.js';

export interface GitHubOptions {
  baseUrl: string;
  token: string;
  /** attempts after the first, for 5xx, 429 and secondary rate limits */
  retries?: number;
  /** first backoff delay; doubles each attempt */
  delayMs?: number;
}

export interface PullRequest {
  number: number;
  html_url: string;
  title: string;
  body: string | null;
  state: string;
  head: { ref: string };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The few GitHub REST calls constrain makes, with retries. The token never appears in a message. */
export class GitHub {
  private readonly retries: number;
  private readonly delayMs: number;
  constructor(private readonly opts: GitHubOptions) {
    this.retries = opts.retries ?? 4;
    this.delayMs = opts.delayMs ?? 1000;
  }

  private redact(s: string): string {
    return this.opts.token ? s.split(this.opts.token).join('***') : s;
  }

  async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const url = `${this.opts.baseUrl.replace(/\/$/, '')}${path}`;
    let last = '';
    for (let attempt = 0; attempt <= this.retries; attempt++) {
      if (attempt > 0) await sleep(Math.min(this.delayMs * 2 ** (attempt - 1), 30_000));
      let res: Response;
      try {
        res = await fetch(url, {
          method,
          headers: {
            authorization: `Bearer ${this.opts.token}`,
            accept: 'application/vnd.github+json',
            'x-github-api-version': '2022-11-28',
            'user-agent': 'constrain',
            ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
      } catch (err) {
        last = `${method} ${path}: ${this.redact((err as Error).message)}`;
        continue;
      }
      const text = await res.text();
      if (res.ok) return (text ? JSON.parse(text) : {}) as T;
      const message = this.redact(safeMessage(text));
      const retryable = res.status >= 500 || res.status === 429 || (res.status === 403 && /rate limit/i.test(message));
      if (retryable) {
        last = `${method} ${path} answered HTTP ${res.status}${message ? `: ${message}` : ''}`;
        const after = Number(res.headers.get('retry-after'));
        if (after > 0) await sleep(Math.min(after * 1000, 60_000));
        continue;
      }
      if (res.status === 401) throw new ForgeError('GitHub rejected the token (HTTP 401): check GITHUB_TOKEN or GH_TOKEN');
      if (res.status === 403) throw new ForgeError(`GitHub refused ${method} ${path} (HTTP 403): the token needs contents: write and pull-requests: write${message ? ` (${message})` : ''}`);
      throw new ForgeError(`GitHub ${method} ${path} failed with HTTP ${res.status}${message ? `: ${message}` : ''}`);
    }
    throw new ForgeError(`GitHub did not answer after ${this.retries + 1} attempts: ${last}`);
  }
}

function safeMessage(text: string): string {
  try {
    const j = JSON.parse(text) as { message?: unknown };
    return typeof j.message === 'string' ? j.message : '';
  } catch {
    return '';
  }
}
