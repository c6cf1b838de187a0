import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const VERDACCIO = resolve(import.meta.dirname, '../../node_modules/verdaccio/bin/verdaccio');

async function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.on('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => res(port));
    });
  });
}

export interface Published {
  name: string;
  version: string;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  engines?: Record<string, string>;
}

/**
 * A real npm registry for the integration suite: Verdaccio 6 on 127.0.0.1 (free port, no uplinks, temp storage),
 * a user created through the registry API, packages published with `npm publish`. `stop()` ends the process.
 */
export class Verdaccio {
  url = '';
  token = '';
  readonly dir = mkdtempSync(join(tmpdir(), 'constrain-verdaccio-'));
  private child?: ChildProcess;

  /** An .npmrc for this registry: the token for the host, `@private` scoped to it. */
  get npmrc(): string {
    const host = this.url.replace(/^http:/, '');
    return `registry=${this.url}\n@private:registry=${this.url}\n${host}:_authToken=${this.token}\n`;
  }

  async start(): Promise<this> {
    const port = await freePort();
    const config = join(this.dir, 'config.yaml');
    writeFileSync(
      config,
      [
        `storage: ${join(this.dir, 'storage')}`,
        'uplinks: {}',
        'auth:',
        `  htpasswd: { file: ${join(this.dir, 'htpasswd')}, max_users: 100 }`,
        'packages:',
        "  '@private/*': { access: $authenticated, publish: $authenticated, unpublish: $authenticated }",
        "  '**': { access: $all, publish: $authenticated, unpublish: $authenticated }",
        'log: { type: stdout, format: pretty, level: fatal }',
        'publish: { allow_offline: true }',
      ].join('\n'),
    );
    this.url = `http://127.0.0.1:${port}/`;
    this.child = spawn(process.execPath, [VERDACCIO, '--config', config, '--listen', `127.0.0.1:${port}`], { stdio: 'ignore' });
    for (let i = 0; i < 200; i++) {
      try {
        const r = await fetch(`${this.url}-/ping`);
        if (r.ok) break;
      } catch {
        await new Promise((r) => setTimeout(r, 100));
      }
      if (i === 199) throw new Error('verdaccio did not start');
    }
    const res = await fetch(`${this.url}-/user/org.couchdb.user:tester`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'tester', password: 'tester-password', type: 'user', roles: [], date: new Date().toISOString() }),
    });
    this.token = ((await res.json()) as { token: string }).token;
    writeFileSync(join(this.dir, '.npmrc'), this.npmrc);
    return this;
  }

  /** Runs npm against this registry with its token. */
  npm(args: string[], cwd = this.dir): Promise<{ stdout: string; stderr: string }> {
    return run('npm', [...args, '--registry', this.url, '--userconfig', join(this.dir, '.npmrc'), '--cache', join(this.dir, 'npm-cache')], {
      cwd,
      env: { ...process.env, npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' },
    });
  }

  /** Publishes each package with `npm publish`. */
  async publish(...packages: Published[]): Promise<void> {
    for (const p of packages) {
      const dir = join(this.dir, 'src', `${p.name.replace('/', '__')}-${p.version}`);
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'package.json'), JSON.stringify({ ...p, license: 'MIT', description: `${p.name} fixture` }));
      writeFileSync(join(dir, 'index.js'), 'module.exports = {};\n');
      const tag = p.version.includes('-') ? ['--tag', 'next'] : [];
      await this.npm(['publish', '--ignore-scripts', ...tag], dir);
    }
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((res) => {
      child.once('exit', () => res());
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 3000).unref();
    });
  }
}
