import type { SourcePosition } from '../errors.js';
import type { Dependency } from '../solver/provider.js';

/** What a dependency says besides its slot, range and versions (see Dependency). */
export type DependencyNotes = Pick<Dependency, 'position' | 'via' | 'ifPresent' | 'verb' | 'source'>;

/** The versions of a slot that satisfy a range: the provider's, computed once per name and range. */
export type Matcher = (slot: string, range: string) => readonly string[];

/**
 * A dependency as the npm provider gives it to the solver. Every one has the same fields in the same order, so they
 * share one hidden class: object literals with a getter and spread notes took a hidden class and a dictionary of
 * their own each, about 500 bytes a dependency against 100, and 27 MB of a 10,000-package generate. The accepted
 * versions are worked out when first read (the solver reads them only of the version it decides, not of the
 * neighbours it compares).
 */
export class SlotDependency implements Dependency {
  readonly position: SourcePosition | undefined;
  readonly via: string[] | undefined;
  readonly ifPresent: boolean | undefined;
  readonly verb: string | undefined;
  readonly source: string | undefined;
  private list: readonly string[] | undefined;
  private readonly matcher: Matcher | undefined;
  private readonly matchRange: string;

  /** `versions` is the list itself, or the matcher and the range to match (when it differs from `range`, a label). */
  constructor(
    readonly pkg: string,
    readonly range: string,
    versions: readonly string[] | { matcher: Matcher; range: string },
    notes: DependencyNotes = {},
  ) {
    this.position = notes.position;
    this.via = notes.via;
    this.ifPresent = notes.ifPresent;
    this.verb = notes.verb;
    this.source = notes.source;
    if (Array.isArray(versions)) {
      this.list = versions as readonly string[];
      this.matcher = undefined;
      this.matchRange = range;
    } else {
      const lazy = versions as { matcher: Matcher; range: string };
      this.list = undefined;
      this.matcher = lazy.matcher;
      this.matchRange = lazy.range;
    }
  }

  get versions(): readonly string[] {
    this.list ??= this.matcher!(this.pkg, this.matchRange);
    return this.list;
  }

  /** The same dependency derived from `source` (for the solver's widening, Dependency.source). */
  withSource(source: string): SlotDependency {
    return new SlotDependency(this.pkg, this.range, this.list ?? { matcher: this.matcher!, range: this.matchRange }, { position: this.position, via: this.via, ifPresent: this.ifPresent, verb: this.verb, source });
  }
}
