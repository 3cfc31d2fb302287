import type { IncomingHttpHeaders } from 'node:http';
import { PRECONDITIONS, type Precondition } from '@assetkit/contract';
import { listMembers } from '../header-list.js';
import { ratePair } from '../rate-limit/tightest-budget.js';

/**
 * Hop-by-hop headers (RFC 9110 §7.6.1), those the proxy always sets itself, and the caller's own
 * that are not the upstream's business (credentials, forwarding, ranges).
 */
const NOT_FORWARDED = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'host',
  'content-length',
  'expect',
  'authorization',
  'cookie',
  'accept-encoding',
  'x-request-id',
  // Where a balancer or CDN in front of the proxy says who called it (RFC 7239 `Forwarded`, and the
  // X-Forwarded-* family, matched by prefix below). The proxy is the upstream's client, with its own
  // token: those addresses are not the upstream's to see, nor a caller's to claim for the proxy.
  // The proxy reads X-Forwarded-For only for its own per-address budget (client-address.ts).
  'forwarded',
  'x-real-ip',
  'x-client-ip',
  'true-client-ip',
  // `Via` (RFC 9110 §7.6.3) lists the caller's proxies by host and port, often internal names. The
  // proxy sends its own entry in its place (viaEntry below).
  'via',
  // A range of a body is not a body the spec describes, so a 206 could not be validated (nor a
  // `multipart/byteranges` of several). Without `Range` the upstream sends the whole body, which a
  // server may always do (RFC 9110 §14.2); `If-Range` means nothing without it (§13.1.5).
  'range',
  'if-range',
]);

const NOT_RETURNED = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'content-length',
  'content-encoding',
  'x-request-id',
  'set-cookie',
  'date',
  // The proxy's own count: an upstream's is not passed off as the proxy's verdict.
  'x-assetkit-violations',
  // The upstream's offer of ranges (RFC 9110 §14.3): the proxy does not forward `Range` (above).
  'accept-ranges',
]);

/**
 * A header's name as a server that reads names CGI-style reads it (PHP's `$_SERVER`, IIS server
 * variables, WSGI, Rack): `_` as `-`, so that `X_Original_URL` is their HTTP_X_ORIGINAL_URL as much
 * as `X-Original-URL` is. What the proxy refuses, withholds or recognises, it judges by this name.
 *
 * @example
 * cgiName('x_forwarded_for'); // 'x-forwarded-for'
 */
export function cgiName(name: string): string {
  return name.includes('_') ? name.replaceAll('_', '-') : name;
}

/** Names listed in a `Connection` header are hop-by-hop too. */
function connectionListed(value: string | string[] | undefined): Set<string> | undefined {
  if (value === undefined || value === 'keep-alive' || value === 'close') {
    return undefined;
  }
  return new Set(listMembers(value));
}

/**
 * Headers as the next hop will see them, for validation (the caller's as the upstream will get
 * them, the upstream's as the caller will): without those the `Connection` header lists, which
 * are hop-by-hop and dropped on the way. Unchanged, and not copied, in the usual case of a plain
 * `keep-alive`/`close` or none.
 *
 * @example
 * asForwarded({ connection: 'content-type', 'content-type': 'application/json' }); // { connection: 'content-type' }
 */
export function asForwarded(incoming: IncomingHttpHeaders): IncomingHttpHeaders {
  const listed = connectionListed(incoming.connection);
  if (!listed) {
    return incoming;
  }
  const out: IncomingHttpHeaders = {};
  for (const [name, value] of Object.entries(incoming)) {
    if (!listed.has(name)) {
      out[name] = value;
    }
  }
  return out;
}

/**
 * The proxy's own `Via` entry for a request it forwards (RFC 9110 §7.6.3: a gateway MUST send one
 * in each request it forwards): the HTTP version the caller used, and a pseudonym where a host and
 * port would name the machine the proxy runs on. The caller's own entries are dropped, not
 * extended: they name hosts in front of the proxy. Node reads only HTTP/1.x requests.
 *
 * @example
 * viaEntry(req); // '1.1 assetkit'
 */
export function viaEntry(req: { httpVersionMinor: number }): string {
  return req.httpVersionMinor === 0 ? '1.0 assetkit' : '1.1 assetkit';
}

/**
 * The headers to send upstream: the caller's end-to-end headers, minus hop-by-hop ones, minus
 * the caller's credentials and forwarding headers (`Forwarded`, `X-Forwarded-*`, `Via`, `X-Real-IP`…)
 * and `Range`/`If-Range` (the proxy validates whole bodies; preconditions such as `If-None-Match`
 * go on as they are),
 * plus the upstream credential (when there is one), the request id and, for a request the proxy
 * forwards (not one it makes on its own), its `Via` entry ({@link viaEntry}). Bodies go upstream
 * uncompressed (`accept-encoding: identity`) because the proxy validates them. The headers that
 * describe a body (`Content-Type`, `Content-Encoding`, every `Content-*`) go only with one
 * (`body: true`): without it they describe nothing, and an upstream may refuse a request for a
 * body's coding or type when there is none.
 *
 * @example
 * upstreamRequestHeaders(req.headers, { authorization: 'Bearer <token>', requestId, via: viaEntry(req), body: true });
 */
