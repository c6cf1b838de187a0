import semver from 'semver';
import type { Config } from '../config/types.js';
import { memberEdges } from '../graph/build.js';
import { registryRequest } from '../graph/spec.js';
import { type Edge, isAliasEdge } from '../graph/types.js';
import { dedupeTarget, isSingleVersion, membersShare, optionalDependencyInstalled, type PublishedDependency, peerPlace, publishedDependencies } from '../model/npm-model.js';
import { type CandidateFilter, candidateVersions } from '../policy/candidates.js';
import { highestVersion, isExactVersion, parsedRange, parsedVersion, satisfies } from '../policy/semver-cache.js';
import type { MetadataStore } from '../registry/metadata-store.js';
import { peekVersion, type VersionInfo } from '../registry/types.js';
import type { DependenciesResult, Dependency, DependencyProvider } from '../solver/provider.js';
import { compactArray } from '../util/compact-array.js';
import { codePointCompare } from '../util/compare.js';
import { groupBy } from '../util/group-by.js';
import { lowerBound } from '../util/lower-bound.js';
import { getOrMake } from '../util/memo-map.js';
import type { Workspace } from '../workspace/members.js';
import { type DependencyNotes, type Matcher, SlotDependency } from './slot-dependency.js';

export const WORKSPACE = '$workspace';
const MEMBER = 'member:';

/**
 * The install graph (docs/reference.md) in solver terms. Solver packages are *slots*:
 *  - NAME, the one shared version of a name that must have one: names the members require directly
 *    (members agree), singleVersion names, and peers of those;
 *  - NAME#RANGE, a nested version (npm nesting elsewhere): each distinct range may pick its own version, and
 *    `choose` reuses a version already chosen for the name when the range admits it (npm dedupes);
 *  - member:NAME, each member at its own version; and the workspace root, which includes every member.
 */
export class NpmProvider implements DependencyProvider {
  readonly root = { pkg: WORKSPACE, version: '0.0.0' };
  private readonly members: Map<string, { version: string; edges: Edge[] }>;
  /** the members a published package's dependency links by name: none under pnpm, which takes the registry's */
  private readonly linkedMembers: Map<string, string>;
  private readonly shared: Set<string>;
  private readonly membersCopy = new Map<string, string>();
  private readonly candidates = new Map<string, string[]>();
  private readonly matching = new Map<string, string[]>();
  private readonly parsed = new Map<string, semver.SemVer[]>();
  /** a published version's dependencies in solver terms: versions that share their metadata share the answer */
  private readonly byInfo = new WeakMap<VersionInfo, Published>();
  private readonly memberRangesByName = new Map<string, string[]>();
  private readonly sources = new Map<string, [PublishedDependency['type'], string, string, string]>();
  /** per (name, range): the names any matching version declares as peers */
  private readonly peerNames = new Map<string, ReadonlySet<string>>();
  /** per (name, range) of an optional dependency: whether it is installed (rule 3) */
  private readonly optionalInstalled = new Map<string, boolean>();
  /** per name: the ranges of its nested slots so far (see highestPinRules) */
  private readonly nestedRanges = new Map<string, Set<string>>();
  /** the contexts: a nested package placed beside its dependent, with its peers placed for it (see contextOf) */
  private readonly contexts = new Map<string, Context>();
  /** what a dependency reads its accepted versions with, when it first reads them */
  private readonly matcher: Matcher = (slot, range) => this.versionsMatching(slot, range)!;

