import { createHash } from 'node:crypto';
import { duplicateName } from '@assetkit/contract';
import type { ProxyKey } from './config.js';
import type { EnvReader } from './env-reader.js';
import { tenantId } from './tenant/tenant-fields.js';

/** SHA-256 of a key: the only form in which the proxy keeps one. */
export function hashKey(key: string): Buffer {
  return createHash('sha256').update(key, 'utf8').digest();
}

/**
 * What a bearer credential may hold (RFC 6750 §2.1, b64token): a key with spaces or `<…>` cannot be
 * sent as `Authorization: Bearer <key>` as written, and is most often a placeholder pasted from an
 * example.
 */
const BEARER_TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;

/**
 * The largest budget per minute a key, a caller or the upstream token may be given: far beyond what
 * one proxy serves, and small enough that counts and `X-RateLimit-*` headers stay exact integers
 * (in Redis's Lua too). Larger values were read as `1e+300` and negative remainders.
 */
export const MAX_RATE_PER_MINUTE = 1_000_000_000;

/** The fields a key entry may have: any other is most likely a typo (`"site"` for `"sites"`). */
const KEY_FIELDS = ['name', 'key', 'sha256', 'scopes', 'sites', 'ratePerMinute'];

/**
 * What a key entry is checked against: the default budget, the spec's scopes, what a site id looks
 * like, and whether the spec (named `api`) marks sites at all.
 */
export interface KeyRules {
  perKeyDefault: number;
  scopes: Set<string>;
  sitePattern: RegExp | undefined;
  api: string;
  marksTenants: boolean;
}

/**
 * Parses a JSON array of key entries, reporting every problem of every entry to `env` (so the
 * start-up message lists them all) and keeping only the entries without one.
 *
 * @example
 * parseKeys('[{"name":"web","key":"…","scopes":["assets:read"]}]', 'PROXY_KEYS', env, rules);
 */
