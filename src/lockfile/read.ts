import { readFile } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import type { Node, Tree } from '@npmcli/arborist';
import { isMap, isScalar } from 'yaml';
import { InputError } from '../errors.js';
import { parseYamlDocument } from '../util/yaml-source.js';

/** One installed package version a lockfile records, and where. */
export interface LockedPackage {
  name: string;
  version: string;
  /** where the lockfile installs it: node_modules path (npm), key (pnpm, yarn) */
  location: string;
  line?: number;
  /**
   * Reached only through a dependency constrain does not manage (file:, git, tarball): outside the pinned closure,
   * so the lockfile's choice there is not checked against the pins.
   */
  outside?: boolean;
}

export type LockfileFormat = 'npm' | 'pnpm' | 'yarn-classic' | 'yarn-berry';

export interface Lockfile {
  file: string;
  format: LockfileFormat;
  packages: LockedPackage[];
}

/** Reads package-lock.json / npm-shrinkwrap.json (v2, v3), pnpm-lock.yaml, or yarn.lock (classic and berry). */
export async function readLockfile(absPath: string, displayPath: string): Promise<Lockfile> {
  let text: string;
  try {
    text = await readFile(absPath, 'utf8');
  } catch {
    throw new InputError(`cannot read lockfile ${displayPath}`);
  }
  const name = basename(absPath);
  if (name.endsWith('.json')) return { file: displayPath, format: 'npm', packages: await readNpm(absPath, displayPath, text) };
  if (name.startsWith('pnpm-lock')) return { file: displayPath, format: 'pnpm', packages: readPnpm(displayPath, text) };
  if (name.startsWith('yarn')) {
    return /^__metadata:/m.test(text)
      ? { file: displayPath, format: 'yarn-berry', packages: readYarnBerry(displayPath, text) }
      : { file: displayPath, format: 'yarn-classic', packages: readYarnClassic(text) };
  }
  throw new InputError(`${displayPath}: not a lockfile constrain reads (package-lock.json, npm-shrinkwrap.json, pnpm-lock.yaml, yarn.lock)`);
}

/** The line of the first occurrence of `needle` (a leading newline in the needle anchors it to a line start). */
function lineOf(text: string, needle: string): number | undefined {
  const i = text.indexOf(needle);
  if (i < 0) return undefined;
  return text.slice(0, i + (needle.startsWith('\n') ? 1 : 0)).split('\n').length;
}

/** npm's own reader: arborist's virtual tree from the lockfile. */
async function readNpm(absPath: string, displayPath: string, text: string): Promise<LockedPackage[]> {
  try {
    const v = JSON.parse(text) as { lockfileVersion?: number };
    if (!v.lockfileVersion || v.lockfileVersion < 2) throw new InputError(`${displayPath}: lockfileVersion ${v.lockfileVersion ?? 'missing'}; constrain reads v2 and v3 (npm 7+)`);
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw new InputError(`malformed JSON: ${(err as Error).message}`, { file: displayPath, line: 1, col: 1 });
  }
  const { default: Arborist } = await import('@npmcli/arborist');
  let tree: Tree;
  try {
    tree = await new Arborist({ path: dirname(absPath) }).loadVirtual();
  } catch (err) {
    throw new InputError(`${displayPath}: npm cannot read this lockfile: ${(err as Error).message.split('\n')[0]}`);
  }
  const managed = managedNodes(tree);
  const out: LockedPackage[] = [];
  for (const node of tree.inventory.values()) {
    // a bundled package comes inside its dependent's tarball: no pin decides its version
    if (node.isRoot || node.isProjectRoot || node.isLink || node.inBundle || !node.location.includes('node_modules/') || !node.version) continue;
    out.push({
      name: node.packageName || node.name,
      version: node.version,
      location: node.location,
      line: lineOf(text, `"${node.location}": {`),
      ...(managed.has(node) ? {} : { outside: true }),
    });
  }
  return out.sort((a, b) => (a.location < b.location ? -1 : 1));
}

/**
 * The nodes a registry edge reaches from the project root or a workspace, following only registry edges: what
 * constrain pins. A file:, git or tarball dependency (other than a workspace) starts a subtree constrain does not
 * manage.
 */
