import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { parse as parseIni } from 'ini';

/**
 * Registry settings as npm reads them, later layers winning: the global npmrc ($PREFIX/etc/npmrc, or globalconfig),
 * the user .npmrc, the project .npmrc, npm_config_* environment variables, then flags. Timeouts and retries default
 * to npm's own.
 */
export interface NpmSettings {
  registry: string;
  /** the cacache directory (npm's <cache>/_cacache) */
  cacache: string;
  /** options handed to pacote / npm-registry-fetch: scoped registries, auth, timeouts, retries */
  fetchOptions: Record<string, unknown>;
}

const DEFAULT_REGISTRY = 'https://registry.npmjs.org/';

export function loadNpmSettings(root: string, env: NodeJS.ProcessEnv = process.env, registryFlag?: string): NpmSettings {
  const raw: Record<string, string> = {};
  const userconfig = env.npm_config_userconfig ?? env.NPM_CONFIG_USERCONFIG ?? join(homedir(), '.npmrc');
  const prefix = env.npm_config_prefix ?? env.NPM_CONFIG_PREFIX ?? env.PREFIX ?? dirname(dirname(process.execPath));
  const globalconfig = env.npm_config_globalconfig ?? env.NPM_CONFIG_GLOBALCONFIG ?? join(prefix, 'etc', 'npmrc');
  for (const file of [globalconfig, userconfig, join(root, '.npmrc')]) Object.assign(raw, readNpmrc(file, env));
  for (const [k, v] of Object.entries(env)) {
    const m = /^npm_config_(.+)$/i.exec(k);
    if (m?.[1] && v !== undefined && !/^userconfig$/i.test(m[1])) raw[m[1].toLowerCase().replace(/_/g, '-')] = v;
  }
  if (registryFlag) raw.registry = registryFlag;
  const registry = withSlash(raw.registry ?? DEFAULT_REGISTRY);
  const cacheRoot = raw.cache ?? join(homedir(), '.npm');
  const num = (k: string, d: number) => (raw[k] !== undefined && !Number.isNaN(Number(raw[k])) ? Number(raw[k]) : d);
  // npm's defaults (npm help config): 5 minutes per request, 2 retries from 10 s to 60 s
  const fetchOptions: Record<string, unknown> = {
    registry,
    timeout: num('fetch-timeout', 300_000),
    fetchRetries: num('fetch-retries', 2),
    fetchRetryFactor: num('fetch-retry-factor', 10),
    fetchRetryMintimeout: num('fetch-retry-mintimeout', 10_000),
    fetchRetryMaxtimeout: num('fetch-retry-maxtimeout', 60_000),
  };
  if (raw['strict-ssl'] !== undefined) fetchOptions.strictSSL = raw['strict-ssl'] !== 'false';
  if (raw.ca) fetchOptions.ca = raw.ca;
  else if (raw.cafile) fetchOptions.ca = readCaFile(raw.cafile);
  if (raw.proxy) fetchOptions.proxy = raw.proxy;
  if (raw['https-proxy']) fetchOptions.httpsProxy = raw['https-proxy'];
  if (raw.noproxy) fetchOptions.noProxy = raw.noproxy;
  for (const [k, v] of Object.entries(raw)) {
    // scoped registries and per-host credentials keep npm's key form; npm-registry-fetch reads them as is
    if (/^@[^:]+:registry$/.test(k)) fetchOptions[k] = withSlash(v);
    else if (k.startsWith('//')) fetchOptions[k] = v;
  }
  return { registry, cacache: join(cacheRoot, '_cacache'), fetchOptions };
}

/** The registry URL for a package name, honouring @scope:registry. */
export function registryFor(settings: NpmSettings, name: string): string {
  if (name.startsWith('@')) {
    const scoped = settings.fetchOptions[`${name.split('/')[0]}:registry`];
    if (typeof scoped === 'string') return scoped;
  }
  return settings.registry;
}

function readNpmrc(file: string, env: NodeJS.ProcessEnv): Record<string, string> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return {};
  }
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(parseIni(text) as Record<string, unknown>)) {
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out[expand(k, env)] = expand(String(v), env);
  }
  return out;
}

/** npm's cafile: every PEM certificate in the file (unreadable: ignored, as npm leaves the default CAs then). */
function readCaFile(file: string): string[] | undefined {
  try {
    const certs = readFileSync(file, 'utf8').match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g);
    return certs ?? undefined;
  } catch {
    return undefined;
  }
}

/** npm's ${VAR} substitution in .npmrc keys and values. */
function expand(s: string, env: NodeJS.ProcessEnv): string {
  return s.replace(/(\\*)\$\{([^}]+)\}/g, (all, esc: string, name: string) => (esc.length % 2 ? all.slice(1) : (env[name] ?? '')));
}

function withSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}