  constructor(
    private readonly workspace: Workspace,
    private readonly config: Config,
    private readonly store: MetadataStore,
    private readonly filter: CandidateFilter,
    /** versions the root requires outright: propose asks "why not this version?" by forcing it */
    private readonly force: ReadonlyMap<string, string> = new Map(),
    /** versions to keep when they still fit (the current pins): generate changes only what an edit requires */
    private readonly prefer: ReadonlyMap<string, readonly string[]> = new Map(),
    /** dependent and peer names (peerBindingKey) whose dependencies' peers on that name are the dependent's own peer */
    private readonly peerBindings: ReadonlySet<string> = new Set(),
  ) {
    const edges = memberEdges(workspace, config, store);
    // each member's registry edges, grouped in one pass (a filter per member was quadratic: 600 members, 8 s)
    const byMember = groupBy(
      edges.filter((e) => e.target === 'registry' && !e.unknownTag),
      (e) => e.from,
    );
    this.members = new Map(workspace.members.map((m) => [m.name, { version: semver.valid(m.version) ?? '0.0.0', edges: byMember.get(m.name) ?? [] }]));
    this.linkedMembers = workspace.packageManager.linksMembersDeep ? new Map(workspace.members.map((m) => [m.name, m.dir])) : new Map();
    for (const m of this.members.values()) for (const e of m.edges) getOrMake(this.memberRangesByName, e.name, () => []).push(e.range);
    this.shared = new Set(edges.filter((e) => e.target === 'registry' && membersShare(config, e.name, isAliasEdge(e))).map((e) => e.name));
    // the members' copy of a name, where a peer nobody nearer provides is looked up (rule 4): the slot of the first
    // member edge on it, in the order check's install graph takes them (an allowMultiple name has several copies)
    for (const e of edges) {
      if (e.target !== 'registry' || isAliasEdge(e) || e.unknownTag || e.optionalPeer || this.membersCopy.has(e.name)) continue;
      this.membersCopy.set(e.name, this.slotFor(e.name, e.range, membersShare(config, e.name, false)));
    }
  }

  /** The registry names and ranges the members require directly (for prefetching). */
  memberRanges(): { name: string; range: string }[] {
    return [...this.members.values()].flatMap((m) => m.edges.map((e) => ({ name: e.name, range: e.range })));
  }

  private isShared(name: string): boolean {
    return this.shared.has(name) || isSingleVersion(this.config, name);
  }

  private nameCandidates(name: string): string[] | undefined {
    let list = this.candidates.get(name);
    if (!list) {
      const p = this.store.get(name);
      if (p === undefined) return undefined;
      list = p === null ? [] : candidateVersions(p, this.filter);
      this.candidates.set(name, list);
    }
    return list;
  }

  /** The slot an edge on `name` with `range` goes to. */
  slotFor(name: string, range: string, sharedWanted: boolean): string {
    if (sharedWanted && this.isShared(name)) return name;
    if (isSingleVersion(this.config, name)) return name;
    return `${name}#${range}`;
  }

  versions(pkg: string): readonly string[] | undefined {
    if (pkg === WORKSPACE) return ['0.0.0'];
    if (pkg.startsWith(MEMBER)) return [this.members.get(pkg.slice(MEMBER.length))!.version];
    return this.nameCandidates(splitSlot(pkg)[0]);
  }

  /**
   * The slot's versions that satisfy a range, computed once per (name, range): a name's slots share its candidates,
   * and adjacent versions repeat ranges. The candidates are tested as parsed versions, parsed once per name; an
   * exact version (monorepos pin their own packages, platform binaries are exact optional dependencies) is searched for.
   */
  private versionsMatching(slot: string, range: string): string[] | undefined {
    const name = splitSlot(slot)[0];
    const key = `${name}\0${range}`;
    let list = this.matching.get(key);
    if (!list) {
      const all = this.nameCandidates(name);
      if (all === undefined) return undefined;
      const parsed = this.parsedCandidates(name, all);
      if (isExactVersion(range)) {
        // the candidates are in semver order, and semver's order ignores build metadata: the versions equal to an
        // exact range are one run, found by binary search
        const target = parsedVersion(range);
        list = [];
        if (target) for (let i = firstNotBelow(parsed, target); i < parsed.length && parsed[i]!.compare(target) === 0; i++) list.push(all[i]!);
      } else {
        const r = parsedRange(range);
        list = r ? all.filter((_, i) => r.test(parsed![i]!)) : [];
      }
      list = compactArray(list);
      this.matching.set(key, list);
    }
    return list;
  }

