import type { RequestListener } from 'node:http';
import type { Contract } from '@assetkit/contract';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import type { Logger } from 'pino';
import { createIdentifier } from './auth/principal.js';
import { createProvenTokens } from './auth/proven-tokens.js';
import type { ProxyConfig } from './config.js';
import { errorHandler } from './error-handler.js';
import { HttpError } from './errors.js';
import type { ProxyMetrics } from './metrics.js';
import { pipeline } from './pipeline.js';
import type { RateLimitStore } from './rate-limit/rate-limit-store.js';
import { healthRoutes, isOperationsPath, OPERATIONS_METHODS } from './routes/health.js';
import { accessLog } from './steps/access-log.js';
import { identifyCaller, requireCaller } from './steps/authenticate.js';
import { cors } from './steps/cors.js';
import { forward, upstreamAuthorization } from './steps/forward.js';
import { callerRateLimit, upstreamBudget } from './steps/rate-limit.js';
import { readBody } from './steps/read-body.js';
import { startContext } from './steps/request-id.js';
import { resolveOperation } from './steps/resolve-operation.js';
import { validateRequest } from './steps/validate-request.js';
import { apiPathTest } from './steps/within-api.js';
import { createTenantGuard } from './tenant/tenant-guard.js';
import { credentialWatch } from './upstream/credential-watch.js';
import { upstreamRequestHeaders } from './upstream/headers.js';
import type { Upstream } from './upstream/upstream-client.js';

/** Everything the proxy app is built from; `main.ts` makes the real ones, tests their own. */
export interface AppDeps {
  config: ProxyConfig;
  contract: Contract;
  upstream: Upstream;
  /** The token sent upstream (keys mode). */
  upstreamToken: string | null;
  rateLimitStore: RateLimitStore;
  logger: Logger;
  metrics: ProxyMetrics;
  /** True while shutting down (readiness answers 503). */
  draining?: () => boolean;
}

/** The proxy: what the HTTP server calls per request, and the Express app behind it. */
export interface ProxyApp {
  /**
   * Node's request listener (give it to `http.createServer`): API requests run the pipeline
   * straight from the server; everything else goes to {@link ProxyApp.express}.
   */
  handle: RequestListener;
  /**
   * The Express app: operations endpoints, the JSON 404 and the error handler, and the API
   * pipeline too (for embedding with `parent.use(proxy.express)`).
   */
  express: Express;
}

/**
 * Builds the proxy. For each base path of the spec's servers (`/v2`, `/beta`) one pipeline, in
 * this order, and why: request id and access log (every answer is logged and carries an id);
 * identify the caller; rate-limit (keys, and for bad keys their address, so guessing is
 * throttled); refuse the unauthenticated; resolve the operation from the spec (404/405/scopes);
 * read and validate the request (413/415/400) — an invalid request is never forwarded; forward
 * and validate the response. Operations endpoints (`/healthz`, `/readyz`, `/metrics`) need no
 * key. A JSON 404 and the error handler come last.
 *
 * @example
 * const proxy = createApp({ config, contract, upstream, upstreamToken, rateLimitStore, logger, metrics });
 * http.createServer(proxy.handle).listen(8080);
 *
 * Why API requests skip Express: Express's per-request set-up (re-prototyping `req`/`res`, the
 * router walk, URL parsing) measured about a tenth of the proxy's CPU per request, and the steps
 * need none of it (they use Node's own request and response). Express still serves the rest.
 */
export function createApp(deps: AppDeps): ProxyApp {
  const { config, contract, logger, metrics, rateLimitStore: store } = deps;
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('query parser', false);

  const spendBudget = upstreamBudget({ store, config, metrics });
  const provenTokens = createProvenTokens();
  const tenantGuard = createTenantGuard(
    contract,
    {
      upstream: deps.upstream,
      spendBudget,
      headers: (ctx) =>
        upstreamRequestHeaders(
          {},
          { authorization: upstreamAuthorization(ctx, deps.upstreamToken), requestId: ctx.requestId },
        ),
    },
    { enabled: config.auth.keys.some((key) => key.sites !== null) },
  );
  const credential = credentialWatch();
  const browserAccess = config.corsOrigins ? [cors({ origins: config.corsOrigins, contract })] : [];
  const api = pipeline(startContext, [
    accessLog({ logger, metrics }),
    ...browserAccess,
    identifyCaller(createIdentifier(config.auth)),
    callerRateLimit({ store, config, metrics, provenTokens }),
    requireCaller(config.auth.mode),
    resolveOperation(contract),
    readBody({ limitBytes: config.requestBodyLimitBytes }),
    validateRequest({ contract, metrics, logger }),
    forward({
      contract,
      config,
      upstream: deps.upstream,
      upstreamToken: deps.upstreamToken,
      metrics,
      logger,
      tenantGuard,
      spendBudget,
      provenTokens,
      credential,
    }),
  ]);
  const answerError = errorHandler({ contract, logger });
  // Dispatched by a prefix test rather than a path-prefixed mount: such a mount re-writes req.url.
  const isApi = apiPathTest(contract.router.basePaths);
  const isApiRequest = (url: string) => isApi(url) && !isOperationsPath(url);
  app.use((req, res, next) => (isApiRequest(req.url) ? api(req, res, next) : next()));
  // Browser dashboards poll /healthz and /readyz: they get the API's CORS, and /metrics alike.
  app.use(
    healthRoutes({
      upstream: deps.upstream,
      metrics,
      credential,
      draining: deps.draining ?? (() => false),
      cors: config.corsOrigins
        ? cors({ origins: config.corsOrigins, contract, methodsAt: () => OPERATIONS_METHODS })
        : undefined,
    }),
  );
  // Outside the API's base paths (a client with a wrong base URL, a scanner): still an id, a log
  // line and a count, and a 404 that says where the API is.
  const bases = contract.router.basePaths.filter(Boolean).join(' or ');
  const outsideApi = pipeline(startContext, [
    accessLog({ logger, metrics }),
    // A browser app with a wrong base URL should read this 404, not a bare CORS error.
    ...browserAccess,
    (_req, _res, ctx) => {
      throw new HttpError(
        404,
        'route_not_found',
        bases
          ? `Route not found: ${ctx.method} ${ctx.path.slice(0, 200)} is outside the API, whose paths start with ${bases}`
          : 'Route not found',
      );
    },
  ]);
  app.use((req: Request, res: Response) => outsideApi(req, res, (error) => answerError(error, req, res)));
  app.use((error: unknown, req: Request, res: Response, _next: NextFunction) => answerError(error, req, res));
  return {
    express: app,
    handle(req, res) {
      const url = req.url ?? '/';
      if (isApiRequest(url)) {
        api(req, res, (error) => answerError(error, req, res));
      } else {
        app(req, res);
      }
    },
  };
}
