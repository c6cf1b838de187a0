// Runs `constrain check` on the embedded demo (fixtures/demo + fixtures/demo-registry.json).
// The demo workspace has deliberate problems, so check exits 1; the demo succeeds when check
// reports them (exit 1) and fails on any other exit code.
import { spawnSync } from 'node:child_process';

const args = ['dist/cli/main.js', 'check', '--cwd', 'fixtures/demo', '--registry', 'file:fixtures/demo-registry.json', ...process.argv.slice(2)];
const r = spawnSync(process.execPath, args, { stdio: 'inherit' });
if (r.status === 1) console.log('\n(check exited 1: the demo workspace has deliberate errors, shown above)');
process.exit(r.status === 0 || r.status === 1 ? 0 : (r.status ?? 3));
