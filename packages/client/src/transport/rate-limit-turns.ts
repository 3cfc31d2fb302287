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
 * turns.nextTurnIn(response.headers); // 0, or how long until its turn while other calls wait
 * const wait = turns.take(2000, response.headers); // 2000, or later while other calls wait
 * try { await sleep(wait); } finally { turns.done(); }
 */
export function createRateLimitTurns() {
  let waiting = 0;
  let nextTurnAt = 0;

  function refillOf(headers: Headers): number {
    const limit = parseCount(headers.get('x-ratelimit-limit'));
    return limit !== undefined && limit > 0 ? Math.ceil(60_000 / limit) : 0;
  }

  function nextTurnIn(headers: Headers, now = Date.now()): number {
    return waiting > 0 && refillOf(headers) > 0 ? Math.max(0, nextTurnAt - now) : 0;
  }

  return {
    /**
     * How long until the next turn for a call meeting a 429 with these headers (0 when no other
     * call waits), without taking it: the retry policy weighs this wait against the call's budget.
     */
    nextTurnIn,
    /** How long a call told to wait `delayMs` by a 429 with these headers waits; call `done` after. */
    take(delayMs: number, headers: Headers, now = Date.now()): number {
      const wait = Math.max(delayMs, nextTurnIn(headers, now));
      nextTurnAt = Math.max(nextTurnAt, now + wait + refillOf(headers));
      waiting++;
      return wait;
    },
    done(): void {
      waiting--;
    },
  };
}
