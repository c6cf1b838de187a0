import type { Bump, HeldBack, PinMove } from '../propose/plan.js';
import { code, escapeMarkdown } from './markdown-escape.js';
import type { Style } from './style.js';

export const PROPOSE_MARKER = '<!-- constrain:propose -->';
/** GitHub refuses bodies over 65,536 characters; stay well below. */
export const BODY_LIMIT = 60_000;

/** A release beyond the pins that would break members (from constrain forecast). */
export interface ComingUp {
  package: string;
  version: string;
  members: string[];
}

export interface ProposalView {
  bumps: Bump[];
  heldBack: HeldBack[];
  added: PinMove[];
  removed: PinMove[];
  comingUp?: ComingUp[];
}

function comingUpSection(items: readonly ComingUp[] | undefined): string[] {
  if (!items?.length) return [];
  return [
    '',
    '### Coming up',
    '',
    'Majors already released that would break members if taken (`constrain forecast` says why):',
    '',
    ...items.map((c) => `- ${code(`${c.package}@${c.version}`)} would break ${c.members.map((m) => code(m)).join(', ')}`),
  ];
}

const npmLink = (name: string, version: string) => `[${escapeMarkdown(`${name}`)}](https://www.npmjs.com/package/${name.split('/').map(encodeURIComponent).join('/')}/v/${encodeURIComponent(version)})`;

/** The pull request body (and `--format markdown`): bumps table, held-back list with reasons, how to reproduce. */
export function renderProposalMarkdown(p: ProposalView, opts: { constraintsFile: string; limit?: number } = { constraintsFile: 'constraints/constraints.yaml' }): string {
  const parts: string[] = [PROPOSE_MARKER, '## constrain: dependency pin updates', ''];
  if (p.bumps.length > 0) {
    parts.push(`${p.bumps.length} pin${p.bumps.length === 1 ? '' : 's'} move${p.bumps.length === 1 ? 's' : ''} and every change stays co-installable.`, '');
    parts.push('| package | from | to | type | published | notes |', '| --- | --- | --- | --- | --- | --- |');
    for (const b of p.bumps) {
      const notes = b.releaseNotes ? `[release notes](${encodeURI(b.releaseNotes).replace(/[()]/g, encodeURIComponent)})` : '';
      parts.push(`| ${npmLink(b.package, b.to)} | ${code(b.from)} | ${code(b.to)} | ${b.type} | ${b.published ? b.published.slice(0, 10) : ''} | ${notes} |`);
    }
  } else {
    parts.push('No pin can move.');
  }
  if (p.added.length || p.removed.length) {
    parts.push('', '### Transitive pins', '');
    for (const a of p.added) parts.push(`- added ${code(`${a.package}@${a.version}`)}`);
    for (const r of p.removed) parts.push(`- removed ${code(`${r.package}@${r.version}`)} (no longer needed)`);
  }
  if (p.heldBack.length > 0) {
    const { actionable, transitive } = splitHeldBack(p.heldBack);
    const item = (h: HeldBack) => `- ${code(h.package)} stays at ${code(h.current)} (newest ${code(h.newest)}): ${escapeMarkdown(h.reason.text)}`;
    parts.push('', '### Held back', '');
    for (const h of actionable) parts.push(item(h));
    if (transitive.length > 0) {
      parts.push('', `<details><summary>${transitiveSummary(transitive.length)}</summary>`, '', ...transitive.map(item), '', '</details>');
    }
  }
  parts.push(...comingUpSection(p.comingUp));
  parts.push('', '### Reproduce locally', '', '```sh', 'npx constrain-pins propose          # what would change, and why the rest cannot', 'npx constrain-pins propose --write  # rewrite ' + opts.constraintsFile, 'npx constrain-pins check', '```', '');
  const body = parts.join('\n');
  const limit = opts.limit ?? BODY_LIMIT;
  if (body.length <= limit) return body;
  const note = `\n\n_…truncated: the full proposal is ${body.length} characters, over GitHub's limit. Run \`constrain propose\` locally to see it._\n`;
  let cut = body.slice(0, limit - note.length);
  cut = cut.slice(0, cut.lastIndexOf('\n'));
  return `${cut}${note}`;
}

/** Held-back items a person can act on (policy, ranges, conflicts) first; transitive pins held by their dependents apart. */
export function splitHeldBack(heldBack: readonly HeldBack[]): { actionable: HeldBack[]; transitive: HeldBack[] } {
  return { actionable: heldBack.filter((h) => h.reason.kind !== 'dependents'), transitive: heldBack.filter((h) => h.reason.kind === 'dependents') };
}

