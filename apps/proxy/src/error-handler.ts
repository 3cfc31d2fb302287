import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Contract } from '@assetkit/contract';
import type { Logger } from 'pino';
import { HttpError } from './errors.js';
import { contextOf, rateHeaders } from './request-context.js';
import { withCors } from './steps/cors.js';

/**
 * Answers every error in the API's own error shape (from the spec's
 * `x-assetkit-error` template) with the request id, the caller's rate-limit headers and the
 * error's own headers. Errors that are not `HttpError`s are bugs: logged in full, answered with a
 * generic 500 that reveals nothing.
 *
 * @example
 * const answerError = errorHandler({ contract, logger });
 * app.use((error, req, res, _next) => answerError(error, req, res));
 */
export function errorHandler({ contract, logger }: { contract: Contract; logger: Logger }) {
  return function answerError(error: unknown, req: IncomingMessage, res: ServerResponse): void {
    if (res.headersSent) {
      // Too late for an error answer: end the connection so the caller sees the response broke.
      logger.warn({ reqId: contextOf(res)?.requestId, err: error }, 'error after the response started');
      req.socket.destroy();
      return;
    }
    const ctx = contextOf(res);
    const known = error instanceof HttpError;
    const status = known ? error.status : 500;
    if (!known) {
      logger.error({ reqId: ctx?.requestId, err: error, method: req.method }, 'unexpected error');
    } else if (status >= 500) {
      logger.warn(
        { reqId: ctx?.requestId, code: error.code, cause: (error.cause as Error | undefined)?.message },
        error.message,
      );
    }
    const facts = known
      ? { code: error.code, message: error.message, details: error.details }
      : { code: 'internal_error', message: `An Internal Error occurred (request id ${ctx?.requestId ?? 'unknown'})` };
    const body = JSON.stringify(contract.errorBody(facts));
    // Answered before the body it announced was read (a 401, 403, 404, 429…): the rest of that body
    // is still coming, and Node would read it as the next request on this connection (and answer
    // it, say, with a 408). Closing is the only way to stay in step.
    const unread =
      !req.complete &&
      (req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0);
    res.writeHead(
      status,
      withCors(
        {
          ...(unread ? { connection: 'close' } : {}),
          ...rateHeaders(ctx?.rate ?? null),
          ...(known ? error.headers : {}),
          ...(ctx ? { 'x-request-id': ctx.requestId } : {}),
          'content-type': `${contract.errorFormat.mediaType}; charset=utf-8`,
          'content-length': String(Buffer.byteLength(body)),
        },
        ctx,
      ),
    );
    res.end(body);
  };
}
