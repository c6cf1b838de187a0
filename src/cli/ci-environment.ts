import { appendFile } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import { Git } from '../git/git.js';

/**
 * Where the workspace sits in the repository, as a path prefix ("" at the top, "sub/dir/" below it), so that
 * annotations name files the way GitHub does: relative to the checkout (GITHUB_WORKSPACE), else to the git top.
 */
export async function repositoryPrefix(cwd: string, env: NodeJS.ProcessEnv): Promise<string> {
  const root = resolve(cwd);
  if (env.GITHUB_WORKSPACE) {
    const rel = relative(resolve(env.GITHUB_WORKSPACE), root);
    return rel && !rel.startsWith('..') ? `${rel.split('\\').join('/')}/` : '';
  }
  try {
    return await new Git(root).prefix();
  } catch {
    return '';
  }
}

/**
 * Appends a Markdown report to the job summary when GitHub Actions provides one ($GITHUB_STEP_SUMMARY), so a
 * workflow runs the gate once. Skipped when the report itself is the output (--format markdown).
 */
export async function writeStepSummary(env: NodeJS.ProcessEnv, format: string, markdown: () => string): Promise<void> {
  const file = env.GITHUB_STEP_SUMMARY;
  if (!file || format === 'markdown') return;
  await appendFile(file, `${markdown()}\n`);
}
