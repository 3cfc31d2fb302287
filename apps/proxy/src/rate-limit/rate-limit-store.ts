/** The verdict of a rate limiter for one request. */
export interface RateDecision {
  allowed: boolean;
  /** The budget per period (what `X-RateLimit-Limit` says). */
  limit: number;
  /** Requests left right now (what `X-RateLimit-Remaining` says). */
  remaining: number;
  /** When refused: milliseconds until one request will be allowed. */
  retryAfterMs: number;
}

/** Where rate-limit state lives: this process (memory) or every replica (Redis). */
export interface RateLimitStore {
  readonly backend: 'memory' | 'redis';
  /**
   * Takes one request from `key`'s budget of `limit` per `periodMs`, if there is one left.
   * The memory store answers synchronously (no promise per request); Redis asynchronously.
   */
  take(key: string, limit: number, periodMs: number): RateDecision | Promise<RateDecision>;
  /** Resolves when the store answers at all (a shared store's health check); rejects otherwise. */
  ping?(): Promise<void>;
  close(): Promise<void>;
}

/**
 * GCRA (generic cell rate algorithm), the arithmetic shared by the memory store and the Redis
 * Lua script: one "theoretical arrival time" per key, a full burst of `limit` allowed, and
 * budget refilled smoothly (one request every `periodMs / limit`), so there is no cliff at a
 * window boundary where a client could send twice the budget.
 *
 * @see https://en.wikipedia.org/wiki/Generic_cell_rate_algorithm
 * @example
 * gcra(undefined, Date.now(), 60, 60_000); // { allowed: true, remaining: 59, tat: now + 1000, … }
 */
export function gcra(
  storedTat: number | undefined,
  now: number,
  limit: number,
  periodMs: number,
): RateDecision & { tat: number } {
  const interval = periodMs / limit;
  const tat = Math.max(storedTat ?? now, now);
  const newTat = tat + interval;
  const allowAt = newTat - periodMs;
  // Compared to half an interval, not to 0: at today's clock (about 1.8e12 ms, where a double holds
  // a quarter of a microsecond) a burst's intervals add up to a hair over the period, and a key of
  // 59 a minute got 58. A request due within half an interval is let in; the schedule (`tat`) is
  // kept exact, so a burst is still `limit` and the rate `limit` per period.
  if (allowAt - now >= interval / 2) {
    return { allowed: false, limit, remaining: 0, retryAfterMs: Math.ceil(allowAt - now), tat };
  }
  // By the same rule: the requests that would be let in now after this one.
  const remaining = Math.max(0, Math.ceil((now - allowAt) / interval - 0.5));
  return { allowed: true, limit, remaining, retryAfterMs: 0, tat: newTat };
}