  /** A name's candidates as parsed versions, parsed once per name. */
  private parsedCandidates(name: string, all: readonly string[]): semver.SemVer[] {
    return getOrMake(this.parsed, name, () => all.map((v) => parsedVersion(v)!));
  }

  dependencies(pkg: string, version: string): DependenciesResult {
    if (pkg === WORKSPACE) {
      const deps: Dependency[] = [...this.members].map(([name, m]) => new SlotDependency(`${MEMBER}${name}`, m.version, [m.version], { verb: 'includes' }));
      for (const [name, version] of this.force) {
        const slot = this.slotFor(name, version, true);
        const versions = this.versionsMatching(slot, version);
        if (versions === undefined) return { missing: [name] };
        deps.push(new SlotDependency(slot, version, versions, { verb: 'is asked to take' }));
        // a forced nested version's peers are placed as for a dependent that requires nothing else
        const context = slot.includes('#') ? this.contextOf(new Map(), name, slot, version) : undefined;
        if (context) deps.push(context);
      }
      return { deps };
    }
    if (pkg.startsWith(MEMBER)) {
      const missing: string[] = [];
      const deps: Dependency[] = [];
      // the slot of each name the member requires: where the peers of its nested dependencies look (rule 4)
      const own = new Map<string, Installed>();
      for (const e of this.members.get(pkg.slice(MEMBER.length))!.edges) {
        const position = e.file !== undefined ? { position: { file: e.file, line: e.line ?? 1, col: e.col ?? 1 } } : {};
        const peer = e.type === 'peerDependencies' ? { verb: 'needs peer', ...(e.optionalPeer ? { ifPresent: true } : {}) } : {};
        const sharedWanted = membersShare(this.config, e.name, isAliasEdge(e));
        this.addDependency(deps, missing, e.name, e.range, sharedWanted, { ...position, ...peer });
        if (!own.has(e.name)) own.set(e.name, { slot: this.slotFor(e.name, e.range, sharedWanted), range: e.range });
      }
      if (missing.length === 0) deps.push(...this.contextsOf(own, new Map([...own].map(([n, i]) => [n, i.slot]))));
      return depsOrMissing(deps, missing);
    }
    const [name, nested] = splitSlot(pkg);
    const info = this.store.get(name)?.versions[version];
    if (!info) return { unavailable: 'not published' };
    const context = this.contexts.get(pkg);
    if (context) return this.contextDependencies(name, context, version, info);
    const published = this.publishedDependencies(name, info);
    if ('missing' in published) return published;
    // a shared version's peers are placed for the members; a nested one's by the context its dependent gives it
    if (nested === undefined) {
      // placed once, on the first shared version that needs them: a nested version's are its contexts'
      if (published.peers === undefined) {
        const peers: Dependency[] = [];
        const missing: string[] = [];
        this.placePeers(published.peerRequests, new Map(), published.slots, peers, missing);
        if (missing.length > 0) return depsOrMissing(peers, missing);
        published.peers = compactArray(peers);
      }
      return { deps: [...published.deps, ...published.peers] };
    }
    const lift = this.liftOf(name, version);
    const extra = [...(lift ? [lift] : []), ...this.highestPinRules(name, nested, version)];
    return { deps: extra.length > 0 ? [...published.deps, ...extra] : published.deps };
  }

