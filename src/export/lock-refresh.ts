import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { PackageManagerError } from '../errors.js';

export type LockManager = 'npm' | 'pnpm' | 'yarn';

/** The lockfiles constrain can refresh, and the package manager that writes each. */
const LOCKFILES: [string, LockManager][] = [
  ['package-lock.json', 'npm'],
  ['npm-shrinkwrap.json', 'npm'],
  ['pnpm-lock.yaml', 'pnpm'],
  ['yarn.lock', 'yarn'],
];

/** The workspace's lockfile, if it has one. */
export function findLockfile(root: string): { file: string; manager: LockManager } | undefined {
  for (const [file, manager] of LOCKFILES) if (existsSync(join(root, file))) return { file, manager };
  return undefined;
}

export interface LockRefreshInput {
  root: string;
  lockfile: { file: string; manager: LockManager };
  /** workspace files the install reads (relative paths): manifests, configs, local packages */
  files: string[];
  /** new contents for some of them (the proposal's package.json, say) */
  replace: ReadonlyMap<string, string>;
  /** a registry URL given on the command line */
  registry?: string;
  env: NodeJS.ProcessEnv;
}

const COMMANDS: Record<LockManager, string[]> = {
  npm: ['install', '--package-lock-only', '--ignore-scripts', '--no-audit', '--no-fund'],
  pnpm: ['install', '--lockfile-only', '--ignore-scripts'],
  yarn: ['install', '--mode', 'update-lockfile'],
};

/**
 * The lockfile as the package manager writes it for the new manifests: its lock-only install runs in a temporary
 * copy of the workspace's manifests, so the work tree is never touched and no install script ever runs.
 */
export async function refreshLockfile(input: LockRefreshInput): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'constrain-lock-'));
  try {
    // the work tree's files, then the proposal's versions of the ones it changes
    for (const rel of new Set([...input.files, input.lockfile.file])) {
      const from = join(input.root, rel);
      if (input.replace.has(rel) || !existsSync(from)) continue;
      mkdirSync(dirname(join(dir, rel)), { recursive: true });
      cpSync(from, join(dir, rel), { recursive: statSync(from).isDirectory() });
    }
    for (const [rel, content] of input.replace) {
      mkdirSync(dirname(join(dir, rel)), { recursive: true });
      writeFileSync(join(dir, rel), content);
    }
    const { manager } = input.lockfile;
    const args = [...COMMANDS[manager], ...(input.registry && manager !== 'yarn' ? ['--registry', input.registry] : [])];
    await run(executable(input.root, manager), args, dir, input.env);
    return readFileSync(join(dir, input.lockfile.file), 'utf8');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** npm from PATH; pnpm and yarn from the workspace's own dev dependencies when it has them, else PATH. */
function executable(root: string, manager: LockManager): string {
  if (manager === 'npm') return 'npm';
  const local = join(root, 'node_modules', '.bin', manager);
  return existsSync(local) ? local : manager;
}

function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { cwd, env: { ...env, npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' }, maxBuffer: 64 << 20, timeout: 600_000 }, (err, _stdout, stderr) => {
      if (!err) return resolve();
      const what = (err as NodeJS.ErrnoException).code === 'ENOENT' ? `${cmd} is not installed or not on PATH` : lastLines(stderr) || err.message.split('\n')[0];
      reject(new PackageManagerError(`${cmd} ${args.join(' ')} could not refresh the lockfile: ${what}`));
    });
  });
}

function lastLines(text: string): string {
  return text
    .split('\n')
    .filter((l) => l.trim() && !/^npm warn/i.test(l))
    .slice(-3)
    .join(' / ');
}
