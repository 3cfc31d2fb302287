/** The verdict on one request against its budget. */
export interface RateDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Seconds until the current minute window ends (at least 1). */
  resetSeconds: number;
}

/** Fixed one-minute windows per key (a token, or a client address). */
export interface RateLimiter {
  take(key: string): RateDecision;
}

const WINDOW_MS = 60_000;

/**
 * Counts requests per key in fixed windows aligned to the wall-clock minute, like Webflow's
 * per-token per-minute limit. A rejected request does not use up budget.
 *
 * @example
 * const limiter = createRateLimiter({ limit: 60, now: Date.now });
 * limiter.take('token:sandbox-token'); // { allowed: true, limit: 60, remaining: 59, resetSeconds: 42 }
 */
export function createRateLimiter({ limit, now }: { limit: number; now: () => number }): RateLimiter {
  let window = -1;
  let counts = new Map<string, number>();
  return {
    take(key) {
      const at = now();
      const current = Math.floor(at / WINDOW_MS);
      if (current !== window) {
        window = current;
        counts = new Map();
      }
      const resetSeconds = Math.max(1, Math.ceil(((current + 1) * WINDOW_MS - at) / 1000));
      const used = counts.get(key) ?? 0;
      if (used >= limit) {
        return { allowed: false, limit, remaining: 0, resetSeconds };
      }
      counts.set(key, used + 1);
      return { allowed: true, limit, remaining: limit - used - 1, resetSeconds };
    },
  };
}
