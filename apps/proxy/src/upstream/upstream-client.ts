import { EventEmitter } from 'node:events';
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';
import { BodyBytes } from '@assetkit/contract';
import type { Dispatcher } from 'undici';
import type { ProxyConfig } from '../config.js';
import { MAX_TIMER_MS } from '../env-reader.js';
import { HttpError } from '../errors.js';
import { echoRedactor } from './echo-redaction.js';
import { Pool } from './undici-pool.js';

/** The body of an answer that has none. */
const EMPTY = Buffer.alloc(0);

/** A request as the proxy forwards it: raw path and query, filtered headers, raw body. */
export interface UpstreamRequest {
  method: string;
  /** Path and query as the caller sent them, e.g. `/v2/assets/…?localeId=…`. */
  pathAndQuery: string;
  headers: Record<string, string>;
  body: Buffer | undefined;
  /** Emits `abort` when the caller goes away (see {@link abortSignal}). */
  signal: EventEmitter;
  /**
   * `performance.now()` by which the exchange must be over, when it shares a deadline with an
   * earlier one (a site lookup before a write); by default the deadline starts with this request.
   */
  notAfter?: number | undefined;
}

/**
 * The cancellation handle of one upstream request: a plain EventEmitter, a fraction of the cost
 * of an AbortController per request on Node 20.
 */
export function abortSignal(): EventEmitter {
  return new EventEmitter();
}

/** The upstream's answer, body fully read (the proxy validates it before passing it on). */
export interface UpstreamResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  durationMs: number;
}

/** Counters of the upstream pool (undici's `Pool.stats`): a request stuck in it shows here. */
export interface UpstreamStats {
  connected: number;
  running: number;
  pending: number;
  queued: number;
}

/** The one connection pool to the upstream. */
export interface Upstream {
  readonly origin: string;
  /** The origin and the path every forwarded request is sent under (`UPSTREAM_URL`, no trailing slash). */
  readonly base: string;
  /** The longest one exchange may take: connect, headers and body timeouts together. */
  readonly deadlineMs: number;
  send(request: UpstreamRequest): Promise<UpstreamResponse>;
  /** Whether the upstream answers HTTP at all (any status), within the connect timeout. */
  probe(): Promise<boolean>;
  /** The pool's counters right now: open connections and requests in flight or waiting. */
  stats(): UpstreamStats;
  close(): Promise<void>;
}

/**
 * Which limit ran out: the headers or body timeout, or the deadline of the whole exchange (the
 * only one running while the request waits for a free connection).
 */
type Phase = 'deadline' | 'headers' | 'body';

function timedOut(phase: Phase): HttpError {
  return phase === 'deadline'
    ? new HttpError(504, 'gateway_timeout', 'the upstream did not finish answering in time')
    : new HttpError(
        504,
        'gateway_timeout',
        `the upstream timed out (${phase === 'headers' ? 'waiting for its headers' : 'reading its body'})`,
      );
}

/**
 * The body as the caller gets it: decompressed when the upstream compressed it anyway (it is asked
 * for `identity`), never past `limit` bytes once decompressed (a small gzip can hold gigabytes).
 */
function decode(body: Buffer, encoding: string | string[] | undefined, limit: number): Buffer {
  const inflate = (run: (options: { maxOutputLength: number }) => Buffer) => {
    try {
      return run({ maxOutputLength: limit });
    } catch (error) {
      if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
        throw new HttpError(
          502,
          'bad_gateway',
          `the upstream response is larger than ${limit} bytes once decompressed`,
        );
      }
      throw error;
    }
  };
  switch (Array.isArray(encoding) ? encoding.join(',') : encoding?.trim().toLowerCase()) {
    case undefined:
    case '':
    case 'identity':
      return body;
    case 'gzip':
    case 'x-gzip':
      return inflate((o) => gunzipSync(body, o));
    case 'deflate':
      return inflate((o) => inflateSync(body, o));
    case 'br':
      return inflate((o) => brotliDecompressSync(body, o));
    default:
      throw new HttpError(
        502,
        'bad_gateway',
        `the upstream answered with an unsupported content-encoding: ${String(encoding)}`,
      );
  }
}

/** Maps a transport failure to the Webflow-shaped 502/504 the caller gets (never the raw error). */
function gatewayError(error: unknown): HttpError {
  if (error instanceof HttpError) {
    return error;
  }
  const code = (error as { code?: string }).code ?? '';
  if (code === 'UND_ERR_CONNECT_TIMEOUT') {
    return new HttpError(504, 'gateway_timeout', 'the upstream timed out (connecting)', { cause: error });
  }
  return new HttpError(
    502,
    'bad_gateway',
    `the upstream could not be reached or broke the connection (${code || 'connection error'})`,
    {
      cause: error,
    },
  );
}

/**
 * Creates the keep-alive connection pool to the upstream (undici), with connect, headers and
 * body timeouts (→ 504), a response size cap and an overall deadline (→ 502/504), decoding
 * of compressed bodies so they can be validated, and the proxy's own token taken out of any answer
 * that echoes it.
 *
 * @example
 * const upstream = createUpstream('https://api.webflow.com', config.upstream);
 * const res = await upstream.send({ method: 'GET', pathAndQuery: '/v2/assets/…', headers, body: undefined, signal: abortSignal() });
 */
