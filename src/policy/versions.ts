import semver from 'semver';
import type { Config, Exclusion } from '../config/types.js';
import type { Packument } from '../registry/types.js';
import { satisfies, versionsNewestFirst } from './semver-cache.js';

export { versionsNewestFirst };

export function exclusionFor(config: Config, name: string, version: string): Exclusion | undefined {
  return config.exclude.find((e) => e.name === name && semver.satisfies(version, e.range, { includePrerelease: true }));
}

/** Whether a version's engines.node admits every Node version of the configured range. */
const admitted = new Map<string, boolean>();

export function enginesAdmit(versionEngines: string | undefined, configured: string | undefined): boolean {
  if (!versionEngines || !configured) return true;
  const key = `${configured}\0${versionEngines}`;
  let ok = admitted.get(key);
  if (ok === undefined) {
    try {
      ok = semver.subset(configured, versionEngines, { includePrerelease: false });
    } catch {
      ok = true;
    }
    admitted.set(key, ok);
  }
  return ok;
}

/** The configured Node range: config engines.node, else the root package.json engines.node. */
export function configuredNode(config: Config, rootEngines: string | undefined): string | undefined {
  return config.engines.node ?? rootEngines;
}

/** A version fit to pin: published, not excluded, supporting the configured Node versions. */
function pinnable(config: Config, node: string | undefined, p: Packument, version: string): boolean {
  const info = p.versions[version];
  return !!info && !exclusionFor(config, p.name, version) && enginesAdmit(info.enginesNode, node);
}

/** The newest version satisfying every range that policy allows (non-deprecated preferred); undefined when none. */
export function newestAllowed(config: Config, node: string | undefined, p: Packument | null | undefined, ranges: readonly string[]): string | undefined {
  if (!p) return undefined;
  const fits = versionsNewestFirst(p).filter((v) => ranges.every((r) => satisfies(v, r)) && pinnable(config, node, p, v));
  return fits.find((v) => !p.versions[v]?.deprecated) ?? fits[0];
}

/** Whether some published version satisfies every range (policy ignored). */
export function anyPublishedSatisfiesAll(p: Packument | null | undefined, ranges: readonly string[]): boolean {
  if (!p) return false;
  for (const v of Object.keys(p.versions)) if (ranges.every((r) => satisfies(v, r))) return true;
  return false;
}
