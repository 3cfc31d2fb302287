import { type ApiName, getContract } from '@assetkit/contract';
import { loadConfig, startProxy } from '@assetkit/proxy';
import type { Sandbox } from '@assetkit/sandbox';
import { startTestSandbox } from './helpers.js';

/** The proxy keys of a stack: one that may read and write, one that may only read. */
export const PROXY_KEYS = { writer: 'conformance-writer-key-0123', reader: 'conformance-reader-key-0123' } as const;

/** A sandbox with the validating proxy in front of it, both in this process on ephemeral ports. */
export interface ProxyStack {
  /** The proxy's origin (the API's base path, if any, is the suite's to add). */
  url: string;
  sandbox: Sandbox;
  close(): Promise<void>;
}

/** Per-minute budgets of a stack, and the clock that spends and refills them. */
export interface StackBudgets {
  /** Each proxy key's (`ratePerMinute`). */
  key?: number;
  /** The proxy's share of the upstream token (`UPSTREAM_RATE_LIMIT`, `0`: none). */
  upstream?: number;
  /** The sandbox's, per token. */
  sandbox?: number;
  /** The clock of the proxy's and the sandbox's budgets (default the system's). */
  now?: () => number;
}

/**
 * Starts a sandbox and the proxy in front of it, configured the way a user does: `SPEC` picks
 * the API; `UPSTREAM_TOKEN` (the sandbox's token) is set only when that spec declares security.
 * With `siteBound`, both keys may act only on the sandbox's site (the README's recommended set-up).
 * `budgets` are none a run can spend unless given.
 *
 * @example
 * const stack = await startProxyStack('konifer-assets');
 */
export async function startProxyStack(
  spec: ApiName,
  { siteBound = false, budgets = {} }: { siteBound?: boolean; budgets?: StackBudgets } = {},
): Promise<ProxyStack> {
  const { key = 100_000, upstream = 0, sandbox: sandboxBudget, now } = budgets;
  const sandbox = await startTestSandbox({
    ...(sandboxBudget !== undefined && { rateLimitPerMinute: sandboxBudget }),
    ...(now && { now }),
  });
  const sites = siteBound ? { sites: [sandbox.siteId] } : {};
  const secured = getContract(spec).operations.some((op) => op.security.some((r) => Object.keys(r).length > 0));
  const config = loadConfig({
    SPEC: spec,
    PORT: '0',
    UPSTREAM_URL: sandbox.url,
    ...(secured && { UPSTREAM_TOKEN: sandbox.token }),
    PROXY_KEYS: JSON.stringify([
      {
        name: 'writer',
        key: PROXY_KEYS.writer,
        scopes: ['assets:read', 'assets:write'],
        ratePerMinute: key,
        ...sites,
      },
      { name: 'reader', key: PROXY_KEYS.reader, scopes: ['assets:read'], ratePerMinute: key, ...sites },
    ]),
    UPSTREAM_RATE_LIMIT: String(upstream),
    STRICT_RESPONSES: 'true',
    LOG_LEVEL: 'silent',
    SHUTDOWN_TIMEOUT_MS: '1000',
  });
  const proxy = await startProxy({ config, ...(now && { now }) });
  return {
    url: proxy.url,
    sandbox,
    async close() {
      await proxy.close();
      await sandbox.close();
    },
  };
}
