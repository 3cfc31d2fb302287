import { isAbsolute, resolve } from 'node:path';
import { type ApiName, apiNames, declaredScopes, getContract, MAX_ANSWER_BODY_BYTES } from '@assetkit/contract';
import { corsOrigins, listenHost, publicUrl, redisUrl, trustedProxies } from './address-settings.js';
import type { TrustedNetwork } from './client-address.js';
import { EnvReader } from './env-reader.js';
import { hashKey, type KeyRules, MAX_RATE_PER_MINUTE, parseKeys } from './key-entries.js';
import { readRegularFile } from './regular-file.js';
import { declaresSecurity, repeatedBasePath } from './spec-facts.js';
import { marksTenants, tenantPattern } from './tenant/tenant-fields.js';

/** The port the proxy listens on unless `PORT` says otherwise. */
export const PROXY_DEFAULT_PORT = 8080;
/** The port the embedded sandbox listens on unless `SANDBOX_PORT` says otherwise. */
export const SANDBOX_DEFAULT_PORT = 4010;
export { ConfigError } from './errors.js';
export { hashKey } from './key-entries.js';

/** What the proxy does with a response that breaks the contract. */
export type ResponseValidationMode = 'enforce' | 'report' | 'off';

/** A client credential of the proxy: what it may call, on which sites, how often. */
export interface ProxyKey {
  name: string;
  /** SHA-256 of the key; the key itself is never kept. */
  sha256: Buffer;
  scopes: readonly string[];
  /** Allowed site ids (tenants); `null` allows every site. */
  sites: readonly string[] | null;
  ratePerMinute: number;
}

/** The proxy's whole configuration, parsed and validated once at startup. */
export interface ProxyConfig {
  port: number;
  host: string;
  /**
   * The proxy's address as callers reach it, for the upstream's `Location` headers; `null`: the
   * `Host` each request came with, over http.
   */
  publicUrl: string | null;
  /** Browser origins allowed to call the API (`CORS_ORIGINS`); `'*'`: any; `null`: no CORS. */
  corsOrigins: readonly string[] | '*' | null;
  api: ApiName;
  upstream: {
    /** `null`: start the embedded sandbox and forward to it. */
    url: string | null;
    token: string | null;
    connectTimeoutMs: number;
    headersTimeoutMs: number;
    bodyTimeoutMs: number;
    maxResponseBytes: number;
    connections: number;
    /** The shared token's budget per minute, across every key (0: no shared budget). */
    ratePerMinute: number;
  };
  auth: { mode: 'keys' | 'passthrough'; keys: readonly ProxyKey[] };
  responseValidation: ResponseValidationMode;
  /**
   * The share of response bodies checked in `report` mode (`RESPONSE_VALIDATION_SAMPLE`, 0–1):
   * the others have their status, headers and content type checked, not their body. Always 1 in
   * `enforce` mode.
   */
  responseSample: number;
  strictResponses: boolean;
  requestBodyLimitBytes: number;
  rateLimit: { perKeyDefault: number; unauthenticatedPerMinute: number; redisUrl: string | null };
  /**
   * Load balancers and ingresses in front of the proxy (`TRUSTED_PROXIES`: addresses and CIDR
   * networks): behind them, the per-address budget reads the caller from `X-Forwarded-For`.
   */
  trustedProxies: readonly TrustedNetwork[];
  inbound: { headersTimeoutMs: number; requestTimeoutMs: number; keepAliveTimeoutMs: number };
  logLevel: string;
  shutdownTimeoutMs: number;
  /** How long SIGTERM keeps answering (with `Connection: close`) before it stops accepting. */
  shutdownGraceMs: number;
  sandbox: { dataDir: string; port: number };
}

/**
 * The largest upstream pool (`UPSTREAM_CONNECTIONS`). Each connection is an open file of the
 * process, as is each caller's connection and the Redis one, and the soft limit on open files is
 * often 1024 (systemd's default, most shells'): past it, sockets fail with EMFILE under load, not
 * at start-up. No upstream needs more: Webflow allows a token 60 or 120 requests a minute (more
 * only by an Enterprise agreement), and 1024 requests in flight to one upstream is far beyond what
 * one proxy process forwards.
 */
