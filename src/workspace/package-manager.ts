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
  /** the file that says so: package.json (its packageManager field), pnpm-workspace.yaml, .yarnrc.yml; none for npm */
  namedIn?: string;
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
  if (field?.[1] === 'pnpm') return pnpm(source, rootManifest, pnpmWorkspace, 'package.json');
  // yarn 1 resolves bundled dependencies and leaves missing peers out too, and has no packageExtensions
  if (field?.[1] === 'yarn') return Number(field[2]) >= 2 ? yarn(source, 'package.json') : { ...YARN, namedIn: 'package.json' };
  if (field) return { ...NPM, namedIn: 'package.json' };
  if (pnpmWorkspace) return pnpm(source, rootManifest, pnpmWorkspace, 'pnpm-workspace.yaml');
  if ((await source.readText('.yarnrc.yml')) !== undefined) return yarn(source, '.yarnrc.yml');
  return NPM;
}

/** yarn 2+, with the packageExtensions of its .yarnrc.yml. */
async function yarn(source: FileSource, namedIn: string): Promise<PackageManager> {
  const file = '.yarnrc.yml';
  const text = await source.readText(file);
  if (text === undefined) return { ...YARN, namedIn };
  const [{ isMap, isScalar }, { parseYaml }] = await Promise.all([import('yaml'), import('../util/yaml-source.js')]);
  const src = parseYaml(file, text);
  const contents = src.doc.contents;
  const pair = isMap(contents) ? contents.items.find((p) => isScalar(p.key) && p.key.value === 'packageExtensions') : undefined;
  return { ...YARN, namedIn, extensions: pair ? await yamlExtensions(src, pair.value) : [] };
}

/** pnpm's settings: pnpm-workspace.yaml (pnpm 10), else the project .npmrc (pnpm 9), else pnpm's defaults. */
async function pnpm(source: FileSource, rootManifest: PackageJson | undefined, workspace: PnpmSettings | undefined, namedIn: string): Promise<PackageManager> {
  const npmrc = (await source.readText('.npmrc')) ?? '';
  const setting = (key: string) => new RegExp(`^\\s*${key}\\s*=\\s*(\\S+)\\s*$`, 'm').exec(npmrc)?.[1];
  const auto = workspace?.autoInstallPeers ?? setting('auto-install-peers') !== 'false';
  const link = workspace?.linkWorkspacePackages ?? setting('link-workspace-packages');
  // pnpm 10 reads packageExtensions from pnpm-workspace.yaml, pnpm 9 from package.json's pnpm field
  const extensions = workspace?.packageExtensions ?? rootManifest?.pnpmExtensions ?? [];
  return { ...NPM, name: 'pnpm', namedIn, installsMissingPeers: auto, installsMembersOptionalPeers: auto, linksMembersDeep: link === 'deep', extensions, extensionsReplace: true };
}
