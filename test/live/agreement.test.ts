import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeWorkspace, runCli } from '../helpers/workspace.js';

/** Against the live npm registry: `npm run test:live` (not part of npm test or CI). */
const PNPM = resolve(import.meta.dirname, '../../node_modules/.bin/pnpm');
const api = { name: '@real/api', version: '1.0.0', dependencies: { express: '^4.19.0', commander: '^12.0.0', chalk: '^4.1.2', semver: '^7.6.0', yaml: '^2.4.0', zod: '^3.23.0' } };
const web = { name: '@real/web', version: '1.0.0', dependencies: { react: '^18.3.0', 'react-dom': '^18.3.0', '@tanstack/react-query': '^5.0.0', typescript: '^5.4.0' } };
const env = () => ({ npm_config_cache: mkdtempSync(join(tmpdir(), 'constrain-live-cache-')) });

describe('a real install agrees with the pins (live registry)', () => {
  it('npm', () => {
    const e = env();
    const dir = makeWorkspace({ 'package.json': { name: 'real', private: true, workspaces: ['packages/*'] }, 'packages/api/package.json': api, 'packages/web/package.json': web });
    expect(runCli(['generate', '--write', '--cwd', dir], { env: e }).status).toBe(0);
    expect(runCli(['export', '--to', 'npm', '--write', '--cwd', dir], { env: e }).status).toBe(0);
    execFileSync('npm', ['install', '--package-lock-only', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: dir, env: { ...process.env, ...e }, stdio: 'pipe' });
    execFileSync('npm', ['ls', '--all', '--package-lock-only'], { cwd: dir, env: { ...process.env, ...e }, stdio: 'pipe' });
    const c = runCli(['check', '--cwd', dir, '--lockfile', 'package-lock.json'], { env: e });
    expect(c.stdout).toContain('✔ ok');
    expect(c.status).toBe(0);
    expect(readFileSync(join(dir, 'constraints/constraints.yaml'), 'utf8').split('\n').length).toBeGreaterThan(60);
  });

  it('pnpm', () => {
    const e = env();
    const dir = makeWorkspace({ 'package.json': { name: 'real', private: true }, 'pnpm-workspace.yaml': 'packages:\n  - packages/*\n', 'packages/api/package.json': api, 'packages/web/package.json': web });
    expect(runCli(['generate', '--write', '--cwd', dir], { env: e }).status).toBe(0);
    expect(runCli(['export', '--to', 'pnpm', '--write', '--cwd', dir], { env: e }).status).toBe(0);
    execFileSync(PNPM, ['install', '--lockfile-only', '--ignore-scripts'], { cwd: dir, env: { ...process.env, ...e }, stdio: 'pipe' });
    const c = runCli(['check', '--cwd', dir, '--lockfile', 'pnpm-lock.yaml'], { env: e });
    expect(c.stdout).toContain('✔ ok');
    expect(c.status).toBe(0);
  });
});