const transitiveSummary = (n: number) => `${n} transitive pin${n === 1 ? '' : 's'} held by ${n === 1 ? 'its' : 'their'} dependents' ranges (they move when their dependents do)`;

export function renderProposalText(p: ProposalView, style: Style, written: boolean, opts: { verbose?: boolean } = {}): string {
  const out: string[] = [];
  if (p.bumps.length) {
    out.push(style.bold(`bumps (${p.bumps.length})`));
    for (const b of p.bumps) out.push(`  ${b.package}  ${b.from} → ${style.green(b.to)}  ${b.type}${b.published ? `  published ${b.published.slice(0, 10)}` : ''}`);
  }
  if (p.added.length || p.removed.length) {
    out.push(style.bold('transitive pins'));
    for (const a of p.added) out.push(`  + ${a.package} ${a.version}`);
    for (const r of p.removed) out.push(`  - ${r.package} ${r.version}`);
  }
  if (p.heldBack.length) {
    const { actionable, transitive } = splitHeldBack(p.heldBack);
    const line = (h: HeldBack) => `  ${h.package}  ${h.current} (newest ${h.newest}): ${style.yellow(h.reason.text)}`;
    out.push(style.bold(`held back (${p.heldBack.length})`));
    for (const h of actionable) out.push(line(h));
    if (transitive.length > 0) {
      if (opts.verbose) for (const h of transitive) out.push(line(h));
      else out.push(style.dim(`  … and ${transitiveSummary(transitive.length)}; --verbose lists them`));
    }
  }
  if (p.comingUp?.length) {
    out.push(style.bold(`coming up (${p.comingUp.length})`));
    for (const c of p.comingUp) out.push(`  ${c.package}@${c.version} would break ${c.members.join(', ')}  ${style.dim(`(constrain forecast ${c.package})`)}`);
  }
  const verdict = p.bumps.length === 0 && !p.added.length && !p.removed.length ? 'nothing to bump' : written ? 'constraints file written' : 'run with --write to apply';
  out.push(`${p.bumps.length} bump${p.bumps.length === 1 ? '' : 's'}, ${p.heldBack.length} held back: ${verdict}`);
  return `${out.join('\n')}\n`;
}

export const DASHBOARD_MARKER = '<!-- constrain:dashboard -->';

/** Dashboard sections, in the order a person acts on them. */
const DASHBOARD_SECTIONS: [HeldBack['reason']['kind'], string][] = [
  ['range', "Outside a member's range: widen the range to take it"],
  ['conflict', 'Conflicts: taking it would break co-installability'],
  ['hold', 'On hold (constrain.config.yaml hold)'],
  ['exclude', 'Excluded (constrain.config.yaml exclude)'],
  ['engines', "Needs a Node version the configured engines don't cover"],
  ['group', 'Waiting for the rest of its release train'],
  ['deprecated', 'Deprecated upstream'],
  ['prerelease', 'Prereleases'],
  ['age', 'Too new (propose.minimumReleaseAge)'],
];

/**
 * The dashboard issue: what is held back and why, grouped by reason, actionable groups first; transitive pins held
 * by their dependents in a collapsed block.
 */
export function renderDashboard(heldBack: readonly HeldBack[], comingUp?: readonly ComingUp[]): string {
  const parts: string[] = [DASHBOARD_MARKER, '## constrain: dependency dashboard', ''];
  parts.push(`${heldBack.length} pin${heldBack.length === 1 ? ' is' : 's are'} held back. The weekly proposal takes every other bump that stays co-installable.`);
  const item = (h: HeldBack) => `- ${code(h.package)} stays at ${code(h.current)} (newest ${code(h.newest)}): ${escapeMarkdown(h.reason.text)}`;
  for (const [kind, title] of DASHBOARD_SECTIONS) {
    const group = heldBack.filter((h) => h.reason.kind === kind);
    if (group.length > 0) parts.push('', `### ${title} (${group.length})`, '', ...group.map(item));
  }
  const { transitive } = splitHeldBack(heldBack);
  if (transitive.length > 0) parts.push('', `<details><summary>${transitiveSummary(transitive.length)}</summary>`, '', ...transitive.map(item), '', '</details>');
  parts.push(...comingUpSection(comingUp));
  parts.push('', '_Kept up to date by `constrain propose --dashboard`; closed when nothing is held back._', '');
  return parts.join('\n');
}
