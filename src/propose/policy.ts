import semver from 'semver';
import type { Config } from '../config/types.js';
import type { Constraints } from '../constraints/types.js';
import { type CandidateFilter, holdFor, holdRejection, resolverPolicy } from '../policy/candidates.js';
import type { Packument } from '../registry/types.js';

/** "2 days ago", "5 hours ago" */
export function ago(ms: number): string {
  const units: [number, string][] = [
    [864e5, 'day'],
    [36e5, 'hour'],
    [6e4, 'minute'],
  ];
  for (const [size, name] of units) {
    const n = Math.floor(ms / size);
    if (n >= 1) return `${n} ${name}${n === 1 ? '' : 's'} ago`;
  }
  return 'just now';
}

/**
 * The candidates (docs/reference.md, "propose"): not excluded, not held, not deprecated, not prerelease (unless configured or the pin is
 * one), supporting the configured Node versions, and at least minimumReleaseAge old. Versions already pinned stay
 * allowed, so a proposal never has to move a pin it cannot justify. Each rejection says why.
 */
export function proposePolicy(config: Config, node: string | undefined, constraints: Constraints, now: Date, runtime?: ReadonlySet<string>): CandidateFilter {
  const base = resolverPolicy(config, node, runtime);
  return (name: string, version: string, p: Packument) => {
    const pins = constraints.byName.get(name)?.map((x) => x.version) ?? [];
    if (pins.includes(version)) return undefined;
    const hold = holdFor(config, name, version);
    if (hold) return holdRejection(hold, `hold: ${hold.reason || `held below ${hold.below}`}${hold.until ? ` (until ${hold.until})` : ''}`);
    const policy = base(name, version, p);
    if (policy) return { ...policy, text: policy.kind === 'engines' ? `${version} ${policy.text}; engines.node is ${node}` : `${version} is ${policy.text}` };
    const info = p.versions[version];
    if (info?.deprecated) {
      const message = info.deprecated.replace(/\s+/g, ' ').trim();
      return { kind: 'deprecated', text: `${version} is deprecated: ${message}`, message };
    }
    if (semver.prerelease(version) && !config.propose.prerelease && !pins.some((v) => semver.prerelease(v))) return { kind: 'prerelease', text: `${version} is a prerelease` };
    const published = p.time[version];
    if (config.propose.minimumReleaseAge > 0 && published) {
      const age = now.getTime() - Date.parse(published);
      const minimum = config.propose.minimumReleaseAgeText ?? '';
      if (age < config.propose.minimumReleaseAge) return { kind: 'age', text: `${version} was published ${ago(age)}; minimumReleaseAge is ${minimum}`, published, minimumReleaseAge: minimum };
    }
    return undefined;
  };
}
