import { join } from 'node:path';
import { nameMatches } from '../util/name-pattern.js';
import type { FileSource } from './file-source.js';

/**
 * Expands a directory glob such as "packages/*", "apps/**" or "../billing/packages/*" relative to the workspace root.
 * Returns matching directories relative to root, sorted. Hidden directories and node_modules are skipped.
 */
export async function expandDirGlob(source: FileSource, pattern: string): Promise<string[]> {
  const segments = pattern.replace(/\/+$/, '').split('/').filter((s) => s !== '' && s !== '.');
  let current: string[] = [''];
  for (const seg of segments) {
    const next = new Set<string>();
    for (const base of current) {
      if (seg === '**') {
        next.add(base);
        for (const d of await walk(source, base)) next.add(d);
      } else if (seg.includes('*')) {
        for (const d of await source.subdirs(base)) if (nameMatches(seg, d)) next.add(join(base, d));
      } else {
        next.add(join(base, seg));
      }
    }
    current = [...next];
  }
  return current.map((d) => d || '.').sort();
}

async function walk(source: FileSource, rel: string): Promise<string[]> {
  const out: string[] = [];
  for (const d of await source.subdirs(rel)) {
    const child = join(rel, d);
    out.push(child, ...(await walk(source, child)));
  }
  return out;
}