export function parseKeys(raw: string, source: string, env: EnvReader, rules: KeyRules): ProxyKey[] {
  let list: unknown;
  // A file saved by an editor that writes a byte order mark (Notepad) is still the keys it shows.
  const text = raw.replace(/^\uFEFF/, '');
  try {
    list = JSON.parse(text);
  } catch (error) {
    // V8's message quotes the text around the fault, and this text holds keys: only the position
    // is given, when there is one.
    const position = /at position (\d+)/.exec((error as Error).message)?.[1];
    const where = position === undefined ? '' : ` at character ${position}`;
    const opening = text.trimStart().startsWith('[') ? '' : ', and must start with [';
    env.problem(
      `${source} is not valid JSON${where} (its text is not shown: it holds keys)${opening}; expected [{"name","key"|"sha256","scopes","sites"?,"ratePerMinute"?}]`,
    );
    return [];
  }
  if (!Array.isArray(list)) {
    env.problem(`${source} must be a JSON array of keys: [{"name","key"|"sha256","scopes","sites"?,"ratePerMinute"?}]`);
    return [];
  }
  // JSON.parse keeps the last of a field given twice; which one was meant cannot be known.
  const twice = duplicateName(text);
  if (twice !== undefined) {
    env.problem(`${source} gives the field ${twice} twice: keep one`);
    return [];
  }
  const names = new Map<string, number>();
  const secrets = new Map<string, number>();
  return list.flatMap((entry: Record<string, unknown>, i) => {
    const where = `${source}[${i}]`;
    const name = typeof entry?.name === 'string' && entry.name ? entry.name : `key-${i}`;
    const hasKey = typeof entry?.key === 'string' && entry.key.length >= 16 && BEARER_TOKEN.test(entry.key);
    const hasHash = typeof entry?.sha256 === 'string' && /^[0-9a-f]{64}$/i.test(entry.sha256);
    const scopes =
      Array.isArray(entry?.scopes) && entry.scopes.every((s) => typeof s === 'string') ? entry.scopes : undefined;
    const sites = entry?.sites === undefined || entry.sites === null ? null : entry.sites;
    // Left out: the default. `null` is a value, and as wrong as any other that is not a budget.
    const rate = entry?.ratePerMinute === undefined ? rules.perKeyDefault : entry.ratePerMinute;
    const unknownFields =
      entry !== null && typeof entry === 'object' ? Object.keys(entry).filter((k) => !KEY_FIELDS.includes(k)) : [];
    const unknownScopes = rules.scopes.size > 0 ? (scopes ?? []).filter((s) => !rules.scopes.has(s)) : [];
    // The one form the key is kept in; two entries with one secret could never be told apart.
    const sha256 = hasKey
      ? hashKey(entry.key as string)
      : hasHash
        ? Buffer.from(entry.sha256 as string, 'hex')
        : undefined;
    const secret = sha256?.toString('hex');
    const badSites = Array.isArray(sites)
      ? sites.filter((s) => typeof s === 'string' && !rules.sitePattern?.test(s))
      : [];
    const issues = [
      ...(entry?.name === undefined || (typeof entry.name === 'string' && entry.name !== '')
        ? []
        : ['"name" must be a non-empty string (or left out, for the default name)']),
      ...(entry?.key !== undefined && entry?.sha256 !== undefined
        ? ['has both "key" and "sha256": give one (the secret, or its SHA-256)']
        : []),
      ...(hasKey || hasHash
        ? []
        : [
            'needs "key" (at least 16 characters, sendable as a bearer token: letters, digits and -._~+/ with = at the end) or "sha256" (64 hex characters)',
          ]),
      ...(entry !== null && typeof entry === 'object' && !Array.isArray(entry) ? [] : ['must be an object']),
      ...(unknownFields.length > 0
        ? [
            `has ${unknownFields.map((k) => JSON.stringify(k)).join(', ')}, which a key does not have (its fields: ${KEY_FIELDS.join(', ')})`,
          ]
        : []),
      ...(scopes ? [] : ['needs "scopes", an array of strings']),
      // Where the spec asks for scopes, none means every call is refused; where it asks for none,
      // `[]` is the one right value.
      ...(scopes?.length === 0 && rules.scopes.size > 0
        ? [
            `"scopes" is empty, so the key could call nothing: give the scopes it may use (${[...rules.scopes].join(', ')})`,
          ]
        : []),
      ...(unknownScopes.length > 0
        ? [
            `"scopes" holds ${unknownScopes.map((x) => JSON.stringify(x)).join(', ')}, which no operation asks for (${[...rules.scopes].join(', ')})`,
          ]
        : []),
      ...(sites === null || (Array.isArray(sites) && sites.every((s) => typeof s === 'string'))
        ? []
        : ['"sites" must be an array of site ids']),
      // Read as no site (every site-bound call a 403), and as readily meant as every site.
      ...(Array.isArray(sites) && sites.length === 0
        ? [
            '"sites" is empty, which could mean no site or every site: list the sites the key may use, or leave "sites" out for every site',
          ]
        : []),
      // Nothing would hold the key to them: every read would go through, as if "sites" were left out.
      ...(Array.isArray(sites) && sites.length > 0 && !rules.marksTenants
        ? [
            `has "sites", but the ${rules.api} spec marks no site (x-assetkit-tenant) on any operation, so no call could be held to them: leave "sites" out`,
          ]
        : []),
      ...(rules.sitePattern && badSites.length > 0
        ? [
            `"sites" holds ${badSites.map((x) => JSON.stringify(x)).join(', ')}, not a site id (${rules.sitePattern.source})`,
          ]
        : []),
      ...(Number.isInteger(rate) && (rate as number) > 0 && (rate as number) <= MAX_RATE_PER_MINUTE
        ? []
        : [`"ratePerMinute" must be an integer from 1 to ${MAX_RATE_PER_MINUTE}`]),
      // A name is the key's identity for its budget, its logs and its metrics: two keys sharing one
      // would share a budget (and, before this check, a cached scope decision).
      ...(names.has(name) ? [`has the same name as ${source}[${names.get(name)}]; give each key its own "name"`] : []),
      ...(secret !== undefined && secrets.has(secret)
        ? [`has the same secret as ${source}[${secrets.get(secret)}]`]
        : []),
    ];
    names.set(name, names.get(name) ?? i);
    if (secret !== undefined) {
      secrets.set(secret, secrets.get(secret) ?? i);
    }
    for (const issue of issues) {
      env.problem(`${where} (${name}) ${issue}`);
    }
    if (issues.length > 0) {
      return [];
    }
    return [
      {
        name,
        sha256: sha256 as Buffer,
        scopes: scopes as string[],
        // As the guard compares them (an ObjectId in lower case).
        sites: sites === null ? null : (sites as string[]).map(tenantId),
        ratePerMinute: rate as number,
      },
    ];
  });
}
