import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadNpmSettings } from '../../src/registry/npmrc.js';
import { PacoteRegistry } from '../../src/registry/pacote-registry.js';
import { sharedContextAgent } from '../../src/registry/tls-agent.js';

const TLS = join(import.meta.dirname, '../../fixtures/tls');
let server: Server;
let url: string;
let connections = 0;

beforeAll(async () => {
  server = createServer({ key: readFileSync(join(TLS, 'registry.key')), cert: readFileSync(join(TLS, 'registry.pem')) }, (req, res) => {
    const name = decodeURIComponent((req.url ?? '/').slice(1));
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ name, 'dist-tags': { latest: '1.0.0' }, versions: { '1.0.0': { name, version: '1.0.0', dependencies: { dep: '^1.0.0' } } } }));
  });
  server.on('secureConnection', () => connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `https://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

function settings(cafile: string, extra: Record<string, string> = {}) {
  return loadNpmSettings(mkdtempSync(join(tmpdir(), 'constrain-tls-')), {
    npm_config_userconfig: '/nonexistent/.npmrc',
    npm_config_globalconfig: '/nonexistent/npmrc',
    npm_config_cache: mkdtempSync(join(tmpdir(), 'constrain-tls-cache-')),
    npm_config_registry: url,
    npm_config_cafile: join(TLS, cafile),
    npm_config_fetch_retries: '0',
    ...extra,
  });
}

describe('a configured cafile, built into one TLS context', () => {
  it('trusts the registry its cafile names, over one kept-alive connection', async () => {
    const reg = new PacoteRegistry({ settings: settings('registry.pem') });
    const before = connections;
    for (const name of ['a', 'b', 'c']) expect((await reg.packument(name))?.versions['1.0.0']?.dependencies).toEqual({ dep: '^1.0.0' });
    expect(connections - before).toBe(1);
  });

  it('refuses a registry its cafile does not name, unless strict-ssl is off', async () => {
    await expect(new PacoteRegistry({ settings: settings('other.pem') }).packument('a')).rejects.toThrow(/could not fetch a from https:\/\/127\.0\.0\.1:\d+\/: (SELF_SIGNED|DEPTH_ZERO|UNABLE_TO_VERIFY)/);
    expect((await new PacoteRegistry({ settings: settings('other.pem', { npm_config_strict_ssl: 'false' }) }).packument('a'))?.name).toBe('a');
  });

  it('states its protocol, so that Node reading it per request does not cost a stack trace', async () => {
    const agent = (await sharedContextAgent(settings('registry.pem'), url)) as unknown as { protocol: string; defaultPort: number; isSecureEndpoint(): boolean };
    const guess = vi.spyOn(agent, 'isSecureEndpoint');
    expect([agent.protocol, agent.defaultPort]).toEqual(['https:', 443]);
    expect(guess).not.toHaveBeenCalled();
  });

  it("leaves npm's own path to a proxy, a client certificate and an agent of the caller's", async () => {
    expect(await sharedContextAgent(settings('registry.pem'), url)).toBeDefined();
    expect(await sharedContextAgent(settings('registry.pem', { npm_config_proxy: 'http://127.0.0.1:9/' }), url)).toBeUndefined();
    const host = url.replace(/^https:/, '');
    expect(await sharedContextAgent(settings('registry.pem', { [`npm_config_${host}:certfile`]: '/x.pem' }), url)).toBeUndefined();
    const own = settings('registry.pem');
    own.fetchOptions.agent = false;
    expect(await sharedContextAgent(own, url)).toBeUndefined();
    expect(await sharedContextAgent(settings('registry.pem'), 'http://127.0.0.1:9/')).toBeUndefined();
  });
});
