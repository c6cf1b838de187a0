// The differential run of test/differential and scripts/record-differential.mjs: one case's workspace resolved by
// constrain (the built CLI: generate, check, export --to npm) and by npm's own Arborist (buildIdealTree, without and
// then with the exported overrides), against one registry URL and one npm cache.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Arborist from '@npmcli/arborist';
import { parse } from 'yaml';

const BIN = resolve(import.meta.dirname, '../dist/cli/main.js');

/** A case's constrain.config.yaml: each key on a line of its own, its value as JSON (a YAML flow value). */
export function configYaml(config) {
  return `${Object.entries(config)
    .map(([k, v]) => `${k}: ${JSON.stringify(v)}`)
    .join('\n')}\n`;
}

/** The members' package names: @diff/<member>. */
export const memberName = (m) => `@diff/${m}`;

/**
 * Writes the case's workspace (npm workspaces, packages/<member>) into a fresh temp directory: `members` maps a
 * member to its dependencies (named @diff/<member>); `manifests` maps a directory to a whole package.json (corpus).
 */
export function writeCase(c) {
  const dir = mkdtempSync(join(tmpdir(), `constrain-diff-${c.name}-`));
  const write = (path, value) => {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), typeof value === 'string' ? value : `${JSON.stringify(value, null, 2)}\n`);
  };
  write('package.json', { name: `diff-${c.name}`, private: true, workspaces: ['packages/*'] });
  for (const [m, dependencies] of Object.entries(c.members ?? {})) write(`packages/${m}/package.json`, { name: memberName(m), version: '1.0.0', dependencies });
  for (const [d, manifest] of Object.entries(c.manifests ?? {})) write(`packages/${d}/package.json`, manifest);
  if (c.config) write('constrain.config.yaml', configYaml(c.config));
  return dir;
}

/** Runs `command` (the built CLI by default) with `args`; resolves with its status and output. */
export function cli(args, env, command = [process.execPath, BIN], cwd = undefined) {
  return new Promise((done) => {
    const child = spawn(command[0], [...command.slice(1), ...args], { cwd, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (status) => done({ status, stdout, stderr }));
  });
}

/** name → sorted versions of every package node in Arborist's ideal tree (members, links and the root left out). */
function installed(tree) {
  const out = new Map();
  for (const node of tree.inventory.values()) {
    if (node.isProjectRoot || node.isLink || node.isWorkspace || !node.version) continue;
    const versions = out.get(node.packageName) ?? new Set();
    versions.add(node.version);
    out.set(node.packageName, versions);
  }
  return new Map([...out].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([n, v]) => [n, [...v].sort()]));
}

const isPeer = (edge) => edge.type === 'peer' || edge.type === 'peerOptional';

/**
 * Where npm's tree gives one package two versions that constrain requires to be one (SPEC's "one version where it
 * matters"), as facts read from the tree: two members on different versions of a name both require directly
 * (members-agree); a package whose peer is another copy than the one its dependent has (peer-shared-with-dependent);
 * a member's dependency whose peer is another copy than the members' own (peer-seen-through-members).
 */
function splits(tree) {
  const out = new Set();
  const members = [...tree.inventory.values()].filter((n) => n.isWorkspace);
  const membersCopy = (name) => members.map((w) => w.edgesOut.get(name)).find((e) => e?.to && !isPeer(e))?.to;
  for (const a of members)
    for (const b of members)
      for (const [name, edge] of a.edgesOut) {
        const other = b.edgesOut.get(name);
        if (a.packageName < b.packageName && edge.to && other?.to && edge.to !== other.to) out.add(`members-agree: ${a.packageName} gets ${name}@${edge.to.version}, ${b.packageName} gets ${other.to.version}`);
      }
  for (const node of tree.inventory.values())
    for (const edge of node.edgesOut.values()) {
      if (!isPeer(edge) || !edge.to) continue;
      for (const incoming of node.edgesIn) {
        const dependent = incoming.from;
        const own = dependent.edgesOut.get(edge.name)?.to;
        if (own && own !== edge.to) out.add(`peer-shared-with-dependent: ${node.packageName}'s peer ${edge.name} is ${edge.to.version}, ${dependent.packageName} has ${own.version}`);
        const shared = dependent.isWorkspace && !own ? membersCopy(edge.name) : undefined;
        if (shared && shared !== edge.to) out.add(`peer-seen-through-members: ${node.packageName}'s peer ${edge.name} is ${edge.to.version}, the members have ${shared.version}`);
      }
    }
  return [...out].sort();
}

/** npm's answer for the workspace as it is on disk: the ideal tree, or the error code it stops with (ERESOLVE...). */
export async function npmIdealTree(dir, registry, cache, before) {
  const arb = new Arborist({ path: dir, registry, cache: join(cache, '_cacache'), audit: false, fund: false, ignoreScripts: true, workspacesEnabled: true, ...(before ? { before: new Date(before) } : {}) });
  let tree;
  try {
    tree = await arb.buildIdealTree();
  } catch (err) {
    return { ok: false, code: err.code ?? 'ERROR', message: String(err.message).split('\n')[0] };
  }
  return { ok: true, installed: installed(tree), splits: splits(tree) };
}