  /**
   * An edge resolves to the highest pin of its name that satisfies it (docs/reference.md, "The install graph"), so
   * a nested slot's version must be that highest pin: no other slot of the name may take a version of this range
   * above it, and a slot whose range admits this version may not take one below it (its edge would resolve here).
   * Asked of the slots the solver has met so far; a slot met later is held to it when it is decided.
   */
  private highestPinRules(name: string, range: string, version: string): Dependency[] {
    const others = [...(this.nestedRanges.get(name) ?? [])].filter((r) => r !== range);
    if (others.length === 0 && !this.shared.has(name)) return [];
    const all = this.nameCandidates(name)!;
    const parsed = this.parsedCandidates(name, all);
    const v = parsedVersion(version)!;
    const out: Dependency[] = [];
    const rule = (pkg: string, allowed: string[], verb: string, label: string) => {
      if (allowed.length < all.length) out.push(new SlotDependency(pkg, label, allowed, { ifPresent: true, verb, source: `at\0${version}` }));
    };
    // the candidates are in semver order: those from `at` on are at least this version, those from `above` newer
    const at = firstNotBelow(parsed, v);
    let above = at;
    while (above < parsed.length && parsed[above]!.compare(v) === 0) above++;
    // no pin of the name in this range above this version
    const inRange = new Set(this.versionsMatching(name, range)!);
    const capped = above === all.length ? all : [...all.slice(0, above), ...all.slice(above).filter((w) => !inRange.has(w))];
    for (const other of others) {
      rule(`${name}#${other}`, capped, 'caps', `${range} at ${version}`);
      // a range that admits this version resolves to it or to a newer pin
      if (satisfies(version, other)) rule(`${name}#${other}`, all.slice(at), 'lifts', `${other} to >=${version}`);
    }
    if (this.shared.has(name)) rule(name, capped, 'caps', `${range} at ${version}`);
    return out;
  }

  /**
   * A nested version the members' ranges admit lifts the members to it: an edge resolves to the highest pin that
   * satisfies it (docs/reference.md, "The install graph"), so with this version pinned beside the members' shared
   * one, a member whose range admits it would resolve to it instead. The shared version must then be at least as
   * new. Undefined when no member's range admits the version.
   */
  private liftOf(name: string, version: string): Dependency | undefined {
    if (!this.shared.has(name)) return undefined;
    const ranges = this.memberRangesByName.get(name) ?? [];
    if (!ranges.some((r) => satisfies(version, r))) return undefined;
    const all = this.nameCandidates(name)!;
    const from = firstNotBelow(this.parsedCandidates(name, all), parsedVersion(version)!);
    return new SlotDependency(name, `>=${version}`, all.slice(from), { verb: 'lifts the members to' });
  }

  /** Adds the dependency on `name` at `range` to `deps`, or `name` to `missing` when its metadata is not in yet. */
  private addDependency(deps: Dependency[], missing: string[], name: string, range: string, sharedWanted: boolean, notes: DependencyNotes, label?: string): void {
    const slot = this.slotFor(name, range, sharedWanted);
    if (this.nameCandidates(name) === undefined) {
      missing.push(name);
      return;
    }
    if (slot.includes('#')) getOrMake(this.nestedRanges, name, () => new Set()).add(range);
    // the solver reads the accepted versions only of the version it decides, not of the neighbours it compares
    deps.push(new SlotDependency(slot, label ?? range, { matcher: this.matcher, range }, notes));
  }

  /** A registry request for a published dependency, or undefined (its metadata is then added to `missing`, or it is not the registry's). */
  private request(dep: string, spec: string, missing: string[]): { name: string; range: string; label?: string } | undefined {
    const r = registryRequest(dep, spec, this.linkedMembers, (n) => this.store.get(n)?.distTags ?? (this.store.get(n) === null ? {} : undefined), this.workspace.overrides);
    if (r && 'missing' in r) missing.push(r.name);
    return r && !('missing' in r) ? r : undefined;
  }

