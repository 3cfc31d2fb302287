import { setTimeout as sleep } from 'node:timers/promises';
import type { RequestHandler } from 'express';
import { apiState } from '../api/api-state.js';
import { HttpError } from '../errors.js';
import type { FaultInjector } from '../faults/fault-injector.js';

const ERROR_CODES = { 429: 'too_many_requests', 500: 'internal_error', 503: 'service_unavailable' } as const;
const ERROR_MESSAGES = {
  429: 'Too many requests',
  500: 'An Internal Error occurred',
  503: 'Service unavailable (injected fault)',
} as const;

/** Body of the `invalidJson` fault: JSON that stops half-way. */
export const INVALID_JSON_BODY = '{"assets": [{"id": "65f0a1b2c3d4e5f6a7b8c9d0", "displayName": ';

/**
 * Applies the configured faults to a matched API request, after authentication and rate
 * limiting: added latency, a dropped connection, an error status, or a body that is not JSON.
 * Drift is applied later, to the handler's successful response.
 *
 * @example
 * router.use(injectFaults({ faults }));
 */
export function injectFaults({ faults }: { faults: FaultInjector }): RequestHandler {
  return async function injectRequestFaults(req, res, next) {
    const state = apiState(res);
    if (state.route.kind !== 'match') {
      next();
      return;
    }
    const plan = faults.plan(state.route.operation.operationId);
    state.faults = plan;
    if (!plan) {
      next();
      return;
    }
    if (plan.latencyMs > 0) {
      await sleep(plan.latencyMs);
    }
    if (plan.drop) {
      req.socket.destroy();
      return;
    }
    if (plan.error) {
      const { status, retryAfterSeconds } = plan.error;
      // HTTP gives Retry-After to both a rate limit and a service that is down for a while; the
      // plan says which of them carry one.
      const headers: Record<string, string> =
        retryAfterSeconds === undefined ? {} : { 'Retry-After': String(retryAfterSeconds) };
      throw new HttpError(status, ERROR_CODES[status], ERROR_MESSAGES[status], { headers });
    }
    if (plan.invalidJson) {
      res.status(200).setHeader('Content-Type', 'application/json; charset=utf-8');
      res.end(INVALID_JSON_BODY);
      return;
    }
    next();
  };
}
