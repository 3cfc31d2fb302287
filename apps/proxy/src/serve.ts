import { createServer, type Server } from 'node:http';
import type { Express } from 'express';
import type { ProxyConfig } from './config.js';

/** A listening HTTP server that knows how many requests are in flight. */
export interface Serving {
  server: Server;
  url: string;
  /** Stops accepting, lets in-flight requests finish (up to `timeoutMs`), then closes every socket. */
  drain(timeoutMs: number): Promise<void>;
}

/**
 * Listens with the inbound timeouts that cut off slow clients (slow headers, slow bodies) and
 * tracks in-flight requests so shutdown can wait for them.
 *
 * @example
 * const { url, drain } = await serve(app, config);
 * process.once('SIGTERM', () => drain(10_000));
 */
export async function serve(app: Express, config: Pick<ProxyConfig, 'port' | 'host' | 'inbound'>): Promise<Serving> {
  const server = createServer(
    { headersTimeout: config.inbound.headersTimeoutMs, requestTimeout: config.inbound.requestTimeoutMs },
    app,
  );
  server.keepAliveTimeout = config.inbound.keepAliveTimeoutMs;
  let inFlight = 0;
  let idle: (() => void) | undefined;
  server.on('request', (_req, res) => {
    inFlight++;
    res.once('close', () => {
      inFlight--;
      if (inFlight === 0) {
        idle?.();
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  return {
    server,
    url: `http://${host}:${port}`,
    async drain(timeoutMs) {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const finished = inFlight === 0 ? Promise.resolve() : new Promise<void>((resolve) => (idle = resolve));
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
      await Promise.race([finished, timeout]);
      clearTimeout(timer);
      server.closeAllConnections();
      await closed;
    },
  };
}
