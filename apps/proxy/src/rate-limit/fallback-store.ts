import type { RateDecision, RateLimitStore } from './rate-limit-store.js';

/** Reports which backend is answering, for logs and the `assetkit_rate_limit_backend` metric. */
export type BackendListener = (backend: 'redis' | 'memory', error?: unknown) => void;

/**
 * Uses the shared (Redis) store while it answers and this process's own store while it does not:
 * a Redis outage degrades the shared budget to a per-replica one instead of failing requests. The
 * switch is reported once each way; every request tries Redis again, so recovery is immediate.
 *
 * @example
 * const store = withFallback(createRedisStore(url), createMemoryStore(), 'redis', (backend) => log.warn({ backend }));
 */
export function withFallback(
  primary: RateLimitStore,
  fallback: RateLimitStore,
  initial: 'redis' | 'memory',
  onSwitch: BackendListener,
): RateLimitStore {
  let current = initial;
  const use = (backend: 'redis' | 'memory', error?: unknown) => {
    if (backend !== current) {
      current = backend;
      onSwitch(backend, error);
    }
  };
  return {
    get backend() {
      return current;
    },
    async take(key, limit, periodMs): Promise<RateDecision> {
      try {
        const decision = await primary.take(key, limit, periodMs);
        use('redis');
        return decision;
      } catch (error) {
        use('memory', error);
        return fallback.take(key, limit, periodMs);
      }
    },
    async close() {
      await Promise.all([primary.close(), fallback.close()]);
    },
  };
}