export const MAX_UPSTREAM_CONNECTIONS = 1024;

/** The key `pnpm start` offers when it runs against the embedded sandbox with no keys configured. */
export const DEMO_KEY = 'assetkit-demo-key';

/**
 * A path as the user gave it, made absolute from the directory they ran the command in:
 * `ASSETKIT_CWD` (the root `pnpm start` sets it, as it runs the service from `apps/proxy`),
 * else the process's own working directory.
 */
function fromInvocation(env: EnvReader, path: string): string {
  return isAbsolute(path) ? path : resolve(env.string('ASSETKIT_CWD') ?? process.cwd(), path);
}

/** The keys of PROXY_KEYS or PROXY_KEYS_FILE, and which of the two they were read from (none: neither is set). */
function readKeys(
  env: EnvReader,
  read: (path: string) => string,
  rules: KeyRules,
): { keys: ProxyKey[]; source: 'PROXY_KEYS' | 'PROXY_KEYS_FILE' | undefined } {
  const inline = env.string('PROXY_KEYS');
  const given = env.string('PROXY_KEYS_FILE');
  if (inline && given) {
    env.problem('set PROXY_KEYS or PROXY_KEYS_FILE, not both');
  }
  if (given) {
    const file = fromInvocation(env, given);
    const shown = file === given ? file : `${given}, that is ${file}`;
    try {
      return { keys: parseKeys(read(file), `PROXY_KEYS_FILE (${given})`, env, rules), source: 'PROXY_KEYS_FILE' };
    } catch (error) {
      env.problem(`PROXY_KEYS_FILE: cannot read ${shown} (${(error as Error).message})`);
      return { keys: [], source: 'PROXY_KEYS_FILE' };
    }
  }
  return inline
    ? { keys: parseKeys(inline, 'PROXY_KEYS', env, rules), source: 'PROXY_KEYS' }
    : { keys: [], source: undefined };
}

/**
 * Reads the proxy's configuration from the environment (the only place that does), validates it
 * and lists every problem at once.
 *
 * @example
 * const config = loadConfig(process.env); // throws ConfigError listing each problem
 */
