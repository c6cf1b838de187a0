import { execFileSync } from 'node:child_process';
import { readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeWorkspace } from '../helpers/workspace.js';

/** The packed tarball runs through npx in an empty directory (live registry: npx installs its dependencies). */
const ROOT = resolve(import.meta.dirname, '../..');

describe('npm pack → npx', () => {
  it('runs constrain generate and check from the tarball, and the library API from an install', () => {
    for (const f of readdirSync(ROOT)) if (/^constrain-.*\.tgz$/.test(f)) rmSync(join(ROOT, f));
    const tgz = join(ROOT, execFileSync('npm', ['pack', '--silent'], { cwd: ROOT, encoding: 'utf8' }).trim().split('\n').at(-1)!);
    try {
      const dir = makeWorkspace({ 'package.json': { name: 'fresh', version: '1.0.0', dependencies: { lodash: '^4.17.0' } } });
      const npx = (...args: string[]) => execFileSync('npx', ['--yes', '--package', tgz, 'constrain-pins', ...args], { cwd: dir, encoding: 'utf8' });
      expect(npx('generate', '--write')).toContain('constraints file written');
      expect(npx('check')).toContain('✔ ok');
      execFileSync('npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund', tgz], { cwd: dir });
      writeFileSync(join(dir, 'api.mjs'), "import { check } from 'constrain-pins';\nconst r = await check();\nconsole.log(JSON.stringify(r.summary));\n");
      expect(JSON.parse(execFileSync('node', ['api.mjs'], { cwd: dir, encoding: 'utf8' }))).toMatchObject({ members: 1, errors: 0 });
      // installed: both commands, require() as well as import, and the single-file bundle shipped by prepack
      expect(execFileSync('npx', ['constrain-pins', 'check'], { cwd: dir, encoding: 'utf8' })).toContain('✔ ok');
      expect(execFileSync('npx', ['constrain', 'check'], { cwd: dir, encoding: 'utf8' })).toContain('✔ ok');
      expect(execFileSync('node', ['-p', "typeof require('constrain-pins').check"], { cwd: dir, encoding: 'utf8' }).trim()).toBe('function');
      expect(execFileSync('node', ['node_modules/constrain-pins/dist/bundle/constrain.mjs', '--version'], { cwd: dir, encoding: 'utf8' }).trim()).toBe('0.1.0');
    } finally {
      rmSync(tgz, { force: true });
    }
  });
});
