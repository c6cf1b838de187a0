// Records fixtures/differential/registry.json.gz: every packument that constrain and npm's Arborist ask for while
// resolving the cases of fixtures/differential/cases.json against the live registry (through a recording proxy),
// in the slim recorded form. Then prints the verdicts, as the offline test will compute them.
// Usage: npm run build && node scripts/record-differential.mjs [--out FILE] [--only NAME,NAME] [--replay | --add]
//   --replay: no network; serve the recorded file and print the verdict table (Markdown), as the test computes it.
//   --add: keep the recording and fetch only the names it lacks (a new case), writing the union back.
// Recording needs the npm registry (npm_config_registry, or registry.npmjs.org).
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCases, verdict } from './differential-runner.mjs';
import { readRecorded, recordingProxy, serveRecorded, writeRecorded } from './recorded-registry.mjs';

const argv = process.argv.slice(2);
const flag = (name) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
const out = flag('--out') ?? new URL('../fixtures/differential/registry.json.gz', import.meta.url).pathname;
const only = flag('--only')?.split(',');
const { cases } = JSON.parse(readFileSync(new URL('../fixtures/differential/cases.json', import.meta.url), 'utf8'));
const selected = only ? cases.filter((c) => only.includes(c.name)) : cases;
const upstream = process.env.npm_config_registry ?? 'https://registry.npmjs.org/';
const replay = argv.includes('--replay');
const docs = replay || argv.includes('--add') ? readRecorded(out) : {};
const server = replay ? await serveRecorded(docs) : await recordingProxy(upstream, docs);
const started = Date.now();
try {
  const results = await runCases(selected, server.url, mkdtempSync(join(tmpdir(), 'constrain-diff-cache-')), replay ? 2 : 3);
  console.log('| case | kind | constrain | npm | verdict | pins | npm with the overrides |\n| --- | --- | --- | --- | --- | ---: | --- |');
  for (const r of results) {
    const v = verdict(r);
    const exact = r.differences ? (r.differences.length === 0 ? 'exactly the pins' : `${r.differences.length} differences`) : '';
    console.log(`| ${r.name} | ${r.kind} | ${v.constrain} | ${v.npm} | ${v.agree}${r.intended ? ` (${r.intended})` : ''} | ${r.pins?.size ?? ''} | ${exact} |`);
    for (const p of v.problems) console.log(`    ${p}`);
  }
  const verdicts = results.map(verdict);
  console.log(`${verdicts.filter((v) => v.agree === 'agree').length} agree, ${verdicts.filter((v) => v.agree === 'intended').length} intended, ${verdicts.filter((v) => v.agree === 'disagree').length} disagree, in ${((Date.now() - started) / 1000).toFixed(0)} s`);
} finally {
  await server.close();
}
if (!replay) {
  writeRecorded(out, docs);
  console.log(`${Object.keys(docs).length} packuments recorded in ${out}`);
}
