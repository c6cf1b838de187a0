import { describeVersions } from './describe-set.js';
import type { Incompatibility } from './incompatibility.js';
import { isPositive, type Term } from './term.js';
import type { Universe } from './universe.js';

export interface ExplainContext {
  universes: ReadonlyMap<string, Universe>;
  rootPkg: string;
  /** users' name for a solver package */
  display(pkg: string): string;
  /** how the root reads ("the workspace") */
  rootName?: string;
}

interface Line {
  text: string;
  number?: number;
}

/**
 * Turns the derivation of a failure into numbered sentences in the PubGrub style
 * (Dart pub's doc/solver.md, "Error Reporting"): facts used twice get line numbers, linear chains read
 * as "Because …, … . And because …, … .", and the last line starts with "So,".
 */
export function explainFailure(failure: Incompatibility, ctx: ExplainContext): string {
  const uses = new Map<Incompatibility, number>();
  const count = (inc: Incompatibility) => {
    if (inc.cause.kind !== 'derived') return;
    for (const c of [inc.cause.left, inc.cause.right]) {
      uses.set(c, (uses.get(c) ?? 0) + 1);
      if ((uses.get(c) ?? 0) === 1) count(c);
    }
  };
  count(failure);
  const lines: Line[] = [];
  const numbers = new Map<Incompatibility, number>();
  let nextNumber = 1;
  const text = (inc: Incompatibility) => incompatibilityText(inc, ctx);
  /** "X depends on both A and B" when two external facts share their subject, as pub writes it */
  const both = (a: Incompatibility, b: Incompatibility): string => {
    const ca = a.cause;
    const cb = b.cause;
    if (ca.kind === 'dependency' && cb.kind === 'dependency' && ca.depender === cb.depender && (ca.verb ?? '') === (cb.verb ?? '') && !ca.optionalPeer && !cb.optionalPeer) {
      const ta = text(a);
      const tb = text(b);
      const subject = dependerText(a, ctx);
      const verb = ca.verb ?? 'depends on';
      const prefix = `${subject} ${verb} `;
      if (ta.startsWith(prefix) && tb.startsWith(prefix)) return `${prefix}both ${ta.slice(prefix.length)} and ${tb.slice(prefix.length)}`;
    }
    return `${text(a)} and ${text(b)}`;
  };
  const write = (inc: Incompatibility, sentence: string, numbered = false) => {
    const line: Line = { text: sentence };
    if (numbered || (uses.get(inc) ?? 0) > 1) {
      line.number = nextNumber++;
      numbers.set(inc, line.number);
    }
    lines.push(line);
  };
  const ref = (inc: Incompatibility) => `${text(inc)} (${numbers.get(inc)})`;
  const isExternal = (inc: Incompatibility) => inc.cause.kind !== 'derived';
  const simple = (inc: Incompatibility) => inc.cause.kind === 'derived' && isExternal(inc.cause.left) && isExternal(inc.cause.right);

  const visit = (inc: Incompatibility, conclusion = false): void => {
    if (inc.cause.kind !== 'derived') return;
    const { left, right } = inc.cause;
    const numbered = conclusion;
    if (!isExternal(left) && !isExternal(right)) {
      const ln = numbers.get(left);
      const rn = numbers.get(right);
      if (ln !== undefined && rn !== undefined) {
        write(inc, `Because ${ref(left)} and ${ref(right)}, ${text(inc)}.`, numbered);
      } else if (ln !== undefined || rn !== undefined) {
        const [withNo, without] = ln !== undefined ? [left, right] : [right, left];
        visit(without);
        write(inc, `And because ${ref(withNo)}, ${text(inc)}.`, numbered);
      } else if (simple(left) || simple(right)) {
        const [s, complex] = simple(left) ? [left, right] : [right, left];
        visit(complex);
        visit(s);
        write(inc, `Thus, ${text(inc)}.`, numbered);
      } else {
        visit(left, true);
        if (!numbers.has(left)) {
          const last = lines[lines.length - 1]!;
          last.number ??= nextNumber++;
          numbers.set(left, last.number);
        }
        lines.push({ text: '' });
        visit(right);
        write(inc, `And because ${ref(left)}, ${text(inc)}.`, numbered);
      }
    } else if (!isExternal(left) || !isExternal(right)) {
      const [derived, external] = isExternal(left) ? [right, left] : [left, right];
      if (numbers.has(derived)) {
        write(inc, `Because ${text(external)} and ${ref(derived)}, ${text(inc)}.`, numbered);
      } else if (derived.cause.kind === 'derived' && isExternal(derived.cause.left) !== isExternal(derived.cause.right) && !((uses.get(derived) ?? 0) > 1)) {
        const d = derived.cause;
        const [priorDerived, priorExternal] = isExternal(d.left) ? [d.right, d.left] : [d.left, d.right];
        if (numbers.has(priorDerived)) {
          write(inc, `Because ${text(priorExternal)} and ${text(external)} and ${ref(priorDerived)}, ${text(inc)}.`, numbered);
        } else {
          visit(priorDerived);
          write(inc, `And because ${both(priorExternal, external)}, ${text(inc)}.`, numbered);
        }
      } else {
        visit(derived);
        write(inc, `And because ${text(external)}, ${text(inc)}.`, numbered);
      }
    } else {
      write(inc, `Because ${both(left, right)}, ${text(inc)}.`, numbered);
    }
  };

  if (failure.cause.kind !== 'derived') return `Because ${text(failure)}, ${ctx.rootName ?? ctx.display(ctx.rootPkg)} cannot be installed.`;
  visit(failure);
  // the last sentence is the conclusion
  const last = lines[lines.length - 1]!;
  if (lines.filter((l) => l.text).length > 1) last.text = last.text.replace(/^(And because|Because|Thus,)/, (m) => (m === 'Thus,' ? 'So,' : 'So, because'));
  const width = String(nextNumber - 1).length;
  return lines
    .map((l) => (l.text === '' ? '' : l.number !== undefined ? `(${l.number}) ${l.text}` : nextNumber > 1 ? `${' '.repeat(width + 3)}${l.text}` : l.text))
    .join('\n');
}

