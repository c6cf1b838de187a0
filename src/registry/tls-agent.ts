import type { Agent } from 'node:http';
import { createSecureContext } from 'node:tls';
import type { NpmSettings } from './npmrc.js';

const CLIENT_CERTIFICATE = /(?:^|:)(?:cert|key|certfile|keyfile)$/;

/**
 * npm's agent for one registry, with the configured certificate authorities (`ca`/`cafile`) built into one TLS
 * context instead of handed over as certificates. The certificates are the same; what changes is the cost: given
 * as a list, every request joins the whole bundle into the keys of npm's agent cache and of Node's socket pool
 * (this machine's 144-certificate cafile: about 1.4 ms a request), and every new connection builds a context from
 * it again (about 16 ms). Only the plain case is taken over: with an agent of the caller's, a proxy or a client
 * certificate for the registry, undefined is returned and npm's own path stays as it is.
 */
export async function sharedContextAgent(settings: NpmSettings, registry: string): Promise<Agent | undefined> {
  const o = settings.fetchOptions;
  const ca = o.ca;
  if (ca === undefined || o.agent !== undefined || o.proxy !== undefined || o.httpsProxy !== undefined || !registry.startsWith('https:')) return undefined;
  // a client certificate: `cert`/`key` for every registry, or `//host/:certfile` (and the like) for this one
  const host = registry.replace(/^https:/, '');
  const clientCertificate = (k: string) => CLIENT_CERTIFICATE.test(k) && (!k.startsWith('//') || host.startsWith(k.slice(0, k.lastIndexOf(':'))));
  if (Object.keys(o).some(clientCertificate)) return undefined;
  // an agent of its own: npm's agent cache keys on the certificates, and would hand the same agent to any context
  const { Agent: NpmAgent } = await import('@npmcli/agent');
  const agent = new NpmAgent({
    secureContext: createSecureContext({ ca: ca as string | string[] }),
    rejectUnauthorized: o.strictSSL !== false,
    timeout: o.timeout,
  });
  // told, not guessed: unset, the agent works its protocol out from a stack trace each time Node reads it (twice a
  // request), about 56 µs a read, some seconds of a cold 10,000-package run
  (agent as typeof agent & { protocol: string }).protocol = 'https:';
  return agent;
}
