import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FINDING_KINDS } from '../../src/check/finding.js';
import { buildProgram } from '../../src/cli/run.js';
import { schemaKeys } from '../../src/config/schema.js';

/**
 * docs/reference.md is the users' contract: a command, flag, finding kind, config key or environment variable
 * that exists in the code but not there fails this test.
 */
const ROOT = resolve(import.meta.dirname, '../..');
const reference = readFileSync(join(ROOT, 'docs/reference.md'), 'utf8');
const documented = (word: string) => reference.includes(`\`${word}\``) || reference.includes(`\`${word} `) || reference.includes(`\`constrain ${word}`);

/** What the code offers, gathered from the code itself. */
function offered(): { commands: string[]; flags: string[]; kinds: string[]; keys: string[]; env: string[] } {
  const sink = { write: () => true } as unknown as NodeJS.WritableStream;
  const program = buildProgram({ stdout: sink, stderr: sink, env: {} }, () => undefined);
  const commands = program.commands.map((c) => c.name());
  const flags = [...new Set(program.commands.flatMap((c) => c.options.map((o) => o.long!)))].sort();
  const env = new Set<string>();
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, e.name);
      if (e.isDirectory()) walk(path);
      else if (e.name.endsWith('.ts')) for (const m of readFileSync(path, 'utf8').matchAll(/\benv\??\.([A-Z][A-Z0-9_]+)\b/g)) env.add(m[1]!);
    }
  };
  walk(join(ROOT, 'src'));
  return { commands, flags, kinds: Object.keys(FINDING_KINDS), keys: schemaKeys().map((k) => k.split('.').at(-1)!).filter((k) => k !== 'NAME'), env: [...env].sort() };
}

describe('docs/reference.md documents everything the code offers', () => {
  const o = offered();
  it('every command, with its own section', () => {
    expect(o.commands).toEqual(['init', 'check', 'generate', 'why', 'forecast', 'propose', 'export']);
    for (const c of o.commands) expect(reference, c).toContain(`### ${c}\n`);
  });
  it('every flag', () => {
    expect(o.flags.length).toBeGreaterThan(15);
    expect(o.flags.filter((f) => !documented(f))).toEqual([]);
  });
  it('every finding kind, with its severity', () => {
    for (const [kind, severity] of Object.entries(FINDING_KINDS)) expect(reference, kind).toMatch(new RegExp(`\\| \`${kind}\` \\| ${severity} \\|`));
  });
  it('every config key', () => {
    expect(o.keys).toContain('minimumReleaseAge');
    expect(o.keys.filter((k) => !documented(k))).toEqual([]);
  });
  it('every environment variable the code reads', () => {
    expect(o.env).toContain('GITHUB_STEP_SUMMARY');
    expect(o.env.filter((v) => !documented(v))).toEqual([]);
  });
  it('and the check fails when something is missing', () => {
    expect(documented('no-such-kind')).toBe(false);
    expect(documented('--no-such-flag')).toBe(false);
  });
});