export function upstreamRequestHeaders(
  incoming: IncomingHttpHeaders,
  extra: { authorization: string | undefined; requestId: string; via?: string; body?: boolean },
): Record<string, string> {
  const listed = connectionListed(incoming.connection);
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(incoming)) {
    // To a CGI-style upstream `X_Forwarded_For` is X-Forwarded-For, and `Accept_Encoding` the proxy's own header.
    const canonical = cgiName(name);
    if (
      value === undefined ||
      NOT_FORWARDED.has(canonical) ||
      listed?.has(name) ||
      canonical.startsWith('x-assetkit-') ||
      canonical.startsWith('x-forwarded-') ||
      (extra.body !== true && canonical.startsWith('content-'))
    ) {
      continue;
    }
    out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  if (extra.authorization !== undefined) {
    out.authorization = extra.authorization;
  }
  out['x-request-id'] = extra.requestId;
  out['accept-encoding'] = 'identity';
  if (extra.via !== undefined) {
    out.via = extra.via;
  }
  return out;
}

/** The precondition headers (RFC 9110 §13.1), by the name a CGI-style server reads. */
const PRECONDITION_NAMES = new Map<string, Precondition>(PRECONDITIONS.map((name) => [name, name]));

/**
 * The preconditions a request carries as sent upstream (`If-Match`, `If-None-Match`,
 * `If-Modified-Since`, `If-Unmodified-Since`), for the contract to tell HTTP's 304 or 412 from an
 * undocumented status. Names are read as {@link upstreamRequestHeaders} reads them ({@link cgiName}): an
 * upstream that honours `If_None_Match` as If-None-Match answers it with a 304 too. Asked of a 304
 * or a 412 only.
 *
 * @example
 * preconditionsSent({ if_none_match: '"v1"', 'x-request-id': 'r' }); // ['if-none-match']
 */
export function preconditionsSent(sent: Record<string, string>): Precondition[] {
  const found: Precondition[] = [];
  for (const name of Object.keys(sent)) {
    const precondition = PRECONDITION_NAMES.get(cgiName(name));
    if (precondition && !found.includes(precondition)) {
      found.push(precondition);
    }
  }
  return found;
}

/**
 * The upstream's response headers to pass to the caller: everything end-to-end (including
 * `X-RateLimit-*` and `Retry-After`), minus hop-by-hop headers, the framing the proxy redoes and
 * the upstream's CORS headers; the upstream's request id is kept as `x-upstream-request-id`.
 *
 * @example
 * clientResponseHeaders(upstream.headers); // { 'content-type': 'application/json', 'x-ratelimit-remaining': '59', … }
 */
export function clientResponseHeaders(
  upstream: Record<string, string | string[] | undefined>,
): Record<string, string | string[]> {
  const listed = connectionListed(upstream.connection);
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(upstream)) {
    // The upstream's CORS headers describe who may read the upstream from a browser; the proxy is
    // another origin with its own keys, and says that itself (CORS_ORIGINS), or nothing.
    if (value === undefined || NOT_RETURNED.has(name) || listed?.has(name) || name.startsWith('access-control-')) {
      continue;
    }
    out[name] = value;
  }
  const upstreamId = upstream['x-request-id'];
  if (typeof upstreamId === 'string') {
    out['x-upstream-request-id'] = upstreamId;
  }
  return out;
}

/** Response headers that carry an address (RFC 9110 §10.2.2, §8.7). */
const ADDRESS_HEADERS = ['location', 'content-location'] as const;

/**
 * An address the upstream gave in its own name (`Location: http://upstream/assets/…`), moved to
 * the proxy's: a caller who follows it must come back through the proxy (its keys, its checks),
 * not go around it to an upstream that wants a token only the proxy holds. A relative address is
 * read against the upstream's URL first; one elsewhere (a CDN, a signed storage URL) is kept as
 * it is.
 *
 * @example
 * throughProxy('http://127.0.0.1:4010/assets/a/-/entry/0', 'http://127.0.0.1:4010', 'http://proxy.local');
 * // 'http://proxy.local/assets/a/-/entry/0'
 */
export function throughProxy(address: string, upstreamBase: string, publicBase: string): string {
  let url: URL;
  try {
    url = new URL(address, `${upstreamBase}/`);
  } catch {
    return address;
  }
  const base = new URL(upstreamBase);
  const prefix = base.pathname.replace(/\/+$/, '');
  const within = url.pathname === prefix || url.pathname.startsWith(`${prefix}/`);
  if (url.origin !== base.origin || !within) {
    return address;
  }
  return `${publicBase}${url.pathname.slice(prefix.length)}${url.search}${url.hash}`;
}

/**
 * {@link throughProxy} for each address header of a response, in place.
 *
 * @example
 * addressesThroughProxy(headers, upstream.base, 'http://proxy.local');
 */
export function addressesThroughProxy(
  headers: Record<string, string | string[]>,
  upstreamBase: string,
  publicBase: string,
): void {
  for (const name of ADDRESS_HEADERS) {
    const value = headers[name];
    if (typeof value === 'string') {
      headers[name] = throughProxy(value, upstreamBase, publicBase);
    }
  }
}

/**
 * The upstream's rate headers (`Retry-After`, `X-RateLimit-*`), for an answer the proxy makes
 * itself out of an upstream response, such as the 502 for one that breaks the contract: the
 * caller still learns when to retry and how much of the token's budget is left.
 *
 * @example
 * rateHeaders({ 'retry-after': '30', 'content-type': 'text/html' }); // { 'retry-after': '30' }
 */
export function rateHeaders(upstream: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(upstream)) {
    if (typeof value === 'string' && (name === 'retry-after' || name.startsWith('x-ratelimit-'))) {
      out[name] = value;
    }
  }
  // Limit and remaining describe one budget together: with one of them missing, sent twice or no
  // integer, the other is dropped too, so the answer's pair is the caller key's own, not half of each.
  if (ratePair(out) === undefined) {
    delete out['x-ratelimit-limit'];
    delete out['x-ratelimit-remaining'];
  }
  return out;
}
