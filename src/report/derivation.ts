import type { Derivation, DerivationCause, DerivationNode } from '../solver/derivation.js';

interface Line {
  text: string;
  number?: number;
}

/**
 * A derivation as numbered sentences in the PubGrub style (Dart pub's doc/solver.md, "Error Reporting"): facts used
 * twice get line numbers, linear chains read as "Because …, … . And because …, … .", and the last line starts with
 * "So,". `rootName` is how the root reads ("the workspace").
 */
export function renderDerivation(d: Derivation, rootName = 'the workspace'): string {
  const node = (id: number) => d.nodes[id]!;
  const failure = node(d.root);
  const uses = new Map<number, number>();
  const count = (n: DerivationNode) => {
    if (n.cause.type !== 'derived') return;
    for (const c of [n.cause.left, n.cause.right]) {
      uses.set(c, (uses.get(c) ?? 0) + 1);
      if ((uses.get(c) ?? 0) === 1) count(node(c));
    }
  };
  count(failure);
  const lines: Line[] = [];
  const numbers = new Map<number, number>();
  let nextNumber = 1;
  const text = (n: DerivationNode) => nodeText(n, rootName);
  const external = (n: DerivationNode) => n.cause.type !== 'derived';
  /** "X depends on both A and B" when two external facts share their subject, as pub writes it */
  const both = (a: DerivationNode, b: DerivationNode): string => {
    const ca = a.cause;
    const cb = b.cause;
    if (ca.type === 'dependency' && cb.type === 'dependency' && ca.depender === cb.depender && ca.verb === cb.verb && !ca.optionalPeer && !cb.optionalPeer) {
      const ta = text(a);
      const tb = text(b);
      const prefix = `${ca.depender} ${ca.verb} `;
      if (ta.startsWith(prefix) && tb.startsWith(prefix)) return `${prefix}both ${ta.slice(prefix.length)} and ${tb.slice(prefix.length)}`;
    }
    return `${text(a)} and ${text(b)}`;
  };
  const write = (n: DerivationNode, sentence: string, numbered = false) => {
    const line: Line = { text: sentence };
    if (numbered || (uses.get(n.id) ?? 0) > 1) {
      line.number = nextNumber++;
      numbers.set(n.id, line.number);
    }
    lines.push(line);
  };
  const ref = (n: DerivationNode) => `${text(n)} (${numbers.get(n.id)})`;
  const simple = (n: DerivationNode) => n.cause.type === 'derived' && external(node(n.cause.left)) && external(node(n.cause.right));

  const visit = (n: DerivationNode, conclusion = false): void => {
    if (n.cause.type !== 'derived') return;
    const left = node(n.cause.left);
    const right = node(n.cause.right);
    const numbered = conclusion;
    if (!external(left) && !external(right)) {
      const ln = numbers.get(left.id);
      const rn = numbers.get(right.id);
      if (ln !== undefined && rn !== undefined) {
        write(n, `Because ${ref(left)} and ${ref(right)}, ${text(n)}.`, numbered);
      } else if (ln !== undefined || rn !== undefined) {
        const [withNo, without] = ln !== undefined ? [left, right] : [right, left];
        visit(without);
        write(n, `And because ${ref(withNo)}, ${text(n)}.`, numbered);
      } else if (simple(left) || simple(right)) {
        const [s, complex] = simple(left) ? [left, right] : [right, left];
        visit(complex);
        visit(s);
        write(n, `Thus, ${text(n)}.`, numbered);
      } else {
        visit(left, true);
        if (!numbers.has(left.id)) {
          const last = lines[lines.length - 1]!;
          last.number ??= nextNumber++;
          numbers.set(left.id, last.number);
        }
        lines.push({ text: '' });
        visit(right);
        write(n, `And because ${ref(left)}, ${text(n)}.`, numbered);
      }
    } else if (!external(left) || !external(right)) {
      const [derived, ext] = external(left) ? [right, left] : [left, right];
      if (numbers.has(derived.id)) {
        write(n, `Because ${text(ext)} and ${ref(derived)}, ${text(n)}.`, numbered);
      } else if (derived.cause.type === 'derived' && external(node(derived.cause.left)) !== external(node(derived.cause.right)) && !((uses.get(derived.id) ?? 0) > 1)) {
        const dl = node(derived.cause.left);
        const dr = node(derived.cause.right);
        const [priorDerived, priorExternal] = external(dl) ? [dr, dl] : [dl, dr];
        if (numbers.has(priorDerived.id)) {
          write(n, `Because ${text(priorExternal)} and ${text(ext)} and ${ref(priorDerived)}, ${text(n)}.`, numbered);
        } else {
          visit(priorDerived);
          write(n, `And because ${both(priorExternal, ext)}, ${text(n)}.`, numbered);
        }
      } else {
        visit(derived);
        write(n, `And because ${text(ext)}, ${text(n)}.`, numbered);
      }
    } else {
      write(n, `Because ${both(left, right)}, ${text(n)}.`, numbered);
    }
  };

  if (failure.cause.type !== 'derived') return `Because ${text(failure)}, ${rootName} cannot be installed.`;
  visit(failure);
  // the last sentence is the conclusion
  const last = lines[lines.length - 1]!;
  if (lines.filter((l) => l.text).length > 1) last.text = last.text.replace(/^(And because|Because|Thus,)/, (m) => (m === 'Thus,' ? 'So,' : 'So, because'));
  const width = String(nextNumber - 1).length;
  return lines
    .map((l) => (l.text === '' ? '' : l.number !== undefined ? `(${l.number}) ${l.text}` : nextNumber > 1 ? `${' '.repeat(width + 3)}${l.text}` : l.text))
    .join('\n');
}

