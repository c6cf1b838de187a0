import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { type Files, makeWorkspace, writeFiles } from './workspace.js';

/** A real git repository in a temp dir, for tests that read prior releases with the git CLI. */
export class TempRepo {
  readonly dir: string;
  constructor(files: Files) {
    this.dir = makeWorkspace(files);
    this.git('init', '-q', '-b', 'main');
    this.git('config', 'user.email', 'test@example.test');
    this.git('config', 'user.name', 'test');
    this.git('config', 'commit.gpgsign', 'false');
  }
  git(...args: string[]): string {
    return execFileSync('git', args, { cwd: this.dir, encoding: 'utf8' });
  }
  write(files: Files): this {
    writeFiles(this.dir, files);
    return this;
  }
  remove(path: string): this {
    rmSync(join(this.dir, path), { recursive: true, force: true });
    return this;
  }
  commit(message: string, tag?: string): this {
    this.git('add', '-A');
    this.git('commit', '-q', '-m', message);
    if (tag) this.git('tag', tag);
    return this;
  }
}
