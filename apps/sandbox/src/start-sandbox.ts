import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { answerMalformedRequests, baseUrl, getContract, requireHost } from '@assetkit/contract';
import type { Logger } from 'pino';
import type { LoggedRequest } from './api/request-log.js';
import { createRequestLog } from './api/request-log.js';
import { createApp } from './app.js';
import { resolveConfig, type SandboxConfig, type TokenGrant } from './config.js';
import { type FaultConfig, faultConfigProblems } from './faults/fault-config.js';
import { createFaultInjector } from './faults/fault-injector.js';
import { closeGracefully, listen } from './http-server.js';
import { silentLogger } from './logger.js';
import { openStore } from './storage/store.js';

/** Options of {@link startSandbox}; all optional. Configuration comes from here, never from the environment. */
export interface SandboxOptions {
  /** Data directory; default: a fresh temp directory, removed by `close()`. */
  dataDir?: string;
  /** Default 0 (an ephemeral port). */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Requests per token per minute; default 60. */
  rateLimitPerMinute?: number;
  faults?: FaultConfig | null;
  /** A pino logger, or `false`/absent for silence. */
  logger?: Logger | false;
  siteId?: string;
  token?: string;
  readOnlyToken?: string;
  adminToken?: string;
  /** More tokens, as grants or in the `SANDBOX_TOKENS` text format. */
  extraTokens?: readonly TokenGrant[] | string;
  uploadSecret?: string;
  uploadExpirySeconds?: number;
  publicUrl?: string;
  /** Clock (ms since the epoch) for timestamps, policy expiry and rate-limit windows. */
  now?: () => number;
}

/** A running sandbox. */
export interface Sandbox {
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  readonly url: string;
  readonly siteId: string;
  readonly token: string;
  readonly readOnlyToken: string;
  readonly adminToken: string;
  readonly dataDir: string;
  /** The resolved configuration. */
  readonly config: SandboxConfig;
  /** Replaces the current faults (null clears them); throws a `TypeError` listing the problems of an invalid one. */
  setFaults(faults: FaultConfig | null): void;
  readonly requests: { entries(): LoggedRequest[]; clear(): void };
  /** Stops accepting connections, finishes in-flight requests, closes SQLite (and removes a temp data dir). */
  close(): Promise<void>;
}

/**
 * Starts a sandbox from an already validated configuration. `main.ts` and {@link startSandbox}
 * share it.
 */
export async function launchSandbox(
  config: SandboxConfig,
  options: { logger: Logger; now?: () => number; onClose?: () => void },
): Promise<Sandbox & { server: Server }> {
  const store = openStore(config, options.now?.() ?? Date.now());
  const contract = getContract('webflow-assets');
  // Node would answer a request without Host itself, with an empty 400: `requireHost` answers it
  // in Webflow's error shape, like everything else Node's parser refuses. Node checks the headers
  // and request timeouts set below every 30 s by default, so a 408 could come 30 s late.
  const server = createServer({ requireHostHeader: false, connectionsCheckingInterval: 1_000 });
  answerMalformedRequests(server, contract);
  server.headersTimeout = 30_000;
  server.requestTimeout = 120_000;
  server.keepAliveTimeout = 5_000;
  let port: number;
  try {
    port = await listen(server, config.host, config.port);
  } catch (error) {
    store.close();
    throw error;
  }
  const url = baseUrl(config.host, port);
  const publicUrl = config.publicUrl ?? url;
  const faults = createFaultInjector(config.faults);
  const requestLog = createRequestLog(1000);
  const operationIds = contract.operations.map((o) => o.operationId);
  const app = createApp({ config, publicUrl, store, logger: options.logger, faults, requestLog, now: options.now });
  server.on('request', requireHost(app, contract));
  let closing: Promise<void> | undefined;
  return {
    server,
    url,
    siteId: config.siteId,
    token: config.token,
    readOnlyToken: config.readOnlyToken,
    adminToken: config.adminToken,
    dataDir: config.dataDir,
    config,
    setFaults(next) {
      const problems = next === null ? [] : faultConfigProblems(next, operationIds);
      if (problems.length > 0) {
        throw new TypeError(`invalid fault configuration: ${problems.join('; ')}`);
      }
      faults.set(next);
    },
    requests: { entries: () => requestLog.entries(), clear: () => requestLog.clear() },
    close() {
      closing ??= closeGracefully(server).then(() => {
        store.close();
        options.onClose?.();
      });
      return closing;
    },
  };
}

/**
 * Starts a sandbox for tests and embedding: 127.0.0.1 on an ephemeral port, a fresh temp data
 * directory unless one is given, silent unless given a logger. Cheap enough to start per test
 * file (tens of milliseconds after the first).
 *
 * @example
 * const sandbox = await startSandbox();
 * const res = await fetch(`${sandbox.url}/v2/sites/${sandbox.siteId}/assets`, {
 *   headers: { authorization: `Bearer ${sandbox.token}` },
 * });
 * await sandbox.close();
 */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const { logger, now, dataDir, port = 0, ...settings } = options;
  const tempDir = dataDir === undefined ? mkdtempSync(join(tmpdir(), 'assetkit-sandbox-')) : undefined;
  const removeTemp = () => {
    if (tempDir) {
      rmSync(tempDir, { recursive: true, force: true });
    }
  };
  try {
    const config = resolveConfig({ ...settings, port, dataDir: dataDir ?? tempDir }, process.cwd());
    const { server: _server, ...sandbox } = await launchSandbox(config, {
      logger: logger || silentLogger(),
      now,
      onClose: removeTemp,
    });
    return sandbox;
  } catch (error) {
    removeTemp();
    throw error;
  }
}
