import type { WhyHop, WhyResult } from '../graph/why.js';
import type { Style } from './style.js';

function hopText(h: WhyHop, style: Style): string {
  const at = h.pin === null ? style.red(`${h.name} ${h.range} ✗ no pin`) : `${h.name} ${h.range} → ${h.pin}`;
  return h.conflict && h.pin !== null ? style.red(`${at} ✗`) : at;
}

/** Text: one line per path, member first, each hop with its range and pin. */
export function renderWhyText(r: WhyResult, style: Style): string {
  const head = `${style.bold(r.package)} (pins: ${r.pins.length ? r.pins.join(', ') : 'none'})`;
  if (r.paths.length === 0) return `${head}\nno member reaches ${r.package}\n`;
  const lines = r.paths.map((path) => {
    const first = path[0]!;
    const where = path.at(-1)?.file ? `  ${style.dim(`${path.at(-1)!.file}:${path.at(-1)!.line}`)}` : first.file ? `  ${style.dim(`${first.file}:${first.line}`)}` : '';
    return `  ${first.from} › ${path.map((h) => hopText(h, style)).join(' › ')}${where}`;
  });
  return `${head}\n${lines.join('\n')}\n${r.truncated ? `  … more paths than the ${r.paths.length} shown\n` : ''}`;
}

/** Mermaid: a graph GitHub renders, edges labelled with ranges, conflicting edges in red. */
export function renderWhyMermaid(r: WhyResult): string {
  const ids = new Map<string, string>();
  const nodes: string[] = [];
  const id = (label: string) => {
    let v = ids.get(label);
    if (!v) {
      v = `n${ids.size}`;
      ids.set(label, v);
      nodes.push(`  ${v}["${label.replace(/"/g, '#quot;')}"]`);
    }
    return v;
  };
  const edges = new Map<string, { line: string; conflict: boolean }>();
  for (const path of r.paths) {
    for (const h of path) {
      const to = h.pin === null ? `${h.name} (no pin)` : `${h.name}@${h.pin}`;
      const key = `${h.from}>${to}>${h.range}`;
      if (edges.has(key)) continue;
      const label = `${h.type === 'peerDependencies' ? 'peer ' : ''}${h.range}`.replace(/"/g, '#quot;').replace(/\|/g, '#124;');
      edges.set(key, { line: `  ${id(h.from)} -->|"${label}"| ${id(to)}`, conflict: h.conflict });
    }
  }
  const list = [...edges.values()];
  const styles = list.map((e, i) => (e.conflict ? `  linkStyle ${i} stroke:#d1242f,stroke-width:3px` : '')).filter(Boolean);
  return ['```mermaid', 'graph LR', ...nodes, ...list.map((e) => e.line), ...styles, '```', ''].join('\n');
}
