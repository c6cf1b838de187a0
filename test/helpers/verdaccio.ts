import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startVerdaccio } from '../../scripts/verdaccio-server.mjs';

const run = promisify(execFile);

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

  /** An .npmrc for this registry: the token for the host, `@private` scoped to it. */
  get npmrc(): string {
    const host = this.url.replace(/^http:/, '');
    return `registry=${this.url}\n@private:registry=${this.url}\n${host}:_authToken=${this.token}\n`;
  }

  async start(): Promise<this> {
    const server = await startVerdaccio(this.dir, [
      "'@private/*': { access: $authenticated, publish: $authenticated, unpublish: $authenticated }",
      "'**': { access: $all, publish: $authenticated, unpublish: $authenticated }",
    ]);
    this.url = server.url;
    this.stop = server.stop;
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

  /** Ends the process (once started). */
  stop: () => Promise<void> = async () => {};
}
