import { join } from 'node:path';
import type { FileSource } from '../source/file-source.js';
import { nameMatches } from '../util/name-pattern.js';

/** Brace alternatives as npm's globs read them: "packages/{a,b}" → "packages/a", "packages/b"; nested braces too. */
export function expandBraces(pattern: string): string[] {
  const open = pattern.indexOf('{');
  if (open < 0) return [pattern];
  let depth = 0;
  let close = -1;
  const commas: number[] = [];
  for (let i = open; i < pattern.length && close < 0; i++) {
    const c = pattern[i];
    if (c === '{') depth++;
    else if (c === '}' && --depth === 0) close = i;
    else if (c === ',' && depth === 1) commas.push(i);
  }
  if (close < 0 || commas.length === 0) return [pattern];
  const head = pattern.slice(0, open);
  const tail = pattern.slice(close + 1);
  const cuts = [open, ...commas, close];
  const out: string[] = [];
  for (let i = 0; i < cuts.length - 1; i++) for (const t of expandBraces(tail)) out.push(...expandBraces(head + pattern.slice(cuts[i]! + 1, cuts[i + 1]) + t));
  return out;
}

/**
 * Expands a directory glob such as "packages/*", "apps/**", "packages/{api,web}" or "../billing/packages/*"
 * relative to the workspace root. Returns matching directories relative to root, sorted. Hidden directories and
 * node_modules are skipped.
 */
export async function expandDirGlob(source: FileSource, pattern: string): Promise<string[]> {
  const found = new Set<string>();
  for (const p of expandBraces(pattern)) for (const d of await expandOne(source, p)) found.add(d);
  return [...found].sort();
}

async function expandOne(source: FileSource, pattern: string): Promise<string[]> {
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
