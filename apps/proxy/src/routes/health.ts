import { type Router as ExpressRouter, Router } from 'express';
import { HttpError } from '../errors.js';
import type { ProxyMetrics } from '../metrics.js';
import type { Step } from '../pipeline.js';
import { pathOf } from '../request-context.js';
import { startContext } from '../steps/request-id.js';
import type { CredentialWatch } from '../upstream/credential-watch.js';
import type { Upstream } from '../upstream/upstream-client.js';

const READY_CACHE_MS = 2_000;
const OPERATIONS_PATHS = new Set(['/healthz', '/readyz', '/metrics']);
/** The methods the operations endpoints answer (any other gets a 405). */
export const OPERATIONS_METHODS: readonly string[] = ['GET', 'HEAD'];

/**
 * Whether a URL is one of the operations endpoints. They take precedence over an API served at
 * the root (a spec whose servers have no base path), so probes always reach them.
 *
 * @example
 * isOperationsPath('/metrics'); // true
 */
export function isOperationsPath(url: string): boolean {
  return OPERATIONS_PATHS.has(pathOf(url));
}

/**
 * Operations endpoints, outside the API's paths and needing no key: `/healthz` (the process is
 * up), `/readyz` (the upstream answers HTTP; one probe at a time, its answer cached for two seconds, so
 * callers cannot hammer the upstream through it; its body also says whether the upstream accepted the
 * proxy's own token the last time it was used, and since when) and `/metrics` (Prometheus text
 * format). A refused token leaves the proxy ready: every replica holds the same token, so taking
 * them all out of rotation would turn answers that name the problem (502s) into refused connections.
 *
 * With `cors` (the API's CORS step, given {@link OPERATIONS_METHODS}), each of their answers, 405s
 * included, gets the CORS headers the API's would, and a preflight is answered as the API's are:
 * a browser dashboard polling `/healthz` or `/readyz` is an app like any other.
 *
 * @example
 * app.use(healthRoutes({ upstream, metrics, credential: credentialWatch(), draining: () => shuttingDown }));
 */
export function healthRoutes({
  upstream,
  metrics,
  credential,
  draining,
  cors,
}: {
  upstream: Upstream;
  metrics: ProxyMetrics;
  credential: CredentialWatch;
  draining: () => boolean;
  /** The CORS step (`CORS_ORIGINS`); without it, no CORS headers. */
  cors?: Step | undefined;
}): ExpressRouter {
  const router = Router();
  if (cors) {
    // Synchronous (it decides from headers alone): a preflight is answered here, a refused one
    // thrown to the error handler, and any other request goes on with the headers decided.
    router.all([...OPERATIONS_PATHS], (req, res, next) => {
      const ctx = startContext(req, res);
      void cors(req, res, ctx);
      if (!res.writableEnded) {
        for (const [name, value] of Object.entries(ctx.cors ?? {})) {
          res.setHeader(name, value);
        }
        next();
      }
    });
  }
  let lastProbe = { at: -Infinity, ok: false };
  // One probe at a time: concurrent /readyz calls while one is out share its answer.
  let probing: Promise<boolean> | undefined;
  const probe = () => {
    probing ??= upstream.probe().finally(() => {
      probing = undefined;
    });
    return probing;
  };

  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });

  router.get('/readyz', async (_req, res) => {
    if (draining()) {
      res.status(503).json({ status: 'draining' });
      return;
    }
    // On the monotonic clock: a wall clock set back would keep the last answer for as long as the step.
    if (performance.now() - lastProbe.at > READY_CACHE_MS) {
      lastProbe = { at: performance.now(), ok: await probe() };
    }
    // Not the upstream's address: anyone who reaches the proxy may ask, with no key.
    res.status(lastProbe.ok ? 200 : 503).json({
      status: lastProbe.ok ? 'ready' : 'upstream unreachable',
      upstreamCredential: credential.current(),
    });
  });

  router.get('/metrics', async (_req, res) => {
    res.setHeader('content-type', metrics.registry.contentType);
    res.end(await metrics.registry.metrics());
  });

  // Any other method, OPTIONS included, gets the API's 405 with Allow (not a 404, nor Express's
  // plain-text answer to OPTIONS).
  router.all([...OPERATIONS_PATHS], (req) => {
    throw new HttpError(405, 'method_not_allowed', `Method ${req.method} is not allowed on ${req.path}`, {
      headers: { allow: OPERATIONS_METHODS.join(', ') },
    });
  });

  return router;
}
