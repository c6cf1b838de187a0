import type { SourcePosition } from '../errors.js';
import { describeVersions } from './describe-set.js';
import type { Incompatibility } from './incompatibility.js';
import { isPositive, type Term } from './term.js';
import type { Universe } from './universe.js';

/**
 * Why version solving failed, as data (pubgrub-rs's DerivationTree, Dart pub's IncompatibilityCause): external
 * facts given by the problem, and derived facts, each from two others. Nodes are listed once, with ids, so a fact
 * used twice is shared. The words are made by src/report/derivation.ts.
 */
export interface Derivation {
  /** the id of the failure: the root of the tree */
  root: number;
  /** every node, the root last; ids are indexes */
  nodes: DerivationNode[];
}

export interface DerivationNode {
  id: number;
  /** the versions that cannot all be selected together */
  terms: DerivationTerm[];
  cause: DerivationCause;
}

/** A statement about one package, with its version set already described ("^1.0.0", ">=1.2.0 <=1.4.3"). */
export interface DerivationTerm {
  /** the package as users know it */
  package: string;
  /** "foo ^1" (positive) or "not foo ^1" */
  positive: boolean;
  /** the term as words: "foo >=1.0.0", "every version of foo", "foo", or the root's name */
  text: string;
  /** the set is every version of the package */
  whole: boolean;
  /** the term is about the root (the workspace) */
  root: boolean;
}

export type DerivationCause =
  | { type: 'root' }
  | {
      type: 'dependency';
      /** the depender as a term ("@fam/api", "react-dom 18.2.0") */
      depender: string;
      dependency: string;
      range: string;
      /** "depends on", "needs peer", "includes", "is asked to take" */
      verb: string;
      /** where the requirement is written, when it is in a member's manifest */
      position?: SourcePosition;
      /** how a requirement from a package was reached (member › package › …) */
      via?: string[];
      optionalPeer?: boolean;
      /** no usable version of the dependency satisfies the range, so the depender alone is unusable */
      unsatisfiable?: boolean;
      /** the registry has no such package */
      missing?: boolean;
    }
  | { type: 'noVersions'; package: string; missing: boolean }
  | { type: 'unavailable'; package: string; version: string; reason: string }
  | { type: 'derived'; left: number; right: number };

export interface DerivationContext {
  universes: ReadonlyMap<string, Universe>;
  rootPkg: string;
  /** users' name for a solver package */
  display(pkg: string): string;
  /** how the root reads ("the workspace") */
  rootName?: string;
}

/** Converts a failed solve into a derivation: a depth-first walk, so equal inputs give equal ids. */
export function toDerivation(failure: Incompatibility, ctx: DerivationContext): Derivation {
  const ids = new Map<Incompatibility, number>();
  const nodes: DerivationNode[] = [];
  const visit = (inc: Incompatibility): number => {
    const known = ids.get(inc);
    if (known !== undefined) return known;
    let cause: DerivationCause;
    if (inc.cause.kind === 'derived') {
      const left = visit(inc.cause.left);
      const right = visit(inc.cause.right);
      cause = { type: 'derived', left, right };
    } else {
      cause = externalCause(inc, ctx);
    }
    const id = nodes.length;
    nodes.push({ id, terms: inc.terms.map((t) => termData(t, ctx)), cause });
    ids.set(inc, id);
    return id;
  };
  const root = visit(failure);
  return { root, nodes };
}

function termData(t: Term, ctx: DerivationContext): DerivationTerm {
  const u = ctx.universes.get(t.pkg)!;
  const positive = isPositive(t, u);
  const bits = positive ? t.bits & u.all : (u.full ^ t.bits) & u.all;
  const name = ctx.display(t.pkg);
  const root = t.pkg === ctx.rootPkg;
  let text: string;
  if (root) text = ctx.rootName ?? name;
  else if (u.versions.length === 1 && bits === u.all) text = name;
  else {
    const set = describeVersions(u, bits);
    text = set === 'any version' ? `every version of ${name}` : `${name} ${set}`;
  }
  return { package: name, positive, text, whole: (t.bits & u.all) === u.all, root };
}

function externalCause(inc: Incompatibility, ctx: DerivationContext): DerivationCause {
  const c = inc.cause;
  switch (c.kind) {
    case 'root':
      return { type: 'root' };
    case 'dependency': {
      const depender = inc.terms.find((t) => t.pkg === c.depender);
      const depU = ctx.universes.get(c.dependency)!;
      const dropped = !inc.terms.some((t) => t.pkg === c.dependency);
      return {
        type: 'dependency',
        depender: depender ? termData(depender, ctx).text : ctx.display(c.depender),
        dependency: ctx.display(c.dependency),
        range: c.range,
        verb: c.verb ?? 'depends on',
        ...(c.position ? { position: c.position } : {}),
        ...(c.via ? { via: c.via } : {}),
        ...(c.optionalPeer ? { optionalPeer: true } : {}),
        ...(dropped ? { unsatisfiable: true } : {}),
        ...(dropped && depU.versions.length === 0 ? { missing: true } : {}),
      };
    }
    case 'noVersions': {
      const t = inc.terms[0]!;
      return { type: 'noVersions', package: ctx.display(t.pkg), missing: ctx.universes.get(t.pkg)!.versions.length === 0 };
    }
    case 'unavailable': {
      const t = inc.terms[0]!;
      const u = ctx.universes.get(t.pkg)!;
      return { type: 'unavailable', package: ctx.display(t.pkg), version: u.newest(t.bits & u.all) ?? '', reason: c.reason };
    }
    default:
      throw new Error('a derived cause is not external');
  }
}

/** The external facts a derivation bottoms out in (its leaves), in id order. */
export function leaves(d: Derivation): DerivationNode[] {
  return d.nodes.filter((n) => n.cause.type !== 'derived');
}
