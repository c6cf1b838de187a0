import type { FileSource } from '../source/file-source.js';
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
  /** yarn 2 and later: a published package's bundleDependencies are resolved from the registry */
  resolvesBundled: boolean;
  /** a published package's dependency on a member's name links the member (npm, yarn; pnpm only with link-workspace-packages=deep) */
  linksMembersDeep: boolean;
}

const NPM: PackageManager = { name: 'npm', installsMissingPeers: true, installsMembersOptionalPeers: false, resolvesBundled: false, linksMembersDeep: true };
const YARN: PackageManager = { name: 'yarn', installsMissingPeers: false, installsMembersOptionalPeers: false, resolvesBundled: true, linksMembersDeep: true };

/** pnpm's settings this reads, from pnpm-workspace.yaml (pnpm 10 keeps them there) */
export interface PnpmSettings {
  autoInstallPeers?: boolean;
  linkWorkspacePackages?: boolean | 'deep';
}

/**
 * Which package manager the workspace uses: the root package.json `packageManager` field (corepack's), else
 * pnpm-workspace.yaml (pnpm), else .yarnrc.yml (yarn 2+), else npm. Lockfiles are not read for this: the files
 * above are small, and every pnpm and yarn 2+ workspace has one of them.
 */
export async function detectPackageManager(source: FileSource, rootManifest: PackageJson | undefined, pnpmWorkspace: PnpmSettings | undefined): Promise<PackageManager> {
  const field = typeof rootManifest?.raw.packageManager === 'string' ? /^(npm|pnpm|yarn)@(\d+)/.exec(rootManifest.raw.packageManager) : null;
  if (field?.[1] === 'pnpm') return pnpm(source, pnpmWorkspace, 'package.json');
  // yarn 1 installs like npm here: bundled dependencies from the archive, missing peers warned about
  if (field?.[1] === 'yarn') return Number(field[2]) >= 2 ? { ...YARN, namedIn: 'package.json' } : { ...NPM, name: 'yarn', namedIn: 'package.json' };
  if (field) return { ...NPM, namedIn: 'package.json' };
  if (pnpmWorkspace) return pnpm(source, pnpmWorkspace, 'pnpm-workspace.yaml');
  if ((await source.readText('.yarnrc.yml')) !== undefined) return { ...YARN, namedIn: '.yarnrc.yml' };
  return NPM;
}

/** pnpm's settings: pnpm-workspace.yaml (pnpm 10), else the project .npmrc (pnpm 9), else pnpm's defaults. */
async function pnpm(source: FileSource, workspace: PnpmSettings | undefined, namedIn: string): Promise<PackageManager> {
  const npmrc = (await source.readText('.npmrc')) ?? '';
  const setting = (key: string) => new RegExp(`^\\s*${key}\\s*=\\s*(\\S+)\\s*$`, 'm').exec(npmrc)?.[1];
  const auto = workspace?.autoInstallPeers ?? setting('auto-install-peers') !== 'false';
  const link = workspace?.linkWorkspacePackages ?? setting('link-workspace-packages');
  return { name: 'pnpm', namedIn, installsMissingPeers: auto, installsMembersOptionalPeers: auto, resolvesBundled: false, linksMembersDeep: link === 'deep' };
}
