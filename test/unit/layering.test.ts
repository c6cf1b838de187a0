import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/** Data flows one way: inputs → graph / resolver → findings → reports. These are the rules the imports keep. */
const SRC = resolve(import.meta.dirname, '../../src');

function importsOf(folder: string): { file: string; target: string }[] {
  const out: { file: string; target: string }[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, e.name);
      if (e.isDirectory()) walk(path);
      else if (e.name.endsWith('.ts'))
        for (const m of readFileSync(path, 'utf8').matchAll(/from '(\.\.?\/[^']+)'/g)) out.push({ file: path.slice(SRC.length + 1), target: resolve(dir, m[1]!).slice(SRC.length + 1) });
    }
  };
  walk(join(SRC, folder));
  return out;
}

const violations = (folder: string, forbidden: string[]) => importsOf(folder).filter((i) => forbidden.some((f) => i.target.startsWith(`${f}/`)));

describe('layering', () => {
  it('reports never reach back into the library entry points', () => {
    expect(violations('report', ['api', 'cli'])).toEqual([]);
  });
  it('the forge knows nothing about proposals', () => {
    expect(violations('forge', ['propose', 'api', 'report', 'cli'])).toEqual([]);
  });
  it('the solver core knows nothing about npm, files or words', () => {
    expect(violations('solver', ['resolve', 'graph', 'registry', 'report', 'api', 'check', 'workspace', 'cli'])).toEqual([]);
  });
  it('pure layers do no I/O through the edges', () => {
    for (const folder of ['graph', 'check', 'policy']) expect(violations(folder, ['api', 'cli', 'forge', 'git'])).toEqual([]);
  });
  it('the model of npm is read by the checker and the resolver, and reads neither', () => {
    expect(violations('model', ['graph', 'resolve', 'check', 'solver', 'report', 'api', 'cli', 'forge', 'git'])).toEqual([]);
    const readers = (folder: string) => new Set(importsOf(folder).filter((i) => i.target === 'model/npm-model.js').map((i) => i.file));
    expect(readers('graph')).toContain('graph/build.ts');
    expect(readers('resolve')).toContain('resolve/npm-provider.ts');
  });
  it('and the check finds a violation when there is one', () => {
    expect(violations('api', ['report']).length).toBeGreaterThan(0);
  });
});
