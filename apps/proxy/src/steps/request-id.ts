import { randomUUID } from 'node:crypto';
import type { Request, Response } from 'express';
import { newContext, type RequestContext } from '../request-context.js';

const ACCEPTABLE_ID = /^[A-Za-z0-9._:-]{8,128}$/;

/**
 * Starts a request's context with its id (the caller's `X-Request-Id` when it is well formed,
 * else a UUID) and echoes the id in the response.
 *
 * @example
 * const ctx = startContext(req, res); // ctx.requestId, also in res.locals.assetkit
 */
export function startContext(req: Request, res: Response): RequestContext {
  const offered = req.headers['x-request-id'];
  const id = typeof offered === 'string' && ACCEPTABLE_ID.test(offered) ? offered : randomUUID();
  const ctx = newContext(id);
  res.locals.assetkit = ctx;
  res.setHeader('x-request-id', id);
  return ctx;
}
