import { randomUUID } from 'node:crypto';
import type { IncomingMessage as Request, ServerResponse as Response } from 'node:http';
import { ACCEPTABLE_REQUEST_ID } from '@assetkit/contract';
import { attachContext, newContext, type RequestContext } from '../request-context.js';

// Ids are this process's random prefix and a counter: unique across replicas and restarts, and
// cheaper than a UUID per request.
const PREFIX = randomUUID().slice(0, 24);
let counter = 0;
/** A new request id (also for the answers the server makes before the app, see `serve`). */
export const nextId = (): string => `${PREFIX}${(++counter).toString(16).padStart(12, '0')}`;

/**
 * Starts a request's context with its id (the caller's `X-Request-Id` when it is well formed,
 * else a new one). Answers carry the id; it is written with the rest of their headers (a header set
 * early with setHeader() sends writeHead() down a slower merging path on every response).
 *
 * @example
 * const ctx = startContext(req, res); // ctx.requestId, also contextOf(res)
 */
export function startContext(req: Request, res: Response): RequestContext {
  const offered = req.headers['x-request-id'];
  const id = typeof offered === 'string' && ACCEPTABLE_REQUEST_ID.test(offered) ? offered : nextId();
  // Node's server always sets the method and URL; the fallbacks only satisfy the types.
  const ctx = newContext(id, req.method ?? 'GET', req.url ?? '/');
  attachContext(res, ctx);
  return ctx;
}
