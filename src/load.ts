import { relative, resolve } from 'node:path';
import { loadConfig } from './config/load.js';
import type { Config } from './config/types.js';
import { loadConstraints } from './constraints/parse.js';
import type { Constraints } from './constraints/types.js';
import { configuredNode } from './policy/versions.js';
import { installedBy } from './registry/manager-view.js';
import type { FetchProgress } from './registry/metadata-store.js';
import { openRegistry } from './registry/open.js';
import type { Registry } from './registry/types.js';
import { type FileSource, FsSource } from './source/file-source.js';
import { RecordingSource } from './source/recording-source.js';
import { parseBefore } from './util/parse-before.js';
import { loadWorkspace, type Workspace } from './workspace/members.js';

/** Options every command shares (docs/reference.md, "Common flags"), as the library API takes them. */
export interface CommonOptions {
  cwd?: string;
  config?: string;
  constraints?: string;
  /** a registry URL, or file:PATH for a fixture registry */
  registry?: string;
  offline?: boolean;
  preferOffline?: boolean;
  /** see the registry as of this date */
  before?: string | Date;
  /** the clock: today's date for holds and release ages (default: now) */
  now?: Date;
  /** a registry to use instead of the one the options name (library use, tests) */
  registryImpl?: Registry;
  /** metadata fetches as they go (the CLI draws a progress line on a TTY) */
  onProgress?: (p: FetchProgress) => void;
  env?: NodeJS.ProcessEnv;
}

export interface Inputs {
  root: string;
  config: Config;
  workspace: Workspace;
  constraints: Constraints;
  constraintsPath: string;
  registry: Registry;
  node: string | undefined;
  before: Date | undefined;
  now: Date;
  /** the content of every workspace file and directory listing read, as one digest (work tree only) */
  filesDigest?: string;
  /** which files and listings those were (RecordingSource.reads) */
  filesRead?: string[];
}

/**
 * Reads config, members and constraints, and opens the registry. All input errors surface here, before any write.
 * With a `source` (a git ref), the workspace is read as it was there: leniently, since an old release may predate
 * the config or some members.
 */
export async function loadInputs(opts: CommonOptions, source?: FileSource): Promise<Inputs> {
  const root = resolve(opts.cwd ?? '.');
  const recording = source ? undefined : new RecordingSource(new FsSource(root));
  const files = source ?? recording!;
  const config = await loadConfig(root, source ? undefined : opts.config, files);
  if (opts.constraints) config.constraints = opts.constraints;
  const workspace = await loadWorkspace(config, files, { lenient: source !== undefined });
  const constraintsPath = resolve(root, config.constraints);
  const constraints = await loadConstraints(files, relative(root, constraintsPath));
  const before = parseBefore(opts.before);
  const registry = opts.registryImpl ?? (await openRegistry(root, opts));
  return {
    root,
    config,
    workspace,
    constraints,
    constraintsPath,
    registry: installedBy(registry, workspace.packageManager),
    node: configuredNode(config, workspace.rootManifest?.enginesNode),
    before,
    now: opts.now ?? new Date(),
    ...(recording ? { filesDigest: recording.digest(), filesRead: recording.reads() } : {}),
  };
}
