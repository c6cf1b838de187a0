import type { RootCause, RootFact, RootFix } from '../check/root-causes.js';

const loc = (f: { file?: string; line?: number }) => (f.file ? `${f.file}${f.line !== undefined ? `:${f.line}` : ''}` : '');
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The fix in words: "widen packages/api/package.json:12 to ^5.0.0". */
export function fixText(fix: RootFix): string {
  switch (fix.type) {
    case 'widen':
      if (fix.to === undefined) return fix.suggestion ?? `widen ${loc(fix) || `the range on ${fix.name}`} (${fix.name} ${fix.from})`;
      return `widen ${loc(fix) || `the range on ${fix.name}`} (${fix.name} ${fix.from}) to ${fix.to}`;
    case 'avoid':
      return fix.use
        ? `move off ${fix.package} ${fix.version}: ${fix.package} ${fix.use} is the newest whose requirements fit, so narrow the ranges on ${fix.package} to ^${fix.use} (or wait for a fixed release)`
        : `move off ${fix.package} ${fix.version}, or widen the ranges its requirements conflict with`;
    case 'lift':
      return fix.policy === 'engines'
        ? `widen engines.node${loc(fix) ? ` in ${loc(fix)}` : ''} (every version ${fix.name} needs is refused by it)`
        : `lift the ${fix.policy} of ${fix.name}${loc(fix) ? ` (${loc(fix)})` : ''}`;
    case 'pin':
      return fix.suggestion ?? `move the pin of ${fix.name}`;
    case 'relock':
      return `regenerate ${fix.file} (constrain export, then the package manager's install)`;
  }
}

/** The fact in words: what stands in the way. */
export function factText(fact: RootFact): string {
  switch (fact.type) {
    case 'range':
      return `${fact.member} requires ${fact.name} ${fact.range}${loc(fact) ? ` (${loc(fact)})` : ''}`;
    case 'upstream':
      return `${fact.package} ${fact.version} requires ${fact.requires.map((r) => `${r.name} ${r.range}`).join(' and ')}`;
    case 'policy':
      return `${fact.policy} of ${fact.name} ${fact.value}${loc(fact) ? ` (${loc(fact)})` : ''}`;
    case 'pin':
      return `the pin of ${fact.name}${fact.pins.length ? ` (${fact.pins.join(', ')})` : ' is missing'}${loc(fact) ? ` at ${loc(fact)}` : ''}`;
    case 'lockfile':
      return `${fact.file} installs versions that are not pins`;
  }
}

/** "— clears 7 findings in 4 members" */
export function clearsText(c: RootCause): string {
  return `clears ${plural(c.findings, 'finding')}${c.members.length ? ` in ${plural(c.members.length, 'member')}` : ''}`;
}

/** Text: the ranked causes, the fix first. */
export function renderRootCausesText(causes: readonly RootCause[], dim: (s: string) => string = (s) => s): string[] {
  if (causes.length === 0) return [];
  const out = [`root causes (${causes.length}), the change that clears most first:`];
  causes.forEach((c, i) => {
    out.push(`  ${i + 1}. ${fixText(c.fix)} — ${clearsText(c)}`);
    out.push(dim(`     because ${factText(c.fact)}${c.members.length ? `; breaks ${c.members.join(', ')}` : ''}`));
  });
  return out;
}
