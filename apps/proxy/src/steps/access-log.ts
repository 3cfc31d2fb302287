import type { Request, Response } from 'express';
import type { Logger } from 'pino';
import type { Counter } from 'prom-client';
import type { ProxyMetrics } from '../metrics.js';
import type { Step } from '../pipeline.js';
import type { RequestContext } from '../request-context.js';

const round = (ms: number) => Math.round(ms * 100) / 100;

/**
 * Logs one JSON line per answered request (request id, operation, key, status, latency,
 * violations; never headers or credentials) and counts it, once the response is done. Metric
 * children are cached per label pair: resolving labels is a per-request cost otherwise.
 *
 * @example
 * pipeline(startContext, [accessLog({ logger, metrics }), …]);
 */
export function accessLog({ logger, metrics }: { logger: Logger; metrics: ProxyMetrics }): Step {
  const counters = new Map<string, Counter.Internal>();
  const count = (operation: string, status: number) => {
    const key = `${operation} ${status}`;
    let child = counters.get(key);
    if (!child) {
      child = metrics.requests.labels({ operation, status: String(status) });
      counters.set(key, child);
    }
    child.inc();
  };
  const finished = (req: Request, res: Response, ctx: RequestContext) => {
    const operation = ctx.operation?.operationId ?? 'none';
    const status = res.headersSent ? res.statusCode : 499;
    count(operation, status);
    if (logger.isLevelEnabled('info')) {
      logger.info(
        {
          reqId: ctx.requestId,
          method: req.method,
          path: req.originalUrl.split('?')[0],
          operation,
          key: ctx.principal?.label,
          status,
          latencyMs: round(performance.now() - ctx.startedAt),
          upstreamMs: ctx.upstreamMs === undefined ? undefined : round(ctx.upstreamMs),
          forwarded: ctx.forwarded,
          requestViolations: ctx.requestViolations,
          responseViolations: ctx.responseViolations,
        },
        'request',
      );
    }
  };
  return function logWhenFinished(req, res, ctx) {
    res.once('close', () => finished(req, res, ctx));
  };
}
