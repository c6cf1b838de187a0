import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TempRepo } from './git-repo.js';
import { packument } from './workspace.js';

const DAY = 86_400_000;
export const iso = (msAgo: number, now = Date.now()) => new Date(now - msAgo).toISOString();

/** A fixture registry whose publish times are relative to now. */
export function relativeRegistry(now = Date.now()) {
  const old = iso(400 * DAY, now);
  const month = iso(30 * DAY, now);
  return {
    lodash: packument({ '4.17.20': {}, '4.17.21': {} }, { time: { '4.17.20': old, '4.17.21': month } }),
    chalk: packument({ '4.1.2': {}, '5.3.0': {} }, { time: { '4.1.2': old, '5.3.0': month } }),
  };
}

/** A workspace in a git repository with a bare repository as origin, main pushed. */
export function proposeRepo(registry: object = relativeRegistry()): { repo: TempRepo; origin: string } {
  const repo = new TempRepo({
    'package.json': { name: 'fam', private: true, workspaces: ['packages/*'] },
    'packages/app/package.json': { name: '@fam/app', version: '1.0.0', dependencies: { lodash: '^4.17.0', chalk: '*' } },
    'constrain.config.yaml': 'hold:\n  chalk: { below: "5.0.0", reason: "ESM-only; members are still CommonJS" }\npropose:\n  minimumReleaseAge: 3d\n  labels: [dependencies]\n',
    'constraints/constraints.yaml': '# our pins\nchalk: 4.1.2\nlodash: 4.17.20\n',
    'registry.json': registry,
  }).commit('init');
  const origin = mkdtempSync(join(tmpdir(), 'constrain-origin-'));
  execFileSync('git', ['init', '-q', '--bare', '-b', 'main', origin]);
  repo.git('remote', 'add', 'origin', origin);
  repo.git('push', '-q', 'origin', 'main');
  return { repo, origin };
}

export function originFile(origin: string, ref: string, path: string): string {
  return execFileSync('git', ['--git-dir', origin, 'show', `${ref}:${path}`], { encoding: 'utf8' });
}

export function originRef(origin: string, ref: string): string {
  return execFileSync('git', ['--git-dir', origin, 'rev-parse', ref], { encoding: 'utf8' }).trim();
}
