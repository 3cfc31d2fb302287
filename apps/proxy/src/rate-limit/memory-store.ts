import { gcra, type RateDecision, type RateLimitStore } from './rate-limit-store.js';

/**
 * Rate-limit state in this process: one number per key. Keys whose budget is full again are
 * swept every minute, so memory stays bounded by the keys active in the last period.
 *
 * @example
 * const store = createMemoryStore();
 * store.take('key:web-app', 30, 60_000); // { allowed: true, limit: 30, remaining: 29, … }
 */
export function createMemoryStore(now: () => number = Date.now): RateLimitStore {
  const tats = new Map<string, number>();
  const sweep = setInterval(() => {
    const t = now();
    for (const [key, tat] of tats) {
      if (tat <= t) {
        tats.delete(key);
      }
    }
  }, 60_000);
  sweep.unref();
  return {
    backend: 'memory',
    take(key, limit, periodMs): RateDecision {
      const { tat, ...decision } = gcra(tats.get(key), now(), limit, periodMs);
      tats.set(key, tat);
      return decision;
    },
    async close() {
      clearInterval(sweep);
      tats.clear();
    },
  };
}
