import semver from 'semver';
import { type Edge, nodeId } from '../graph/types.js';
import { anyPublishedSatisfiesAll, newestAllowed } from '../policy/versions.js';
import { codePointCompare } from '../util/compare.js';
import { groupBy } from '../util/group-by.js';
import { type CheckContext, pinsOf, positionOf, requirementOf, where } from './context.js';
import { type Finding, makeFinding } from './finding.js';

function groupByName(edges: Edge[]): Map<string, Edge[]> {
  return new Map([...groupBy(edges, (e) => e.name)].sort(([a], [b]) => codePointCompare(a, b)));
}

function located(edges: Edge[], ctx: CheckContext, name: string): { file?: string; line?: number; col?: number } {
  const e = edges.find((x) => x.file);
  if (e) return positionOf(e);
  const pin = ctx.constraints.byName.get(name)?.[0];
  return pin ? { file: pin.file, line: pin.line, col: pin.col } : {};
}

/**
 * Edge-level findings: unpinned, pin-outside-range (or unsatisfiable when nothing published satisfies a range),
 * internal-range, loose-tag and unmanaged. `skip` holds names already reported as unsatisfiable.
 */
export function edgeFindings(ctx: CheckContext, skip: Set<string>): { findings: Finding[]; unsatisfiableEdges: Edge[] } {
  const findings: Finding[] = [];
  const unsatisfiableEdges: Edge[] = [];
  const { edges } = ctx.graph;
  const unresolved = edges.filter((e) => e.target === 'registry' && e.resolved === undefined && !e.unknownTag && !e.skipped && !skip.has(e.name));

  for (const [name, group] of groupByName(unresolved.filter((e) => pinsOf(ctx, e.name).length === 0))) {
    const p = ctx.store.get(name);
    const suggestion = newestAllowed(ctx.config, ctx.node, p, group.map((e) => e.range));
    const first = group[0]!;
    findings.push(
      makeFinding('unpinned', {
        package: name,
        message: `${name} has no pin but ${first.from} requires ${first.range}${group.length > 1 ? ` (and ${group.length - 1} more)` : ''}`,
        ...located(group, ctx, name),
        pins: [],
        requirements: group.map(requirementOf),
        ...(suggestion ? { suggestion: `pin ${name} to ${suggestion}`, fix: { add: [nodeId(name, suggestion)] } } : {}),
      }),
    );
  }

  for (const [name, group] of groupByName(unresolved.filter((e) => pinsOf(ctx, e.name).length > 0))) {
    const p = ctx.store.get(name);
    const pins = pinsOf(ctx, name);
    const fixable = group.filter((e) => anyPublishedSatisfiesAll(p, [e.range]));
    unsatisfiableEdges.push(...group.filter((e) => !fixable.includes(e)));
    if (fixable.length === 0) continue;
    const first = fixable[0]!;
    const target = newestAllowed(ctx.config, ctx.node, p, [first.range]);
    findings.push(
      makeFinding('pin-outside-range', {
        package: name,
        message: `${name} is pinned to ${pins.join(', ')} but ${first.from} requires ${first.range}${fixable.length > 1 ? ` (and ${fixable.length - 1} more)` : ''}`,
        ...located(fixable, ctx, name),
        pins,
        requirements: fixable.map(requirementOf),
        ...(target ? { suggestion: first.fromMember ? `pin ${name} to ${target}` : `add ${target} to the pins of ${name}`, fix: { add: [nodeId(name, target)] } } : {}),
      }),
    );
  }

  const members = groupBy(ctx.workspace.members, (m) => m.name);
  for (const e of edges) {
    if (e.target === 'internal' && e.fromMember) {
      const member = members.get(e.name)?.[0];
      if (member && !semver.satisfies(member.version, e.range, { includePrerelease: true })) {
        findings.push(
          makeFinding('internal-range', {
            package: e.name,
            message: `${e.from} requires member ${e.name} ${e.range} but ${e.name} is at ${member.version}`,
            ...positionOf(e),
            requirements: [requirementOf(e)],
            suggestion: `widen ${where(e)} to ^${member.version}`,
          }),
        );
      }
    }
    if (e.tag !== undefined && e.fromMember) {
      findings.push(
        makeFinding('loose-tag', {
          package: e.name,
          message: e.unknownTag
            ? `${e.from} requires ${e.name} by dist-tag "${e.tag}", which the registry does not have`
            : `${e.from} requires ${e.name} by dist-tag "${e.tag}" (now ${e.range}); a tag moves under you`,
          ...positionOf(e),
          requirements: [requirementOf(e)],
          ...(e.unknownTag ? {} : { suggestion: `use ^${e.range} in ${where(e)}` }),
        }),
      );
    }
    if (e.target === 'unmanaged' && e.fromMember) {
      findings.push(
        makeFinding('unmanaged', {
          package: e.name,
          message: `${e.from} requires ${e.name} from a ${e.unmanagedReason}; constrain does not manage it`,
          ...positionOf(e),
          requirements: [requirementOf(e)],
        }),
      );
    }
  }
  return { findings, unsatisfiableEdges };
}
