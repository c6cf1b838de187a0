import { runtimeNodes } from '../graph/runtime.js';
import { nodeId } from '../graph/types.js';
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
    const at = { package: pin.name, file: pin.file, line: pin.line, pins: [pin.version] };
    const p = ctx.store.get(pin.name);
    const info = p?.versions[pin.version];
    if (memberNames.has(pin.name)) {
      findings.push(makeFinding('unused-pin', { ...at, message: `${pin.name} is a member; members are never pinned`, suggestion: `remove the pin of ${pin.name}` }));
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
    if (!ctx.graph.usedPins.has(nodeId(pin.name, pin.version))) {
      findings.push(makeFinding('unused-pin', { ...at, message: `no edge reaches ${pin.name}@${pin.version}`, suggestion: `remove ${pin.version} from the pins of ${pin.name}` }));
    }
  }
  let previous: string | undefined;
  for (const key of ctx.constraints.keys) {
    if (previous !== undefined && codePointCompare(previous, key.name) > 0) {
      findings.push(
        makeFinding('unsorted', {
          package: key.name,
          message: `${key.name} comes after ${previous}; keys must be sorted`,
          file: ctx.constraints.file,
          line: key.line,
          suggestion: 'run constrain generate --write to sort the file',
        }),
      );
      break;
    }
    previous = key.name;
  }
  return findings;
}

/** `hold` entries whose `until` date has passed. */
export function holdFindings(ctx: CheckContext): Finding[] {
  return ctx.config.hold
    .filter((h) => h.until !== undefined && h.until < ctx.today)
    .map((h) =>
      makeFinding('expired-hold', {
        package: h.name,
        message: `the hold of ${h.name} below ${h.below} expired on ${h.until}${h.reason ? ` (${h.reason})` : ''}`,
        ...(h.position ? { file: h.position.file, line: h.position.line } : {}),
        suggestion: `review the hold of ${h.name}: remove it or extend "until"`,
      }),
    );
}

function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}
