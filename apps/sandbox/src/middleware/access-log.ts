import type { RequestHandler } from 'express';
import type { Logger } from 'pino';

/**
 * Logs one line per request when it ends (at `debug`, so a running sandbox stays quiet unless
 * asked): method, path without query, status and duration. Credentials are never logged.
 *
 * @example
 * app.use(accessLog({ logger }));
 */
export function accessLog({ logger }: { logger: Logger }): RequestHandler {
  return function logAccess(req, res, next) {
    if (!logger.isLevelEnabled('debug')) {
      next();
      return;
    }
    const started = performance.now();
    res.once('close', () => {
      logger.debug(
        {
          method: req.method,
          path: req.originalUrl.split('?')[0],
          status: res.headersSent ? res.statusCode : 0,
          ms: Math.round((performance.now() - started) * 10) / 10,
        },
        'request',
      );
    });
    next();
  };
}
