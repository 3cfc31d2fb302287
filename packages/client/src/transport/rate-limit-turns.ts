import { parseCount } from '../retry/retry-after.js';

/**
 * Spaces out the calls of one client that wait out a 429 at the same time. A budget that refills
 * one request at a time (the assetkit proxy's: 30 a minute is one every 2 s) answers each of them
 * `Retry-After: 2`, when one more request will pass; coming back together, all but one would meet
 * another 429. Instead the first waits what its `Retry-After` says and each one waiting beside it a
 * refill later than the one before: `X-RateLimit-Limit` requests a minute is one every
 * `60 000 / limit` ms. A call that waits alone waits its `Retry-After`, as the server said.
 *
 * @example
 * const turns = createRateLimitTurns();
 * const wait = turns.take(2000, response.headers); // 2000, or later while other calls wait
 * try { await sleep(wait); } finally { turns.done(); }
 */
export function createRateLimitTurns() {
  let waiting = 0;
  let nextTurnAt = 0;
  return {
    /** How long a call told to wait `delayMs` by a 429 with these headers waits; call `done` after. */
    take(delayMs: number, headers: Headers, now = Date.now()): number {
      const limit = parseCount(headers.get('x-ratelimit-limit'));
      const refillMs = limit !== undefined && limit > 0 ? Math.ceil(60_000 / limit) : 0;
      const wait = waiting > 0 && refillMs > 0 ? Math.max(delayMs, nextTurnAt - now) : delayMs;
      nextTurnAt = Math.max(nextTurnAt, now + wait + refillMs);
      waiting++;
      return wait;
    },
    done(): void {
      waiting--;
    },
  };
}
