import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CONFIG_FILE, defaultConfig } from '../config/load.js';
import { renderStarterConfig, singletonSuggestions } from '../config/starter.js';
import { InputError } from '../errors.js';
import { memberEdges } from '../graph/build.js';
import type { CommonOptions } from '../load.js';
import { FsSource } from '../source/file-source.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { loadWorkspace } from '../workspace/members.js';
import { type GenerateResult, generate } from './generate.js';

export interface InitOptions extends CommonOptions {
  /** overwrite a constrain.config.yaml that differs from the starter */
  force?: boolean;
}

export interface InitResult {
  config: { file: string; action: 'created' | 'overwritten' | 'unchanged' };
  singleVersion: string[];
  /** singleVersion suggestions left commented out: the members need several versions of them today */
  singleVersionLater: string[];
  generate: GenerateResult;
}

/** Where editors find the schema: the installed package's copy, else the published one. */
const SCHEMA_PATH = 'node_modules/constrain-pins/schema/config.schema.json';
const SCHEMA_URL = 'https://unpkg.com/constrain-pins/schema/config.schema.json';

/**
 * `constrain init`: a commented constrain.config.yaml for this workspace (engines from the root manifest,
 * singleVersion for the usual singletons it uses, the schema comment editors read), then `generate --write`.
 * Idempotent: a second run changes nothing; a config that differs is kept unless `force`.
 */
export async function init(opts: InitOptions = {}): Promise<InitResult> {
  const root = resolve(opts.cwd ?? '.');
  const file = CONFIG_FILE;
  const source = new FsSource(root);
  const existing = await source.readText(file);
  const workspace = await loadWorkspace(defaultConfig(root), source);
  const names = new Set(memberEdges(workspace, defaultConfig(root)).map((e) => e.name));
  const suggested = singletonSuggestions(names);
  const starter = (singleVersion: string[], later: string[]) =>
    renderStarterConfig({ schema: existsSync(join(root, SCHEMA_PATH)) ? `./${SCHEMA_PATH}` : SCHEMA_URL, node: workspace.rootManifest?.enginesNode, singleVersion, singleVersionLater: later });

  // the singletons the members can share today are enabled; the others are suggested in a comment
  let singleVersion = suggested;
  let later: string[] = [];
  let text = starter(singleVersion, later);
  if (existing !== undefined && existing !== text) {
    const plain = starter([], suggested);
    if (existing === plain) {
      singleVersion = [];
      later = suggested;
      text = plain;
    } else if (!opts.force) {
      throw new InputError(`${file} exists and differs from what init writes; keep it, or run init --force to replace it`, { file, line: 1, col: 1 });
    }
  }
  const action: InitResult['config']['action'] = existing === undefined ? 'created' : existing === text ? 'unchanged' : 'overwritten';
  if (existing !== text) await writeFileAtomic(join(root, file), text);
  let result = await generate({ ...opts, write: true });
  if (!result.ok && singleVersion.length > 0) {
    // one of the singletons has several versions today: keep it as a suggestion, and pin what the members use
    singleVersion = [];
    later = suggested;
    text = starter(singleVersion, later);
    await writeFileAtomic(join(root, file), text);
    result = await generate({ ...opts, write: true });
  }
  return { config: { file, action }, singleVersion, singleVersionLater: later, generate: result };
}
