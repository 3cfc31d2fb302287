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
  if (allowAt > now) {
    return { allowed: false, limit, remaining: 0, retryAfterMs: Math.ceil(allowAt - now), tat };
  }
  const remaining = Math.max(0, Math.floor((now - allowAt) / interval));
  return { allowed: true, limit, remaining, retryAfterMs: 0, tat: newTat };
}
