import { SANDBOX_DEFAULTS, startSandbox } from '@assetkit/sandbox';
import { afterAll, beforeAll } from 'vitest';
import { type AssetsClient, type AssetsClientOptions, createAssetsClient } from '../src/index.js';
import { makePng } from './fixtures/png.js';

/** A running sandbox, as `startSandbox` returns it. */
export type Sandbox = Awaited<ReturnType<typeof startSandbox>>;

/**
 * Something that speaks the asset API, with the sandbox behind it (for faults and the request
 * log). The sandbox itself is one target; the proxy in front of a sandbox is another: a new
 * target is a `StartTarget` of a few lines, and every suite in `test/suites/` runs against it.
 */
export interface Target {
  name: string;
  /** The API root including `/v2`. */
  baseUrl: string;
  token: string;
  readOnlyToken: string;
  siteId: string;
  /** A secondary locale of the seeded site (for localized alt text). */
  localeId: string;
  /** The sandbox that finally answers (directly or behind the proxy). */
  sandbox: Sandbox;
  /**
   * How a connection the sandbox drops reaches the client: as a network error directly, or as
   * the proxy's Webflow-shaped 502 `bad_gateway` through the proxy.
   */
  dropSurfacesAs: 'network error' | 'status 502';
  close(): Promise<void>;
}

/** Starts a target; `rateLimitPerMinute` is passed to its sandbox. */
export type StartTarget = (options?: { rateLimitPerMinute?: number }) => Promise<Target>;

/**
 * The sandbox as a target, with a rate limit high enough that only the rate-limit tests meet it.
 *
 * @example
 * describeAssets(startSandboxTarget);
 */
export const startSandboxTarget: StartTarget = async ({ rateLimitPerMinute = 10_000 } = {}) => {
  const sandbox = await startSandbox({ rateLimitPerMinute, logger: false });
  return {
    name: 'sandbox',
    baseUrl: `${sandbox.url}/v2`,
    token: sandbox.token,
    readOnlyToken: sandbox.readOnlyToken,
    siteId: sandbox.siteId,
    localeId: SANDBOX_DEFAULTS.locales.secondary[0]?.id ?? SANDBOX_DEFAULTS.locales.primary.id,
    sandbox,
    dropSurfacesAs: 'network error',
    close: () => sandbox.close(),
  };
};

/**
 * Starts a target before the file's tests and closes it after; returns a getter for it.
 *
 * @example
 * const target = useTarget(start);
 * it('…', () => clientFor(target()));
 */
export function useTarget(start: StartTarget, options?: { rateLimitPerMinute?: number }): () => Target {
  let target: Target | undefined;
  beforeAll(async () => {
    target = await start(options);
  });
  afterAll(async () => {
    await target?.close();
  });
  return () => {
    if (!target) {
      throw new Error('the target is not started yet (call it inside a test)');
    }
    return target;
  };
}

/**
 * A client for a target with test-friendly defaults: no real waiting between retries (delays are
 * recorded instead) and validation on, so every suite also checks the responses it gets.
 */
export function clientFor(target: Target, overrides: Partial<AssetsClientOptions> = {}): AssetsClient {
  return createAssetsClient({
    baseUrl: target.baseUrl,
    token: target.token,
    validateResponses: true,
    ...overrides,
    retry: overrides.retry === false ? false : { sleep: async () => {}, ...overrides.retry },
  });
}

/**
 * A `retry.sleep` that records each delay and returns at once (still honouring an abort).
 *
 * @example
 * const { delays, sleep } = recordingSleep();
 * clientFor(target, { retry: { sleep } });
 */
export function recordingSleep() {
  const delays: number[] = [];
  return {
    delays,
    sleep: async (ms: number, signal?: AbortSignal) => {
      signal?.throwIfAborted();
      delays.push(ms);
    },
  };
}

/** Requests the sandbox logged for one operation (attempts, since each retry is a new request). */
export function requestsFor(target: Target, operationId: string) {
  return target.sandbox.requests.entries().filter((entry) => entry.operationId === operationId);
}

let seed = 1;

/**
 * A real PNG with bytes no other test uses (so its MD5 is its own).
 *
 * @example
 * const asset = await client.assets.upload(siteId, { data: uniquePng(), fileName: 'a.png' });
 */
export function uniquePng(): Uint8Array {
  seed += 1;
  return makePng({ width: 8 + (seed % 8), height: 8, seed });
}

/** Creates a folder with a unique name (for isolating lists by `folderId`). */
export async function freshFolder(client: AssetsClient, target: Target, parentFolder?: string) {
  seed += 1;
  return client.folders.create(target.siteId, {
    displayName: `test folder ${seed}`,
    ...(parentFolder === undefined ? {} : { parentFolder }),
  });
}
