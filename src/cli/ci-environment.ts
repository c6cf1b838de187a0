import { appendFile } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import { Git } from '../git/git.js';

/**
 * Where the workspace sits in the repository, as a path prefix ("" at the top, "sub/dir/" below it), so that
 * annotations name files the way the forge does: relative to the checkout (GITHUB_WORKSPACE, CI_PROJECT_DIR),
 * else to the git top level.
 */
export async function repositoryPrefix(cwd: string, env: NodeJS.ProcessEnv): Promise<string> {
  const root = resolve(cwd);
  const checkout = env.GITHUB_WORKSPACE || env.CI_PROJECT_DIR;
  if (checkout) {
    const rel = relative(resolve(checkout), root);
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
