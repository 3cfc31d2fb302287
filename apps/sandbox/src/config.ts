import { resolve } from 'node:path';
import { closestName, declaredScopes, getContract } from '@assetkit/contract';
import { READ_ONLY_SCOPES, READ_WRITE_SCOPES, SANDBOX_DEFAULTS } from './defaults.js';
import { ConfigError } from './errors.js';
import { type FaultConfig, faultConfigProblems } from './faults/fault-config.js';

/** An API token the sandbox accepts: its scopes and the sites it may act on. */
export interface TokenGrant {
  token: string;
  scopes: readonly string[];
  siteIds: readonly string[];
}

/** The sandbox's whole configuration, validated once. */
export interface SandboxConfig {
  host: string;
  port: number;
  /** Absolute path of the data directory (SQLite database, uploaded files). */
  dataDir: string;
  /** Base of `uploadUrl`/`hostedUrl`; `undefined` means `http://<host>:<port>` once listening. */
  publicUrl: string | undefined;
  rateLimitPerMinute: number;
  /** The seeded default site. */
  siteId: string;
  token: string;
  readOnlyToken: string;
  adminToken: string;
  /** Every API token: the two defaults first, then the extra ones. */
  tokens: readonly TokenGrant[];
  /** Every site to seed: the default site and every site a token names. */
  siteIds: readonly string[];
  faults: FaultConfig | null;
  /** HMAC key of upload policies; `undefined`: generated once and kept in the data directory. */
  uploadSecret: string | undefined;
  uploadExpirySeconds: number;
  logLevel: string;
}

/** The settings {@link resolveConfig} takes; everything is optional and has a default. */
export interface SandboxSettings {
  host?: string;
  port?: number;
  dataDir?: string;
  publicUrl?: string;
  rateLimitPerMinute?: number;
  siteId?: string;
  token?: string;
  readOnlyToken?: string;
  adminToken?: string;
  /** More tokens, as grants or in the `SANDBOX_TOKENS` text format. */
  extraTokens?: readonly TokenGrant[] | string;
  faults?: FaultConfig | null;
  uploadSecret?: string;
  uploadExpirySeconds?: number;
  logLevel?: string;
}

const OBJECT_ID = /^[0-9a-fA-F]{24}$/;
const TOKEN = /^[A-Za-z0-9._~+/=-]{1,200}$/;
const SCOPE = /^[a-z_]+:[a-z_]+$/;
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
// The budget goes out in `X-RateLimit-*` headers, which the spec types as integers: from 1e21 a
// number is written `1e+21`. The ceiling is the one the proxy's keys have.
const MAX_RATE_PER_MINUTE = 1_000_000_000;

/** The scopes the Webflow asset API's operations ask for (`assets:read`, `assets:write`). */
function apiScopes(): string[] {
  return [...declaredScopes(getContract('webflow-assets').operations)];
}

/**
 * Parses the `SANDBOX_TOKENS` format: `token=scope1 scope2@siteId1,siteId2;token2=scope1`.
 * Scopes are separated by spaces (or `+`); without `@sites` a token acts on the default site.
 * An entry is split at its last `=` before any `@`: scopes and site ids never hold `=`, so a
 * base64-style token ending in `=` (`YWJjZA===assets:read`) is read whole.
 *
 * @example
 * parseTokenList('ci-token=assets:read@65f0a1b2c3d4e5f6a7b8c9d0', defaultSite, problems);
 */
export function parseTokenList(text: string, defaultSiteId: string, problems: string[]): TokenGrant[] {
  const grants: TokenGrant[] = [];
  for (const [i, entry] of text.split(';').entries()) {
    const item = entry.trim();
    if (item === '') {
      continue;
    }
    const at = item.indexOf('@');
    const eq = (at < 0 ? item : item.slice(0, at)).lastIndexOf('=');
    if (eq <= 0) {
      problems.push(
        `SANDBOX_TOKENS entry ${i + 1} (${JSON.stringify(item)}) must look like token=scope1 scope2@siteId`,
      );
      continue;
    }
    const token = item.slice(0, eq).trim();
    const [scopeText = '', siteText, ...more] = item.slice(eq + 1).split('@');
    if (more.length > 0) {
      problems.push(
        `SANDBOX_TOKENS entry ${i + 1} (${JSON.stringify(item)}) has more than one @: separate its sites with commas`,
      );
    }
    const scopes = scopeText.split(/[\s+]+/).filter(Boolean);
    const siteIds = siteText === undefined ? [defaultSiteId] : siteText.split(',').map((s) => s.trim().toLowerCase());
    if (scopes.length === 0) {
      problems.push(
        `SANDBOX_TOKENS entry ${i + 1} (${JSON.stringify(item)}) gives ${token} no scopes, so it could call nothing: list at least one (${apiScopes().join(', ')})`,
      );
    }
    for (const scope of scopes.filter((s) => !SCOPE.test(s))) {
      problems.push(`SANDBOX_TOKENS: scope ${JSON.stringify(scope)} of ${token} must look like assets:read`);
    }
    for (const site of siteIds.filter((s) => !OBJECT_ID.test(s))) {
      problems.push(`SANDBOX_TOKENS: site ${JSON.stringify(site)} of ${token} is not a 24-hex ObjectId`);
    }
    grants.push({ token, scopes, siteIds });
  }
  return grants;
}

