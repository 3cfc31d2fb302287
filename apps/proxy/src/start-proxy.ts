import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { type Contract, getContract, type Refusal, type RefusalRecord } from '@assetkit/contract';
import type { DestinationStream } from 'pino';
import { createApp } from './app.js';
import type { ProxyConfig } from './config.js';
import { createLogger } from './logger.js';
import { createMetrics, type ProxyMetrics } from './metrics.js';
import { createRateLimitStore, redisPrefix } from './rate-limit/create-store.js';
import { contextOf, type RequestContext } from './request-context.js';
import { serve } from './serve.js';
import { loggedPath, recordAnswer } from './steps/access-log.js';
import { nextId } from './steps/request-id.js';
import { createUpstream, type Upstream } from './upstream/upstream-client.js';

/** What {@link startProxy} needs besides the configuration. */
export interface StartProxyOptions {
  config: ProxyConfig;
  /** The upstream, when it is not `config.upstream.url` (the embedded sandbox's URL). */
  upstreamUrl?: string;
  /** The upstream token, when it is not `config.upstream.token` (the embedded sandbox's). */
  upstreamToken?: string | null;
  /** Where log lines go (default: stdout). */
  logDestination?: DestinationStream;
  /**
   * The clock of the budgets kept in this process (default `Date.now`): a test spends and refills
   * a per-minute budget on a fake one, without waiting a minute.
   */
  now?: () => number;
}

/** A listening proxy and its parts. */
export interface RunningProxy {
  /** `http://host:port` as callers reach it (loopback for a wildcard `HOST`: `0.0.0.0`, `::`). */
  url: string;
  /** The URL plus the spec's base path, e.g. `http://127.0.0.1:8080/v2`. */
  api: string;
  config: ProxyConfig;
  contract: Contract;
  metrics: ProxyMetrics;
  server: Server;
  upstream: Upstream;
  /**
   * Shuts down as on SIGTERM: a grace period of `Connection: close`, then in-flight requests finish
   * (for up to `SHUTDOWN_TIMEOUT_MS`). Resolves with how many requests that timeout cut off.
   */
  close(graceMs?: number): Promise<{ cutOff: number }>;
}

/**
 * Builds every part of the proxy from a configuration and listens: the one way to run it, used by
 * `main.ts` and by tests and embedders that want a real proxy on an ephemeral port.
 *
 * @example
 * const proxy = await startProxy({ config: loadConfig({ PORT: '0', UPSTREAM_URL, UPSTREAM_TOKEN, PROXY_KEYS }) });
 * await fetch(`${proxy.api}/sites/${siteId}/assets`, { headers: { authorization: `Bearer ${key}` } });
 * await proxy.close();
 */
export async function startProxy({
  config,
  upstreamUrl,
  upstreamToken,
  logDestination,
  now,
}: StartProxyOptions): Promise<RunningProxy> {
  const target = upstreamUrl ?? config.upstream.url;
  if (!target) {
    throw new TypeError('startProxy needs an upstream: config.upstream.url or upstreamUrl');
  }
  const logger = createLogger({ level: config.logLevel, ...(logDestination ? { destination: logDestination } : {}) });
  const metrics = createMetrics();
  const contract = getContract(config.api);
  const upstream = createUpstream(target, config.upstream);
  const token = upstreamToken === undefined ? config.upstream.token : upstreamToken;
  const rateLimitStore = await createRateLimitStore(config.rateLimit.redisUrl, {
    logger,
    metrics,
    prefix: redisPrefix(target, token),
    ...(now && { now }),
  });
  let draining = false;
  const proxy = createApp({
    config,
    contract,
    upstream,
    upstreamToken: token,
    rateLimitStore,
    logger,
    metrics,
    draining: () => draining,
  });
  // Answers made before the app (bytes HTTP cannot parse, oversized headers, slow clients, a bad
  // Host) get a request id, an access-log line and a count like every other answer.
  const refusals = {
    requestId: nextId,
    onRefusal: ({ requestId, method, path, status, code }: RefusalRecord) =>
      // The path as the access log has it: no query, at most its first 200 characters.
      recordAnswer({ logger, metrics }, 'none', status, () => ({
        reqId: requestId,
        method,
        path: path === undefined ? undefined : loggedPath(path),
        operation: 'none',
        status,
        code,
        forwarded: false,
      })),
    // The request had reached the app, which logs and counts it (with this status) when its
    // response closes unsent; the answer carries the app's request id. A caller that closed the
    // connection mid-request has, most likely, left: that stays a 499.
    onRefusalInApp: (response: object, { status, code, callerEnded }: Refusal) => {
      const ctx = contextOf(response as ServerResponse) as RequestContext | undefined;
      if (ctx && !callerEnded) {
        ctx.answeredByServer = { status, code };
      }
      return ctx?.requestId;
    },
  };
  // Rare (a caller pipelining past an answer that closes the connection), so one line each.
  const onUnhandled = ({ method, url }: IncomingMessage) => {
    metrics.unhandled.inc();
    logger.info(
      { method, path: url === undefined ? undefined : loggedPath(url) },
      'request not handled: pipelined behind an answer that closed the connection (the caller may send it again)',
    );
  };
  const serving = await serve(proxy.handle, config, { contract, refusals, onUnhandled }).catch(
    async (error: unknown) => {
      await Promise.all([upstream.close(), rateLimitStore.close()]);
      throw error;
    },
  );
  return {
    url: serving.url,
    api: `${serving.url}${contract.router.basePaths.at(-1) ?? ''}`,
    config,
    contract,
    metrics,
    server: serving.server,
    upstream,
    async close(graceMs = 0) {
      draining = true;
      logger.info('shutting down: draining in-flight requests');
      const cutOff = await serving.drain(config.shutdownTimeoutMs, graceMs);
      if (cutOff > 0) {
        logger.error(
          { cutOff, shutdownTimeoutMs: config.shutdownTimeoutMs },
          `shutdown timeout: ${cutOff} ${cutOff === 1 ? 'request' : 'requests'} still in flight ${cutOff === 1 ? 'was' : 'were'} cut off after SHUTDOWN_TIMEOUT_MS`,
        );
      }
      await Promise.all([upstream.close(), rateLimitStore.close()]);
      logger.info('shut down');
      logger.flush();
      return { cutOff };
    },
  };
}
