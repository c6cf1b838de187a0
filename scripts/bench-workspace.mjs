// A real workspace of a few hundred packages, shared by the benchmarks and live tests.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const MEMBERS = {
  'packages/api': {
    name: '@bench/api',
    version: '1.0.0',
    dependencies: { express: '^4.19.0', commander: '^12.0.0', semver: '^7.6.0', yaml: '^2.4.0', zod: '^3.23.0', chalk: '^4.1.2' },
  },
  'packages/web': {
    name: '@bench/web',
    version: '1.0.0',
    dependencies: { react: '^18.3.0', 'react-dom': '^18.3.0', '@tanstack/react-query': '^5.0.0', '@bench/api': 'workspace:*' },
  },
};

export const ROOT_DEV = { typescript: '^5.4.0', eslint: '^9.0.0', vitest: '^2.0.0' };

/** Writes the workspace (root + members) into dir. */
export function writeBenchWorkspace(dir, { workspaceProtocol = true } = {}) {
  writeFileSync(
    join(dir, 'package.json'),
    `${JSON.stringify({ name: 'bench-root', private: true, workspaces: ['packages/*'], devDependencies: ROOT_DEV }, null, 2)}\n`,
  );
  for (const [rel, manifest] of Object.entries(MEMBERS)) {
    mkdirSync(join(dir, rel), { recursive: true });
    const m = structuredClone(manifest);
    if (!workspaceProtocol) for (const deps of [m.dependencies]) for (const [k, v] of Object.entries(deps)) if (v.startsWith('workspace:')) deps[k] = '*';
    writeFileSync(join(dir, rel, 'package.json'), `${JSON.stringify(m, null, 2)}\n`);
  }
}

/** constraints.yaml text from an npm package-lock.json (v2/v3): every installed version of every name. */
export function constraintsFromLock(lock) {
  const byName = new Map();
  for (const [path, entry] of Object.entries(lock.packages ?? {})) {
    if (!path.includes('node_modules/') || entry.link) continue;
    const name = entry.name ?? path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length);
    if (!byName.has(name)) byName.set(name, new Set());
    byName.get(name).add(entry.version);
  }
  const names = [...byName.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const lines = names.map((n) => {
    const vs = [...byName.get(n)].sort((a, b) => b.localeCompare(a, undefined, { numeric: true }));
    const key = /^[a-z0-9-][a-z0-9._-]*$/.test(n) ? n : JSON.stringify(n);
    return `${key}: ${vs.length === 1 ? vs[0] : `[${vs.join(', ')}]`}`;
  });
  return `# generated from npm's package-lock.json by the benchmark\n${lines.join('\n')}\n`;
}
