import { findNodeAtLocation, type Node, type ParseError, parseTree, printParseErrorCode } from 'jsonc-parser';
import { DEPENDENCY_TYPES, type DependencyType } from '../config/types.js';
import { InputError } from '../errors.js';
import type { FileSource } from '../source/file-source.js';
import { LineIndex } from '../util/text-position.js';
import { type PackageExtension, packageExtension } from './package-extensions.js';

/** One dependency declared in a package.json, with the line and column of its key. */
export interface DeclaredDependency {
  name: string;
  spec: string;
  type: DependencyType;
  file: string;
  line: number;
  col: number;
}

export interface PackageJson {
  file: string;
  name?: string;
  version?: string;
  /** line of the "version" field */
  versionLine?: number;
  dependencies: DeclaredDependency[];
  peerOptional: Set<string>;
  enginesNode?: string;
  workspaces?: { patterns: string[]; line: number; col: number };
  /** every entry of `overrides` (npm), `pnpm.overrides` and `resolutions` (yarn) whose value is a spec */
  forced: ForcedVersion[];
  /** `pnpm.packageExtensions` (pnpm 9 reads it here) */
  pnpmExtensions: PackageExtension[];
  raw: Record<string, unknown>;
}

/**
 * One version a package manager forces where a root manifest says so: `overrides` (npm, nested objects flattened,
 * "." being the parent's own entry), `pnpm.overrides` ("a>b" keys) and `resolutions` (yarn, "a/b" and "**\/b" keys).
 * `name` is the package forced; `key` the entry's full key path as written.
 */
export interface ForcedVersion {
  field: 'overrides' | 'pnpm.overrides' | 'resolutions';
  key: string;
  name: string;
  spec: string;
  file: string;
  line: number;
  col: number;
}

/** The package one segment of an override key names, less its version selector ("a@^1" → "a"). */
export function overrideKeyPackage(segment: string): string {
  const at = segment.indexOf('@', 1);
  return at > 0 ? segment.slice(0, at) : segment;
}

/** Parses package.json text strictly as JSON, keeping the position of every dependency. */
export function parsePackageJson(file: string, text: string): PackageJson {
  const errors: ParseError[] = [];
  const tree = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  const index = new LineIndex(text);
  const first = errors[0];
  if (first || !tree) {
    const pos = index.position(first?.offset ?? 0);
    throw new InputError(`malformed JSON: ${first ? printParseErrorCode(first.error) : 'empty file'}`, { file, ...pos });
  }
  if (tree.type !== 'object') throw new InputError('package.json must hold an object', { file, ...index.position(tree.offset) });
  const raw = JSON.parse(text) as Record<string, unknown>;
  const at = (n: Node) => index.position(n.offset);
  const str = (key: string) => {
    const n = findNodeAtLocation(tree, [key]);
    if (!n) return undefined;
    if (n.type !== 'string') throw new InputError(`"${key}" must be a string`, { file, ...at(n) });
    return n.value as string;
  };
  const versionNode = findNodeAtLocation(tree, ['version']);
  const pkg: PackageJson = { file, name: str('name'), version: str('version'), dependencies: [], peerOptional: new Set(), forced: [], pnpmExtensions: [], raw };
  if (versionNode) pkg.versionLine = at(versionNode).line;
  for (const type of DEPENDENCY_TYPES) {
    const deps = findNodeAtLocation(tree, [type]);
    if (!deps) continue;
    if (deps.type !== 'object') throw new InputError(`"${type}" must be an object`, { file, ...at(deps) });
    for (const prop of deps.children ?? []) {
      const [k, v] = prop.children ?? [];
      if (!k || !v) continue;
      if (v.type !== 'string') throw new InputError(`${type}.${k.value as string} must be a string`, { file, ...at(v) });
      pkg.dependencies.push({ name: k.value as string, spec: (v.value as string).trim(), type, file, ...at(k) });
    }
  }
  const meta = raw.peerDependenciesMeta;
  if (meta && typeof meta === 'object') {
    for (const [name, m] of Object.entries(meta as Record<string, { optional?: boolean }>)) if (m?.optional) pkg.peerOptional.add(name);
  }
  const engines = raw.engines as { node?: unknown } | undefined;
  if (engines && typeof engines.node === 'string') pkg.enginesNode = engines.node;
  const ws = findNodeAtLocation(tree, ['workspaces']);
  if (ws) {
    const list = ws.type === 'array' ? ws : ws.type === 'object' ? findNodeAtLocation(ws, ['packages']) : undefined;
    if (list?.type !== 'array' || (list.children ?? []).some((c) => c.type !== 'string')) {
      throw new InputError('"workspaces" must be a list of globs, or an object whose "packages" is one', { file, ...at(list ?? ws) });
    }
    pkg.workspaces = { patterns: (list.children ?? []).map((c) => String(c.value)), ...at(list) };
  }
  for (const field of ['overrides', 'resolutions', 'pnpm']) {
    const n = findNodeAtLocation(tree, [field]);
    if (n && n.type !== 'object') throw new InputError(`"${field}" must be an object`, { file, ...at(n) });
  }
  const pnpmOverrides = findNodeAtLocation(tree, ['pnpm', 'overrides']);
  if (pnpmOverrides && pnpmOverrides.type !== 'object') throw new InputError('"pnpm.overrides" must be an object', { file, ...at(pnpmOverrides) });
  const force = (field: ForcedVersion['field'], node: Node | undefined, split: (key: string) => string[], path: string[] = []) => {
    for (const prop of node?.children ?? []) {
      const [k, v] = prop.children ?? [];
      if (!k || !v) continue;
      const key = String(k.value);
      const keys = [...path, key];
      if (v.type === 'object' && field === 'overrides') force(field, v, split, keys);
      if (v.type !== 'string') continue;
      const segments = key === '.' ? path : keys;
      const last = segments.at(-1);
      if (last === undefined) continue;
      pkg.forced.push({ field, key: keys.join(' › '), name: overrideKeyPackage(split(last).at(-1) ?? last), spec: String(v.value).trim(), file, ...at(k) });
    }
  };
  const extensions = findNodeAtLocation(tree, ['pnpm', 'packageExtensions']);
  if (extensions && extensions.type !== 'object') throw new InputError('"pnpm.packageExtensions" must be an object', { file, ...at(extensions) });
  const rawExtensions = ((raw.pnpm ?? {}) as { packageExtensions?: Record<string, unknown> }).packageExtensions ?? {};
  for (const prop of extensions?.children ?? []) {
    const k = prop.children?.[0];
    if (k) pkg.pnpmExtensions.push(packageExtension(String(k.value), rawExtensions[String(k.value)], { file, ...at(k) }));
  }
  force('overrides', findNodeAtLocation(tree, ['overrides']), (k) => [k]);
  force('pnpm.overrides', pnpmOverrides, (k) => k.split('>').map((s) => s.trim()));
  // yarn: "a/b", "**/b", "@scope/a/@scope/b": the package is the last one or two segments
  force('resolutions', findNodeAtLocation(tree, ['resolutions']), (k) => k.match(/(?:@[^/]+\/)?[^/]+/g) ?? [k]);
  return pkg;
}

/** Reads and parses a package.json through a file source; undefined when it does not exist. */
export async function readPackageJson(source: FileSource, rel: string): Promise<PackageJson | undefined> {
  const text = await source.readText(rel);
  return text === undefined ? undefined : parsePackageJson(rel, text);
}
