import { HttpError } from '../errors.js';
import type { Step } from '../pipeline.js';

/**
 * Answers 404 `route_not_found` for a path outside every base path of the spec's servers (`/v2`,
 * `/beta`), before any credential is looked at.
 *
 * @example
 * pipeline(startContext, [withinApi(['/beta', '/v2']), …]);
 */
export function withinApi(basePaths: readonly string[]): Step {
  const prefixes = basePaths.map((base) => `${base}/`);
  return function requireApiPath(req) {
    const url = req.originalUrl;
    if (!prefixes.some((prefix) => url.startsWith(prefix))) {
      throw new HttpError(
        404,
        'route_not_found',
        `Route not found: ${req.method} ${url.split('?')[0]} is not under ${basePaths.join(' or ')}`,
      );
    }
  };
}
