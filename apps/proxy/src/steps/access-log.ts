import type { ServerResponse as Response } from 'node:http';
import type { Logger } from 'pino';
import { type ProxyMetrics, statusLabel } from '../metrics.js';
import type { Step } from '../pipeline.js';
import { pathOf, type RequestContext } from '../request-context.js';

const round = (ms: number) => Math.round(ms * 100) / 100;

/** The most of a path a log line keeps: every path of the API fits, with room to spare. */
const LOGGED_PATH_MAX = 200;

/**
 * A request's path as log lines keep it: without its query (a query may carry what a log should
 * not), whole up to {@link LOGGED_PATH_MAX} characters, else its start and `…`. The caller chooses
 * the path, and Node accepts one as long as its header limit (~16 KB): kept whole, any caller, keyed
 * or not, could make each info line that long for the price of a request.
 *
 * @example
 * loggedPath('/v2/assets/65f0a1b2c3d4e5f6a7b8c9d0?localeId=x'); // '/v2/assets/65f0a1b2c3d4e5f6a7b8c9d0'
 */
export function loggedPath(url: string): string {
  const path = pathOf(url);
  return path.length <= LOGGED_PATH_MAX ? path : `${path.slice(0, LOGGED_PATH_MAX)}…`;
}

/**
 * Counts one answered request and logs its line (`msg: 'request'`), the one shape every answer
 * is recorded in, whether the pipeline made it or the server did before it. `line` is built only
 * when info lines are written.
 *
 * @example
 * recordAnswer({ logger, metrics }, 'none', 431, () => ({ reqId, status: 431, operation: 'none' }));
 */
export function recordAnswer(
  { logger, metrics }: { logger: Logger; metrics: ProxyMetrics },
  operation: string,
  status: number,
  line: () => Record<string, unknown>,
): void {
  metrics.requests.inc(operation, statusLabel(status));
  if (logger.isLevelEnabled('info')) {
    logger.info(line(), 'request');
  }
}

/**
 * Logs one JSON line per answered request (request id, operation, key, status, latency,
 * violations; never headers or credentials) and counts it, once the response is done. This is
 * the response's one `close` listener: it also runs `ctx.onClose`.
 *
 * @example
 * pipeline(startContext, [accessLog({ logger, metrics }), …]);
 */
export function accessLog({ logger, metrics }: { logger: Logger; metrics: ProxyMetrics }): Step {
  const finished = (res: Response, ctx: RequestContext) => {
    const operation = ctx.operation?.operationId ?? 'none';
    // Unsent: the caller went away (499), or Node's server answered instead (see `serve`).
    const status = res.headersSent ? res.statusCode : (ctx.answeredByServer?.status ?? 499);
    recordAnswer({ logger, metrics }, operation, status, () => ({
      reqId: ctx.requestId,
      method: ctx.method,
      path: loggedPath(ctx.path),
      operation,
      key: ctx.principal?.label,
      status,
      latencyMs: round(performance.now() - ctx.startedAt),
      upstreamMs: ctx.upstreamMs === undefined ? undefined : round(ctx.upstreamMs),
      forwarded: ctx.forwarded,
      requestViolations: ctx.requestViolations,
      responseViolations: ctx.responseViolations,
      responseBodyChecked: ctx.responseBodyChecked,
    }));
  };
  return function logWhenFinished(_req, res, ctx) {
    res.once('close', () => {
      ctx.onClose?.();
      finished(res, ctx);
    });
  };
}
