import type { Clock } from './clock.js';
import { createRateLimiter, type RateLimit, type RateLimiter, type SlidingWindowLimiter } from './rate-limiter.js';
import type { RateLimitReport } from './report-types.js';

/**
 * Whose budget a request spends: the run's `token`, the `read-only` token, `other` (no token or a
 * wrong one: servers count those by client address), or `storage` (uploads and hosted files,
 * outside the API and its budget).
 */
export type Lane = 'token' | 'read-only' | 'other' | 'storage';

/** `X-RateLimit-Limit` counts requests per minute (Webflow, the assetkit proxy and sandbox). */
const ANNOUNCED_WINDOW_MS = 60_000;

/**
 * The budget an answer announces: `X-RateLimit-Limit` as a positive integer (requests per
 * minute), else `undefined`.
 *
 * @example
 * announcedLimit(new Headers({ 'x-ratelimit-limit': '60' })); // 60
 */
export function announcedLimit(headers: Headers): number | undefined {
  // A header sent twice arrives joined (`30, 30`): one figure, if both say the same.
  const values = new Set((headers.get('x-ratelimit-limit') ?? '').split(',').map((v) => v.trim()));
  const [value = ''] = values;
  return values.size === 1 && /^\d{1,9}$/.test(value) && Number(value) > 0 ? Number(value) : undefined;
}

/**
 * The run's rate limiter. Given a limit (`follow: false`, from `--rate-limit`), every request
 * keeps to it, in one window, whatever the server says. Without one (`follow: true`, `limit` is
 * then the default: none for loopback, 60/min otherwise), each lane starts at the default and,
 * once an answer to one of its requests announces `X-RateLimit-Limit`, keeps to that: the
 * server's own budget, so a run never spends it faster than it refills. A lower figure announced
 * later lowers the pace again; a higher one does not raise it. Either way, the lowest figure
 * announced to the token is remembered for the report.
 *
 * @example
 * const limiter = createRunLimiter({ limit: null, follow: true, onAdopt: (l) => log(`${l.requests}/min`) });
 * const release = await limiter.acquire(signal, 'token');
 * limiter.observe(response.headers, 'token'); // X-RateLimit-Limit: 30 → 30 a minute from now on
 * release();
 */
export function createRunLimiter({
  limit,
  follow,
  clock,
  onAdopt,
}: {
  limit: RateLimit | null;
  follow: boolean;
  clock?: Clock;
  /** Called when a lane starts keeping to a figure the server announced, or a lower one. */
  onAdopt?: (limit: RateLimit, lane: Lane) => void;
}): Required<RateLimiter> & { report(): RateLimitReport } {
  const options = clock ? { limit, clock } : { limit };
  const shared = createRateLimiter(options);
  const lanes = new Map<string, SlidingWindowLimiter>();
  const adopted = new Set<string>();
  let announced: number | null = null;
  const laneOf = (lane: string): SlidingWindowLimiter => {
    if (!follow) {
      return shared;
    }
    let limiter = lanes.get(lane);
    if (!limiter) {
      limiter = createRateLimiter(options);
      lanes.set(lane, limiter);
    }
    return limiter;
  };
  return {
    acquire: (signal, lane = 'token') => laneOf(lane).acquire(signal),
    observe(headers, lane = 'token') {
      const requests = announcedLimit(headers);
      if (requests === undefined || lane === 'storage') {
        return;
      }
      if (lane === 'token') {
        announced = Math.min(announced ?? requests, requests);
      }
      if (!follow) {
        return;
      }
      const limiter = laneOf(lane);
      const current = limiter.limit();
      if (adopted.has(lane) && current !== null && current.requests <= requests) {
        return;
      }
      adopted.add(lane);
      const next = { requests, windowMs: ANNOUNCED_WINDOW_MS };
      limiter.setLimit(next);
      onAdopt?.(next, lane as Lane);
    },
    report: () => ({
      limit: laneOf('token').limit(),
      source: !follow ? 'option' : adopted.has('token') ? 'server' : 'default',
      announced,
    }),
  };
}
