import type { Contract } from '@assetkit/contract';
import type { ErrorRequestHandler } from 'express';
import type { Logger } from 'pino';
import { HttpError } from '../errors.js';

/**
 * The one error handler (last in the app): an `HttpError` becomes its status and Webflow's
 * error body (built by the contract's `errorBody`); anything else is logged and answered with
 * a generic 500 `internal_error`, never the internal message.
 *
 * @example
 * app.use(errorHandler({ contract, logger }));
 */
export function errorHandler({ contract, logger }: { contract: Contract; logger: Logger }): ErrorRequestHandler {
  return function handleError(error, req, res, next) {
    if (res.headersSent) {
      next(error);
      return;
    }
    // Express and its helpers flag client errors (a malformed %-escape in a URL) with a 4xx status.
    const clientStatus = (error as { status?: unknown })?.status;
    if (
      !(error instanceof HttpError) &&
      typeof clientStatus === 'number' &&
      clientStatus >= 400 &&
      clientStatus < 500
    ) {
      handleError(
        new HttpError(clientStatus, 'bad_request', `Bad Request: ${(error as Error).message}`),
        req,
        res,
        next,
      );
      return;
    }
    const known = error instanceof HttpError;
    if (!known) {
      logger.error({ err: error, method: req.method, url: req.originalUrl }, 'unhandled error');
    }
    const status = known ? error.status : 500;
    const body = contract.errorBody(
      known
        ? { code: error.code, message: error.message, details: error.details }
        : { code: 'internal_error', message: 'An Internal Error occurred' },
    );
    if (known) {
      for (const [name, value] of Object.entries(error.headers)) {
        res.setHeader(name, value);
      }
    }
    res.status(status).setHeader('Content-Type', 'application/json; charset=utf-8');
    res.end(JSON.stringify(body));
  };
}
