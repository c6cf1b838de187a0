import { join, relative } from 'node:path';
import { InputError } from '../errors.js';
import { type FileSource, FsSource } from '../source/file-source.js';
import { type Config, DEPENDENCY_TYPES } from './types.js';

export const CONFIG_FILE = 'constrain.config.yaml';


export function defaultConfig(root: string): Config {
  return {
    root,
    constraints: 'constraints/constraints.yaml',
    dependencyTypes: [...DEPENDENCY_TYPES],
    singleVersion: [],
    allowMultiple: [],
    exclude: [],
    hold: [],
    engines: {},
    propose: { minimumReleaseAge: 0, branch: 'constrain/propose', labels: [], prerelease: false, groups: {} },
  };
}

/** Reads constrain.config.yaml (or `configPath`); a missing default file yields the defaults. */
export async function loadConfig(root: string, configPath?: string, source: FileSource = new FsSource(root)): Promise<Config> {
  const rel = configPath ? relative(root, configPath.startsWith('/') ? configPath : join(root, configPath)) : CONFIG_FILE;
  const text = await source.readText(rel);
  if (text === undefined) {
    if (!configPath) return defaultConfig(root);
    throw new InputError(`cannot read config ${rel}: no such file`);
  }
  // the YAML parser and the schema validator load only when there is a config file to read
  const [{ parseConfig }, { loadConfigValidator }] = await Promise.all([import('./parse.js'), import('./schema.js')]);
  await loadConfigValidator();
  return parseConfig(root, rel, text);
}

