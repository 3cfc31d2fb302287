/**
 * `@assetkit/proxy`: the validating proxy, for embedding and for tests. Most users run it with
 * `pnpm start` (or `node dist/main.js`) and configure it through the environment.
 *
 * @example
 * import { loadConfig, startProxy } from '@assetkit/proxy';
 * const proxy = await startProxy({ config: loadConfig({ PORT: '0', UPSTREAM_URL, UPSTREAM_TOKEN, PROXY_KEYS }) });
 */
export { type AppDeps, createApp, type ProxyApp } from './app.js';
export {
  ConfigError,
  DEMO_KEY,
  hashKey,
  loadConfig,
  type ProxyConfig,
  type ProxyKey,
  type ResponseValidationMode,
} from './config.js';
export { HttpError } from './errors.js';
export { createLogger } from './logger.js';
export { createMetrics, type ProxyMetrics } from './metrics.js';
export { createRateLimitStore } from './rate-limit/create-store.js';
export { type Serving, serve } from './serve.js';
export { type RunningProxy, type StartProxyOptions, startProxy } from './start-proxy.js';
export { createUpstream, type Upstream, type UpstreamStats } from './upstream/upstream-client.js';
