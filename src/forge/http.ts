import { ForgeError } from '../errors.js';

export interface ForgeHttpOptions {
  /** "GitHub", "GitLab" */
  forge: string;
  baseUrl: string;
  token: string;
  /** headers that carry the token and say what the API expects */
  headers: Record<string, string>;
  /** attempts after the first, for 5xx, 429 and rate limits */
  retries?: number;
  /** first backoff delay; doubles each attempt */
  delayMs?: number;
  /** the message for a refusal the caller can explain better (401, 403, 404), or undefined for the default */
  explain?: (status: number, method: string, path: string, message: string) => string | undefined;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * A forge's REST API: JSON in and out, retries with backoff on 5xx, 429 (honouring Retry-After) and secondary rate
 * limits, then ForgeError (exit 3). The token never appears in a message.
 */
export class ForgeHttp {
  private readonly retries: number;
  private readonly delayMs: number;
  constructor(private readonly opts: ForgeHttpOptions) {
    this.retries = opts.retries ?? 4;
    this.delayMs = opts.delayMs ?? 1000;
  }

  redact(s: string): string {
    return this.opts.token ? s.split(this.opts.token).join('***') : s;
  }

  async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const url = `${this.opts.baseUrl.replace(/\/$/, '')}${path}`;
    let last = '';
    let wait = 0;
    for (let attempt = 0; attempt <= this.retries; attempt++) {
      if (attempt > 0) await sleep(wait || Math.min(this.delayMs * 2 ** (attempt - 1), 30_000));
      wait = 0;
      let res: Response;
      try {
        res = await fetch(url, {
          method,
          headers: { 'user-agent': 'constrain', ...this.opts.headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
      } catch (err) {
        last = `${method} ${path}: ${this.redact((err as Error).message)}`;
        continue;
      }
      const text = await res.text();
      if (res.ok) {
        try {
          return (text ? JSON.parse(text) : {}) as T;
        } catch {
          throw new ForgeError(`${this.opts.forge} ${method} ${path} answered with something that is not JSON`);
        }
      }
      const message = this.redact(safeMessage(text));
      if (res.status >= 500 || res.status === 429 || (res.status === 403 && /rate limit/i.test(message))) {
        last = `${method} ${path} answered HTTP ${res.status}${message ? `: ${message}` : ''}`;
        const after = Number(res.headers.get('retry-after'));
        if (after > 0) wait = Math.min(after * 1000, 60_000);
        continue;
      }
      const explained = this.opts.explain?.(res.status, method, path, message);
      throw new ForgeError(explained ?? `${this.opts.forge} ${method} ${path} failed with HTTP ${res.status}${message ? `: ${message}` : ''}`);
    }
    throw new ForgeError(`${this.opts.forge} did not answer after ${this.retries + 1} attempts: ${last}`);
  }
}

/** The API's own error message, without anything else from the response. */
function safeMessage(text: string): string {
  try {
    const j = JSON.parse(text) as { message?: unknown; error?: unknown };
    const m = j.message ?? j.error;
    return typeof m === 'string' ? m : m && typeof m === 'object' ? JSON.stringify(m) : '';
  } catch {
    return '';
  }
}
