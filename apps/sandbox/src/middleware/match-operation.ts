import type { Contract } from '@assetkit/contract';
import type { RequestHandler } from 'express';
import { apiState } from '../api/api-state.js';

/**
 * Finds the operation a request names with the contract's router (no per-route code). A miss
 * is only recorded here; it is answered after authentication and rate limiting.
 *
 * @example
 * router.use(matchOperation({ contract }));
 */
export function matchOperation({ contract }: { contract: Contract }): RequestHandler {
  return function matchRequestOperation(req, res, next) {
    const state = apiState(res);
    const path = req.originalUrl.split('?')[0] ?? '/';
    state.route = contract.router.match(req.method, path);
    if (state.route.kind === 'match') {
      state.log.setOperationId(state.route.operation.operationId);
    }
    next();
  };
}
