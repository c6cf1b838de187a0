import type { SourcePosition } from '../errors.js';

/** One dependency of a package version, in solver terms. */
export interface Dependency {
  /** the solver package it depends on */
  pkg: string;
  /** the versions of `pkg` it accepts, a subset of `versions(pkg)` */
  versions: readonly string[];
  /** the range as written, for explanations */
  range: string;
  /** where it is written, for explanations */
  position?: SourcePosition;
  /** how a requirement from a package was reached (member › package › …), for explanations */
  via?: string[];
  /** only constrains `pkg` when something else selects it (optional peers) */
  ifPresent?: boolean;
  /** how the dependency reads in explanations: "depends on" (default), "needs peer" */
  verb?: string;
  /**
   * What the provider derived this dependency from, opaque to the solver: with `declares`, it tells whether an
   * adjacent version has the same dependency without working out that version's other dependencies
   */
  source?: string;
}

export type DependenciesResult = { deps: Dependency[] } | { missing: string[] } | { unavailable: string };

/**
 * What the solver asks of the world. The solver core knows nothing about npm: the npm layer implements this
 * over prefetched metadata, so the solver never awaits.
 */
export interface DependencyProvider {
  readonly root: { pkg: string; version: string };
  /** candidate versions, oldest first; undefined when the metadata is not loaded yet */
  versions(pkg: string): readonly string[] | undefined;
  /** the dependencies of pkg@version; `missing` names packages whose metadata must be fetched first */
  dependencies(pkg: string, version: string): DependenciesResult;
  /** decision order: lower first (ties: fewest allowed versions, then name) */
  priority(pkg: string): number;
  /**
   * the version to try, given the allowed ones (oldest first); default: the newest. `decided` holds the decisions
   * made so far: all of them, or, when the provider groups packages, those of pkg's group
   */
  choose?(pkg: string, allowed: readonly string[], decided: ReadonlyMap<string, string>): string | undefined;
  /** packages whose decisions `choose` reads together (npm: the slots of one name) */
  group?(pkg: string): string;
  /** whether pkg@version declares the dependency a `source` names: it then has that same dependency */
  declares?(pkg: string, version: string, source: string): boolean;
  /** a package's name as users know it */
  display(pkg: string): string;
}

/**
 * Thrown when the solver's pause hook asks it to stop between two steps (so that fetches in flight can land);
 * solving again goes on where it stopped.
 */
export class SolverPaused extends Error {
  constructor() {
    super('the solver paused');
  }
}

/** Thrown when the solver needs metadata it does not have; the caller fetches it and solves again. */
export class NeedMetadata extends Error {
  constructor(readonly names: string[]) {
    super(`metadata needed: ${names.join(', ')}`);
  }
}
