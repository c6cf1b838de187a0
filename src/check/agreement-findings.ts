import semver from 'semver';
import { peerHolds } from '../graph/build.js';
import { isAliasEdge } from '../graph/types.js';
import { isSingleVersion, membersShare } from '../model/npm-model.js';
import { anyPublishedSatisfiesAll, newestAllowed } from '../policy/versions.js';
import { renderDerivation } from '../report/derivation.js';
import { codePointCompare } from '../util/compare.js';
import { groupBy } from '../util/group-by.js';
import { type CheckContext, pinsOf, positionOf, requirementOf } from './context.js';
import { deriveNoCommonVersion } from './explain-conflict.js';
import { type Finding, makeFinding, type Requirement } from './finding.js';

/** Requirements that must share one version but have no common published version, gathered per name. */
export class Unsatisfiable {
  private readonly byName = new Map<string, { reqs: Requirement[]; why: Set<string> }>();

  add(name: string, reqs: Requirement[], why: string): void {
    const entry = this.byName.get(name) ?? { reqs: [], why: new Set<string>() };
    for (const r of reqs) {
      if (!entry.reqs.some((x) => x.by === r.by && x.range === r.range && x.file === r.file && x.line === r.line)) entry.reqs.push(r);
    }
    entry.why.add(why);
    this.byName.set(name, entry);
  }

  names(): Set<string> {
    return new Set(this.byName.keys());
  }

  findings(ctx: CheckContext): Finding[] {
    return [...this.byName]
      .sort(([a], [b]) => codePointCompare(a, b))
      .map(([name, { reqs, why }]) => {
        const p = ctx.store.get(name);
        const reasons = [...why].join('; ');
        const at = reqs.find((r) => r.file);
        const derivation = deriveNoCommonVersion(name, reqs, p);
        return makeFinding('unsatisfiable', {
          package: name,
          message:
            reqs.length === 1
              ? `no published version of ${name} satisfies ${reqs[0]!.range} required by ${reqs[0]!.by}`
              : `${reqs.map((r) => `${r.by} requires ${r.range}`).join(', ')}: no published version of ${name} satisfies them all (${reasons})`,
          ...(at ? { file: at.file, line: at.line, ...(at.col ? { col: at.col } : {}) } : {}),
          pins: pinsOf(ctx, name),
          requirements: reqs,
          explanation: derivation ? `${renderDerivation(derivation)}\n(${reasons})` : `the requirements on ${name} share a published version (${reasons})`,
          ...(derivation ? { derivation } : {}),
          suggestion: why.has('members must agree on one version')
            ? `change a range so that the requirements on ${name} overlap, or list ${name} in allowMultiple if members can run different versions of it side by side`
            : `change a range so that the requirements on ${name} overlap`,
        });
      });
  }
}

/**
 * The three places (docs/reference.md, "The install graph") that need one version: members agree, singleVersion names, peers.
 * Records `unsatisfiable` requirement sets and returns the other findings.
 */
export function agreementFindings(ctx: CheckContext, unsat: Unsatisfiable): Finding[] {
  const findings: Finding[] = [];
  const registryEdges = ctx.graph.edges.filter((e) => e.target === 'registry' && !e.unknownTag && !e.skipped);

  // Members agree
  const memberEdges = groupBy(
    registryEdges.filter((e) => e.fromMember && membersShare(ctx.config, e.name, isAliasEdge(e))),
    (e) => e.name,
  );
  for (const [name, group] of [...memberEdges].sort(([a], [b]) => codePointCompare(a, b))) {
    const p = ctx.store.get(name);
    const ranges = group.map((e) => e.range);
    const resolved = [...new Set(group.map((e) => e.resolved).filter((v): v is string => v !== undefined))];
    if (resolved.length === 1 && resolved.length === new Set(group.map((e) => e.resolved)).size) continue; // all agree on one pin
    if (!anyPublishedSatisfiesAll(p, ranges)) {
      unsat.add(name, group.map(requirementOf), group.length > 1 ? 'members must agree on one version' : 'the registry has no such version');
      continue;
    }
    if (resolved.length > 1) {
      const target = newestAllowed(ctx.config, ctx.node, p, ranges);
      const first = group.find((e) => e.file)!;
      findings.push(
        makeFinding('pin-outside-range', {
          package: name,
          message: `members resolve ${name} to different pins (${resolved.sort(semver.rcompare).join(', ')}); they must agree on one`,
          ...positionOf(first),
          pins: pinsOf(ctx, name),
          requirements: group.map(requirementOf),
          ...(target ? { suggestion: `pin ${name} to ${target} alone, which every member's range admits` } : {}),
        }),
      );
    }
  }

  // singleVersion names
  const edgesTo = groupBy(registryEdges, (e) => e.name);
  const names = new Set([...ctx.constraints.byName.keys(), ...edgesTo.keys()]);
  for (const name of [...names].sort(codePointCompare)) {
    if (!isSingleVersion(ctx.config, name)) continue;
    const pins = ctx.constraints.byName.get(name) ?? [];
    if (pins.length > 1) {
      findings.push(
        makeFinding('multiple-pins', {
          package: name,
          message: `${name} must have exactly one pin (singleVersion) but carries ${pins.map((x) => x.version).join(', ')}`,
          file: pins[0]!.file,
          line: pins[0]!.line,
          col: pins[0]!.col,
          pins: pins.map((x) => x.version),
          suggestion: `keep one pin of ${name} that every edge accepts`,
        }),
      );
    }
    const group = edgesTo.get(name) ?? [];
    if (group.length > 1 && !anyPublishedSatisfiesAll(ctx.store.get(name), group.map((e) => e.range))) {
      unsat.add(name, group.map(requirementOf), `${name} is singleVersion`);
    }
  }

  // Peers
  for (const pc of ctx.graph.peerChecks) {
    if (peerHolds(pc)) continue;
    const peerReq: Requirement = { by: pc.node, range: pc.range, path: [...pc.via.path, pc.node] };
    const seen = pc.seenBy;
    const ranges = seen ? [seen.range, pc.range] : [pc.range];
    const p = ctx.store.get(pc.peer);
    if (!anyPublishedSatisfiesAll(p, ranges)) {
      unsat.add(pc.peer, [...(seen ? [requirementOf(seen)] : []), peerReq], `${pc.node} needs peer ${pc.peer} ${pc.range}`);
      continue;
    }
    if (pc.seenVersion === undefined) continue; // the dependent's own edge is already reported
    const target = newestAllowed(ctx.config, ctx.node, p, ranges);
    const at = seen?.file ? seen : pc.via.file ? pc.via : undefined;
    findings.push(
      makeFinding('peer-unsatisfied', {
        package: pc.peer,
        message: `${pc.node} needs peer ${pc.peer} ${pc.range} but ${seen?.from ?? 'the install'} sees ${pc.peer}@${pc.seenVersion}`,
        ...positionOf(at),
        pins: pinsOf(ctx, pc.peer),
        requirements: [...(seen ? [requirementOf(seen)] : []), peerReq],
        ...(target ? { suggestion: `pin ${pc.peer} to ${target}, which ${seen?.from ?? 'the dependent'} and ${pc.node} both accept` } : {}),
      }),
    );
  }
  return findings;
}
