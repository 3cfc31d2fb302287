#!/usr/bin/env node
import { cannotStart, startupFailure } from '@assetkit/contract';
import { loadConfig } from './config.js';
import { SANDBOX_DEFAULTS } from './defaults.js';
import { ConfigError } from './errors.js';
import { catchShutdownSignals, probeListen } from './http-server.js';
import { createLogger } from './logger.js';
import { launchSandbox } from './start-sandbox.js';

/**
 * `pnpm --filter @assetkit/sandbox start`: reads the configuration from the environment,
 * starts the sandbox, prints one ready line, and shuts down gracefully on SIGTERM/SIGINT.
 */
async function main(): Promise<void> {
  // First: a signal while starting is kept for the shutdown, not Node's default exit.
  const signals = catchShutdownSignals();
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger({ level: config.logLevel });
  const sandbox = await launchSandbox(config, { logger }).catch(async (error: unknown) => {
    const target = {
      what: 'the sandbox',
      host: config.host,
      port: config.port,
      portVariable: 'PORT',
      defaultPort: SANDBOX_DEFAULTS.port,
      probe: (port: number) => probeListen(config.host, port),
      inUseHint: `another sandbox, or the root pnpm start, whose embedded sandbox listens on ${SANDBOX_DEFAULTS.port}?`,
    };
    process.stderr.write(`assetkit sandbox: ${await startupFailure(error, target)}\n`);
    process.exit(1);
  });
  const readOnly = config.readOnlyToken;
  signals.shutDownWith({
    shutdown(signal) {
      logger.info({ signal }, 'shutting down: finishing in-flight requests');
      sandbox.close().then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error({ err: error }, 'shutdown failed');
          process.exit(1);
        },
      );
    },
    repeated(signal) {
      logger.info({ signal }, 'signal received again: still finishing in-flight requests');
    },
  });
  // Last: whoever waits for this line may signal at once, and finds the shutdown listening.
  process.stdout.write(
    `assetkit sandbox ready: url=${sandbox.url} site=${sandbox.siteId} token=${sandbox.token} (read-only token: ${readOnly}) data=${sandbox.dataDir}\n`,
  );
  logger.info({ url: sandbox.url, siteId: sandbox.siteId, dataDir: sandbox.dataDir }, 'sandbox listening');
}

main().catch((error: unknown) => {
  process.stderr.write(`assetkit sandbox: ${cannotStart('the sandbox', error)}\n`);
  process.exit(1);
});
