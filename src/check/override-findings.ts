import semver from 'semver';
import { newestAllowed } from '../policy/versions.js';
import type { ForcedVersion } from '../workspace/package-json.js';
import type { PackageManagerName } from '../workspace/package-manager.js';
import { type CheckContext, pinsOf } from './context.js';
import { type Finding, makeFinding } from './finding.js';

/**
 * The registry range a forced entry sets, or undefined when it forces something constrain does not pin: "$name"
 * refers to the root's own dependency on name (npm), "npm:other@range" forces another package (left to its name's
 * pins), "-" removes the dependency (pnpm), and git, file and link specs are not registry versions.
 */
function forcedRange(f: ForcedVersion, rootSpecs: ReadonlyMap<string, string>): string | undefined {
  const spec = f.spec.startsWith('$') ? rootSpecs.get(f.spec.slice(1)) : f.spec;
  if (spec === undefined || spec.startsWith('npm:')) return undefined;
  return semver.validRange(spec) === null ? undefined : spec;
}

/** The fields each package manager reads forced versions from: pnpm reads yarn's `resolutions` too. */
const READS: Record<PackageManagerName, readonly ForcedVersion['field'][]> = { npm: ['overrides'], pnpm: ['pnpm.overrides', 'resolutions'], yarn: ['resolutions'] };

/**
 * A version the root manifest forces (npm `overrides`, `pnpm.overrides`, yarn `resolutions`) that no pin of the name
 * satisfies: the package manager installs it wherever the entry applies, so the install would not be the pins
 * (docs/reference.md, "Existing overrides"). Reported as `pin-outside-range` at the entry's line. Only the fields
 * the family's package manager reads count: npm ignores a `resolutions` left from yarn. Pure.
 */
export function overrideFindings(ctx: CheckContext): Finding[] {
  const root = ctx.workspace.rootManifest;
  if (!root) return [];
  const rootSpecs = new Map(root.dependencies.map((d) => [d.name, d.spec]));
  const reached = new Set(ctx.graph.edges.filter((e) => e.target === 'registry').map((e) => e.name));
  const findings: Finding[] = [];
  const read = READS[ctx.workspace.packageManager.name];
  for (const f of root.forced) {
    if (!read.includes(f.field)) continue;
    const range = forcedRange(f, rootSpecs);
    const pins = pinsOf(ctx, f.name);
    if (range === undefined || pins.length === 0 || !reached.has(f.name)) continue;
    if (pins.some((v) => semver.satisfies(v, range, { includePrerelease: true }))) continue;
    const target = newestAllowed(ctx.config, ctx.node, ctx.store.get(f.name), [range]);
    findings.push(
      makeFinding('pin-outside-range', {
        package: f.name,
        message: `${f.file} ${f.field} forces ${f.name} to ${f.spec} (${f.key}), but it is pinned to ${pins.join(', ')}: the package manager would install a version that is not a pin`,
        file: f.file,
        line: f.line,
        col: f.col,
        pins,
        requirements: [{ by: `${f.field} "${f.key}"`, range, path: [], file: f.file, line: f.line, col: f.col }],
        suggestion: `${target ? `pin ${f.name} to ${target}, or ` : ''}let \`constrain export\` write the pins into ${f.field}`,
      }),
    );
  }
  return findings;
}
