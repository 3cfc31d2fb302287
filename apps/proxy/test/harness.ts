import { Writable } from 'node:stream';
import { SANDBOX_DEFAULTS, type Sandbox, type SandboxOptions, startSandbox } from '@assetkit/sandbox';
import { loadConfig } from '../src/config.js';
import { type RunningProxy, startProxy as startRealProxy } from '../src/start-proxy.js';

/** Proxy keys the tests use (each at least 16 characters). */
export const KEYS = {
  writer: 'writer-key-0123456789abcdef',
  reader: 'reader-key-0123456789abcdef',
  siteBound: 'site-bound-key-0123456789ab',
  otherSite: 'other-site-key-0123456789ab',
} as const;

/** A site the sandbox does not have. */
export const OTHER_SITE = 'aaaaaaaaaaaaaaaaaaaaaaaa';

/** The canary upstream token: it must never appear in an answer, a log line or a metric. */
export const CANARY_TOKEN = 'canary-upstream-token-7f3e9a1c5b2d';

function keysFor(siteId: string): string {
  return JSON.stringify([
    { name: 'writer', key: KEYS.writer, scopes: ['assets:read', 'assets:write'], ratePerMinute: 100_000 },
    { name: 'reader', key: KEYS.reader, scopes: ['assets:read'], ratePerMinute: 100_000 },
    {
      name: 'site-bound',
      key: KEYS.siteBound,
      scopes: ['assets:read', 'assets:write'],
      sites: [siteId],
      ratePerMinute: 100_000,
    },
    {
      name: 'other-site',
      key: KEYS.otherSite,
      scopes: ['assets:read', 'assets:write'],
      sites: [OTHER_SITE],
      ratePerMinute: 100_000,
    },
  ]);
}

/** A proxy running in this process on an ephemeral port, and every log line it wrote (JSON). */
export interface TestProxy extends RunningProxy {
  logs: string[];
}

/**
 * Starts the proxy in front of an upstream, configured through the same `loadConfig` users
 * go through (an env object instead of `process.env`), keeping its log lines.
 */
export async function startProxy(
  upstreamUrl: string,
  env: Record<string, string> = {},
  siteId = '65f0a1b2c3d4e5f6a7b8c9d0',
  { now }: { now?: () => number } = {},
): Promise<TestProxy> {
  const config = loadConfig({
    PORT: '0',
    UPSTREAM_URL: upstreamUrl,
    UPSTREAM_TOKEN: CANARY_TOKEN,
    PROXY_KEYS: keysFor(siteId),
    UPSTREAM_RATE_LIMIT: '0',
    LOG_LEVEL: 'debug',
    SHUTDOWN_TIMEOUT_MS: '1000',
    ...env,
  });
  const logs: string[] = [];
  const logDestination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logs.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  const proxy = await startRealProxy({ config, logDestination, ...(now && { now }) });
  return Object.assign(proxy, { logs });
}

/** A key for the Konifer API (its spec declares no scopes). */
export const KONIFER_KEY = 'konifer-key-0123456789abcdef';

/** The proxy's settings for Konifer's API: no upstream token, one key (with `entry`'s fields). */
export function koniferEnv(entry: Record<string, unknown> = {}): Record<string, string> {
  return {
    SPEC: 'konifer-assets',
    UPSTREAM_TOKEN: '',
    PROXY_KEYS: JSON.stringify([{ name: 'konifer', key: KONIFER_KEY, scopes: [], ...entry }]),
  };
}

/** A sandbox and a proxy in front of it. */
export interface Stack {
  sandbox: Sandbox;
  proxy: TestProxy;
  /** Sends a request through the proxy with a key. */
  call(path: string, init?: RequestInit & { key?: string | null }): Promise<Response>;
  close(): Promise<void>;
}

/** Creates an asset's record (the first step of an upload) through the proxy; its id. */
export async function createAsset(stack: Stack, fileName: string): Promise<string> {
  const created = await stack.call(`/v2/sites/${stack.sandbox.siteId}/assets`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ fileName, fileHash: 'd41d8cd98f00b204e9800998ecf8427e' }),
  });
  return ((await created.json()) as { id: string }).id;
}

/** Starts a real sandbox (generous rate limit) and the proxy in front of it. */
export async function startStack(
  env: Record<string, string> = {},
  sandboxOptions: SandboxOptions = {},
  proxyOptions: { now?: () => number } = {},
): Promise<Stack> {
  const sandbox = await startSandbox({
    rateLimitPerMinute: 100_000,
    ...sandboxOptions,
    extraTokens: [{ token: CANARY_TOKEN, scopes: ['assets:read', 'assets:write'], siteIds: [SANDBOX_DEFAULTS.siteId] }],
  });
  const proxy = await startProxy(sandbox.url, env, sandbox.siteId, proxyOptions);
  return {
    sandbox,
    proxy,
    call(path, { key = KEYS.writer, headers, ...init } = {}) {
      const h = new Headers(headers);
      if (key !== null) {
        h.set('authorization', `Bearer ${key}`);
      }
      return fetch(`${proxy.url}${path}`, { ...init, headers: h });
    },
    async close() {
      await proxy.close();
      await sandbox.close();
    },
  };
}

/** The requests that reached the sandbox's API, as `METHOD path?query`. */
export function forwarded(sandbox: Sandbox): string[] {
  return sandbox.requests.entries().map((r) => `${r.method} ${r.path}${r.query ? `?${r.query}` : ''}`);
}

/** The value of one series of the proxy's `/metrics` (`name{labels}` as Prometheus prints it); 0 when absent. */
export async function metricValue(proxy: Pick<RunningProxy, 'url'>, series: string): Promise<number> {
  const text = await (await fetch(`${proxy.url}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? 0 : Number(line.slice(series.length + 1));
}

/** Whether the proxy's metrics name `backend` as the rate-limit store that answers. */
export async function rateLimitBackendIs(
  proxy: Pick<RunningProxy, 'url'>,
  backend: 'redis' | 'memory',
): Promise<boolean> {
  const text = await (await fetch(`${proxy.url}/metrics`)).text();
  return text.includes(`assetkit_proxy_rate_limit_backend{backend="${backend}"} 1`);
}
