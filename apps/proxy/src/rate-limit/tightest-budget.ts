import type { RateDecision } from './rate-limit-store.js';

const integer = (value: string | string[] | undefined): number | undefined =>
  typeof value === 'string' && /^\d{1,15}$/.test(value) ? Number(value) : undefined;

/**
 * Makes an answer's `X-RateLimit-Limit` and `X-RateLimit-Remaining` describe whichever budget
 * runs out first: the upstream token's (as the upstream reported it), the caller's own key budget,
 * or the proxy's share of the upstream token. Passed through unchanged, the upstream's figures
 * told a caller with a 30-a-minute key "59 remaining" until its 31st request got a 429, so a
 * client pacing itself on `Remaining` never could.
 *
 * Headers the upstream sent but that are no integers are left as they came (in `report` mode that
 * drift stays visible); with none at all, the proxy's own budgets are reported.
 *
 * @example
 * const headers = { 'x-ratelimit-limit': '60', 'x-ratelimit-remaining': '59' };
 * describeTightestBudget(headers, [{ allowed: true, limit: 30, remaining: 4, retryAfterMs: 0 }]);
 * // headers: { 'x-ratelimit-limit': '30', 'x-ratelimit-remaining': '4' }
 */
export function describeTightestBudget(
  headers: Record<string, string | string[]>,
  budgets: readonly (RateDecision | null)[],
): void {
  const sentLimit = headers['x-ratelimit-limit'];
  const sentRemaining = headers['x-ratelimit-remaining'];
  const limit = integer(sentLimit);
  const remaining = integer(sentRemaining);
  if ((sentLimit !== undefined || sentRemaining !== undefined) && (limit === undefined || remaining === undefined)) {
    return;
  }
  let tightest = limit === undefined || remaining === undefined ? undefined : { limit, remaining };
  for (const budget of budgets) {
    if (
      budget &&
      (!tightest ||
        budget.remaining < tightest.remaining ||
        (budget.remaining === tightest.remaining && budget.limit < tightest.limit))
    ) {
      tightest = { limit: budget.limit, remaining: budget.remaining };
    }
  }
  if (tightest) {
    headers['x-ratelimit-limit'] = String(tightest.limit);
    headers['x-ratelimit-remaining'] = String(tightest.remaining);
  }
}
