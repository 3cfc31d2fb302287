import type { RequestHandler } from 'express';
import { apiState } from '../api/api-state.js';
import type { RateLimiter } from '../api/rate-limiter.js';
import { HttpError } from '../errors.js';

/**
 * Webflow's per-token, per-minute rate limit: charges the request to its token (or, without a
 * valid token, to the client address), sets `X-RateLimit-Limit`/`X-RateLimit-Remaining` on
 * every response, and answers 429 `too_many_requests` with `Retry-After` (seconds to the end
 * of the minute) when the budget is spent.
 *
 * @example
 * router.use(rateLimit({ limiter: createRateLimiter({ limit: 60, now: Date.now }) }));
 */
export function rateLimit({ limiter }: { limiter: RateLimiter }): RequestHandler {
  return function limitRate(req, res, next) {
    const grant = apiState(res).grant;
    const key = grant ? `token:${grant.token}` : `address:${req.socket.remoteAddress ?? 'unknown'}`;
    const decision = limiter.take(key);
    res.setHeader('X-RateLimit-Limit', String(decision.limit));
    res.setHeader('X-RateLimit-Remaining', String(decision.remaining));
    if (!decision.allowed) {
      throw new HttpError(429, 'too_many_requests', 'Too many requests', {
        headers: { 'Retry-After': String(decision.resetSeconds) },
      });
    }
    next();
  };
}
