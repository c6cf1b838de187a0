import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startRegistry } from '../helpers/http-registry.js';
import { makeWorkspace, runCliAsync as runCli } from '../helpers/workspace.js';

const ws = () =>
  makeWorkspace({
    'package.json': { name: 'app', version: '1.0.0', dependencies: { lodash: '^4.17.0' } },
    'constraints/constraints.yaml': 'lodash: 4.17.21\n',
  });

const fastFailEnv = (cache: string) => ({
  npm_config_cache: cache,
  npm_config_userconfig: '/nonexistent/.npmrc',
  npm_config_fetch_retries: '1',
  npm_config_fetch_retry_mintimeout: '10',
  npm_config_fetch_retry_maxtimeout: '20',
  npm_config_fetch_timeout: '400',
});

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

describe('the real registry path (pacote) against a loopback server', () => {
  it('passes with exit 0 when the registry answers, then works --offline from the cache', async () => {
    const reg = await startRegistry((_req, name) =>
      name === 'lodash' ? { status: 200, body: { name: 'lodash', versions: { '4.17.21': { name: 'lodash', version: '4.17.21' } }, 'dist-tags': { latest: '4.17.21' } } } : { status: 404, body: {} },
    );
    close = reg.close;
    const cache = mkdtempSync(join(tmpdir(), 'constrain-cache-'));
    const dir = ws();
    const online = await runCli(['check', '--cwd', dir, '--registry', reg.url], { env: fastFailEnv(cache) });
    expect(online.stdout + online.stderr).toContain('✔ ok');
    expect(online.status).toBe(0);
    expect(reg.requests).toEqual(['lodash']);
    await reg.close();
    close = undefined;
    const offline = await runCli(['check', '--cwd', dir, '--registry', reg.url, '--offline'], { env: fastFailEnv(cache) });
    expect(offline.status, offline.stderr).toBe(0);
  });

  it('--offline with an empty cache ends in exit 3 naming the package', async () => {
    const cache = mkdtempSync(join(tmpdir(), 'constrain-cache-'));
    const r = await runCli(['check', '--cwd', ws(), '--registry', 'http://127.0.0.1:9/', '--offline'], { env: fastFailEnv(cache) });
    expect(r.status).toBe(3);
    expect(r.stderr).toContain('lodash is not in the cache');
  });

  it('5xx after retries ends in exit 3 with a clear message', async () => {
    const reg = await startRegistry(() => ({ status: 503, body: { error: 'down' } }));
    close = reg.close;
    const r = await runCli(['check', '--cwd', ws(), '--registry', reg.url], { env: fastFailEnv(mkdtempSync(join(tmpdir(), 'c-'))) });
    expect(r.status).toBe(3);
    expect(r.stderr).toMatch(/answered HTTP 503 for lodash after retries/);
    expect(reg.requests.length).toBe(2); // one try and one retry
  });

  it('a timeout ends in exit 3', async () => {
    const reg = await startRegistry(() => 'hang');
    close = reg.close;
    const r = await runCli(['check', '--cwd', ws(), '--registry', reg.url], { env: fastFailEnv(mkdtempSync(join(tmpdir(), 'c-'))) });
    expect(r.status).toBe(3);
    expect(r.stderr).toMatch(/could not fetch lodash from http:\/\/127\.0\.0\.1:\d+\/: /);
  });

  it('401 ends in exit 3 and points at the credentials, without printing the token', async () => {
    const reg = await startRegistry(() => ({ status: 401, body: { error: 'unauthorized' } }));
    close = reg.close;
    const host = reg.url.replace(/^http:/, '');
    const r = await runCli(['check', '--cwd', ws(), '--registry', reg.url], { env: { ...fastFailEnv(mkdtempSync(join(tmpdir(), 'c-'))), [`npm_config_${host}:_authToken`]: 's3cr3t-token' } });
    expect(r.status).toBe(3);
    expect(r.stderr).toContain('refused lodash (HTTP 401)');
    expect(r.stdout + r.stderr).not.toContain('s3cr3t-token');
  });
});