export function createUpstream(url: string, options: ProxyConfig['upstream']): Upstream {
  const base = new URL(url);
  const prefix = base.pathname.replace(/\/+$/, '');
  const pool = new Pool(base.origin, {
    connections: options.connections,
    connect: { timeout: options.connectTimeoutMs },
    // The headers and body timeouts are the proxy's own (see `send`). undici's start a timer per
    // request whose cleared husk waits for undici's half-second sweep: long enough to outlive two
    // young-generation collections, so under load they were the largest single source of garbage
    // promoted into V8's old space (a sampling heap profile of 20 s of get/patch load).
    headersTimeout: 0,
    bodyTimeout: 0,
    keepAliveTimeout: 4_000,
    pipelining: 1,
  });
  const redactEcho = echoRedactor(options.token);
  // Each is at most MAX_TIMER_MS (config.ts); their sum may not be.
  const deadlineMs = Math.min(
    MAX_TIMER_MS,
    options.connectTimeoutMs + options.headersTimeoutMs + options.bodyTimeoutMs,
  );

  // undici's dispatch() handler API, not request(): request() wraps every response body in a
  // Readable stream, which the proxy would immediately drain into one buffer anyway. Skipping the
  // stream is a measurable share of the per-request cost (see `pnpm bench proxy`).
  function send(request: UpstreamRequest): Promise<UpstreamResponse> {
    return new Promise((resolve, reject) => {
      const started = performance.now();
      const limitMs = request.notAfter === undefined ? deadlineMs : Math.min(deadlineMs, request.notAfter - started);
      if (limitMs <= 0) {
        reject(timedOut('deadline'));
        return;
      }
      let controller: Dispatcher.DispatchController | undefined;
      let status = 0;
      let headers: Record<string, string | string[] | undefined> = {};
      const body = new BodyBytes<Buffer>(options.maxResponseBytes, Buffer.allocUnsafe);
      let settled = false;
      const finish = (error: HttpError | undefined, response?: UpstreamResponse) => {
        if (settled) {
          return;
        }
        settled = true;
        clearTimeout(timer);
        request.signal.removeListener('abort', onCallerGone);
        if (error) {
          reject(error);
        } else {
          resolve(response as UpstreamResponse);
        }
      };
      const abortWith = (error: HttpError) => {
        if (controller && !controller.aborted) {
          controller.abort(error);
        }
        finish(error);
      };
      const onCallerGone = () => abortWith(new HttpError(499, 'client_closed_request', 'the caller went away'));
      // One timer per phase, each cleared within the request's own lifetime (so it dies young):
      // waiting for a connection (bounded by the overall deadline), then for the headers, then
      // for each piece of the body (undici's semantics: the longest silence allowed).
      let phase: Phase = 'deadline';
      let armedMs = limitMs;
      const onTimeout = () => abortWith(timedOut(phase));
      let timer = setTimeout(onTimeout, limitMs);
      const arm = (next: Phase, ms: number) => {
        phase = next;
        const bounded = Math.max(1, Math.min(ms, limitMs - (performance.now() - started)));
        if (bounded === armedMs) {
          timer.refresh();
          return;
        }
        clearTimeout(timer);
        armedMs = bounded;
        timer = setTimeout(onTimeout, bounded);
      };
      request.signal.once('abort', onCallerGone);
      pool.dispatch(
        {
          path: `${prefix}${request.pathAndQuery}`,
          method: request.method as Dispatcher.HttpMethod,
          headers: request.headers,
          body: request.body ?? null,
        },
        {
          onRequestStart(c) {
            controller = c;
            if (settled) {
              // Timed out or abandoned while it waited for a connection: never send it.
              c.abort(new Error('abandoned before it was sent'));
              return;
            }
            arm('headers', options.headersTimeoutMs);
          },
          onResponseStart(_c, statusCode, responseHeaders) {
            status = statusCode;
            headers = responseHeaders;
            arm('body', options.bodyTimeoutMs);
          },
          onResponseData(c, chunk) {
            if (body.size + chunk.length > options.maxResponseBytes) {
              abortWith(
                new HttpError(
                  502,
                  'bad_gateway',
                  `the upstream response is larger than ${options.maxResponseBytes} bytes`,
                ),
              );
              c.abort(new Error('response too large'));
              return;
            }
            body.add(chunk);
            if (performance.now() - started > limitMs) {
              // A body dripped slowly enough to dodge the silence timeout still ends here.
              abortWith(timedOut('deadline'));
              return;
            }
            timer.refresh();
          },
          onResponseEnd() {
            try {
              const decoded = decode(body.bytes() ?? EMPTY, headers['content-encoding'], options.maxResponseBytes);
              const answer = redactEcho ? redactEcho(headers, decoded) : decoded;
              finish(undefined, { status, headers, body: answer, durationMs: performance.now() - started });
            } catch (error) {
              finish(gatewayError(error));
            }
          },
          onResponseError(_c, error) {
            finish(gatewayError(error));
          },
        },
      );
    });
  }

  return {
    origin: base.origin,
    base: `${base.origin}${prefix}`,
    deadlineMs,
    send,
    async probe() {
      const signal = abortSignal();
      const timer = setTimeout(() => signal.emit('abort'), options.connectTimeoutMs);
      try {
        await send({ method: 'GET', pathAndQuery: '/', headers: {}, body: undefined, signal });
        return true;
      } catch {
        return false;
      } finally {
        clearTimeout(timer);
      }
    },
    stats() {
      const { connected, running, pending, queued } = pool.stats;
      return { connected, running, pending, queued };
    },
    async close() {
      await pool.close();
    },
  };
}
