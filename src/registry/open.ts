import { resolve } from 'node:path';
import type { CommonOptions } from '../load.js';
import { FixtureRegistry } from './fixture.js';
import type { Registry } from './types.js';

/** The registry the options name: a fixture for `file:PATH`, else npm's registries through pacote (.npmrc, cache). */
export async function openRegistry(root: string, opts: CommonOptions): Promise<Registry> {
  if (opts.registry?.startsWith('file:')) return new FixtureRegistry(resolve(opts.registry.slice(5)));
  // pacote is loaded only when a real registry is used: fixture runs start faster
  const [{ loadNpmSettings }, { PacoteRegistry }] = await Promise.all([import('./npmrc.js'), import('./pacote-registry.js')]);
  const settings = loadNpmSettings(root, opts.env ?? process.env, opts.registry);
  return new PacoteRegistry({ settings, offline: opts.offline, preferOffline: opts.preferOffline, workspace: root });
}