/** Where a requirement is written: "(packages/api/package.json:12)", "(via @fam/api > react-dom@18.2.0)". */
function where(c: Extract<DerivationCause, { type: 'dependency' }>): string {
  if (c.position) return ` (${c.position.file}:${c.position.line})`;
  if (c.via && c.via.length > 1) return ` (via ${c.via.join(' > ')})`;
  return '';
}

/** One node as a clause of a sentence. */
export function nodeText(n: DerivationNode, rootName: string): string {
  const c = n.cause;
  if (c.type === 'root') return `${rootName} is being installed`;
  if (c.type === 'dependency') {
    if (c.unsatisfiable) {
      // the dependency's term matched nothing and was dropped: the depender alone is unusable
      if (c.missing) return `${c.depender} ${c.verb} ${c.dependency}${where(c)}, which does not exist on the registry`;
      return `${c.depender} ${c.verb} ${c.dependency} ${c.range}${where(c)}, which no usable version of ${c.dependency} satisfies`;
    }
    // the highest-pin rules bind another slot of the name only when it is there: their verb says it all
    if (c.optionalPeer && (c.verb === 'caps' || c.verb === 'lifts')) return `${c.depender} ${c.verb} ${c.dependency} ${c.range}`;
    if (c.optionalPeer) return `${c.depender} needs ${c.dependency} ${c.range}${where(c)} when it is present`;
    if (c.verb === 'includes') return `${c.depender} includes ${c.dependency}`;
    return `${c.depender} ${c.verb} ${c.dependency} ${c.range}${where(c)}`;
  }
  if (c.type === 'noVersions') {
    if (c.missing) return `${c.package} does not exist on the registry`;
    return `no versions of ${n.terms[0]!.text} can be used`;
  }
  if (c.type === 'unavailable') return `${n.terms[0]!.text} cannot be used (${c.reason})`;
  const terms = n.terms;
  if (terms.length === 0) return 'version solving failed';
  if (terms.length === 1) {
    const t = terms[0]!;
    if (t.root) return `${rootName} cannot be installed`;
    if (t.positive && t.whole) return `no version of ${t.package} can be used`;
    return t.positive ? `${t.text} cannot be used` : `${t.text} is required`;
  }
  const positives = terms.filter((t) => t.positive);
  const negatives = terms.filter((t) => !t.positive);
  if (positives.length === 1 && negatives.length === 1) return `${positives[0]!.text} requires ${negatives[0]!.text}`;
  if (negatives.length === 0 && positives.length === 2) return `${positives[0]!.text} is incompatible with ${positives[1]!.text}`;
  if (negatives.length === 0) return `${positives.map((t) => t.text).join(', ')} cannot all be used together`;
  return `${positives.map((t) => t.text).join(' and ')} requires ${negatives.map((t) => t.text).join(' or ')}`;
}
