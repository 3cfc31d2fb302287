#!/usr/bin/env node
import { getContract } from '@assetkit/contract';
import { createApp } from './app.js';
import { ConfigError, DEMO_KEY, loadConfig, type ProxyConfig } from './config.js';
import { type EmbeddedSandbox, startEmbeddedSandbox } from './embedded-sandbox.js';
import { createLogger } from './logger.js';
import { createMetrics } from './metrics.js';
import { createRateLimitStore } from './rate-limit/create-store.js';
import { serve } from './serve.js';
import { createUpstream } from './upstream/upstream-client.js';

function readConfig(): ProxyConfig {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(
        `assetkit proxy: ${error.message}\nSee the Configuration table in the README and apps/proxy/.env.example.\n`,
      );
      process.exit(2);
    }
    throw error;
  }
}

const config = readConfig();
const logger = createLogger({ level: config.logLevel });
const contract = getContract(config.api);
const metrics = createMetrics();

let sandbox: EmbeddedSandbox | undefined;
if (!config.upstream.url) {
  sandbox = await startEmbeddedSandbox(config.sandbox, logger);
}
const upstreamUrl = config.upstream.url ?? (sandbox as EmbeddedSandbox).url;
const upstreamToken = config.upstream.token ?? sandbox?.token ?? null;
const upstream = createUpstream(upstreamUrl, config.upstream);
const rateLimitStore = await createRateLimitStore(config.rateLimit.redisUrl, { logger, metrics });

let draining = false;
const app = createApp({
  config,
  contract,
  upstream,
  upstreamToken,
  rateLimitStore,
  logger,
  metrics,
  draining: () => draining,
});
const serving = await serve(app, config, { contract }).catch((error: Error) => {
  process.stderr.write(`assetkit proxy: cannot listen on ${config.host}:${config.port} (${error.message})\n`);
  process.exit(1);
});

const apiBase = `${serving.url}${contract.router.basePaths.at(-1) ?? ''}`;
const keyHint = sandbox && config.auth.keys.some((k) => k.name === 'demo') ? ` key=${DEMO_KEY}` : '';
// The site means something only to an API whose spec marks a tenant (x-assetkit-tenant).
const hasTenants = contract.operations.some((op) =>
  op.parameters.some((p) => p.object['x-assetkit-tenant'] !== undefined),
);
const siteHint = sandbox && hasTenants ? ` site=${sandbox.siteId}` : '';
process.stdout.write(
  `assetkit proxy ready: url=${apiBase}${keyHint}${siteHint} upstream=${sandbox ? `embedded sandbox ${sandbox.url}` : upstream.origin} validation=${config.responseValidation}\n`,
);

async function shutdown(signal: string): Promise<void> {
  if (draining) {
    return;
  }
  draining = true;
  logger.info({ signal }, 'shutting down: draining in-flight requests');
  await serving.drain(config.shutdownTimeoutMs, config.shutdownGraceMs);
  await Promise.allSettled([upstream.close(), rateLimitStore.close(), sandbox?.close()]);
  logger.info('shut down');
  logger.flush();
  process.exit(0);
}
process.once('SIGTERM', () => void shutdown('SIGTERM'));
process.once('SIGINT', () => void shutdown('SIGINT'));
