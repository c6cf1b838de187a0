import type { PinChange } from '../constraints/pin-changes.js';
import type { Style } from './style.js';

const show = (v: PinChange['from']) => (v === null ? '' : Array.isArray(v) ? `[${v.join(', ')}]` : v);

/** One line per changed name: `+ name: 1.0.0`, `- name: 1.0.0`, `~ name: 1.0.0 → 2.0.0`. */
export function renderPinChanges(changes: readonly PinChange[], style: Style): string[] {
  return changes.map((c) =>
    c.from === null ? style.green(`+ ${c.package}: ${show(c.to)}`) : c.to === null ? style.red(`- ${c.package}: ${show(c.from)}`) : style.yellow(`~ ${c.package}: ${show(c.from)} → ${show(c.to)}`),
  );
}
