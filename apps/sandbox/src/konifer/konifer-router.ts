import type { IncomingMessage } from 'node:http';
import { BodyBytes, type Contract, contentCodingProblem } from '@assetkit/contract';
import { type ErrorRequestHandler, type Response, Router } from 'express';
import type { Logger } from 'pino';
import type { RequestLog } from '../api/request-log.js';
import { HttpError } from '../errors.js';
import { type KoniferResult, koniferHandlers } from './konifer-handlers.js';
import { koniferRejection } from './konifer-messages.js';
import type { KoniferStore } from './konifer-store.js';

/** Largest request body the Konifer side reads (an image upload); Konifer's own default is 100 MiB. */
export const KONIFER_BODY_LIMIT_BYTES = 16 * 1024 * 1024;

function readRawBody(req: IncomingMessage, limitBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    // One buffer, not the pieces the body came in (see BodyBytes: one-byte chunks made each byte
    // an object of its own, some 1.6 GB of heap for a body at the 16 MiB limit).
    const body = new BodyBytes<Buffer>(limitBytes, Buffer.allocUnsafe);
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limitBytes) {
        body.add(chunk);
      }
    });
    req.once('end', () => {
      if (size > limitBytes) {
        reject(new HttpError(400, 'bad_request', `Content exceeds the max size of ${limitBytes} bytes`));
        return;
      }
      resolve(body.bytes() ?? Buffer.alloc(0));
    });
    req.once('error', reject);
  });
}

function send(res: Response, result: KoniferResult): void {
  for (const [name, value] of Object.entries(result.headers ?? {})) {
    res.setHeader(name, value);
  }
  res.status(result.status);
  if (result.body === undefined) {
    res.end();
    return;
  }
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.end(JSON.stringify(result.body));
}

function koniferErrors(contract: Contract, logger: Logger): ErrorRequestHandler {
  return function answerKoniferError(error, req, res, next) {
    if (res.headersSent) {
      next(error);
      return;
    }
    const known = error instanceof HttpError;
    if (!known) {
      logger.error({ err: error, method: req.method, url: req.originalUrl }, 'unhandled error (konifer)');
    }
    const message = known ? error.message : 'Internal Server Error';
    send(res, { status: known ? error.status : 500, body: contract.errorBody({ code: 'error', message }) });
  };
}

/**
 * The Konifer-compatible API, mounted at `/assets` beside the Webflow one: every request is
 * logged, routed and validated by the `konifer-assets` contract (no route is written by hand),
 * rejected in Konifer's words (`{message}`, plain text for a missing multipart part, an empty 404
 * for an unknown route), and answered by the handlers. Konifer has no authentication, and neither
 * has this.
 *
 * @example
 * app.use('/assets', koniferRouter({ contract: getContract('konifer-assets'), store, publicUrl, now, requestLog, logger }));
 */
export function koniferRouter(deps: {
  contract: Contract;
  store: KoniferStore;
  publicUrl: string;
  now: () => number;
  requestLog: RequestLog;
  logger: Logger;
}): Router {
  const { contract } = deps;
  const handlers = koniferHandlers(deps);
  const router = Router();
  router.use(async function serveKonifer(req, res) {
    const log = deps.requestLog.record(req, res, deps.now());
    const codingProblem = contentCodingProblem(req.headers['content-encoding']?.trim().toLowerCase());
    const rawBody = await readRawBody(req, KONIFER_BODY_LIMIT_BYTES);
    log.setBody(rawBody);
    if (codingProblem) {
      throw new HttpError(400, 'bad_request', codingProblem);
    }
    const [path = '/', query = ''] = req.originalUrl.split(/\?(.*)/s);
    const route = contract.router.match(req.method, path);
    if (route.kind !== 'match') {
      // Ktor's answers to an unknown route or method: no body.
      send(
        res,
        route.kind === 'not-found' ? { status: 404 } : { status: 405, headers: { Allow: route.allow.join(', ') } },
      );
      return;
    }
    log.setOperationId(route.operation.operationId);
    const result = contract.validateRequest({ method: req.method, path, query, headers: req.headers, rawBody });
    if (!result.valid) {
      const rejection = koniferRejection(result.violations);
      if ('text' in rejection) {
        res.status(rejection.status).setHeader('Content-Type', 'text/plain; charset=utf-8').end(rejection.text);
        return;
      }
      throw new HttpError(rejection.status, 'bad_request', rejection.message);
    }
    const handler = handlers[route.operation.operationId];
    if (!handler) {
      throw new Error(`no Konifer handler for ${route.operation.operationId}`);
    }
    send(
      res,
      await handler({
        operationId: route.operation.operationId,
        pathParams: result.pathParams,
        query: result.query,
        rawBody,
        contentType: req.headers['content-type'] ?? '',
      }),
    );
  });
  router.use(koniferErrors(contract, deps.logger));
  return router;
}
