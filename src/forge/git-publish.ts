import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Git } from '../git/git.js';

export interface PublishInput {
  base: string;
  branch: string;
  /** the files to commit, with paths inside the repository */
  files: { path: string; content: string }[];
  message: string;
}

const IDENTITY = {
  GIT_AUTHOR_NAME: 'constrain',
  GIT_AUTHOR_EMAIL: 'constrain@users.noreply.github.com',
  GIT_COMMITTER_NAME: 'constrain',
  GIT_COMMITTER_EMAIL: 'constrain@users.noreply.github.com',
};

/**
 * Commits `files` on top of origin's `base`, as branch `branch`, and pushes it to origin with --force-with-lease.
 * Built with plumbing in a temporary index: the work tree, the index and HEAD are never touched. No push when the
 * branch on origin already has the same content in every file.
 */
export async function publishBranch(git: Git, input: PublishInput): Promise<{ pushed: boolean; commit: string }> {
  await git.run(['fetch', '--quiet', '--no-tags', 'origin', `+refs/heads/${input.base}:refs/constrain/base`]);
  const baseCommit = (await git.run(['rev-parse', 'refs/constrain/base^{commit}'])).stdout.trim();
  const remote = (await git.run(['ls-remote', 'origin', `refs/heads/${input.branch}`])).stdout.trim().split(/\s+/)[0] ?? '';
  const blobs: [string, string][] = [];
  for (const f of input.files) blobs.push([f.path, (await git.run(['hash-object', '-w', '--stdin'], { input: f.content })).stdout.trim()]);
  if (remote) {
    await git.run(['fetch', '--quiet', '--no-tags', 'origin', `+refs/heads/${input.branch}:refs/constrain/head`]);
    let same = true;
    for (const [path, blob] of blobs) {
      const current = await git.run(['rev-parse', `refs/constrain/head:${path}`], { allowFail: true });
      if (current.code !== 0 || current.stdout.trim() !== blob) same = false;
    }
    if (same) return { pushed: false, commit: remote };
  }
  const dir = mkdtempSync(join(tmpdir(), 'constrain-index-'));
  try {
    const env = { GIT_INDEX_FILE: join(dir, 'index') };
    await git.run(['read-tree', baseCommit], { env });
    for (const [path, blob] of blobs) await git.run(['update-index', '--add', '--cacheinfo', `100644,${blob},${path}`], { env });
    const tree = (await git.run(['write-tree'], { env })).stdout.trim();
    const configured = (await git.run(['config', 'user.email'], { allowFail: true })).code === 0;
    const commit = (await git.run(['commit-tree', tree, '-p', baseCommit, '-m', input.message], { env: configured ? {} : IDENTITY })).stdout.trim();
    await git.run(['push', '--quiet', `--force-with-lease=refs/heads/${input.branch}:${remote}`, 'origin', `${commit}:refs/heads/${input.branch}`]);
    return { pushed: true, commit };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
