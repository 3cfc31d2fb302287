#!/usr/bin/env node
// First: engine flags must be set before the rest of the service is loaded.
import './engine-tuning.js';
import { startupFailure } from '@assetkit/contract';
// Not the package root: that loads the sandbox (SQLite, Express), wanted only when it is embedded.
import { catchShutdownSignals, probeListen } from '@assetkit/sandbox/http-server';
import {
  ConfigError,
  DEMO_KEY,
  loadConfig,
  PROXY_DEFAULT_PORT,
  type ProxyConfig,
  SANDBOX_DEFAULT_PORT,
} from './config.js';
import { type EmbeddedSandbox, startEmbeddedSandbox } from './embedded-sandbox.js';
import { createLogger } from './logger.js';
import { startProxy } from './start-proxy.js';

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

/** Who else may hold a port the proxy or its sandbox could not listen on. */
const IN_USE_HINT = 'another assetkit proxy or sandbox still running?';

const config = readConfig();
const logger = createLogger({ level: config.logLevel });

// A signal that arrives while the service starts (waiting for Redis, say) is kept and acted on
// once it is up, instead of Node's default exit (status 143, nothing closed).
const signals = catchShutdownSignals();

let sandbox: EmbeddedSandbox | undefined;
if (!config.upstream.url) {
  sandbox = await startEmbeddedSandbox(config.sandbox, logger).catch(async (error: unknown) => {
    const target = {
      what: 'the embedded sandbox',
      host: '127.0.0.1',
      port: config.sandbox.port,
      portVariable: 'SANDBOX_PORT',
      defaultPort: SANDBOX_DEFAULT_PORT,
      taken: [config.port],
      probe: (port: number) => probeListen('127.0.0.1', port),
      inUseHint: IN_USE_HINT,
    };
    process.stderr.write(
      `assetkit proxy: ${await startupFailure(error, target)}\n` +
        `Its data is in ${config.sandbox.dataDir} (SANDBOX_DATA_DIR). Set UPSTREAM_URL to proxy another server instead.\n`,
    );
    process.exit(1);
  });
}
const proxy = await startProxy({
  config,
  ...(sandbox ? { upstreamUrl: sandbox.url, upstreamToken: config.upstream.token ?? sandbox.token } : {}),
}).catch(async (error: unknown) => {
  const target = {
    what: 'the proxy',
    host: config.host,
    port: config.port,
    portVariable: 'PORT',
    defaultPort: PROXY_DEFAULT_PORT,
    taken: sandbox ? [Number(new URL(sandbox.url).port)] : [],
    probe: (port: number) => probeListen(config.host, port),
    inUseHint: IN_USE_HINT,
  };
  process.stderr.write(`assetkit proxy: ${await startupFailure(error, target)}\n`);
  process.exit(1);
});

// In passthrough mode callers bring the upstream's own token: in front of the sandbox, its token.
const keyHint = !sandbox
  ? ''
  : config.auth.mode === 'passthrough'
    ? ` bearer=${sandbox.token}`
    : config.auth.keys.some((k) => k.name === 'demo')
      ? ` key=${DEMO_KEY}`
      : '';
// The site means something only to an API whose spec marks a tenant (x-assetkit-tenant).
const hasTenants = proxy.contract.operations.some((op) =>
  op.parameters.some((p) => p.object['x-assetkit-tenant'] !== undefined),
);
const siteHint = sandbox && hasTenants ? ` site=${sandbox.siteId}` : '';
// The whole URL, path included: a path is prepended to every forwarded request.
const upstreamHint = sandbox ? `embedded sandbox ${sandbox.url}` : (config.upstream.url ?? proxy.upstream.origin);
// Behind TLS or a load balancer callers use PUBLIC_URL; the address bound follows it.
const address = config.publicUrl
  ? `url=${config.publicUrl}${proxy.api.slice(proxy.url.length)} listening=${proxy.url}`
  : `url=${proxy.api}`;
async function shutdown(signal: string): Promise<void> {
  logger.info({ signal }, 'signal received');
  const { cutOff } = await proxy.close(config.shutdownGraceMs);
  await sandbox?.close();
  // Orchestrators and operators see a drain that SHUTDOWN_TIMEOUT_MS cut short (logged by close).
  process.exit(cutOff > 0 ? 1 : 0);
}
signals.shutDownWith({
  shutdown: (signal) => void shutdown(signal),
  repeated: (signal) => logger.info({ signal }, 'signal received again: still finishing in-flight requests'),
});
// Last: whoever waits for this line may signal at once, and finds the shutdown listening.
process.stdout.write(
  `assetkit proxy ready: ${address}${keyHint}${siteHint} upstream=${upstreamHint} validation=${config.responseValidation}\n`,
);
