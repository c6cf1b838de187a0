// Builds dist/bundle/constrain.mjs: the CLI and every runtime dependency in one file, so a CI gate can run
// `node constrain.mjs check` without installing anything.
import { readFileSync } from 'node:fs';
import { build } from 'esbuild';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
// a streamed packument fetch sends pacote's headers, its version among them (src/registry/pacote-fetch.ts)
const pacote = JSON.parse(readFileSync(new URL('../node_modules/pacote/package.json', import.meta.url), 'utf8'));

// the fetch workers' module is a file of its own beside the bundle (a cold run fetches in worker threads); without
// it, the single file fetches in its own thread
const common = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // ES module builds first: some UMD builds (jsonc-parser) hide their requires from the bundler
  mainFields: ['module', 'main'],
  minify: true,
  legalComments: 'external',
  // CommonJS dependencies inside an ES module need require, __filename and __dirname
  banner: {
    js: "import { createRequire as __cr } from 'node:module'; import { fileURLToPath as __fu } from 'node:url'; import { dirname as __dn } from 'node:path'; const require = __cr(import.meta.url); const __filename = __fu(import.meta.url); const __dirname = __dn(__filename);",
  },
  define: {
    CONSTRAIN_BUNDLE_FETCH_WORKER: JSON.stringify('./fetch-worker.mjs'),
    CONSTRAIN_PACOTE_VERSION: JSON.stringify(pacote.version),
    'process.env.CONSTRAIN_VERSION': JSON.stringify(version),
    // the config schema travels inside the single file too
    'process.env.CONSTRAIN_CONFIG_SCHEMA': JSON.stringify(readFileSync(new URL('../schema/config.schema.json', import.meta.url), 'utf8')),
  },
  logLevel: 'warning',
};

await build({ ...common, entryPoints: ['dist/cli/main.js'], outfile: 'dist/bundle/constrain.mjs' });
await build({ ...common, entryPoints: ['dist/registry/fetch-worker.js'], outfile: 'dist/bundle/fetch-worker.mjs' });