  /**
   * A published version in solver terms, once per distinct record: what it installs (its dependencies and optional
   * dependencies, with the contexts of the nested ones), its peers as requests, and the slot of each name it installs.
   */
  private publishedDependencies(name: string, info: VersionInfo): Published | { missing: string[] } {
    const known = this.byInfo.get(info);
    if (known) return known;
    const missing: string[] = [];
    const deps: Dependency[] = [];
    // the first slot of each name this version installs as a dependency of its own: where its dependencies' peers
    // look (a peer of its own is left out: whether npm installs it beside this package depends on the dependent)
    const own = new Map<string, Installed>();
    const installs = (dep: string, range: string) => {
      if (!own.has(dep)) own.set(dep, { slot: this.slotFor(dep, range, false), range });
    };
    // the slot of a peer of its own that `check` showed this package installs beside itself (missedPeerBindings):
    // where its dependencies' peers on that name look
    const ownPeers = new Map<string, string>();
    const peerRequests: PeerRequest[] = [];
    // for the solver's widening (declares): what each installed name's edge is derived from; an alias among them
    // makes the own slots depend on more than the specs ownSpecs reads, and the contexts are then not widened
    const sources = new Map<string, string>();
    let aliased = false;
    for (const d of publishedDependencies(info)) {
      const r = this.request(d.name, d.spec, missing);
      if (!r) continue;
      // what the dependency is derived from: a version that declares the same has the same dependency
      const source = { source: sourceOf(d.type, d.name, d.spec, d.optionalPeer) };
      if (r.name !== d.name && (d.type !== 'peerDependencies' || this.peerBindings.has(peerBindingKey(name, r.name)))) aliased = true;
      if (d.type !== 'peerDependencies' && !sources.has(r.name)) sources.set(r.name, source.source);
      if (d.type === 'dependencies') {
        this.addDependency(deps, missing, r.name, r.range, false, source, r.label);
        installs(r.name, r.range);
      } else if (d.type === 'optionalDependencies') {
        const p = this.store.get(r.name);
        if (p === undefined) missing.push(r.name);
        else if (getOrMake(this.optionalInstalled, `${r.name}\0${r.range}`, () => optionalDependencyInstalled(p, r.range))) {
          this.addDependency(deps, missing, r.name, r.range, false, source);
          installs(r.name, r.range);
        }
      } else {
        peerRequests.push({ name: r.name, range: r.range, optional: d.optionalPeer, source: source.source });
        if (!d.optionalPeer && this.peerBindings.has(peerBindingKey(name, r.name)) && !ownPeers.has(r.name)) ownPeers.set(r.name, this.slotFor(r.name, r.range, true));
      }
    }
    const slots = new Map([...ownPeers, ...[...own].map(([n, i]) => [n, i.slot] as const)]);
    if (missing.length === 0) deps.push(...this.contextsOf(own, slots, aliased ? undefined : (b) => contextSource(this.ownSpecs(name, info, b, own.get(b)!.range), sources.get(b)!)));
    if (missing.length > 0) return { missing: [...new Set(missing)].sort() };
    const result: Published = { deps: compactArray(deps), peerRequests: compactArray(peerRequests), slots };
    this.byInfo.set(info, result);
    return result;
  }

  /**
   * Rule 4 (src/model/npm-model.ts, peerPlace) for the peers of one version: each is looked up at the dependent's
   * own slot where `bindings` has one, else at the members' shared version, else installed beside the package (its
   * own peers then look where the package's edges are, `slots`), else left out.
   */
  private placePeers(requests: readonly PeerRequest[], bindings: ReadonlyMap<string, string>, slots: ReadonlyMap<string, string>, deps: Dependency[], missing: string[]): void {
    const beside: Installed[] = [];
    for (const r of requests) {
      const source = { verb: 'needs peer', source: r.source };
      const bound = bindings.get(r.name);
      const inSlot = (slot: string, notes: DependencyNotes) => {
        const versions = this.versionsMatching(slot, r.range);
        if (versions === undefined) missing.push(r.name);
        else deps.push(new SlotDependency(slot, r.range, versions, notes));
      };
      // a singleVersion name the members do not require has its one slot
      const members = this.membersCopy.get(r.name) ?? (isSingleVersion(this.config, r.name) ? r.name : undefined);
      switch (peerPlace({ dependentHas: bound !== undefined, membersHave: members !== undefined, optional: r.optional })) {
        case 'dependent':
          inSlot(bound!, source);
          break;
        case 'members':
          inSlot(members!, { ...(r.optional ? { ifPresent: true } : {}), ...source });
          break;
        case 'beside':
          this.addDependency(deps, missing, r.name, r.range, true, source);
          beside.push({ slot: this.slotFor(r.name, r.range, true), range: r.range });
          break;
        case 'absent':
          break;
      }
    }
    if (missing.length > 0) return;
    for (const { slot, range } of beside) {
      const context = this.contextOf(slots, splitSlot(slot)[0], slot, range);
      if (context) deps.push(context);
    }
  }

