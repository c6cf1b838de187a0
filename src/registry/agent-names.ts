/**
 * Node's HTTPS agent files its sockets under a name made of the connection's options, the CA certificates among
 * them, and makes that name again on every request and every socket event. With npm's `cafile` (a system bundle
 * holds 140 certificates, about 200 KB of text) each name is a fresh 200 KB string to build and hash: about a
 * millisecond a request, ten seconds of a cold run over 10,000 packuments. The agents npm's fetcher makes
 * (@npmcli/agent) here name a CA list by a short tag instead, one per distinct list: the same sockets are shared
 * by the same requests, as before.
 */

const tags = new Map<unknown, string>();
let shortened = false;

/** Makes the names of npm's fetch agents cheap; idempotent. */
export async function shortenAgentNames(): Promise<void> {
  if (shortened) return;
  shortened = true;
  const { Agent } = await import('@npmcli/agent');
  const original = Agent.prototype.getName;
  Agent.prototype.getName = function getName(this: unknown, options?: Record<string, unknown>): string {
    const ca = options?.ca;
    if (ca === undefined || ca === null || ca === '') return original.call(this, options);
    let tag = tags.get(ca);
    if (tag === undefined) {
      // an equal list given as another object gets the same tag: compare by content once per object
      const text = Array.isArray(ca) ? ca.join('\n') : String(ca);
      tag = [...tags.entries()].find(([k]) => (Array.isArray(k) ? k.join('\n') : String(k)) === text)?.[1] ?? `ca#${new Set(tags.values()).size}`;
      tags.set(ca, tag);
    }
    return original.call(this, { ...options, ca: tag });
  };
}
