import type { FileSource } from '../source/file-source.js';
import type { PackageJson } from './package-json.js';

export type PackageManagerName = 'npm' | 'pnpm' | 'yarn';

/**
 * The package manager that installs the family, and the rules where it installs something other than npm would
 * (docs/resolver.md, "Which package manager"). The model is npm's; these switch its two differences on.
 */
export interface PackageManager {
  name: PackageManagerName;
  /** the file that says so: package.json (its packageManager field), pnpm-workspace.yaml, .yarnrc.yml, or none (npm) */
  namedIn?: string;
  /** pnpm with autoInstallPeers (its default): a member's own peers, optional ones too, are installed like dependencies */
  installsMembersOptionalPeers: boolean;
  /** yarn 2 and later: a published package's bundleDependencies are resolved from the registry, not taken from its archive */
  resolvesBundled: boolean;
}

const NPM: PackageManager = { name: 'npm', installsMembersOptionalPeers: false, resolvesBundled: false };

/**
 * Which package manager the workspace uses: the root package.json `packageManager` field (corepack's), else
 * pnpm-workspace.yaml (pnpm), else .yarnrc.yml (yarn 2+), else npm. Lockfiles are not read for this: the files
 * above are small and every package manager writes one of them.
 */
export async function detectPackageManager(source: FileSource, rootManifest: PackageJson | undefined, pnpmWorkspace: { autoInstallPeers?: boolean } | undefined): Promise<PackageManager> {
  const field = typeof rootManifest?.raw.packageManager === 'string' ? /^(npm|pnpm|yarn)@(\d+)/.exec(rootManifest.raw.packageManager) : null;
  if (field) {
    const name = field[1] as PackageManagerName;
    if (name === 'pnpm') return pnpm(source, pnpmWorkspace, 'package.json');
    if (name === 'yarn') return { ...NPM, name, namedIn: 'package.json', resolvesBundled: Number(field[2]) >= 2 };
    return { ...NPM, namedIn: 'package.json' };
  }
  if (pnpmWorkspace) return pnpm(source, pnpmWorkspace, 'pnpm-workspace.yaml');
  if ((await source.readText('.yarnrc.yml')) !== undefined) return { ...NPM, name: 'yarn', namedIn: '.yarnrc.yml', resolvesBundled: true };
  return NPM;
}

/** pnpm's autoInstallPeers: pnpm-workspace.yaml (pnpm 10), else the project .npmrc's auto-install-peers, else on. */
async function pnpm(source: FileSource, workspace: { autoInstallPeers?: boolean } | undefined, namedIn: string): Promise<PackageManager> {
  let auto = workspace?.autoInstallPeers;
  if (auto === undefined) {
    const line = /^\s*auto-install-peers\s*=\s*(\S+)\s*$/m.exec((await source.readText('.npmrc')) ?? '');
    auto = line ? line[1] !== 'false' : true;
  }
  return { name: 'pnpm', namedIn, installsMembersOptionalPeers: auto, resolvesBundled: false };
}
