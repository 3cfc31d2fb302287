import type { Contract } from '@assetkit/contract';
import { Router } from 'express';
import type { SandboxConfig } from '../config.js';
import type { FaultInjector } from '../faults/fault-injector.js';
import { syntheticItems } from '../faults/synthetic-items.js';
import { authenticate, requireToken } from '../middleware/authenticate.js';
import { authorizeScope } from '../middleware/authorize-scope.js';
import { dispatchOperation } from '../middleware/dispatch-operation.js';
import { injectFaults } from '../middleware/inject-faults.js';
import { logRequests } from '../middleware/log-requests.js';
import { matchOperation } from '../middleware/match-operation.js';
import { rateLimit } from '../middleware/rate-limit.js';
import { readBody } from '../middleware/read-body.js';
import { routeMisses } from '../middleware/route-misses.js';
import { validateRequest } from '../middleware/validate-request.js';
import type { OperationHandlers } from './api-state.js';
import type { RateLimiter } from './rate-limiter.js';
import type { RequestLog } from './request-log.js';

/** Largest JSON body the API reads (the biggest valid body is well under 2 kB). */
export const API_BODY_LIMIT_BYTES = 1024 * 1024;

/**
 * The Webflow API pipeline, mounted at `/v2` and `/beta`. The order is Webflow's: the request
 * is logged and read, then authentication (401, after the client's address is rate limited),
 * rate limit (429), route (404/405), faults, scope (403), validation (400), and the handler
 * (404 for unknown resources).
 *
 * @example
 * app.use(['/v2', '/beta'], apiRouter({ contract, config, handlers, limiter, requestLog, faults, now }));
 */
export function apiRouter(deps: {
  contract: Contract;
  config: Pick<SandboxConfig, 'tokens'>;
  publicUrl: string;
  handlers: OperationHandlers;
  limiter: RateLimiter;
  requestLog: RequestLog;
  faults: FaultInjector;
  now: () => number;
}): Router {
  const router = Router();
  router.use(logRequests({ requestLog: deps.requestLog, now: deps.now }));
  router.use(readBody({ limitBytes: API_BODY_LIMIT_BYTES }));
  router.use(matchOperation({ contract: deps.contract }));
  router.use(authenticate({ tokens: deps.config.tokens }));
  router.use(rateLimit({ limiter: deps.limiter }));
  router.use(requireToken());
  router.use(routeMisses());
  router.use(injectFaults({ faults: deps.faults }));
  router.use(authorizeScope());
  router.use(validateRequest({ contract: deps.contract }));
  router.use(
    dispatchOperation({
      handlers: deps.handlers,
      faults: deps.faults,
      synthetic: (siteId) => syntheticItems(deps.publicUrl, siteId),
    }),
  );
  return router;
}