function checkUrl(value: string, problems: string[]): string | undefined {
  try {
    const url = new URL(value);
    if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.search || url.hash) {
      throw new Error('not a plain http(s) URL');
    }
    return url.href.replace(/\/+$/, '');
  } catch {
    problems.push(`PUBLIC_URL ${JSON.stringify(value)} must be an http(s) URL without query or fragment`);
    return undefined;
  }
}

function checkTokens(config: Omit<SandboxConfig, 'siteIds'>, problems: string[]): void {
  const seen = new Set<string>([config.adminToken]);
  const scopes = apiScopes();
  for (const grant of config.tokens) {
    if (!TOKEN.test(grant.token)) {
      problems.push(`token ${JSON.stringify(grant.token)} may only use letters, digits and ._~+/=- (1-200 characters)`);
    }
    // A scope the API does not use is kept (a Webflow token may hold `sites:read`; it opens
    // nothing here), unless it is a near miss of one it does: a typo would otherwise leave the
    // token without the scope meant, and every call 403 missing_scopes with no hint why.
    for (const scope of grant.scopes.filter((s) => !scopes.includes(s))) {
      const meant = closestName(scope, scopes);
      if (meant !== undefined) {
        problems.push(
          `token ${JSON.stringify(grant.token)}: scope ${JSON.stringify(scope)} is not one the API uses (${scopes.join(', ')}); did you mean ${JSON.stringify(meant)}?`,
        );
      }
    }
    if (seen.has(grant.token)) {
      problems.push(`token ${JSON.stringify(grant.token)} is defined twice (tokens and ADMIN_TOKEN must differ)`);
    }
    seen.add(grant.token);
  }
  if (!TOKEN.test(config.adminToken)) {
    problems.push('ADMIN_TOKEN may only use letters, digits and ._~+/=- (1-200 characters)');
  }
}

/**
 * Turns settings into a validated, frozen configuration, listing every problem at once in a
 * {@link ConfigError}. Used by `startSandbox` (settings from code) and {@link loadConfig} (env).
 *
 * @example
 * const config = resolveConfig({ port: 0, dataDir: '/tmp/sandbox' });
 */
