import { hasRequiredScopes } from '@assetkit/contract';
import type { RequestHandler } from 'express';
import { apiState } from '../api/api-state.js';
import { HttpError } from '../errors.js';

/**
 * Answers 403 `missing_scopes` when the token lacks a scope the operation requires, naming
 * the missing scopes as Webflow does.
 *
 * @example
 * router.use(authorizeScope());
 */
export function authorizeScope(): RequestHandler {
  return function authorizeOperationScope(_req, res, next) {
    const { route, grant } = apiState(res);
    if (route.kind !== 'match' || !grant) {
      next();
      return;
    }
    const { operation } = route;
    if (!hasRequiredScopes(operation, grant.scopes)) {
      const missing = operation.scopes.filter((scope) => !grant.scopes.includes(scope));
      throw new HttpError(
        403,
        'missing_scopes',
        `OAuthForbidden: You are missing the following scopes - ${missing.join(', ')}`,
      );
    }
    next();
  };
}
