import { getContract } from '@assetkit/contract';
import {
  createApp,
  createLogger,
  createMetrics,
  createRateLimitStore,
  createUpstream,
  loadConfig,
  serve,
} from '@assetkit/proxy';
import { SANDBOX_DEFAULTS, startSandbox } from '@assetkit/sandbox';
import type { StartTarget } from './helpers.js';

const WRITER = 'client-tests-writer-key-0123';
const READER = 'client-tests-reader-key-0123';

/**
 * The validating proxy in front of a sandbox, as a target: the client talks to the proxy with a
 * proxy key; the proxy holds the sandbox's token. Response validation is `report`, so drifted
 * responses reach the client and its own validation is exercised end to end.
 *
 * @example
 * describeEverySuite(startProxyTarget);
 */
export const startProxyTarget: StartTarget = async ({ rateLimitPerMinute = 10_000 } = {}) => {
  const sandbox = await startSandbox({ rateLimitPerMinute, logger: false });
  const config = loadConfig({
    PORT: '0',
    UPSTREAM_URL: sandbox.url,
    UPSTREAM_TOKEN: sandbox.token,
    PROXY_KEYS: JSON.stringify([
      { name: 'writer', key: WRITER, scopes: ['assets:read', 'assets:write'], ratePerMinute: 1_000_000 },
      { name: 'reader', key: READER, scopes: ['assets:read'], ratePerMinute: 1_000_000 },
    ]),
    UPSTREAM_RATE_LIMIT: '0',
    RESPONSE_VALIDATION: 'report',
    LOG_LEVEL: 'silent',
  });
  const logger = createLogger({ level: 'silent' });
  const metrics = createMetrics();
  const upstream = createUpstream(sandbox.url, config.upstream);
  const rateLimitStore = await createRateLimitStore(null, { logger, metrics });
  const contract = getContract('webflow-assets');
  const app = createApp({ config, contract, upstream, upstreamToken: sandbox.token, rateLimitStore, logger, metrics });
  const serving = await serve(app, config);
  return {
    name: 'proxy',
    baseUrl: `${serving.url}/v2`,
    token: WRITER,
    readOnlyToken: READER,
    siteId: sandbox.siteId,
    localeId: SANDBOX_DEFAULTS.locales.secondary[0]?.id ?? SANDBOX_DEFAULTS.locales.primary.id,
    sandbox,
    dropSurfacesAs: 'status 502',
    async close() {
      await serving.drain(1_000);
      await Promise.all([upstream.close(), rateLimitStore.close()]);
      await sandbox.close();
    },
  };
};