export function loadConfig(
  source: Readonly<Record<string, string | undefined>> = process.env,
  read: (path: string) => string = readRegularFile,
): ProxyConfig {
  const env = new EnvReader(source);
  const api = env.oneOf('SPEC', apiNames(), 'webflow-assets');
  // The contract the service is about to run with (built once and cached: start-up builds no other).
  const contract = getContract(api as ApiName);
  const upstreamUrl = env.url('UPSTREAM_URL');
  // Unset means the embedded sandbox; empty (`UPSTREAM_URL=$UNSET_VARIABLE`) is a mistake: read as
  // unset, a deployment meant for Webflow served a local sandbox, with its own keys, and said 200.
  if (env.blank('UPSTREAM_URL')) {
    env.problem(
      'UPSTREAM_URL is set but empty: give the upstream, such as https://api.webflow.com (or unset it to proxy the embedded sandbox)',
    );
  }
  const repeated = upstreamUrl ? repeatedBasePath(upstreamUrl, contract) : undefined;
  if (repeated) {
    env.problem(repeated);
  }
  // Neither would be sent: credentials go in UPSTREAM_TOKEN, and a request's own query replaces any.
  if (upstreamUrl && /^[^:]+:\/\/[^/]*@|[?#]/.test(upstreamUrl)) {
    env.problem(
      'UPSTREAM_URL must be an origin and path only: no user:password@, query or fragment (put the credential in UPSTREAM_TOKEN)',
    );
  }
  const mode = env.oneOf('AUTH_MODE', ['keys', 'passthrough'] as const, 'keys');
  const upstreamToken = env.string('UPSTREAM_TOKEN');
  const perKeyDefault = env.integer('RATE_LIMIT_PER_KEY', 30, { min: 1, max: MAX_RATE_PER_MINUTE });
  const problemsBefore = env.problemCount;
  const keysRead = readKeys(env, read, {
    perKeyDefault,
    scopes: declaredScopes(contract.operations),
    sitePattern: tenantPattern(contract),
    api,
    marksTenants: marksTenants(contract),
  });
  let keys = keysRead.keys;
  // Keys that were given but refused: "no proxy keys" would only add a misleading line.
  const keysRefused = env.problemCount > problemsBefore;
  if (mode === 'keys' && upstreamUrl && !upstreamToken && declaresSecurity(contract)) {
    env.problem('UPSTREAM_TOKEN is required when UPSTREAM_URL is set (or use AUTH_MODE=passthrough)');
  }
  if (mode === 'passthrough' && upstreamToken) {
    env.problem('UPSTREAM_TOKEN must not be set with AUTH_MODE=passthrough (callers send their own token)');
  }
  if (mode === 'passthrough' && !declaresSecurity(contract)) {
    env.problem(
      `AUTH_MODE=passthrough forwards each caller’s own token, but the ${api} spec declares no security, so the upstream checks none and anyone could use it through the proxy: use AUTH_MODE=keys with PROXY_KEYS`,
    );
  }
  if (mode === 'passthrough' && keysRead.source) {
    env.problem(
      'PROXY_KEYS/PROXY_KEYS_FILE do nothing with AUTH_MODE=passthrough (callers send their own token): unset them, or use AUTH_MODE=keys',
    );
  }
  // Any visible ASCII (RFC 9110 field-value without spaces): else every request fails as it is sent.
  if (upstreamToken !== undefined && !/^[\x21-\x7e]+$/.test(upstreamToken)) {
    env.problem(
      'UPSTREAM_TOKEN holds a space, a control character or a non-ASCII character, which no header can carry',
    );
  }
  if (mode === 'keys' && keys.length === 0 && !keysRefused) {
    // Keys given as none (`[]`, or a variable left empty by an unset shell variable) are a
    // mistake to say, not a reason to hand out the demo key.
    const emptyKeys = ['PROXY_KEYS', 'PROXY_KEYS_FILE'].find((name) => env.blank(name));
    if (keysRead.source) {
      env.problem(
        `${keysRead.source} lists no keys: give at least one (the demo key is used only when neither PROXY_KEYS nor PROXY_KEYS_FILE is set, in front of the embedded sandbox)`,
      );
    } else if (emptyKeys) {
      env.problem(
        `${emptyKeys} is set but empty: give the keys (or unset it to use the demo key in front of the embedded sandbox)`,
      );
    } else if (upstreamUrl) {
      const exposed = declaresSecurity(contract)
        ? 'hand out the upstream token'
        : 'let anyone who reaches it use the upstream';
      env.problem(`no proxy keys: set PROXY_KEYS or PROXY_KEYS_FILE (an open proxy would ${exposed})`);
    } else {
      keys = [
        {
          name: 'demo',
          sha256: hashKey(DEMO_KEY),
          scopes: ['assets:read', 'assets:write'],
          sites: null,
          ratePerMinute: perKeyDefault,
        },
      ];
    }
  }
  const sandboxDir = env.string('SANDBOX_DATA_DIR');
  const config: ProxyConfig = {
    port: env.integer('PORT', PROXY_DEFAULT_PORT, { min: 0, max: 65535 }),
    host: listenHost(env),
    publicUrl: publicUrl(env),
    corsOrigins: corsOrigins(env),
    api: api as ApiName,
    upstream: {
      url: upstreamUrl,
      token: upstreamToken ?? null,
      connectTimeoutMs: env.milliseconds('UPSTREAM_CONNECT_TIMEOUT_MS', 5_000, { min: 1 }),
      headersTimeoutMs: env.milliseconds('UPSTREAM_HEADERS_TIMEOUT_MS', 30_000, { min: 1 }),
      bodyTimeoutMs: env.milliseconds('UPSTREAM_BODY_TIMEOUT_MS', 30_000, { min: 1 }),
      maxResponseBytes: env.bytes('UPSTREAM_MAX_RESPONSE_BYTES', MAX_ANSWER_BODY_BYTES, { min: 1 }),
      connections: env.integer('UPSTREAM_CONNECTIONS', 64, {
        min: 1,
        max: MAX_UPSTREAM_CONNECTIONS,
        why: "each is an open file of the process, whose limit is often 1024, and callers' connections need theirs too",
      }),
      ratePerMinute: env.integer('UPSTREAM_RATE_LIMIT', 60, { min: 0, max: MAX_RATE_PER_MINUTE }),
    },
    auth: { mode, keys },
    responseValidation: env.oneOf('RESPONSE_VALIDATION', ['enforce', 'report', 'off'] as const, 'enforce'),
    responseSample: env.fraction('RESPONSE_VALIDATION_SAMPLE', 1),
    strictResponses: env.boolean('STRICT_RESPONSES', false),
    // 0 would refuse every write with a 413: a start-up error instead.
    requestBodyLimitBytes: env.bytes('REQUEST_BODY_LIMIT', 1024 * 1024, { min: 1 }),
    rateLimit: {
      perKeyDefault,
      unauthenticatedPerMinute: env.integer('RATE_LIMIT_UNAUTHENTICATED', 30, { min: 1, max: MAX_RATE_PER_MINUTE }),
      redisUrl: redisUrl(env),
    },
    trustedProxies: trustedProxies(env),
    inbound: {
      headersTimeoutMs: env.milliseconds('INBOUND_HEADERS_TIMEOUT_MS', 10_000, { min: 1 }),
      requestTimeoutMs: env.milliseconds('INBOUND_REQUEST_TIMEOUT_MS', 30_000, { min: 1 }),
      keepAliveTimeoutMs: env.milliseconds('INBOUND_KEEP_ALIVE_TIMEOUT_MS', 5_000, { min: 1 }),
    },
    logLevel: env.oneOf('LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const, 'info'),
    shutdownTimeoutMs: env.milliseconds('SHUTDOWN_TIMEOUT_MS', 10_000, { min: 0 }),
    shutdownGraceMs: env.milliseconds('SHUTDOWN_GRACE_MS', 1_000, { min: 0 }),
    sandbox: {
      // The default sits beside the service (apps/proxy/.data/sandbox under `pnpm start`); a
      // directory the user names is found from where they ran the command. Either is made
      // absolute, so a message quoting it names the directory wherever the user ran it from.
      dataDir: sandboxDir === undefined ? resolve('.data/sandbox') : fromInvocation(env, sandboxDir),
      port: env.integer('SANDBOX_PORT', SANDBOX_DEFAULT_PORT, { min: 0, max: 65535 }),
    },
  };
  if (config.upstream.url === null && config.port !== 0 && config.port === config.sandbox.port) {
    env.problem(
      `PORT and SANDBOX_PORT must differ (both ${config.port}): the embedded sandbox listens on SANDBOX_PORT, the proxy on PORT`,
    );
  }
  if (config.responseValidation === 'enforce' && config.responseSample < 1) {
    // The same broken answer would be a 502 one time and passed on the next.
    env.problem(
      `RESPONSE_VALIDATION_SAMPLE (${config.responseSample}) checks only some response bodies, which needs RESPONSE_VALIDATION=report: enforce checks every response, or its callers would get a broken answer passed on one time and a 502 the next`,
    );
  }
  if (config.responseValidation === 'off' && config.responseSample < 1) {
    env.problem(
      `RESPONSE_VALIDATION_SAMPLE (${config.responseSample}) does nothing with RESPONSE_VALIDATION=off, which checks no response: unset it, or use RESPONSE_VALIDATION=report to check that share of the bodies`,
    );
  }
  if (config.inbound.headersTimeoutMs > config.inbound.requestTimeoutMs) {
    env.problem(
      `INBOUND_HEADERS_TIMEOUT_MS (${config.inbound.headersTimeoutMs}) must not be longer than INBOUND_REQUEST_TIMEOUT_MS (${config.inbound.requestTimeoutMs}): the headers are part of the request`,
    );
  }
  env.throwIfProblems();
  return Object.freeze(config);
}
