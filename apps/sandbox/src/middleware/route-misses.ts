import type { RequestHandler } from 'express';
import { apiState } from '../api/api-state.js';
import { HttpError } from '../errors.js';

/**
 * Answers requests the contract's router did not match: 405 with `Allow` for a known path and
 * an undocumented method, 404 in Webflow's error shape for an unknown path.
 *
 * @example
 * router.use(routeMisses());
 */
export function routeMisses(): RequestHandler {
  return function answerRouteMiss(req, res, next) {
    const { route } = apiState(res);
    if (route.kind === 'method-not-allowed') {
      throw new HttpError(
        405,
        'method_not_allowed',
        `Method ${req.method} is not allowed here; allowed: ${route.allow.join(', ')}`,
        {
          headers: { Allow: route.allow.join(', ') },
        },
      );
    }
    if (route.kind === 'not-found') {
      const path = req.originalUrl.split('?')[0] ?? '';
      throw new HttpError(
        404,
        'resource_not_found',
        `Requested resource not found: route ${req.method} ${path} does not exist`,
      );
    }
    next();
  };
}
