import { pinVersions } from '../graph/build.js';
import { runtimeNodes } from '../graph/runtime.js';
import { classifySpec } from '../graph/spec.js';
import { nodeId } from '../graph/types.js';
import { publishedDependencies, resolvePin } from '../model/npm-model.js';
import { enginesAdmit, exclusionFor, newestAllowed } from '../policy/versions.js';
import { codePointCompare } from '../util/compare.js';
import type { CheckContext } from './context.js';
import { type Finding, makeFinding } from './finding.js';

/** Findings about the pins themselves: missing, excluded, engines, deprecated, unused, unsorted. */
export function pinFindings(ctx: CheckContext): Finding[] {
  const findings: Finding[] = [];
  const memberNames = new Set(ctx.workspace.members.map((m) => m.name));
  // engines bind what members' users install: the runtime closure, not dev tools
  const runtime = runtimeNodes(ctx.graph);
  for (const pin of ctx.constraints.pins) {
    const at = { package: pin.name, file: pin.file, line: pin.line, col: pin.col, pins: [pin.version] };
    const p = ctx.store.get(pin.name);
    const info = p?.versions[pin.version];
    // a member's name is pinned only for a copy an alias installs from the registry (docs/reference.md, "The install graph")
    if (memberNames.has(pin.name) && !ctx.graph.usedPins.has(nodeId(pin.name, pin.version))) {
      findings.push(
        makeFinding('unused-pin', { ...at, message: `${pin.name} is a member; members are never pinned`, suggestion: `remove the pin of ${pin.name}`, fix: { remove: [nodeId(pin.name, pin.version)] } }),
      );
      continue;
    }
    if (p !== undefined && !info) {
      const newest = p ? newestAllowed(ctx.config, ctx.node, p, ['*']) : undefined;
      findings.push(
        makeFinding('missing-version', {
          ...at,
          message: p ? `${pin.name}@${pin.version} is not published on the registry` : `${pin.name} does not exist on the registry`,
          ...(newest ? { suggestion: `pin ${pin.name} to a published version such as ${newest}` } : {}),
        }),
      );
    }
    const excluded = exclusionFor(ctx.config, pin.name, pin.version);
    if (excluded) {
      findings.push(
        makeFinding('excluded-pin', {
          ...at,
          message: `${pin.name}@${pin.version} is excluded (${excluded.range}) by ${ctx.config.file ?? 'the config'}`,
          suggestion: `move the pin of ${pin.name} off ${excluded.range}`,
        }),
      );
    }
    if (info && runtime.has(nodeId(pin.name, pin.version)) && !enginesAdmit(info.enginesNode, ctx.node)) {
      findings.push(
        makeFinding('engine-mismatch', {
          ...at,
          message: `${pin.name}@${pin.version} supports node ${info.enginesNode}, which does not admit every node in ${ctx.node}`,
        }),
      );
    }
    if (info?.deprecated) {
      findings.push(makeFinding('deprecated-pin', { ...at, message: `${pin.name}@${pin.version} is deprecated: ${oneLine(info.deprecated)}` }));
    }
  }
  findings.push(...unusedPinFindings(ctx, memberNames));
  let previous: string | undefined;
  for (const key of ctx.constraints.keys) {
    if (previous !== undefined && codePointCompare(previous, key.name) > 0) {
      findings.push(
        makeFinding('unsorted', {
          package: key.name,
          message: `${key.name} comes after ${previous}; keys must be sorted`,
          file: ctx.constraints.file,
          line: key.line,
          col: key.col,
          suggestion: 'run constrain check --fix to sort the file',
          fix: {},
        }),
      );
      break;
    }
    previous = key.name;
  }
  return findings;
}

/**
 * `unused-pin`, one finding per cascade: when a range change orphans a whole subtree, the pin nothing reaches
 * heads it, and the unused pins that only it (or they) needed are listed in `cascade`, not reported one by one.
 */
function unusedPinFindings(ctx: CheckContext, memberNames: ReadonlySet<string>): Finding[] {
  const pins = pinVersions(ctx.constraints);
  const unused = ctx.constraints.pins.filter((p) => !memberNames.has(p.name) && !ctx.graph.usedPins.has(nodeId(p.name, p.version)));
  const byId = new Map(unused.map((p) => [nodeId(p.name, p.version), p]));
  // what each unused pin would reach among the other unused pins
  const needs = new Map<string, string[]>();
  const needed = new Set<string>();
  for (const [id, pin] of byId) {
    const info = ctx.store.get(pin.name)?.versions[pin.version];
    const out: string[] = [];
    for (const d of info ? publishedDependencies(info) : []) {
      const t = classifySpec(d.name, d.spec, { members: new Map() });
      if (t.kind !== 'registry') continue;
      const v = resolvePin(pins.get(t.name), t.range);
      const dep = v === undefined ? undefined : nodeId(t.name, v);
      if (dep !== undefined && dep !== id && byId.has(dep)) out.push(dep);
    }
    needs.set(id, out.sort(codePointCompare));
    for (const d of out) needed.add(d);
  }
  const heads = [...byId.keys()].filter((id) => !needed.has(id)).sort(codePointCompare);
  const assigned = new Set<string>();
  const cascades: [string, string[]][] = [];
  const collect = (head: string) => {
    assigned.add(head);
    const cascade: string[] = [];
    const queue = [...(needs.get(head) ?? [])];
    while (queue.length > 0) {
      const id = queue.shift()!;
      if (assigned.has(id)) continue;
      assigned.add(id);
      cascade.push(id);
      queue.push(...(needs.get(id) ?? []));
    }
    cascades.push([head, cascade.sort(codePointCompare)]);
  };
  for (const head of heads) collect(head);
  // cycles that nothing outside them needs: the first in order heads each
  for (const id of [...byId.keys()].sort(codePointCompare)) if (!assigned.has(id)) collect(id);
  return cascades.map(([head, cascade]) => {
    const pin = byId.get(head)!;
    const more = cascade.length;
    const listed = cascade.slice(0, 5).join(', ') + (more > 5 ? `, … ${more - 5} more` : '');
    return makeFinding('unused-pin', {
      package: pin.name,
      file: pin.file,
      line: pin.line,
      col: pin.col,
      pins: [pin.version],
      message: `no edge reaches ${head}${more ? `, nor the ${more} pin${more === 1 ? '' : 's'} only it needed (${listed})` : ''}`,
      ...(more ? { cascade } : {}),
      fix: { remove: [head, ...cascade] },
      suggestion: more ? `remove ${head} and the ${more} pin${more === 1 ? '' : 's'} only it needed (constrain check --fix)` : `remove ${pin.version} from the pins of ${pin.name}`,
    });
  });
}

/** `hold` entries whose `until` date has passed. */
export function holdFindings(ctx: CheckContext): Finding[] {
  return ctx.config.hold
    .filter((h) => h.until !== undefined && h.until < ctx.today)
    .map((h) =>
      makeFinding('expired-hold', {
        package: h.name,
        message: `the hold of ${h.name} below ${h.below} expired on ${h.until}${h.reason ? ` (${h.reason})` : ''}`,
        ...(h.position ? { file: h.position.file, line: h.position.line, col: h.position.col } : {}),
        suggestion: `review the hold of ${h.name}: remove it or extend "until"`,
      }),
    );
}

function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}