export function resolveConfig(settings: SandboxSettings, cwd: string, problems: string[] = []): SandboxConfig {
  const d = SANDBOX_DEFAULTS;
  const siteId = (settings.siteId ?? d.siteId).toLowerCase();
  if (!OBJECT_ID.test(siteId)) {
    problems.push(`SANDBOX_SITE_ID ${JSON.stringify(settings.siteId)} must be a 24-character hex ObjectId`);
  }
  const port = settings.port ?? d.port;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    problems.push(`PORT ${JSON.stringify(port)} must be an integer from 0 to 65535`);
  }
  const rate = settings.rateLimitPerMinute ?? d.rateLimitPerMinute;
  if (!Number.isInteger(rate) || rate < 1 || rate > MAX_RATE_PER_MINUTE) {
    problems.push(`RATE_LIMIT_PER_MINUTE ${JSON.stringify(rate)} must be an integer from 1 to ${MAX_RATE_PER_MINUTE}`);
  }
  const expiry = settings.uploadExpirySeconds ?? d.uploadExpirySeconds;
  if (!Number.isInteger(expiry) || expiry < 1 || expiry > 7 * 24 * 3600) {
    problems.push(`UPLOAD_EXPIRY_SECONDS ${JSON.stringify(expiry)} must be an integer from 1 to 604800`);
  }
  const logLevel = settings.logLevel ?? 'info';
  if (!LOG_LEVELS.includes(logLevel)) {
    problems.push(`LOG_LEVEL ${JSON.stringify(logLevel)} must be one of ${LOG_LEVELS.join(', ')}`);
  }
  if (settings.uploadSecret !== undefined && settings.uploadSecret.length < 16) {
    problems.push('UPLOAD_SECRET must be at least 16 characters');
  }
  const extra =
    typeof settings.extraTokens === 'string'
      ? parseTokenList(settings.extraTokens, siteId, problems)
      : [...(settings.extraTokens ?? [])];
  if (typeof settings.extraTokens !== 'string') {
    // The text format says this per entry (parseTokenList); grants from code get the same rule.
    for (const grant of extra.filter((g) => g.scopes.length === 0)) {
      problems.push(
        `SANDBOX_TOKENS: token ${JSON.stringify(grant.token)} has no scopes, so it could call nothing: give it at least one (${apiScopes().join(', ')})`,
      );
    }
  }
  const token = settings.token ?? d.token;
  const readOnlyToken = settings.readOnlyToken ?? d.readOnlyToken;
  const tokens: TokenGrant[] = [
    { token, scopes: READ_WRITE_SCOPES, siteIds: [siteId] },
    { token: readOnlyToken, scopes: READ_ONLY_SCOPES, siteIds: [siteId] },
    ...extra.map((g) => ({ token: g.token, scopes: [...g.scopes], siteIds: g.siteIds.map((s) => s.toLowerCase()) })),
  ];
  const faults = settings.faults ?? null;
  if (faults !== null) {
    const ops = getContract('webflow-assets').operations.map((o) => o.operationId);
    problems.push(...faultConfigProblems(faults, ops).map((p) => `FAULTS ${p}`));
  }
  const config = {
    host: settings.host ?? d.host,
    port,
    dataDir: resolve(cwd, settings.dataDir ?? './.data/sandbox'),
    publicUrl: settings.publicUrl === undefined ? undefined : checkUrl(settings.publicUrl, problems),
    rateLimitPerMinute: rate,
    siteId,
    token,
    readOnlyToken,
    adminToken: settings.adminToken ?? d.adminToken,
    tokens,
    faults,
    uploadSecret: settings.uploadSecret,
    uploadExpirySeconds: expiry,
    logLevel,
  };
  checkTokens(config, problems);
  if (problems.length > 0) {
    throw new ConfigError(problems);
  }
  const siteIds = [...new Set([siteId, ...tokens.flatMap((t) => t.siteIds)])];
  return Object.freeze({ ...config, siteIds: Object.freeze(siteIds), tokens: Object.freeze(tokens) });
}

function integer(env: Record<string, string | undefined>, name: string, problems: string[]): number | undefined {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') {
    return undefined;
  }
  if (!/^-?\d+$/.test(raw)) {
    problems.push(`${name} ${JSON.stringify(raw)} must be an integer`);
    return undefined;
  }
  return Number(raw);
}

/**
 * Reads the sandbox configuration from environment variables (the only place that does), with
 * the documented defaults, and fails with every problem listed in one message.
 *
 * @example
 * const config = loadConfig(process.env); // PORT, HOST, DATA_DIR, PUBLIC_URL, RATE_LIMIT_PER_MINUTE, …
 */
export function loadConfig(env: Record<string, string | undefined> = process.env, cwd = process.cwd()): SandboxConfig {
  const problems: string[] = [];
  const text = (name: string) => {
    const value = env[name]?.trim();
    return value === undefined || value === '' ? undefined : value;
  };
  let faults: FaultConfig | null = null;
  const rawFaults = text('FAULTS');
  if (rawFaults !== undefined) {
    try {
      faults = JSON.parse(rawFaults) as FaultConfig | null;
    } catch (error) {
      problems.push(`FAULTS is not valid JSON (${(error as Error).message})`);
    }
  }
  const settings: SandboxSettings = {
    host: text('HOST'),
    port: integer(env, 'PORT', problems),
    dataDir: text('DATA_DIR'),
    publicUrl: text('PUBLIC_URL'),
    rateLimitPerMinute: integer(env, 'RATE_LIMIT_PER_MINUTE', problems),
    siteId: text('SANDBOX_SITE_ID'),
    token: text('SANDBOX_TOKEN'),
    readOnlyToken: text('SANDBOX_READ_TOKEN'),
    adminToken: text('ADMIN_TOKEN'),
    extraTokens: text('SANDBOX_TOKENS'),
    faults,
    uploadSecret: text('UPLOAD_SECRET'),
    uploadExpirySeconds: integer(env, 'UPLOAD_EXPIRY_SECONDS', problems),
    logLevel: text('LOG_LEVEL'),
  };
  const defined = Object.fromEntries(Object.entries(settings).filter(([, v]) => v !== undefined)) as SandboxSettings;
  return resolveConfig(defined, cwd, problems);
}
