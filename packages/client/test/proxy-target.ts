import { loadConfig, startProxy } from '@assetkit/proxy';
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
    SHUTDOWN_TIMEOUT_MS: '1000',
  });
  const proxy = await startProxy({ config });
  return {
    name: 'proxy',
    baseUrl: proxy.api,
    token: WRITER,
    readOnlyToken: READER,
    siteId: sandbox.siteId,
    localeId: SANDBOX_DEFAULTS.locales.secondary[0]?.id ?? SANDBOX_DEFAULTS.locales.primary.id,
    sandbox,
    dropSurfacesAs: 'status 502',
    async close() {
      await proxy.close();
      await sandbox.close();
    },
  };
};
