import { execFile } from 'node:child_process';
import { posix } from 'node:path';
import { ForgeError, InputError } from '../errors.js';
import type { FileSource } from '../source/file-source.js';

/** The git CLI, run in one directory. */
export class Git {
  constructor(readonly cwd: string) {}

  run(args: string[], opts: { allowFail?: boolean; input?: string; env?: NodeJS.ProcessEnv } = {}): Promise<{ code: number; stdout: string; stderr: string }> {
    return new Promise((resolve, reject) => {
      const env = { ...process.env, GIT_TERMINAL_PROMPT: '0', ...opts.env };
      const child = execFile('git', args, { cwd: this.cwd, maxBuffer: 256 << 20, env }, (err, stdout, stderr) => {
        const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? ((err as { code: number }).code as number) : 1) : 0;
        if (err && (err as NodeJS.ErrnoException).code === 'ENOENT') return reject(new ForgeError('git is not installed or not on PATH'));
        if (code !== 0 && !opts.allowFail) return reject(new ForgeError(`git ${args.join(' ')} failed: ${stderr.trim() || stdout.trim()}`));
        resolve({ code, stdout, stderr });
      });
      if (opts.input !== undefined) child.stdin?.end(opts.input);
    });
  }

  /** The workspace root's path inside the repository ("" at the top, "sub/dir/" below it). */
  async prefix(): Promise<string> {
    const r = await this.run(['rev-parse', '--show-prefix'], { allowFail: true });
    if (r.code !== 0) throw new InputError(`${this.cwd} is not inside a git repository`);
    return r.stdout.trim();
  }

  /** Resolves a ref to a commit, or throws an input error naming it. */
  async commit(ref: string): Promise<string> {
    const r = await this.run(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], { allowFail: true });
    if (r.code !== 0) throw new InputError(`unknown git ref "${ref}"`);
    return r.stdout.trim();
  }
}

/** The workspace as it was at a git ref, read with `git show` and `git ls-tree`: the work tree is never touched. */
export class GitSource implements FileSource {
  private constructor(
    private readonly git: Git,
    private readonly commit: string,
    private readonly prefix: string,
    readonly label: string,
  ) {}

  static async open(root: string, ref: string): Promise<GitSource> {
    const git = new Git(root);
    const prefix = await git.prefix();
    const commit = await git.commit(ref);
    return new GitSource(git, commit, prefix, ref);
  }

  /** A path relative to the repository, or undefined when it leaves the repository. */
  private repoPath(rel: string): string | undefined {
    const p = posix.normalize(posix.join(this.prefix, rel));
    if (p === '..' || p.startsWith('../')) return undefined;
    return p === '.' ? '' : p.replace(/\/$/, '');
  }

  async readText(rel: string): Promise<string | undefined> {
    const p = this.repoPath(rel);
    if (p === undefined) return undefined;
    const r = await this.git.run(['show', `${this.commit}:${p}`], { allowFail: true });
    return r.code === 0 ? r.stdout : undefined;
  }

  async subdirs(rel: string): Promise<string[]> {
    const p = this.repoPath(rel);
    if (p === undefined) return [];
    const r = await this.git.run(['ls-tree', '-d', '--name-only', `${this.commit}:${p}`], { allowFail: true });
    if (r.code !== 0) return [];
    return r.stdout
      .split('\n')
      .filter((n) => n && !n.startsWith('.') && n !== 'node_modules');
  }
}
