import type { FileSource } from '../source/file-source.js';
import { type PackageExtension, yamlExtensions } from './package-extensions.js';
import type { PackageJson } from './package-json.js';

export type PackageManagerName = 'npm' | 'pnpm' | 'yarn';

/**
 * The package manager that installs the family, and the rules where it installs something other than npm would
 * (docs/resolver.md, "Which package manager"). The model is npm's; these switch its differences on.
 */
export interface PackageManager {
  name: PackageManagerName;
  /** a peer nobody provides is installed (npm; pnpm's autoInstallPeers); otherwise a peer binds only when present */
  installsMissingPeers: boolean;
  /** pnpm's autoInstallPeers: a member's own peers, optional ones too, are installed like dependencies */
  installsMembersOptionalPeers: boolean;
  /** yarn (1 and 2+): a published package's bundleDependencies are resolved from the registry */
  resolvesBundled: boolean;
  /** a published package's dependency on a member's name links the member (npm, yarn; pnpm only with link-workspace-packages=deep) */
  linksMembersDeep: boolean;
  /** `packageExtensions` the manager applies to published versions (pnpm; yarn 2+'s .yarnrc.yml) */
  extensions: PackageExtension[];
  /** pnpm: an extension's entry replaces the published one of that name; yarn only adds names the version lacks */
  extensionsReplace: boolean;
}

const NPM: PackageManager = { name: 'npm', installsMissingPeers: true, installsMembersOptionalPeers: false, resolvesBundled: false, linksMembersDeep: true, extensions: [], extensionsReplace: false };
const YARN: PackageManager = { ...NPM, name: 'yarn', installsMissingPeers: false, resolvesBundled: true };

/** pnpm's settings this reads, from pnpm-workspace.yaml (pnpm 10 keeps them there) */
export interface PnpmSettings {
  autoInstallPeers?: boolean;
  linkWorkspacePackages?: boolean | 'deep';
  packageExtensions?: PackageExtension[];
}

/**
 * Which package manager the workspace uses: the root package.json `packageManager` field (corepack's), else
 * pnpm-workspace.yaml (pnpm), else .yarnrc.yml (yarn 2+), else npm; yarn 1 is named only by the field. Lockfiles
 * are not read for this: the files above are small, and every pnpm and yarn 2+ workspace has one of them.
 */
export async function detectPackageManager(source: FileSource, rootManifest: PackageJson | undefined, pnpmWorkspace: PnpmSettings | undefined): Promise<PackageManager> {
  const field = typeof rootManifest?.raw.packageManager === 'string' ? /^(npm|pnpm|yarn)@(\d+)/.exec(rootManifest.raw.packageManager) : null;
  if (field?.[1] === 'pnpm' || (!field && pnpmWorkspace)) return pnpm(source, rootManifest, pnpmWorkspace);
  // yarn 1 resolves bundled dependencies and leaves missing peers out too, and has no packageExtensions
  if (field?.[1] === 'yarn' && Number(field[2]) < 2) return YARN;
  if (field && field[1] !== 'yarn') return NPM;
  const yarnrc = await source.readText('.yarnrc.yml');
  if (field || yarnrc !== undefined) return yarn(yarnrc);
  return NPM;
}

/** yarn 2+, with the packageExtensions of its .yarnrc.yml. */
async function yarn(yarnrc: string | undefined): Promise<PackageManager> {
  if (yarnrc === undefined) return YARN;
  const [{ isMap, isScalar }, { parseYaml }] = await Promise.all([import('yaml'), import('../util/yaml-source.js')]);
  const src = parseYaml('.yarnrc.yml', yarnrc);
  const contents = src.doc.contents;
  const pair = isMap(contents) ? contents.items.find((p) => isScalar(p.key) && p.key.value === 'packageExtensions') : undefined;
  return { ...YARN, extensions: pair ? await yamlExtensions(src, pair.value) : [] };
}

/** pnpm's settings: pnpm-workspace.yaml (pnpm 10), else the project .npmrc (pnpm 9), else pnpm's defaults. */
async function pnpm(source: FileSource, rootManifest: PackageJson | undefined, workspace: PnpmSettings | undefined): Promise<PackageManager> {
  const text = await source.readText('.npmrc');
  // read as npm reads it (src/registry/npmrc.ts): ini, whose values "true" and "false" come back as booleans
  const npmrc = text === undefined ? {} : ((await import('ini')).parse(text) as Record<string, unknown>);
  const auto = workspace?.autoInstallPeers ?? String(npmrc['auto-install-peers'] ?? true) !== 'false';
  const link = workspace?.linkWorkspacePackages ?? npmrc['link-workspace-packages'];
  // pnpm 10 reads packageExtensions from pnpm-workspace.yaml, pnpm 9 from package.json's pnpm field
  const extensions = workspace?.packageExtensions ?? rootManifest?.pnpmExtensions ?? [];
  return { ...NPM, name: 'pnpm', installsMissingPeers: auto, installsMembersOptionalPeers: auto, linksMembersDeep: link === 'deep', extensions, extensionsReplace: true };
}
