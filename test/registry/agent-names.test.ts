import { Agent } from '@npmcli/agent';
import { describe, expect, it } from 'vitest';
import { shortenAgentNames } from '../../src/registry/agent-names.js';

const pem = (n: number) => `-----BEGIN CERTIFICATE-----\n${String(n).repeat(2000)}\n-----END CERTIFICATE-----`;
const bundle = (from: number) => Array.from({ length: 100 }, (_, i) => pem(from + i));

describe('shortenAgentNames', () => {
  it('names a CA list by a short tag: equal lists share a name, different lists do not', async () => {
    await shortenAgentNames();
    const agent = new Agent();
    const base = { host: 'registry.example', port: 443, secureEndpoint: true, rejectUnauthorized: true };
    const a = agent.getName({ ...base, ca: bundle(0) });
    const again = agent.getName({ ...base, ca: bundle(0) });
    const other = agent.getName({ ...base, ca: bundle(1) });
    const none = agent.getName(base);
    expect(a.length).toBeLessThan(200);
    expect(again).toBe(a);
    expect(other).not.toBe(a);
    expect(none).not.toBe(a);
    // the rest of the name is Node's own: another host is another pool
    expect(agent.getName({ ...base, host: 'mirror.example', ca: bundle(0) })).not.toBe(a);
  });
});
