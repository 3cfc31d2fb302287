import { type Contract, hasRequiredScopes, type OperationSpec } from '@assetkit/contract';
import type { ProxyKey } from '../config.js';
import { HttpError } from '../errors.js';
import type { Step } from '../pipeline.js';

/**
 * Finds the operation the request names with the contract's router (no route is written by
 * hand): 404 for an unknown path, 405 with `Allow` for a known path and another method, 403
 * `missing_scopes` when the caller's key lacks the operation's scopes.
 *
 * @example
 * pipeline(startContext, [identify, limit, authorise, resolveOperation(contract), …]);
 */
export function resolveOperation(contract: Contract): Step {
  // A key's scopes and an operation's requirements never change: decide each pair once, per key
  // object (not per name, which configuration could repeat).
  const allowed = new WeakMap<ProxyKey, Map<OperationSpec, boolean>>();
  const mayCall = (key: ProxyKey, operation: OperationSpec) => {
    let verdicts = allowed.get(key);
    if (!verdicts) {
      verdicts = new Map();
      allowed.set(key, verdicts);
    }
    let verdict = verdicts.get(operation);
    if (verdict === undefined) {
      verdict = hasRequiredScopes(operation, key.scopes);
      verdicts.set(operation, verdict);
    }
    return verdict;
  };
  return function resolve(_req, _res, ctx) {
    const { method, path: pathname } = ctx;
    const route = contract.router.match(method, pathname);
    if (route.kind === 'not-found') {
      throw new HttpError(
        404,
        'route_not_found',
        `Route not found: ${method} ${pathname} is not an operation of this API`,
      );
    }
    if (route.kind === 'method-not-allowed') {
      throw new HttpError(
        405,
        'method_not_allowed',
        `Method ${method} is not allowed here; allowed: ${route.allow.join(', ')}`,
        {
          headers: { allow: route.allow.join(', ') },
        },
      );
    }
    ctx.operation = route.operation;
    ctx.pathParams = route.pathParams;
    const principal = ctx.principal;
    if (principal?.kind === 'key' && !mayCall(principal.key, route.operation)) {
      const missing = route.operation.scopes.filter((scope) => !principal.key.scopes.includes(scope));
      throw new HttpError(
        403,
        'missing_scopes',
        `OAuthForbidden: You are missing the following scopes - ${missing.join(', ')}`,
      );
    }
  };
}
