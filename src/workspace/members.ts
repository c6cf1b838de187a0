import { join, relative } from 'node:path';
import type { Config } from '../config/types.js';
import { InputError, type SourcePosition } from '../errors.js';
import { type FileSource, FsSource } from '../source/file-source.js';
import { codePointCompare } from '../util/compare.js';
import { expandDirGlob } from './dir-glob.js';
import { yamlExtensions } from './package-extensions.js';
import { type PackageJson, readPackageJson } from './package-json.js';
import { detectPackageManager, type PackageManager, type PnpmSettings } from './package-manager.js';
import { parsePlainPnpmWorkspace } from './pnpm-plain.js';

export interface Member {
  name: string;
  version: string;
  /** directory relative to the workspace root ("." for the root) */
  dir: string;
  manifest: PackageJson;
}

/** pnpm catalogs: "default" holds `catalog:` entries. */
export type Catalogs = Record<string, Record<string, string>>;

export interface Workspace {
  root: string;
  members: Member[];
  catalogs: Catalogs;
  /** plain `name: version` entries of the root package.json `overrides` (npm): they resolve tags the registry lacks */
  overrides?: Record<string, string>;
  catalogFile?: string;
  rootManifest?: PackageJson;
  /** the package manager that installs the family, and where its rules differ from npm's */
  packageManager: PackageManager;
}

interface MemberPatterns {
  patterns: string[];
  position: SourcePosition | undefined;
  includeRoot: boolean;
}

/**
 * Finds the members: config globs, else package.json workspaces, else pnpm-workspace.yaml, else the root alone.
 * `lenient` (a prior release read from git) skips globs that match nothing instead of failing.
 */
export async function loadWorkspace(config: Config, source: FileSource = new FsSource(config.root), opts: { lenient?: boolean } = {}): Promise<Workspace> {
  const root = config.root;
  const rootManifest = await readPackageJson(source, 'package.json');
  const pnpm = await readPnpmWorkspace(source);
  const packageManager = await detectPackageManager(source, rootManifest, pnpm);
  let spec: MemberPatterns | undefined;
  if (config.members) {
    spec = { patterns: config.members.value, position: config.members.position, includeRoot: false };
  } else if (rootManifest?.workspaces) {
    const w = rootManifest.workspaces;
    spec = { patterns: w.patterns, position: { file: 'package.json', line: w.line, col: w.col }, includeRoot: true };
  } else if (pnpm?.packages) {
    spec = { patterns: pnpm.packages, position: pnpm.position, includeRoot: true };
  }
  const members: Member[] = [];
  if (!spec) {
    if (!rootManifest) {
      if (opts.lenient) return { root, members: [], catalogs: pnpm?.catalogs ?? {}, packageManager };
      throw new InputError(`no package.json at ${root} and no members configured`);
    }
    members.push(toMember('.', rootManifest));
  } else {
    const dirs = new Set<string>();
    const negated = spec.patterns.filter((p) => p.startsWith('!')).map((p) => p.slice(1));
    for (const pattern of spec.patterns.filter((p) => !p.startsWith('!'))) {
      const found: string[] = [];
      for (const dir of await expandDirGlob(source, pattern)) if ((await source.readText(join(dir, 'package.json'))) !== undefined) found.push(dir);
      if (found.length === 0 && !opts.lenient) throw new InputError(`member glob "${pattern}" matches no directory with a package.json`, spec.position);
      for (const d of found) dirs.add(d);
    }
    for (const n of negated) for (const d of await expandDirGlob(source, n)) dirs.delete(d);
    if (spec.includeRoot && rootManifest && rootManifest.dependencies.length > 0) dirs.add('.');
    for (const dir of [...dirs].sort(codePointCompare)) {
      const file = dir === '.' ? 'package.json' : join(dir, 'package.json');
      const manifest = dir === '.' && rootManifest ? rootManifest : await readPackageJson(source, file);
      if (manifest) members.push(toMember(dir, manifest));
    }
  }
  const seen = new Map<string, Member>();
  for (const m of members) {
    const prior = seen.get(m.name);
    if (prior) throw new InputError(`two members are named "${m.name}": ${prior.manifest.file} and ${m.manifest.file}`, { file: m.manifest.file, line: 1, col: 1 });
    seen.set(m.name, m);
  }
  const overrides: Record<string, string> = {};
  const raw = rootManifest?.raw.overrides;
  if (raw && typeof raw === 'object') for (const [k, v] of Object.entries(raw as Record<string, unknown>)) if (typeof v === 'string' && !k.includes('@', 1) && !k.includes('>')) overrides[k] = v;
  return { root, members, catalogs: pnpm?.catalogs ?? {}, catalogFile: pnpm ? 'pnpm-workspace.yaml' : undefined, rootManifest, overrides, packageManager };
}

function toMember(dir: string, manifest: PackageJson): Member {
  const name = manifest.name ?? (dir === '.' ? '(root)' : relative('.', dir));
  return { name, version: manifest.version ?? '0.0.0', dir, manifest };
}

interface PnpmWorkspace extends PnpmSettings {
  packages?: string[];
  position?: SourcePosition;
  catalogs: Catalogs;
}

async function readPnpmWorkspace(source: FileSource): Promise<PnpmWorkspace | undefined> {
  const file = 'pnpm-workspace.yaml';
  const text = await source.readText(file);
  if (text === undefined) return undefined;
  const plain = parsePlainPnpmWorkspace(text);
  if (plain) return { packages: plain.packages, position: { file, line: plain.line, col: plain.col }, catalogs: {} };
  // the YAML parser loads only for a workspace whose file has more than the plain list
  const [{ isMap, isScalar, isSeq }, { nodePosition, parseYaml }] = await Promise.all([import('yaml'), import('../util/yaml-source.js')]);
  const src = parseYaml(file, text);
  const out: PnpmWorkspace = { catalogs: {} };
  const contents = src.doc.contents;
  if (!isMap(contents)) return out;
  const stringMap = (node: unknown, what: string): Record<string, string> => {
    if (!isMap(node)) throw new InputError(`${what} must be a mapping`, nodePosition(src, node));
    const r: Record<string, string> = {};
    for (const p of node.items) if (isScalar(p.key) && isScalar(p.value)) r[String(p.key.value)] = String(p.value.value);
    return r;
  };
  for (const pair of contents.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    if (key === 'packages') {
      if (!isSeq(pair.value)) throw new InputError('packages must be a list', nodePosition(src, pair.value));
      out.packages = pair.value.items.map((i) => (isScalar(i) ? String(i.value) : ''));
      out.position = nodePosition(src, pair.value);
    } else if (key === 'autoInstallPeers' && isScalar(pair.value) && typeof pair.value.value === 'boolean') {
      out.autoInstallPeers = pair.value.value;
    } else if (key === 'linkWorkspacePackages' && isScalar(pair.value) && (typeof pair.value.value === 'boolean' || pair.value.value === 'deep')) {
      out.linkWorkspacePackages = pair.value.value;
    } else if (key === 'packageExtensions') {
      out.packageExtensions = await yamlExtensions(src, pair.value);
    } else if (key === 'catalog') {
      out.catalogs.default = stringMap(pair.value, 'catalog');
    } else if (key === 'catalogs' && isMap(pair.value)) {
      for (const c of pair.value.items) if (isScalar(c.key)) out.catalogs[String(c.key.value)] = stringMap(c.value, `catalogs.${String(c.key.value)}`);
    }
  }
  return out;
}