function managedNodes(tree: Tree): Set<Node> {
  const seen = new Set<Node>();
  const queue: Node[] = [tree];
  while (queue.length > 0) {
    const raw = queue.pop()!;
    const node = raw.isLink ? raw.target : raw;
    if (!node || seen.has(node)) continue;
    seen.add(node);
    for (const edge of node.edgesOut.values()) {
      if (!edge.to) continue;
      const workspace = edge.type === 'workspace' || (edge.to.isLink && edge.to.target?.isWorkspace);
      if (workspace || isRegistrySpec(edge.spec)) queue.push(edge.to);
    }
  }
  return seen;
}

function isRegistrySpec(spec: string): boolean {
  if (spec.startsWith('npm:')) return true;
  if (/^(file:|link:|git\+|git:|github:|gitlab:|bitbucket:|gist:|https?:|\.{0,2}\/|~\/)/.test(spec)) return false;
  return !/^[^@\s/][^\s/]*\/[^\s/]+(#.*)?$/.test(spec);
}

/** Splits "name@version" (scoped names keep their leading @) after stripping pnpm's peer suffix "(…)". */
function splitAt(spec: string): [string, string] | undefined {
  const clean = spec.replace(/\(.*$/, '');
  const at = clean.lastIndexOf('@');
  if (at <= 0) return undefined;
  return [clean.slice(0, at), clean.slice(at + 1)];
}

function readPnpm(file: string, text: string): LockedPackage[] {
  const doc = parseYamlDocument(text);
  if (doc.errors[0]) throw new InputError(`malformed YAML: ${doc.errors[0].message.split('\n')[0]}`, { file, line: 1, col: 1 });
  const packages = doc.get('packages');
  if (!isMap(packages)) return [];
  const out: LockedPackage[] = [];
  for (const pair of packages.items) {
    if (!isScalar(pair.key)) continue;
    const key = String(pair.key.value);
    const spec = key.replace(/^\//, '');
    // v5 wrote /name/version; v6+ write /name@version or name@version
    const parts = /^(@[^/]+\/[^/@]+|[^/@]+)\/(\d[^/]*)$/.exec(spec);
    const nv = parts ? ([parts[1]!, parts[2]!] as [string, string]) : splitAt(spec);
    if (!nv) continue;
    const value = pair.value;
    const version = isMap(value) && typeof value.get('version') === 'string' ? String(value.get('version')) : nv[1];
    if (!version) continue;
    out.push({ name: nv[0], version, location: key, line: lineOf(text, `\n  ${key}:`) ?? lineOf(text, `\n  '${key}':`) });
  }
  return out;
}

function readYarnClassic(text: string): LockedPackage[] {
  const out: LockedPackage[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const header = lines[i]!;
    if (!header || header.startsWith(' ') || header.startsWith('#') || !header.endsWith(':')) continue;
    const first = header.slice(0, -1).split(',')[0]!.trim().replace(/^"|"$/g, '');
    let version: string | undefined;
    for (let j = i + 1; j < lines.length && lines[j]!.startsWith(' '); j++) {
      const m = /^ {2}version "?([^"]+)"?$/.exec(lines[j]!);
      if (m) version = m[1];
    }
    const nv = first.includes('@npm:') ? splitAt(first.slice(first.indexOf('@npm:') + 5)) : splitAt(first);
    if (!nv || !version) continue;
    out.push({ name: nv[0], version, location: first, line: i + 1 });
  }
  return out;
}

function readYarnBerry(file: string, text: string): LockedPackage[] {
  const doc = parseYamlDocument(text);
  if (doc.errors[0]) throw new InputError(`malformed YAML: ${doc.errors[0].message.split('\n')[0]}`, { file, line: 1, col: 1 });
  const root = doc.contents;
  if (!isMap(root)) return [];
  const out: LockedPackage[] = [];
  for (const pair of root.items) {
    if (!isScalar(pair.key) || pair.key.value === '__metadata' || !isMap(pair.value)) continue;
    const resolution: unknown = pair.value.get('resolution');
    const version: unknown = pair.value.get('version');
    if (typeof resolution !== 'string' || !resolution.includes('@npm:') || typeof version !== 'string') continue; // workspaces, patches, git
    const name = resolution.slice(0, resolution.indexOf('@npm:'));
    const key = String(pair.key.value);
    out.push({ name, version: String(version), location: key, line: lineOf(text, `"${key}":`) ?? lineOf(text, `${key}:`) });
  }
  return out;
}
