import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { check } from '../../src/api/check.js';
import { generate } from '../../src/api/generate.js';
import { FixtureRegistry } from '../../src/registry/fixture.js';
import type { Registry as RegistryImpl } from '../../src/registry/types.js';
import { rng } from '../helpers/random.js';
import { type Files, makeWorkspace } from '../helpers/workspace.js';

const RANGES = ['*', '^1.0.0', '^2.0.0', '>=1.1.0', '^1.0.0 || ^2.0.0', '~2.1.0'];

/** How big a random workspace is: its package names, their possible versions, whether optional dependencies occur. */
interface Shape {
  names: readonly string[];
  versions: readonly string[];
  optionalDependencies: boolean;
  maxMembers: number;
}

const LARGE: Shape = { names: ['p0', 'p1', 'p2', 'p3', 'p4', 'p5'], versions: ['1.0.0', '1.1.0', '2.0.0', '2.1.0'], optionalDependencies: true, maxMembers: 3 };
/** small enough to try every pin set of at most two versions a name */
const SMALL: Shape = { names: ['p0', 'p1', 'p2', 'p3'], versions: ['1.0.0', '1.1.0', '2.0.0'], optionalDependencies: false, maxMembers: 2 };

type Registry = Record<string, { versions: Record<string, object> }>;

/**
 * A random npm workspace: packages with dependencies, peers (some optional) and optional dependencies on packages
 * later in the list (so nesting, dedupe, peers of nested packages and peers beside them all occur), one or more
 * members, and sometimes an allowMultiple or singleVersion name.
 */
function randomWorkspace(seed: number, shape: Shape): { files: Files; registry: Registry } {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;
  const { names } = shape;
  const registry: Registry = {};
  for (const [i, n] of names.entries()) {
    const versions: Record<string, object> = {};
    for (const v of shape.versions.filter(() => r() < 0.7)) {
      const dependencies: Record<string, string> = {};
      const peerDependencies: Record<string, string> = {};
      const optionalDependencies: Record<string, string> = {};
      const peerDependenciesMeta: Record<string, { optional: boolean }> = {};
      for (const m of names.slice(i + 1)) {
        const x = r();
        if (x < 0.25) dependencies[m] = pick(RANGES);
        else if (x < 0.4) {
          peerDependencies[m] = pick(RANGES);
          if (r() < 0.3) peerDependenciesMeta[m] = { optional: true };
        } else if (x < 0.45 && shape.optionalDependencies) optionalDependencies[m] = pick(RANGES);
      }
      versions[v] = { dependencies, peerDependencies, optionalDependencies, peerDependenciesMeta };
    }
    registry[n] = { versions };
  }
  const files: Files = { 'package.json': { name: 'fam', private: true, workspaces: ['packages/*'] }, 'registry.json': registry };
  const members = 1 + Math.floor(r() * shape.maxMembers);
  for (let k = 0; k < members; k++) {
    const dependencies: Record<string, string> = {};
    for (const n of names) if (r() < 0.3) dependencies[n] = pick(RANGES);
    files[`packages/m${k}/package.json`] = { name: `m${k}`, version: '1.0.0', dependencies };
  }
  const x = r();
  if (x < 0.15) files['constrain.config.yaml'] = `allowMultiple: [${pick(names)}]\n`;
  else if (x < 0.25) files['constrain.config.yaml'] = `singleVersion: [${pick(names)}]\n`;
  return { files, registry };
}

/** Every constraints file that pins each name to none, one or two of its versions, in a fixed order. */
function* pinSets(registry: Registry): Generator<string> {
  const choices = Object.entries(registry).map(([name, p]) => {
    const vs = Object.keys(p.versions);
    const out: string[][] = [[]];
    for (const [i, a] of vs.entries()) {
      out.push([a]);
      for (const b of vs.slice(i + 1)) out.push([a, b]);
    }
    return [name, out] as const;
  });
  const total = choices.reduce((k, [, c]) => k * c.length, 1);
  for (let index = 0; index < total; index++) {
    let rest = index;
    const lines: string[] = [];
    for (const [name, c] of choices) {
      const versions = c[rest % c.length]!;
      rest = Math.floor(rest / c.length);
      if (versions.length > 0) lines.push(`${name}:`, ...versions.map((v) => `  - ${v}`));
    }
    yield lines.length > 0 ? `${lines.join('\n')}\n` : '{}\n';
  }
}

describe('generate and check read one model', () => {
  it('on 600 seeded random workspaces, every pin set generate writes passes check', async () => {
    const refused: string[] = [];
    let solved = 0;
    // and the seeds that found a disagreement in a longer run (3,000 seeds): a skipped optional dependency taken for
    // the dependent's copy of a peer (1087, 1146, 1300, 1633), a singleVersion package whose dependent installs its
    // peer beside itself (1678)
    for (const seed of [...Array.from({ length: 600 }, (_, i) => i + 1), 1087, 1146, 1300, 1633, 1678]) {
      const dir = makeWorkspace(randomWorkspace(seed, LARGE).files);
      const registry = `file:${join(dir, 'registry.json')}`;
      const result = await generate({ cwd: dir, registry, write: true });
      if (!result.ok) continue;
      solved++;
      const report = await check({ cwd: dir, registry });
      const errors = report.findings.filter((f) => f.severity === 'error');
      if (errors.length > 0) refused.push(`seed ${seed}: ${errors.map((f) => `${f.kind} ${f.message}`).join('; ')}`);
    }
    expect(refused).toEqual([]);
    // the workspaces are not all trivially unsolvable (or the property says nothing)
    expect(solved).toBeGreaterThan(300);
  }, 120_000);

  it('where generate refuses one of 40 small seeded workspaces, no pin set of up to two versions a name passes check', async () => {
    // check is the gate: a pin set it accepts is one generate should have found. A run of 400 seeds found none
    const accepted: string[] = [];
    let refused = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const { files, registry } = randomWorkspace(seed, SMALL);
      const dir = makeWorkspace(files);
      const source = `file:${join(dir, 'registry.json')}`;
      const result = await generate({ cwd: dir, registry: source, write: false });
      if (result.ok) continue;
      refused++;
      mkdirSync(join(dir, 'constraints'), { recursive: true });
      for (const pins of pinSets(registry)) {
        writeFileSync(join(dir, 'constraints/constraints.yaml'), pins);
        const report = await check({ cwd: dir, registry: source });
        if (report.findings.every((f) => f.severity !== 'error')) {
          accepted.push(`seed ${seed}: check accepts ${pins.replace(/\n/g, ' ')} where generate says: ${result.explanation}`);
          break;
        }
      }
    }
    expect(accepted).toEqual([]);
    expect(refused).toBeGreaterThan(2);
  }, 300_000);

  it('generate gives the same answer whether the registry answers at once or late and out of order', async () => {
    // the solver runs while the closure arrives: it waits for what it reaches first, and nothing else may differ
    let late = 0;
    for (let seed = 1; seed <= 60; seed++) {
      const dir = makeWorkspace(randomWorkspace(seed, LARGE).files);
      const fixture = new FixtureRegistry(join(dir, 'registry.json'));
      const r = rng(seed);
      const slow: RegistryImpl = {
        description: fixture.description,
        packument: (name) => new Promise((resolve) => setTimeout(() => resolve(fixture.packument(name)), Math.floor(r() * 4) + (late++ % 3))),
      };
      const straight = await generate({ cwd: dir, registryImpl: fixture, write: false });
      const meanwhile = await generate({ cwd: dir, registryImpl: slow, write: false });
      expect(meanwhile, `seed ${seed}`).toEqual(straight);
    }
  }, 120_000);
});
