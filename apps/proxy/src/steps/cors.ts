import type { Contract } from '@assetkit/contract';
import { HttpError } from '../errors.js';
import { listMembers } from '../header-list.js';
import type { Step } from '../pipeline.js';
import type { RequestContext } from '../request-context.js';

/** What an answer to no origin or another origin carries when the allowed origins are a list. */
const VARY_ONLY: Readonly<Record<string, string>> = Object.freeze({ vary: 'Origin' });

/** How long a browser may keep a preflight's answer, in seconds (Chromium keeps at most 7200). */
const PREFLIGHT_MAX_AGE = '600';

/**
 * The request headers a browser may send: the key, the body's type, the caller's request id, the
 * preconditions (RFC 9110 §13.1: the proxy passes on the 304 or 412 they ask for), and every
 * header parameter the spec declares.
 */
function allowedRequestHeaders(contract: Contract): string {
  const names = new Set([
    'authorization',
    'content-type',
    'x-request-id',
    'if-none-match',
    'if-modified-since',
    'if-match',
    'if-unmodified-since',
  ]);
  for (const operation of contract.operations) {
    for (const parameter of operation.parameters) {
      if (parameter.in === 'header') {
        names.add(parameter.name.toLowerCase());
      }
    }
  }
  return [...names].join(', ');
}

/**
 * The response headers a browser's script may read: the spec's own, the request id, the proxy's
 * count, and `ETag` for its next conditional request (`Last-Modified` is readable without this).
 */
function exposedResponseHeaders(contract: Contract): string {
  const names = new Set([
    'etag',
    'x-request-id',
    'x-upstream-request-id',
    'x-assetkit-violations',
    'retry-after',
    'location',
    'allow',
  ]);
  for (const operation of contract.operations) {
    for (const response of operation.responses) {
      for (const header of response.headers) {
        names.add(header.name.toLowerCase());
      }
    }
  }
  return [...names].join(', ');
}

/**
 * The methods of the API's path `path` (what a preflight is told), or `undefined` when the API has
 * no such path.
 */
function apiMethods(contract: Contract): (path: string) => readonly string[] | undefined {
  return (path) => {
    const route = contract.router.match('OPTIONS', path);
    if (route.kind === 'not-found') {
      return undefined;
    }
    return route.kind === 'method-not-allowed' ? route.allow : ['OPTIONS'];
  };
}

/**
 * Lets browser apps on `origins` (`'*'`: any) call the API (`CORS_ORIGINS`): answers preflights
 * itself, before keys and budgets (a preflight carries no key and forwards nothing), and gives every
 * answer to an allowed origin, errors included, the headers that let its script read it (see
 * {@link withCors}). A preflight from any other origin gets a 403 saying so; other requests from
 * it are served without those headers, so the browser keeps their answers from the script.
 * `methodsAt` says what a preflight to a path is told it may use (`undefined`: a 404); by default
 * the methods the spec gives that path (the operations endpoints give `GET, HEAD`).
 *
 * @see https://fetch.spec.whatwg.org/#http-cors-protocol
 * @example
 * pipeline(startContext, [accessLog(…), cors({ origins: ['https://app.example.com'], contract }), identifyCaller(…), …]);
 */
export function cors({
  origins,
  contract,
  methodsAt = apiMethods(contract),
}: {
  origins: readonly string[] | '*';
  contract: Contract;
  methodsAt?: (path: string) => readonly string[] | undefined;
}): Step {
  const allowed = origins === '*' ? null : new Set(origins);
  const allowHeaders = allowedRequestHeaders(contract);
  const exposeHeaders = exposedResponseHeaders(contract);
  return function answerCors(req, res, ctx) {
    const origin = req.headers.origin;
    if (origin === undefined) {
      // With a list, answers differ by Origin: a cache must not hand this one to a browser app.
      ctx.cors = allowed === null ? undefined : VARY_ONLY;
      return;
    }
    const preflight = ctx.method === 'OPTIONS' && req.headers['access-control-request-method'] !== undefined;
    if (allowed !== null && !allowed.has(origin)) {
      ctx.cors = VARY_ONLY;
      if (preflight) {
        throw new HttpError(
          403,
          'cors_origin_not_allowed',
          `Origin ${JSON.stringify(origin.slice(0, 200))} may not call this API from a browser: it is not in CORS_ORIGINS`,
        );
      }
      return;
    }
    const granted: Record<string, string> =
      allowed === null
        ? { 'access-control-allow-origin': '*' }
        : { 'access-control-allow-origin': origin, vary: 'Origin' };
    ctx.cors = granted;
    if (!preflight) {
      granted['access-control-expose-headers'] = exposeHeaders;
      return;
    }
    const methods = methodsAt(ctx.path);
    if (methods === undefined) {
      throw new HttpError(
        404,
        'route_not_found',
        `Route not found: ${ctx.path.slice(0, 200)} is not a path of this API`,
      );
    }
    res.writeHead(204, {
      ...ctx.cors,
      'access-control-allow-methods': methods.join(', '),
      'access-control-allow-headers': allowHeaders,
      'access-control-max-age': PREFLIGHT_MAX_AGE,
      'x-request-id': ctx.requestId,
    });
    res.end();
  };
}

/**
 * Adds the CORS headers decided for this request (none when CORS is off or the origin is not
 * allowed) to an answer's headers, keeping the upstream's `Vary` (the upstream's own CORS headers
 * never reach the caller: see `clientResponseHeaders`).
 *
 * @example
 * res.writeHead(status, withCors(headers, ctx));
 */
export function withCors<H extends Record<string, string | string[] | number>>(
  headers: H,
  ctx: Pick<RequestContext, 'cors'> | undefined,
): H {
  const added = ctx?.cors;
  if (!added) {
    return headers;
  }
  const out: Record<string, string | string[] | number> = { ...headers, ...added };
  const upstreamVary = headers.vary;
  if (added.vary !== undefined && upstreamVary !== undefined) {
    const listed = listMembers(String(upstreamVary));
    out.vary = listed.includes('*')
      ? '*'
      : listed.includes('origin')
        ? String(upstreamVary)
        : `${String(upstreamVary)}, ${added.vary}`;
  }
  return out as H;
}