  /**
   * The contexts of the nested slots in `own`, whose peers look where `slots` are (see contextOf). `sourceFor` says
   * what a context is derived from, for the solver's widening (declares).
   */
  private contextsOf(own: ReadonlyMap<string, Installed>, slots: ReadonlyMap<string, string>, sourceFor?: (b: string) => string): Dependency[] {
    const out: Dependency[] = [];
    for (const [b, { slot, range }] of own) {
      const context = this.contextOf(slots, b, slot, range);
      if (context) out.push(sourceFor ? context.withSource(sourceFor(b)) : context);
    }
    return out;
  }

  /**
   * What a dependent's context of B is derived from, besides its edge on B: for each name B's versions in `range`
   * declare as peers, the dependent's own edge on it as written (ownSpec). A version with the same edge on B and the
   * same own edges has the same context.
   */
  private ownSpecs(dependent: string, info: VersionInfo, b: string, range: string): string[] {
    return [...this.peerNamesOf(b, range)].sort(codePointCompare).map((c) => `${c}=${this.ownSpec(dependent, info, c)}`);
  }

  /** A version's own edge on `c` as written, in the order its slots are taken: dependency, optional, learnt own peer. */
  private ownSpec(dependent: string, info: VersionInfo, c: string): string {
    if (info.dependencies[c] !== undefined) return `d:${info.dependencies[c]}`;
    if (info.optionalDependencies[c] !== undefined) return `o:${info.optionalDependencies[c]}`;
    if (info.peerDependencies[c] !== undefined && !info.peerOptional.includes(c) && this.peerBindings.has(peerBindingKey(dependent, c))) return `p:${info.peerDependencies[c]}`;
    return '';
  }

  /**
   * Rule 4 for a nested package B: npm places B beside its dependent, so B's peers are the dependent's to give. A
   * dependency on B whose versions declare peers gets a *context* beside it: a solver package whose version is B's
   * (it depends on B's slot at exactly that version, "pac 9.0.1 is seen by its dependent as pac 9.0.1") and which
   * places each of B's peers (placePeers), at the dependent's own slot where it has a nested one (`slots`).
   * Dependents that give the same slots share a context. Undefined when no version of B in the range declares a peer,
   * or when B's slot is shared and the dependent binds none of them.
   */
  private contextOf(slots: ReadonlyMap<string, string>, b: string, slot: string, range: string): SlotDependency | undefined {
    const peers = this.peerNamesOf(b, range);
    if (peers.size === 0) return undefined;
    const bound = [...peers].filter((c) => c !== b && slots.get(c)?.includes('#')).sort(codePointCompare);
    // a shared slot (a singleVersion name) keeps its peers placed for the members; a dependent that binds some of
    // them holds it to its own copies as well, through a context
    if (!slot.includes('#') && bound.length === 0) return undefined;
    const bindings = new Map(bound.map((c) => [c, slots.get(c)!]));
    const key = `${slot}#seen:${[...bindings].map(([c, s]) => `${c}=${s}`).join(',')}`;
    if (!this.contexts.has(key)) this.contexts.set(key, { slot, bindings });
    return new SlotDependency(key, range, this.versionsMatching(slot, range)!);
  }

