import { Git } from '../git/git.js';
import type { Forge } from './forge.js';
import { publishBranch } from './git-publish.js';

export interface PrResult {
  number: number;
  url: string;
  action: 'created' | 'updated' | 'closed' | 'unchanged';
}

export interface ProposalInput {
  root: string;
  /** the files the proposal changes, relative to the workspace root; none when every pin is current */
  files: { path: string; content: string }[];
  title: string;
  /** the finished body; it carries `marker` */
  body: string;
  /** the hidden text that marks constrain's change request */
  marker: string;
  branch: string;
  labels: string[];
  /** the base branch; undefined: the forge's default branch */
  base?: string;
}

/**
 * Keeps one rolling change request (pull request, merge request): opens it, or updates the open one from the branch
 * in place; never a second one; no push when every file is unchanged; with nothing to change, closes a stale one
 * with a comment. The forge knows nothing about proposals; the body comes finished.
 */
export async function publishProposal(forge: Forge, input: ProposalInput): Promise<PrResult | null> {
  const git = new Git(input.root);
  const open = await forge.openChanges(input.branch);
  const existing = open.find((c) => c.body.includes(input.marker)) ?? open[0];

  if (input.files.length === 0) {
    if (!existing) return null;
    await forge.closeChange(existing.number, `constrain: every pin is current, so this proposal is no longer needed. Closing this ${forge.changeNoun}.`);
    return { number: existing.number, url: existing.url, action: 'closed' };
  }

  const base = input.base || (await forge.defaultBranch());
  const prefix = await git.prefix();
  const files = input.files.map((f) => ({ path: `${prefix}${f.path}`, content: f.content }));
  const { pushed } = await publishBranch(git, { base, branch: input.branch, files, message: `${input.title}\n\nProposed by constrain propose.` });
  if (existing) {
    if (!pushed && existing.title === input.title && existing.body === input.body) return { number: existing.number, url: existing.url, action: 'unchanged' };
    const updated = await forge.updateChange(existing.number, { title: input.title, body: input.body });
    return { number: updated.number, url: updated.url, action: 'updated' };
  }
  const created = await forge.createChange({ branch: input.branch, base, title: input.title, body: input.body, labels: input.labels });
  return { number: created.number, url: created.url, action: 'created' };
}

export interface DashboardInput {
  title: string;
  /** the finished body; it carries `marker` */
  body: string;
  marker: string;
  labels: string[];
  /** nothing to show: close an open dashboard */
  empty: boolean;
}

/** Keeps one dashboard issue, found by its marker: created once, updated in place, closed when there is nothing to show. */
export async function publishDashboard(forge: Forge, input: DashboardInput): Promise<PrResult | null> {
  const [existing] = await forge.openIssues(input.marker);
  if (input.empty) {
    if (!existing) return null;
    await forge.closeIssue(existing.number, 'constrain: nothing is held back any more. Closing the dashboard; it opens again when something is.');
    return { number: existing.number, url: existing.url, action: 'closed' };
  }
  if (existing) {
    if (existing.title === input.title && existing.body === input.body) return { number: existing.number, url: existing.url, action: 'unchanged' };
    const updated = await forge.updateIssue(existing.number, { title: input.title, body: input.body });
    return { number: updated.number, url: updated.url, action: 'updated' };
  }
  const created = await forge.createIssue({ title: input.title, body: input.body, labels: input.labels });
  return { number: created.number, url: created.url, action: 'created' };
}
