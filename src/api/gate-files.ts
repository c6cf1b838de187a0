import { join, normalize } from 'node:path';
import type { PinSet } from '../constraints/types.js';
import { findLockfile, refreshLockfile } from '../export/lock-refresh.js';
import { memberEdges } from '../graph/build.js';
import type { Inputs } from '../load.js';
import type { MetadataStore } from '../registry/metadata-store.js';
import { exportTargetsInUse, planExport } from './export.js';

/** A file the proposal changes, relative to the workspace root. */
export interface ChangedFile {
  path: string;
  content: string;
}

/**
 * Every file the gate checks, as it must read once `pins` are taken: the constraints file, the overrides already
 * exported to a package manager (re-exported), and the lockfile (refreshed by that package manager's lock-only
 * install). A proposal that commits them all passes `check`, `check --lockfile` and `export --check`.
 * `notes` says what could not be refreshed and why.
 */
export async function gateFiles(
  inputs: Inputs,
  store: MetadataStore,
  pins: PinSet,
  constraintsText: string,
  opts: { registry?: string; env: NodeJS.ProcessEnv },
): Promise<{ files: ChangedFile[]; notes: string[] }> {
  const files: ChangedFile[] = [{ path: inputs.constraints.file, content: constraintsText }];
  const notes: string[] = [];
  const replace = new Map<string, string>();
  for (const to of await exportTargetsInUse(inputs)) {
    // npm and yarn share package.json: each re-export builds on the one before
    const plan = await planExport(inputs, pins, to, async () => store, replace);
    if (plan.drift.length > 0) replace.set(plan.file, plan.text);
  }
  for (const [path, content] of replace) files.push({ path, content });
  const lockfile = findLockfile(inputs.root);
  if (lockfile) {
    if (opts.registry?.startsWith('file:')) {
      notes.push(`${lockfile.file} is not refreshed: ${lockfile.manager} cannot install from a fixture registry (${opts.registry})`);
    } else {
      const content = await refreshLockfile({ root: inputs.root, lockfile, files: installInputs(inputs), replace, registry: opts.registry, env: opts.env });
      files.push({ path: lockfile.file, content });
    }
  }
  return { files, notes };
}

/** What a lock-only install reads: manifests, package-manager config, and packages installed from local paths. */
function installInputs(inputs: Inputs): string[] {
  const out = ['package.json', '.npmrc', '.yarnrc.yml', '.pnpmfile.cjs', 'pnpm-workspace.yaml', '.yarn/releases', '.yarn/plugins'];
  for (const m of inputs.workspace.members) out.push(m.dir === '.' ? 'package.json' : join(m.dir, 'package.json'));
  const dirs = new Map(inputs.workspace.members.map((m) => [m.name, m.dir]));
  for (const e of memberEdges(inputs.workspace, inputs.config)) {
    const path = /^(file:|link:)?(\.{1,2}\/.*)$/.exec(e.spec)?.[2];
    if (e.target !== 'unmanaged' || path === undefined) continue;
    const at = normalize(join(dirs.get(e.from) ?? '.', path));
    // a local directory brings its manifest; a local tarball is copied whole
    out.push(/\.(tgz|tar\.gz|tar)$/.test(at) ? at : join(at, 'package.json'));
  }
  return out;
}