function pinsOf(dir) {
  const doc = parse(readFileSync(join(dir, 'constraints/constraints.yaml'), 'utf8')) ?? {};
  return new Map(Object.entries(doc).map(([n, v]) => [n, (Array.isArray(v) ? v : [v]).map(String).sort()]));
}

/** Where npm's tree and the pins differ: names npm installs at versions that are not pins, and pins npm does not install. */
export function pinDifferences(pins, tree) {
  const diffs = [];
  for (const [name, versions] of tree) {
    const pinned = pins.get(name) ?? [];
    for (const v of versions) if (!pinned.includes(v)) diffs.push(`npm installs ${name}@${v}, pinned ${pinned.join(', ') || 'nothing'}`);
  }
  for (const [name, pinned] of pins) for (const v of pinned) if (!(tree.get(name) ?? []).includes(v)) diffs.push(`pin ${name}@${v} is not installed by npm`);
  return diffs;
}

/**
 * One case end to end: constrain generate (+ check of what it wrote, + export --to npm), npm's ideal tree of the bare
 * workspace, and, where both succeed, npm's ideal tree with the exported overrides compared with the pins.
 */
export async function runCase(c, registry, cache) {
  const dir = writeCase(c);
  const env = { npm_config_cache: cache };
  // `before`: both tools see the registry as of that date (the corpus: a monorepo as of its release)
  const common = ['--cwd', dir, '--registry', registry, ...(c.before ? ['--before', c.before] : [])];
  const npm = await npmIdealTree(dir, registry, cache, c.before);
  const gen = await cli(['generate', '--write', '--format', 'json', ...common], env);
  const result = { name: c.name, kind: c.kind, intended: c.intended, dir, npm, generate: { status: gen.status, stderr: gen.stderr.trim() } };
  try {
    result.generate.json = JSON.parse(gen.stdout);
  } catch {
    result.generate.json = undefined;
  }
  if (gen.status !== 0) return result;
  const chk = await cli(['check', '--format', 'json', ...common], env);
  result.check = { status: chk.status, kinds: chk.status === 0 ? [] : findingKinds(chk.stdout), stderr: chk.stderr.trim() };
  const pins = pinsOf(dir);
  result.pins = pins;
  if (!npm.ok) return result;
  const exp = await cli(['export', '--to', 'npm', '--write', ...common], env);
  result.export = { status: exp.status, stderr: exp.stderr.trim() };
  if (exp.status !== 0) return result;
  const pinned = await npmIdealTree(dir, registry, cache, c.before);
  result.pinned = pinned;
  result.differences = pinned.ok ? pinDifferences(pins, pinned.installed) : [`npm with the overrides fails: ${pinned.code} ${pinned.message}`];
  return result;
}

/** The error findings of a `check --format json` output, as "kind name". */
export function findingKinds(stdout) {
  try {
    return [...new Set(JSON.parse(stdout).findings.filter((f) => f.severity === 'error').map((f) => `${f.kind} ${f.package ?? ''}`.trim()))];
  } catch {
    return ['unreadable check output'];
  }
}

/**
 * The verdict on one case: agree when both resolve (and constrain's own check accepts its pins, and npm with the
 * overrides installs exactly the pins) or both refuse; an `intended` case is one where constrain refuses on purpose.
 */
export function verdict(r) {
  const constrainOk = r.generate.status === 0;
  const problems = [];
  if (r.generate.status !== 0 && r.generate.status !== 1) problems.push(`generate exited ${r.generate.status}: ${r.generate.stderr}`);
  if (constrainOk && r.check?.status !== 0) problems.push(`check rejects the generated pins: ${r.check?.kinds.join('; ')}`);
  if (r.differences?.length) problems.push(...r.differences);
  if (r.export && r.export.status !== 0) problems.push(`export exited ${r.export.status}: ${r.export.stderr}`);
  if (r.intended) {
    if (constrainOk) problems.push(`constrain accepts a set it refuses on purpose (${r.intended})`);
    if (!r.npm.ok) problems.push(`npm refuses it too (${r.npm.code}): not a difference`);
    else if (!r.npm.splits.some((s) => s.startsWith(`${r.intended}:`))) problems.push(`npm's tree shows no ${r.intended} split: the stated reason does not hold`);
    return { constrain: constrainOk ? 'ok' : 'refuses', npm: r.npm.ok ? 'ok' : r.npm.code, agree: problems.length === 0 ? 'intended' : 'disagree', problems };
  }
  if (constrainOk !== r.npm.ok) problems.push(constrainOk ? `npm refuses (${r.npm.code}: ${r.npm.message}) while constrain resolves` : `constrain refuses while npm resolves`);
  return { constrain: constrainOk ? 'ok' : 'refuses', npm: r.npm.ok ? 'ok' : r.npm.code, agree: problems.length === 0 ? 'agree' : 'disagree', problems };
}

/** Runs cases with `concurrency` at a time; results in the cases' order. */
export async function runCases(cases, registry, cache, concurrency = 2) {
  const results = new Array(cases.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < cases.length) {
        const i = next++;
        results[i] = await runCase(cases[i], registry, cache);
      }
    }),
  );
  return results;
}
