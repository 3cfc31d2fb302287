import type { RateDecision } from './rate-limit-store.js';

const integer = (value: string | string[] | undefined): number | undefined =>
  typeof value === 'string' && /^\d{1,15}$/.test(value) ? Number(value) : undefined;

/**
 * The budget an answer's `X-RateLimit-Limit` and `X-RateLimit-Remaining` describe, or `undefined`
 * unless both are there, once each, as integers.
 *
 * @example
 * ratePair({ 'x-ratelimit-limit': '60', 'x-ratelimit-remaining': '59' }); // { limit: 60, remaining: 59 }
 */
export function ratePair(
  headers: Record<string, string | string[] | undefined>,
): { limit: number; remaining: number } | undefined {
  const limit = integer(headers['x-ratelimit-limit']);
  const remaining = integer(headers['x-ratelimit-remaining']);
  return limit === undefined || remaining === undefined ? undefined : { limit, remaining };
}

/** Whether budget `a` runs out before `b`: fewer requests left, or as many left of a smaller limit. */
export function runsOutFirst(
  a: { limit: number; remaining: number },
  b: { limit: number; remaining: number },
): boolean {
  return a.remaining < b.remaining || (a.remaining === b.remaining && a.limit < b.limit);
}

/**
 * Makes an answer's `X-RateLimit-Limit` and `X-RateLimit-Remaining` describe whichever budget
 * runs out first: the upstream token's (as the upstream reported it), the caller's own key budget,
 * or the proxy's share of the upstream token. Passed through unchanged, the upstream's figures
 * told a caller with a 30-a-minute key "59 remaining" until its 31st request got a 429, so a
 * client pacing itself on `Remaining` never could.
 *
 * Only a pair the upstream sent, as integers, is adjusted: where the API's spec documents the pair,
 * headers that are missing or no integers are drift, and stay as they came (in `report` mode the
 * caller sees them as they are). Where it does not (`ownWhenSilent`: an API without rate headers,
 * such as Konifer), an answer that has neither gets the proxy's own tightest budget: the proxy
 * refuses past it, so a client pacing itself on `X-RateLimit-*` must be told it.
 *
 * @example
 * const headers = { 'x-ratelimit-limit': '60', 'x-ratelimit-remaining': '59' };
 * describeTightestBudget(headers, [{ allowed: true, limit: 30, remaining: 4, retryAfterMs: 0 }]);
 * // headers: { 'x-ratelimit-limit': '30', 'x-ratelimit-remaining': '4' }
 */
export function describeTightestBudget(
  headers: Record<string, string | string[]>,
  budgets: readonly (RateDecision | null)[],
  { ownWhenSilent = false }: { ownWhenSilent?: boolean } = {},
): void {
  let tightest = ratePair(headers);
  const silent = headers['x-ratelimit-limit'] === undefined && headers['x-ratelimit-remaining'] === undefined;
  if (tightest === undefined && !(ownWhenSilent && silent)) {
    return; // drift: left as it came
  }
  for (const budget of budgets) {
    if (budget && (tightest === undefined || runsOutFirst(budget, tightest))) {
      tightest = { limit: budget.limit, remaining: budget.remaining };
    }
  }
  if (tightest === undefined) {
    return;
  }
  headers['x-ratelimit-limit'] = String(tightest.limit);
  headers['x-ratelimit-remaining'] = String(tightest.remaining);
}
