import type { ServerResponse } from 'node:http';
import type { OperationSpec } from '@assetkit/contract';
import type { Principal } from './auth/principal.js';
import type { RateDecision } from './rate-limit/rate-limit-store.js';

/** What the pipeline learns about one request, kept on the response (see {@link contextOf}). */
export interface RequestContext {
  requestId: string;
  /** The request's method, and its URL split once at `?` (still percent-encoded): every step reads these. */
  method: string;
  path: string;
  query: string;
  /** `performance.now()` when the request arrived. */
  startedAt: number;
  principal: Principal | null;
  /** The caller's own budget (sent as `X-RateLimit-*` on answers the proxy makes itself). */
  rate: RateDecision | null;
  /** The proxy's budget for the upstream token, once this request has spent from it. */
  upstreamRate: RateDecision | null;
  operation: OperationSpec | null;
  pathParams: Record<string, string>;
  body: Buffer | undefined;
  requestViolations: number;
  responseViolations: number;
  /** False when the response's body was left out of `RESPONSE_VALIDATION_SAMPLE`'s sample. */
  responseBodyChecked: boolean | undefined;
  upstreamMs: number | undefined;
  /**
   * `performance.now()` by which every upstream exchange of this request must be over, once a
   * site lookup has started the clock (so a checked write takes one deadline, not two).
   */
  upstreamNotAfter: number | undefined;
  /** True once the request has been sent upstream. */
  forwarded: boolean;
  /** Called once when the response closes (finished or not): one listener per response. */
  onClose: (() => void) | undefined;
  /**
   * The answer Node's server sent instead of this response (a body that came too slowly or
   * broke HTTP's framing), which is what the caller got: this response closes unsent.
   */
  answeredByServer: { status: number; code: string } | undefined;
  /** The CORS headers every answer to this request carries (`CORS_ORIGINS`, an allowed `Origin`). */
  cors: Readonly<Record<string, string>> | undefined;
}

const CONTEXT = Symbol('assetkit.request-context');
type Carrier = ServerResponse & { [CONTEXT]?: RequestContext };

/** Keeps a request's context on its response (Node's own object: no Express `res.locals` needed). */
export function attachContext(res: ServerResponse, ctx: RequestContext): void {
  (res as Carrier)[CONTEXT] = ctx;
}

/** The request's context (created by the request-id step); absent before it ran. */
export function contextOf(res: ServerResponse): RequestContext {
  return (res as Carrier)[CONTEXT] as RequestContext;
}

/**
 * The path of a request line's URL: everything before its `?`.
 *
 * @example
 * pathOf('/v2/assets/65f0a1b2c3d4e5f6a7b8c9d0?localeId=x'); // '/v2/assets/65f0a1b2c3d4e5f6a7b8c9d0'
 */
export function pathOf(url: string): string {
  const q = url.indexOf('?');
  return q < 0 ? url : url.slice(0, q);
}

/** A fresh context for a request to `url` (path and query, as the request line has them). */
export function newContext(requestId: string, method: string, url: string): RequestContext {
  const q = url.indexOf('?');
  return {
    requestId,
    method,
    path: q < 0 ? url : url.slice(0, q),
    query: q < 0 ? '' : url.slice(q + 1),
    startedAt: performance.now(),
    principal: null,
    rate: null,
    upstreamRate: null,
    operation: null,
    pathParams: {},
    body: undefined,
    requestViolations: 0,
    responseViolations: 0,
    responseBodyChecked: undefined,
    upstreamMs: undefined,
    upstreamNotAfter: undefined,
    forwarded: false,
    onClose: undefined,
    answeredByServer: undefined,
    cors: undefined,
  };
}

/** `X-RateLimit-*` (and `Retry-After` when refused) for a rate decision. */
export function rateHeaders(rate: RateDecision | null): Record<string, string> {
  if (!rate) {
    return {};
  }
  const headers: Record<string, string> = {
    'x-ratelimit-limit': String(rate.limit),
    'x-ratelimit-remaining': String(rate.remaining),
  };
  if (!rate.allowed) {
    headers['retry-after'] = String(Math.max(1, Math.ceil(rate.retryAfterMs / 1000)));
  }
  return headers;
}
