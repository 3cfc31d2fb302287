import express, { Router } from 'express';
import type { RequestLog } from '../api/request-log.js';
import { HttpError } from '../errors.js';
import type { FaultConfig } from '../faults/fault-config.js';
import { faultConfigProblems } from '../faults/fault-config.js';
import type { FaultInjector } from '../faults/fault-injector.js';
import { bearerToken } from '../middleware/authenticate.js';

/**
 * The admin endpoints, behind `Authorization: Bearer <adminToken>` (not logged, not rate
 * limited): `GET`/`DELETE /_sandbox/requests` (the request log) and `GET`/`PUT
 * /_sandbox/faults` (the fault configuration; `PUT null` clears it).
 *
 * @example
 * app.use('/_sandbox', adminRouter({ adminToken, requestLog, faults, operationIds }));
 */
export function adminRouter(deps: {
  adminToken: string;
  requestLog: RequestLog;
  faults: FaultInjector;
  operationIds: readonly string[];
}): Router {
  const router = Router();
  router.use(function requireAdmin(req, _res, next) {
    if (bearerToken(req.headers.authorization) !== deps.adminToken) {
      throw new HttpError(401, 'not_authorized', 'Admin endpoints need Authorization: Bearer <admin token>');
    }
    next();
  });
  router.get('/requests', (_req, res) => {
    res.json(deps.requestLog.entries());
  });
  router.delete('/requests', (_req, res) => {
    deps.requestLog.clear();
    res.status(204).end();
  });
  router.get('/faults', (_req, res) => {
    res.json(deps.faults.current());
  });
  router.put('/faults', express.raw({ type: () => true, limit: '64kb' }), (req, res) => {
    let config: unknown;
    try {
      config = JSON.parse(Buffer.isBuffer(req.body) ? req.body.toString('utf8') : '');
    } catch (error) {
      throw new HttpError(
        400,
        'validation_error',
        `Validation Error: the body is not valid JSON (${(error as Error).message})`,
        {
          details: [{ field: 'body', location: 'body', pointer: '', message: 'is not valid JSON' }],
        },
      );
    }
    if (config !== null) {
      const problems = faultConfigProblems(config, deps.operationIds);
      if (problems.length > 0) {
        throw new HttpError(400, 'validation_error', `Validation Error: ${problems[0]}`, {
          details: problems.map((problem) => {
            const [pointer = '', message = problem] = problem.split(/: (.*)/s);
            const at = pointer === '(root)' ? '' : pointer;
            return { field: at.slice(1).replaceAll('/', '.') || 'body', location: 'body', pointer: at, message };
          }),
        });
      }
    }
    deps.faults.set(config as FaultConfig | null);
    res.json(deps.faults.current());
  });
  router.all('/{*rest}', (req) => {
    throw new HttpError(
      404,
      'resource_not_found',
      `Requested resource not found: route ${req.method} ${req.originalUrl.split('?')[0]} does not exist`,
    );
  });
  return router;
}
