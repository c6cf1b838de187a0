import { InputError } from '../errors.js';
import { Git } from '../git/git.js';
import type { Forge } from './forge.js';
import { GitHubForge } from './github.js';
import { GitLabForge } from './gitlab.js';

export type ForgeKind = 'github' | 'gitlab';

/** What the command line says about the forge; the environment and the origin remote fill in the rest. */
export interface ForgeOptions {
  /** github or gitlab; default: the CI environment (GITLAB_CI, GITHUB_ACTIONS), else the origin's host */
  forge?: ForgeKind;
  /** owner/name (GitHub) or group/subgroup/name (GitLab) */
  repo?: string;
  /** the REST API base */
  apiUrl?: string;
  /** the base branch of the change request */
  base?: string;
}

export interface DiscoveredForge {
  forge: Forge;
  /** the base branch when the environment already says it (--base, CI_DEFAULT_BRANCH); else ask the forge */
  base?: string;
}

/** The origin remote's host and path ("github.com", "acme/fam"), from https, ssh or scp-like URLs. */
export function parseRemote(url: string): { host: string; path: string } | undefined {
  const text = url.trim();
  if (text.startsWith('/') || text.startsWith('file:')) return undefined;
  const m = /^(?:[a-z+]+:\/\/)?(?:[^@/]+@)?([^/:]+)(?::\d+)?[:/](.+?)(?:\.git)?\/?$/.exec(text);
  return m ? { host: m[1]!, path: m[2]! } : undefined;
}

/** owner/name from a GitHub remote URL (https, ssh or scp-like); undefined for local paths. */
export function slugFromRemote(url: string): string | undefined {
  const r = parseRemote(url);
  const parts = r?.path.split('/') ?? [];
  return parts.length >= 2 ? parts.slice(-2).join('/') : undefined;
}

/**
 * The forge a run talks to, chosen in one place: --forge, else the CI environment (GITLAB_CI, GITHUB_ACTIONS),
 * else the origin's host; with its token, API URL and repository from flags, the environment and the origin remote.
 */
export async function discoverForge(root: string, opts: ForgeOptions, env: NodeJS.ProcessEnv): Promise<DiscoveredForge> {
  const origin = await originUrl(root);
  const remote = origin ? parseRemote(origin) : undefined;
  const kind: ForgeKind =
    opts.forge ??
    (env.GITLAB_CI ? 'gitlab' : env.GITHUB_ACTIONS ? 'github' : remote && /gitlab/i.test(remote.host) ? 'gitlab' : env.CI_API_V4_URL && !env.GITHUB_API_URL ? 'gitlab' : 'github');
  const delayText = env.CONSTRAIN_FORGE_RETRY_DELAY_MS ?? env.CONSTRAIN_GITHUB_RETRY_DELAY_MS;
  const delay = Number(delayText);
  const delayMs = delayText && Number.isFinite(delay) && delay >= 0 ? { delayMs: delay } : {};
  if (kind === 'gitlab') {
    const token = env.GITLAB_TOKEN;
    if (!token) {
      if (env.CI_JOB_TOKEN)
        throw new InputError(
          'only CI_JOB_TOKEN is set, and GitLab does not let a job token open merge requests: create a project access token with the api scope and the Developer role, and give it to the job as the masked variable GITLAB_TOKEN',
        );
      throw new InputError('--open-pr on GitLab needs a token in GITLAB_TOKEN (a project, group or personal access token with the api scope)');
    }
    const project = opts.repo || env.CI_PROJECT_PATH || remote?.path;
    if (!project || !/^[^/\s]+(\/[^/\s]+)+$/.test(project)) throw new InputError('--open-pr on GitLab needs the project: --repo group/name, CI_PROJECT_PATH, or a GitLab origin remote');
    const baseUrl = opts.apiUrl || env.CI_API_V4_URL || (remote ? `https://${remote.host}/api/v4` : 'https://gitlab.com/api/v4');
    const base = opts.base || env.CI_DEFAULT_BRANCH;
    return { forge: new GitLabForge({ baseUrl, token, project, ...delayMs }), ...(base ? { base } : {}) };
  }
  const token = env.GITHUB_TOKEN || env.GH_TOKEN;
  if (!token) throw new InputError('--open-pr needs a token in GITHUB_TOKEN or GH_TOKEN');
  const repo = opts.repo || env.GITHUB_REPOSITORY || (origin ? slugFromRemote(origin) : undefined);
  if (!repo || !/^[^/\s]+\/[^/\s]+$/.test(repo)) throw new InputError('--open-pr needs the repository: --repo owner/name, GITHUB_REPOSITORY, or a GitHub origin remote');
  const baseUrl = opts.apiUrl || env.GITHUB_API_URL || 'https://api.github.com';
  return { forge: new GitHubForge({ baseUrl, token, repo, ...delayMs }), ...(opts.base ? { base: opts.base } : {}) };
}

async function originUrl(root: string): Promise<string | undefined> {
  try {
    const r = await new Git(root).run(['remote', 'get-url', 'origin'], { allowFail: true });
    return r.code === 0 ? r.stdout.trim() : undefined;
  } catch {
    return undefined;
  }
}
