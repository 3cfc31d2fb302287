import { getContract } from '@assetkit/contract';
import express, { type Express } from 'express';
import type { Logger } from 'pino';
import { createAccess } from './api/access.js';
import { apiRouter } from './api/api-router.js';
import { createRateLimiter, type RateLimiter } from './api/rate-limiter.js';
import type { RequestLog } from './api/request-log.js';
import type { SandboxConfig } from './config.js';
import { HttpError } from './errors.js';
import type { FaultInjector } from './faults/fault-injector.js';
import { koniferRouter } from './konifer/konifer-router.js';
import { type KoniferStore, openKoniferStore } from './konifer/konifer-store.js';
import { accessLog } from './middleware/access-log.js';
import { errorHandler } from './middleware/error-handler.js';
import { adminRouter } from './routes/admin.js';
import { hostedFilesRouter } from './routes/hosted-files.js';
import { operationHandlers } from './routes/operation-handlers.js';
import type { RouteDeps } from './routes/route-deps.js';
import { s3UploadRouter } from './routes/s3-upload.js';
import type { Store } from './storage/store.js';

/** The bucket name in `uploadDetails` and `uploadUrl`. */
export const UPLOAD_BUCKET = 'assetkit-sandbox';

/** What {@link createApp} is built from. */
export interface AppDeps {
  config: SandboxConfig;
  /** Base of `uploadUrl`/`hostedUrl` (no trailing slash), known once the server listens. */
  publicUrl: string;
  store: Store;
  logger: Logger;
  faults: FaultInjector;
  requestLog: RequestLog;
  /** Clock for timestamps, policy expiry and rate-limit windows (tests may pin it). */
  now?: () => number;
  limiter?: RateLimiter;
  /** The Konifer side's storage; default: opened on `store`'s database and `config.dataDir`. */
  konifer?: KoniferStore;
}

/**
 * Builds the sandbox's Express app (no `listen`, no environment): admin endpoints, the S3-like
 * upload endpoint, hosted files, the Webflow API under `/v2` and `/beta`, and the
 * Konifer-compatible API at `/assets` (same storage engine, same port).
 *
 * @example
 * const app = createApp({ config, publicUrl: 'http://127.0.0.1:4010', store, logger, faults, requestLog });
 * http.createServer(app).listen(4010);
 */
export function createApp(deps: AppDeps): Express {
  const { config, store, logger } = deps;
  const now = deps.now ?? Date.now;
  const contract = getContract('webflow-assets');
  const routeDeps: RouteDeps = {
    store,
    access: createAccess(store),
    publicUrl: deps.publicUrl,
    bucket: UPLOAD_BUCKET,
    uploadExpirySeconds: config.uploadExpirySeconds,
    now,
  };
  const app = express();
  app.disable('x-powered-by');
  // Conditional GETs would answer 304, which the contract does not document.
  app.set('etag', false);
  app.use(accessLog({ logger }));

  app.get('/_health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.use(
    '/_sandbox',
    adminRouter({
      adminToken: config.adminToken,
      requestLog: deps.requestLog,
      faults: deps.faults,
      operationIds: contract.operations.map((o) => o.operationId),
    }),
  );
  app.use('/_s3', s3UploadRouter({ store, bucket: UPLOAD_BUCKET, publicUrl: deps.publicUrl, now, logger }));
  app.use('/_assets', hostedFilesRouter({ store }));
  app.use(
    ['/v2', '/beta'],
    apiRouter({
      contract,
      config,
      publicUrl: deps.publicUrl,
      handlers: operationHandlers(routeDeps),
      limiter: deps.limiter ?? createRateLimiter({ limit: config.rateLimitPerMinute, now }),
      requestLog: deps.requestLog,
      faults: deps.faults,
      now,
    }),
  );
  app.use(
    '/assets',
    koniferRouter({
      contract: getContract('konifer-assets'),
      store: deps.konifer ?? openKoniferStore(store.db, config.dataDir),
      publicUrl: deps.publicUrl,
      now,
      requestLog: deps.requestLog,
      logger,
    }),
  );
  app.use((req) => {
    const path = req.originalUrl.split('?')[0] ?? '';
    throw new HttpError(
      404,
      'resource_not_found',
      `Requested resource not found: route ${req.method} ${path} does not exist`,
    );
  });
  app.use(errorHandler({ contract, logger }));
  return app;
}
