import type { RateDecision, RateLimitStore } from './rate-limit-store.js';

/** Reports which backend is answering, for logs and the `assetkit_rate_limit_backend` metric. */
export type BackendListener = (backend: 'redis' | 'memory', error?: unknown) => void;

/** How long the fallback is used, after Redis failed, before Redis is asked again (by default). */
export const RETRY_REDIS_MS = 1_000;

/**
 * Uses the shared (Redis) store while it answers and this process's own store while it does not:
 * a Redis outage degrades the shared budget to a per-replica one instead of failing requests. The
 * switch is reported once each way.
 *
 * Once Redis has failed, requests stop waiting for it: for `retryMs` every request uses the
 * fallback, then one health check (`ping`) goes out in the background, while requests still use
 * the fallback, and a success switches back. A Redis that has stopped answering (paused, swapping,
 * a long `DEBUG SLEEP`) then costs one command timeout, not one per request; and commands no
 * longer pile up in the client's queue for the whole outage.
 *
 * @example
 * const store = withFallback(createRedisStore(url), createMemoryStore(), 'redis', (backend) => log.warn({ backend }));
 */
export function withFallback(
  primary: RateLimitStore,
  fallback: RateLimitStore,
  initial: 'redis' | 'memory',
  onSwitch: BackendListener,
  { retryMs = RETRY_REDIS_MS, now = () => performance.now() }: { retryMs?: number; now?: () => number } = {},
): RateLimitStore & {
  /** The connection says Redis is gone (no request needed to find out): use the fallback now (not once closed). */
  down(error?: unknown): void;
  /** The connection says Redis is back: check it now instead of at the next request. */
  up(): void;
} {
  let current = initial;
  // Until when the fallback is used without asking Redis; 0 asks at the first request.
  let retryAt = 0;
  let checking = false;
  const use = (backend: 'redis' | 'memory', error?: unknown) => {
    if (backend === 'memory') {
      retryAt = now() + retryMs;
    }
    if (backend !== current) {
      current = backend;
      onSwitch(backend, error);
    }
  };
  const check = () => {
    checking = true;
    (primary.ping ? primary.ping() : Promise.resolve())
      .then(
        () => use('redis'),
        (error: unknown) => use('memory', error),
      )
      .finally(() => {
        checking = false;
      });
  };
  // Once closed (the connection going with it), nothing is reported any more.
  let closed = false;
  return {
    get backend() {
      return current;
    },
    down(error) {
      if (!closed) {
        use('memory', error);
      }
    },
    up() {
      if (current === 'memory' && !checking) {
        check();
      }
    },
    async take(key, limit, periodMs): Promise<RateDecision> {
      if (current === 'memory') {
        if (!checking && now() >= retryAt) {
          check();
        }
        return fallback.take(key, limit, periodMs);
      }
      try {
        return await primary.take(key, limit, periodMs);
      } catch (error) {
        use('memory', error);
        return fallback.take(key, limit, periodMs);
      }
    },
    async close() {
      closed = true;
      await Promise.all([primary.close(), fallback.close()]);
    },
  };
}
