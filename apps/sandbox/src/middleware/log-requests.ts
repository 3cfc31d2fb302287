import type { RequestHandler } from 'express';
import type { ApiState } from '../api/api-state.js';
import type { RequestLog } from '../api/request-log.js';

/**
 * The first API middleware: records the request in the request log and starts its API state.
 * Every request under `/v2` and `/beta` is logged, including the ones rejected later.
 *
 * @example
 * router.use(logRequests({ requestLog, now: Date.now }));
 */
export function logRequests({ requestLog, now }: { requestLog: RequestLog; now: () => number }): RequestHandler {
  return function logRequest(req, res, next) {
    const state: ApiState = {
      log: requestLog.record(req, res, now()),
      rawBody: Buffer.alloc(0),
      bodyProblem: undefined,
      route: { kind: 'not-found' },
      grant: undefined,
      faults: undefined,
      operation: undefined,
      pathParams: {},
      query: {},
      queryNames: {},
      body: undefined,
    };
    res.locals.api = state;
    next();
  };
}
