import type { RequestHandler } from 'express';
import { apiState } from '../api/api-state.js';
import type { TokenGrant } from '../config.js';
import { HttpError } from '../errors.js';

/** The token of an `Authorization: Bearer <token>` header, or `undefined`. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header ?? '');
  return match?.[1];
}

/**
 * Resolves the request's bearer token to its grant. It does not reject: an unknown token is
 * rate limited by client address first (see `rateLimit`), then {@link requireToken} answers 401.
 *
 * @example
 * router.use(authenticate({ tokens: config.tokens }));
 */
export function authenticate({ tokens }: { tokens: readonly TokenGrant[] }): RequestHandler {
  const byToken = new Map(tokens.map((grant) => [grant.token, grant]));
  return function authenticateRequest(req, res, next) {
    const token = bearerToken(req.headers.authorization);
    apiState(res).grant = token === undefined ? undefined : byToken.get(token);
    next();
  };
}

/**
 * Answers 401 `not_authorized` when the request has no valid token.
 *
 * @example
 * router.use(requireToken());
 */
export function requireToken(): RequestHandler {
  return function requireValidToken(_req, res, next) {
    if (!apiState(res).grant) {
      throw new HttpError(401, 'not_authorized', 'Request not authorized');
    }
    next();
  };
}
