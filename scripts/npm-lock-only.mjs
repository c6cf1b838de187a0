// `npm install --package-lock-only`, run by the Arborist this repository depends on (@npmcli/arborist 9.9.3, the
// engine of npm 11.20 and later): npm 11.19's Arborist (9.9.1) drops a workspace that a dependency names as an
// optional peer (jest's jest-resolve), which 9.9.3 fixed. Usage: node scripts/npm-lock-only.mjs DIR REGISTRY CACHE
import Arborist from '@npmcli/arborist';

const [path, registry, cache] = process.argv.slice(2);
const arb = new Arborist({ path, registry, cache, audit: false, fund: false, ignoreScripts: true, workspacesEnabled: true });
await arb.reify({ packageLockOnly: true, save: true });
