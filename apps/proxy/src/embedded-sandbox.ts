import type { Logger } from 'pino';
import type { ProxyConfig } from './config.js';

/** The local sandbox the proxy forwards to when no `UPSTREAM_URL` is set. */
export interface EmbeddedSandbox {
  url: string;
  token: string;
  siteId: string;
  close(): Promise<void>;
}

/**
 * Starts `@assetkit/sandbox` in this process (imported only here, on demand, so a deployment in
 * front of real Webflow never loads SQLite or image processing).
 *
 * @example
 * const sandbox = await startEmbeddedSandbox(config.sandbox, logger);
 */
export async function startEmbeddedSandbox(options: ProxyConfig['sandbox'], logger: Logger): Promise<EmbeddedSandbox> {
  const { startSandbox } = await import('@assetkit/sandbox');
  const sandbox = await startSandbox({
    dataDir: options.dataDir,
    port: options.port,
    logger: logger.child({ component: 'sandbox' }),
  });
  return { url: sandbox.url, token: sandbox.token, siteId: sandbox.siteId, close: () => sandbox.close() };
}
