import { describeAllowed } from '../policy/versions.js';
import type { Packument } from '../registry/types.js';
import type { Requirement } from './finding.js';

/**
 * A short derivation for requirements that must share one version but cannot:
 * each requirement, what it allows on the registry, and the conclusion.
 */
export function explainNoCommonVersion(name: string, reqs: readonly Requirement[], p: Packument | null | undefined, why: string): string {
  const lines = reqs.map((r, i) => {
    const at = r.file ? ` (${r.file}:${r.line})` : r.path.length > 1 ? ` (via ${r.path.join(' > ')})` : '';
    return `${i + 1}. ${r.by} requires ${name} ${r.range}${at}, which allows ${describeAllowed(p, r.range)}.`;
  });
  const cited = reqs.map((_, i) => i + 1).join(', ');
  lines.push(`So, because of ${cited} and ${why}, no version of ${name} satisfies them all: ${p ? 'change a range' : `${name} does not exist on the registry`}.`);
  return lines.join('\n');
}