  /** The names the versions of `name` in `range` declare as peers (their records are read once per range). */
  private peerNamesOf(name: string, range: string): ReadonlySet<string> {
    return getOrMake(this.peerNames, `${name}\0${range}`, () => {
      const names = new Set<string>();
      const p = this.store.get(name);
      if (p) for (const v of this.versionsMatching(name, range) ?? []) for (const c of Object.keys(peekVersion(p, v)?.peerDependencies ?? {})) names.add(c);
      // most ranges declare no peers: they share one empty set
      return names.size === 0 ? NO_NAMES : names;
    });
  }

  /** A context at a version: B's slot at that version, and B's peers placed for the dependent (placePeers). */
  private contextDependencies(name: string, context: Context, version: string, info: VersionInfo): DependenciesResult {
    // a dependency of this version alone: the solver's widening asks no neighbour for it
    const deps: Dependency[] = [new SlotDependency(context.slot, version, this.versionsMatching(context.slot, version)!, { verb: 'is seen by its dependent as', source: `at\0${version}` })];
    const published = this.publishedDependencies(name, info);
    if ('missing' in published) return published;
    const missing: string[] = [];
    this.placePeers(published.peerRequests, context.bindings, published.slots, deps, missing);
    return depsOrMissing(deps, missing);
  }

  /** Whether name@version declares the published dependency a `source` (from sourceOf) names. */
  declares(pkg: string, version: string, source: string): boolean {
    // a rule of one version (highestPinRules, a context's own version)
    if (source.startsWith('at\0')) return source.slice(3) === version;
    const name = splitSlot(pkg)[0];
    const p = this.store.get(name);
    // a neighbour's record is read once, by the solver's widening: it is not kept
    const info = p ? peekVersion(p, version) : undefined;
    if (!info) return false;
    if (source.startsWith(CONTEXT)) {
      const [edge, ...owns] = source.slice(CONTEXT.length).split('\u0001');
      return this.declaresEdge(info, edge!) && owns.every((o) => {
        const at = o.indexOf('=');
        return this.ownSpec(name, info, o.slice(0, at)) === o.slice(at + 1);
      });
    }
    return this.declaresEdge(info, source);
  }

  private declaresEdge(info: VersionInfo, source: string): boolean {
    const [type, dep, spec, optional] = getOrMake(this.sources, source, () => source.split('\0') as [PublishedDependency['type'], string, string, string]);
    return info[type][dep] === spec && (type !== 'peerDependencies' || info.peerOptional.includes(dep) === (optional === '1'));
  }

  priority(pkg: string): number {
    if (pkg === WORKSPACE) return 0;
    if (pkg.startsWith(MEMBER)) return 1;
    if (this.shared.has(pkg)) return 2;
    return pkg.includes('#') ? 4 : 3;
  }

  /**
   * The version to try: a current pin that still fits (the highest), else one already chosen for the same name
   * (npm dedupes), else the newest allowed version that is not deprecated.
   */
  choose(pkg: string, allowed: readonly string[], decided: ReadonlyMap<string, string>): string | undefined {
    const [name] = splitSlot(pkg);
    const kept = preferredIn(this.prefer.get(name), allowed);
    if (kept !== undefined) return kept;
    const installed: string[] = [];
    for (const [other, version] of decided) if (other !== pkg && splitSlot(other)[0] === name) installed.push(version);
    const reuse = dedupeTarget(installed, (v) => allowed.includes(v));
    if (reuse !== undefined) return reuse;
    const p = this.store.get(name);
    for (let i = allowed.length - 1; i >= 0; i--) if (!p?.versions[allowed[i]!]?.deprecated) return allowed[i];
    return allowed[allowed.length - 1];
  }

