// The corpus installed by each package manager: the monorepo's workspace shaped for npm, pnpm or yarn 4, resolved
// by constrain as that manager's family (generate, then check), its pins exported to the manager's overrides, the
// manager's own lockfile-only install, then `check --lockfile` on the lockfile it wrote.
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { cli, findingKinds, writeCase } from './differential-runner.mjs';

const BIN = (name) => resolve(import.meta.dirname, '../node_modules/.bin', name);

/** What makes a workspace the manager's, and the command that writes its lockfile against `registry`. */
const MANAGERS = {
  npm: {
    lockfile: 'package-lock.json',
    shape: () => {},
    // npm install --package-lock-only, as npm 11.20+ runs it (scripts/npm-lock-only.mjs says why not this machine's npm)
    install: (registry, cache) => [process.execPath, resolve(import.meta.dirname, 'npm-lock-only.mjs'), '.', registry, join(cache, 'npm', '_cacache')],
  },
  pnpm: {
    lockfile: 'pnpm-lock.yaml',
    // the published manifests name siblings by version where the repository wrote workspace:; linking them is the same
    shape: (dir) => {
      writeFileSync(join(dir, 'pnpm-workspace.yaml'), 'packages:\n  - packages/*\n');
      writeFileSync(join(dir, '.npmrc'), 'link-workspace-packages=true\n');
    },
    install: (registry, cache) => [BIN('pnpm'), 'install', '--lockfile-only', '--ignore-scripts', `--registry=${registry}`, `--store-dir=${join(cache, 'pnpm-store')}`, `--cache-dir=${join(cache, 'pnpm-cache')}`],
  },
  yarn: {
    lockfile: 'yarn.lock',
    shape: (dir, registry, cache) => {
      const yarnrc = {
        npmRegistryServer: registry.replace(/\/$/, ''),
        unsafeHttpWhitelist: ['127.0.0.1'],
        enableTelemetry: false,
        enableGlobalCache: false,
        cacheFolder: join(cache, 'yarn-cache'),
        globalFolder: join(cache, 'yarn-global'),
      };
      writeFileSync(join(dir, '.yarnrc.yml'), Object.entries(yarnrc).map(([k, v]) => `${k}: ${JSON.stringify(v)}\n`).join(''));
      writeFileSync(join(dir, 'yarn.lock'), '');
    },
    install: () => [process.execPath, BIN('yarn'), 'install', '--mode', 'update-lockfile'],
  },
};

export const MANAGER_NAMES = Object.keys(MANAGERS);

/**
 * One monorepo (a corpus case) through one manager. `registry` serves the registry as of the monorepo's moment
 * (Verdaccio seeded as of it, or the recording proxy), so no tool is given a date. Returns each step's outcome and
 * the error findings `check --lockfile` leaves ("kind name"; none: the manager locked exactly the pins).
 */
export async function lockWith(manager, c, registry, cache) {
  const m = MANAGERS[manager];
  const dir = writeCase({ ...c, name: `${manager}-${c.name}` });
  m.shape(dir, registry, cache);
  const env = { npm_config_cache: join(cache, 'constrain'), npm_config_update_notifier: 'false', YARN_ENABLE_IMMUTABLE_INSTALLS: 'false' };
  const common = ['--cwd', dir, '--registry', registry];
  const out = { manager, name: c.name, dir, lockfile: m.lockfile, steps: [], findings: [] };
  const step = async (what, command, cwd) => {
    const r = await cli(command.slice(1), env, [command[0]], cwd);
    out.steps.push({ what, status: r.status, tail: r.status === 0 ? '' : (r.stdout + r.stderr).trim().split('\n').filter((l) => !/^\s+at /.test(l)).slice(-3).join(' | ') });
    return r;
  };
  const constrain = (args) => [process.execPath, resolve(import.meta.dirname, '../dist/cli/main.js'), ...args, ...common];
  if ((await step('generate', constrain(['generate', '--write']))).status !== 0) return out;
  if ((await step('check', constrain(['check']))).status !== 0) return out;
  if ((await step('export', constrain(['export', '--to', manager, '--write']))).status !== 0) return out;
  if ((await step('install', m.install(registry, cache), dir)).status !== 0) return out;
  const chk = await step('check --lockfile', constrain(['check', '--format', 'json', '--lockfile', m.lockfile]));
  out.findings = chk.status === 0 ? [] : findingKinds(chk.stdout);
  return out;
}

/** The problems of one run: a step that failed, or a finding on the lockfile the manager wrote. */
export function lockProblems(r) {
  return [...r.steps.filter((s) => s.status !== 0 && s.what !== 'check --lockfile').map((s) => `${s.what} exited ${s.status}: ${s.tail}`), ...r.findings];
}
