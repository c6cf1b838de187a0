import type { Config } from '../config/types.js';
import { InputError } from '../errors.js';
import { Git } from '../git/git.js';
import { PROPOSE_MARKER } from '../propose/render.js';
import { publishBranch } from './git-publish.js';
import { GitHub, type PullRequest } from './github.js';

export interface PrOptions {
  /** owner/name; else GITHUB_REPOSITORY, else the origin remote */
  repo?: string;
  /** base branch; else the repository's default branch */
  base?: string;
}

export interface PrResult {
  number: number;
  url: string;
  action: 'created' | 'updated' | 'closed' | 'unchanged';
}

export interface OpenPrInput extends PrOptions {
  root: string;
  /** the files the proposal changes, relative to the workspace root; none when every pin is current */
  files: { path: string; content: string }[];
  title: string;
  /** the finished body; it must carry PROPOSE_MARKER */
  body: string;
  config: Config;
  env: NodeJS.ProcessEnv;
}

/** owner/name from a GitHub remote URL (https, ssh or scp-like). */
export function slugFromRemote(url: string): string | undefined {
  const m = /(?:[:/])([^/:]+)\/([^/]+?)(?:\.git)?\/?$/.exec(url.trim());
  return m && !url.startsWith('/') && !url.startsWith('file:') ? `${m[1]}/${m[2]}` : undefined;
}

/**
 * Keeps one rolling pull request (docs/reference.md, "propose"): opens it, or updates the open one from the branch in place; never a
 * second one; no push when the content is unchanged; with nothing to bump, closes a stale proposal with a comment.
 */
export async function openProposalPr(input: OpenPrInput): Promise<PrResult | null> {
  const token = input.env.GITHUB_TOKEN || input.env.GH_TOKEN;
  if (!token) throw new InputError('--open-pr needs a token in GITHUB_TOKEN or GH_TOKEN');
  const git = new Git(input.root);
  let repo = input.repo || input.env.GITHUB_REPOSITORY;
  if (!repo) {
    const origin = await git.run(['remote', 'get-url', 'origin'], { allowFail: true });
    repo = origin.code === 0 ? slugFromRemote(origin.stdout) : undefined;
  }
  if (!repo || !/^[^/\s]+\/[^/\s]+$/.test(repo)) throw new InputError('--open-pr needs the repository: --repo owner/name, GITHUB_REPOSITORY, or a GitHub origin remote');
  const delay = Number(input.env.CONSTRAIN_GITHUB_RETRY_DELAY_MS);
  const gh = new GitHub({ baseUrl: input.env.GITHUB_API_URL || 'https://api.github.com', token, ...(delay >= 0 && input.env.CONSTRAIN_GITHUB_RETRY_DELAY_MS ? { delayMs: delay } : {}) });
  const [owner] = repo.split('/');
  const branch = input.config.propose.branch;
  const open = await gh.request<PullRequest[]>('GET', `/repos/${repo}/pulls?state=open&head=${encodeURIComponent(`${owner}:${branch}`)}&per_page=100`);
  const existing = open.find((pr) => pr.head.ref === branch && (pr.body ?? '').includes(PROPOSE_MARKER)) ?? open.find((pr) => pr.head.ref === branch);

  if (input.files.length === 0) {
    if (!existing) return null;
    await gh.request('POST', `/repos/${repo}/issues/${existing.number}/comments`, { body: 'constrain: every pin is current, so this proposal is no longer needed. Closing it.' });
    await gh.request('PATCH', `/repos/${repo}/pulls/${existing.number}`, { state: 'closed' });
    return { number: existing.number, url: existing.html_url, action: 'closed' };
  }

  const base = input.base || (await gh.request<{ default_branch: string }>('GET', `/repos/${repo}`)).default_branch;
  const prefix = await git.prefix();
  const files = input.files.map((f) => ({ path: `${prefix}${f.path}`, content: f.content }));
  const { title, body } = input;
  const { pushed } = await publishBranch(git, { base, branch, files, message: `${title}\n\nProposed by constrain propose.` });
  if (existing) {
    if (!pushed && existing.title === title && (existing.body ?? '') === body) return { number: existing.number, url: existing.html_url, action: 'unchanged' };
    const pr = await gh.request<PullRequest>('PATCH', `/repos/${repo}/pulls/${existing.number}`, { title, body });
    return { number: pr.number, url: pr.html_url, action: 'updated' };
  }
  const pr = await gh.request<PullRequest>('POST', `/repos/${repo}/pulls`, { title, head: branch, base, body });
  if (input.config.propose.labels.length > 0) await gh.request('POST', `/repos/${repo}/issues/${pr.number}/labels`, { labels: input.config.propose.labels });
  return { number: pr.number, url: pr.html_url, action: 'created' };
}