  /** A name's slots choose together: a nested slot reuses a version another slot of its name has taken. */
  group(pkg: string): string {
    return splitSlot(pkg)[0];
  }

  display(pkg: string): string {
    if (pkg === WORKSPACE) return 'the workspace';
    if (pkg.startsWith(MEMBER)) return pkg.slice(MEMBER.length);
    return splitSlot(pkg)[0];
  }

  /** The name a solver package pins, if it pins one of its own (a context takes its slot's version). */
  pinName(pkg: string): string | undefined {
    if (pkg === WORKSPACE || pkg.startsWith(MEMBER) || this.contexts.has(pkg)) return undefined;
    return splitSlot(pkg)[0];
  }
}

const NO_NAMES: ReadonlySet<string> = new Set();

/** The first index of `sorted` (ascending) whose version is not below `target`. */
function firstNotBelow(sorted: readonly semver.SemVer[], target: semver.SemVer): number {
  return lowerBound(sorted.length, (i) => sorted[i]!.compare(target) < 0);
}

/** The highest of `preferred` that is among `allowed`. */
export function preferredIn(preferred: readonly string[] | undefined, allowed: readonly string[]): string | undefined {
  return highestVersion(preferred ?? [], (_, v) => allowed.includes(v));
}

/** A nested package in its dependent's context: its slot, and the dependent's slot of each peer it binds there. */
interface Context {
  slot: string;
  bindings: ReadonlyMap<string, string>;
}

/** The slot a dependent's edge on a name goes to, and the edge's range. */
interface Installed {
  slot: string;
  range: string;
}

/** A peer a published version declares, as the registry request it makes. */
interface PeerRequest {
  name: string;
  range: string;
  optional: boolean;
  /** what it is derived from (sourceOf) */
  source: string;
}

/** A published version in solver terms (NpmProvider.publishedDependencies). */
interface Published {
  /** what it installs, with the contexts of its nested dependencies */
  deps: Dependency[];
  /** its peers, placed as for a dependent that requires none of them: a shared version's, placed when first asked */
  peers?: Dependency[];
  /** its peers as registry requests, for the contexts that place them */
  peerRequests: readonly PeerRequest[];
  /** the slot of each name it installs (and of each own peer a learnt binding names): where its dependencies' peers look */
  slots: ReadonlyMap<string, string>;
}

/** The key of a peer binding: `dependent`'s dependencies look for their peers on `peer` where `dependent`'s own peer is. */
export function peerBindingKey(dependent: string, peer: string): string {
  return `${dependent}\0${peer}`;
}

/** The mark of a context's source (contextSource). */
const CONTEXT = 'context\u0001';

/** What a context is derived from, for `declares`: the dependent's edge on B (its sourceOf) and its own edges on B's peer names. */
function contextSource(ownSpecs: readonly string[], edge: string): string {
  return [CONTEXT + edge, ...ownSpecs].join('\u0001');
}

/** What a published dependency is derived from, for `declares`: a version that declares the same has the same dependency. */
function sourceOf(type: PublishedDependency['type'], name: string, spec: string, optionalPeer: boolean): string {
  // joined, not concatenated: one flat string, where a template left a tree of six (a fifth of the solve's strings)
  return [type, name, spec, optionalPeer ? 1 : 0].join('\0');
}

/** NAME#RANGE → [NAME, RANGE]; package names never contain '#'. */
function splitSlot(pkg: string): [string, string | undefined] {
  const i = pkg.indexOf('#');
  return i > 0 ? [pkg.slice(0, i), pkg.slice(i + 1)] : [pkg, undefined];
}

/** The dependencies, or, when some metadata is not in yet, the names to fetch (once each, sorted). */
function depsOrMissing(deps: Dependency[], missing: readonly string[]): DependenciesResult {
  if (missing.length > 0) return { missing: [...new Set(missing)].sort() };
  return { deps };
}
