import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { nameMatches } from '../util/name-pattern.js';

/**
 * Expands a directory glob such as "packages/*", "apps/**" or "../billing/packages/*" relative to `root`.
 * Returns matching directories relative to root, sorted. Hidden directories and node_modules are skipped.
 */
export async function expandDirGlob(root: string, pattern: string): Promise<string[]> {
  const segments = pattern.replace(/\/+$/, '').split('/').filter((s) => s !== '' && s !== '.');
  let current: string[] = [''];
  for (const seg of segments) {
    const next = new Set<string>();
    for (const base of current) {
      if (seg === '**') {
        next.add(base);
        for (const d of await walk(root, base)) next.add(d);
      } else if (seg.includes('*')) {
        for (const d of await subdirs(root, base)) if (nameMatches(seg, d)) next.add(join(base, d));
      } else {
        next.add(join(base, seg));
      }
    }
    current = [...next];
  }
  return current.map((d) => d || '.').sort();
}

async function subdirs(root: string, rel: string): Promise<string[]> {
  try {
    const entries = await readdir(join(root, rel), { withFileTypes: true });
    return entries.filter((e) => e.isDirectory() && !e.name.startsWith('.') && e.name !== 'node_modules').map((e) => e.name);
  } catch {
    return [];
  }
}

async function walk(root: string, rel: string): Promise<string[]> {
  const out: string[] = [];
  for (const d of await subdirs(root, rel)) {
    const child = join(rel, d);
    out.push(child, ...(await walk(root, child)));
  }
  return out;
}