export function termText(t: Term, ctx: ExplainContext, positiveForm = false): string {
  const u = ctx.universes.get(t.pkg)!;
  const name = ctx.display(t.pkg);
  const positive = isPositive(t, u);
  const bits = positive || positiveForm ? t.bits & u.all : (u.full ^ t.bits) & u.all;
  if (t.pkg === ctx.rootPkg) return ctx.rootName ?? name;
  if (u.versions.length === 1 && bits === u.all) return name;
  const set = describeVersions(u, bits);
  if (set === 'any version') return `every version of ${name}`;
  return `${name} ${set}`;
}

function dependerText(inc: Incompatibility, ctx: ExplainContext): string {
  const c = inc.cause;
  if (c.kind !== 'dependency') return '';
  const depender = inc.terms.find((t) => t.pkg === c.depender);
  return depender ? termText(depender, ctx) : ctx.display(c.depender);
}

/** One incompatibility as a clause of a sentence. */
export function incompatibilityText(inc: Incompatibility, ctx: ExplainContext): string {
  const c = inc.cause;
  const uOf = (pkg: string) => ctx.universes.get(pkg)!;
  if (c.kind === 'root') return `${ctx.rootName ?? ctx.display(ctx.rootPkg)} is being installed`;
  if (c.kind === 'dependency') {
    const who = dependerText(inc, ctx);
    const where = c.location ? ` (${c.location})` : '';
    const depU = uOf(c.dependency);
    const name = ctx.display(c.dependency);
    const verb = c.verb ?? 'depends on';
    if (!inc.terms.some((t) => t.pkg === c.dependency)) {
      // the dependency's term matched nothing and was dropped: the depender alone is unusable
      if (depU.versions.length === 0) return `${who} ${verb} ${name}${where}, which does not exist on the registry`;
      return `${who} ${verb} ${name} ${c.range}${where}, which no usable version of ${name} satisfies`;
    }
    if (c.optionalPeer) return `${who} needs ${name} ${c.range}${where} when it is present`;
    if (verb === 'includes') return `${who} includes ${name}`;
    return `${who} ${verb} ${name} ${c.range}${where}`;
  }
  if (c.kind === 'noVersions') {
    const t = inc.terms[0]!;
    const u = uOf(t.pkg);
    if (u.versions.length === 0) return `${ctx.display(t.pkg)} does not exist on the registry`;
    return `no versions of ${termText(t, ctx)} can be used`;
  }
  if (c.kind === 'unavailable') return `${termText(inc.terms[0]!, ctx)} cannot be used (${c.reason})`;
  const terms = inc.terms;
  const rootName = ctx.rootName ?? ctx.display(ctx.rootPkg);
  if (terms.length === 0) return 'version solving failed';
  if (terms.length === 1) {
    const t = terms[0]!;
    if (t.pkg === ctx.rootPkg) return `${rootName} cannot be installed`;
    const u = uOf(t.pkg);
    if (isPositive(t, u) && (t.bits & u.all) === u.all) return `no version of ${ctx.display(t.pkg)} can be used`;
    return isPositive(t, u) ? `${termText(t, ctx)} cannot be used` : `${termText(t, ctx)} is required`;
  }
  const positives = terms.filter((t) => isPositive(t, uOf(t.pkg)));
  const negatives = terms.filter((t) => !isPositive(t, uOf(t.pkg)));
  if (positives.length === 1 && negatives.length === 1) {
    const p = positives[0]!;
    const n = negatives[0]!;
    return `${termText(p, ctx)} requires ${termText(n, ctx)}`;
  }
  if (negatives.length === 0 && positives.length === 2) return `${termText(positives[0]!, ctx)} is incompatible with ${termText(positives[1]!, ctx)}`;
  if (negatives.length === 0) return `${positives.map((t) => termText(t, ctx)).join(', ')} cannot all be used together`;
  return `${positives.map((t) => termText(t, ctx)).join(' and ')} requires ${negatives.map((t) => termText(t, ctx)).join(' or ')}`;
}
