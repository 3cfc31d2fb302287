import { timerDelay } from '../retry/timer-limit.js';

/** How one attempt ended. */
export type AttemptResult =
  | { kind: 'response'; response: Response; body: Uint8Array<ArrayBuffer> | null }
  | { kind: 'network'; error: unknown }
  | { kind: 'timeout' };

// Statuses whose responses cannot carry a body (the Response constructor rejects one).
const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

/**
 * The largest body an attempt reads: `MAX_ANSWER_BODY_BYTES` of `@assetkit/contract`, whose
 * `readCappedBody` the suite reads with. Not imported: the client loads no contract code (ajv) at
 * runtime, only `import()`s it for `validateResponses` (see `index.test.ts`). The same bound as the
 * proxy's default `UPSTREAM_MAX_RESPONSE_BYTES`. Every answer of the API is far smaller (a page
 * of 100 assets is about 126 kB). Past it a server is sending something else, an endless or
 * runaway body, which filled memory until the timeout ended it (1.4 GB in 15 s, and the default
 * timeout is 60 s per attempt).
 */
export const MAX_BODY_BYTES = 20 * 1024 * 1024;

/** Reads a whole body, at most {@link MAX_BODY_BYTES}; more cancels it and throws a `RangeError`. */
async function readCapped(response: Response): Promise<Uint8Array<ArrayBuffer>> {
  const tooLarge = () =>
    new RangeError(
      `the answer's body is larger than ${MAX_BODY_BYTES / 1024 / 1024} MiB (${MAX_BODY_BYTES} bytes), the most the client reads`,
    );
  if (Number(response.headers.get('content-length') ?? '') > MAX_BODY_BYTES) {
    await response.body?.cancel().catch(() => {});
    throw tooLarge();
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = response.body?.getReader();
  for (;;) {
    const next = reader ? await reader.read() : { done: true as const, value: undefined };
    if (next.done) {
      break;
    }
    size += next.value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await reader?.cancel().catch(() => {});
      throw tooLarge();
    }
    chunks.push(next.value);
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return bytes;
}

// Attempts in flight, held strongly until their body is read. Node 20's fetch links a Request's
// signal to the signal it follows only weakly: once nothing references the attempt's Request, it
// can be collected mid-body and the timeout's abort never reaches the stream, which then hangs
// forever (seen in this package's tests, about half the runs).
const inFlight = new Set<Request>();

/**
 * Sends one attempt of a request with its own timeout, and reads the whole body inside that
 * timeout: a server that sends headers and then stalls is a timeout too, and a connection that
 * breaks mid-body is a network error the retry policy can see (openapi-fetch would only meet it
 * later, while parsing).
 *
 * A caller's abort is not an outcome: it rejects with the signal's reason, so it is never retried.
 * A body over {@link MAX_BODY_BYTES} is a network error too (it is not read further).
 * `timeoutMs` 0 means none; one above 2^31 − 1 ms (the options refuse it) is shortened to that.
 *
 * @example
 * const result = await sendAttempt(fetch, request, 5_000);
 * if (result.kind === 'response') result.response.status;
 */
export async function sendAttempt(
  fetchFn: (request: Request) => Promise<Response>,
  request: Request,
  timeoutMs: number,
): Promise<AttemptResult> {
  const caller = request.signal;
  caller.throwIfAborted();
  const controller = new AbortController();
  let timedOut = false;
  const onCallerAbort = () => controller.abort(caller.reason);
  caller.addEventListener('abort', onCallerAbort, { once: true });
  const timer =
    timeoutMs > 0
      ? setTimeout(() => {
          timedOut = true;
          controller.abort(new DOMException(`timed out after ${timeoutMs} ms`, 'TimeoutError'));
        }, timerDelay(timeoutMs))
      : undefined;
  // clone() keeps the original's body for the next attempt; the new signal replaces the caller's.
  const attempt = new Request(request.clone(), { signal: controller.signal });
  inFlight.add(attempt);
  try {
    const response = await fetchFn(attempt);
    const body = NULL_BODY_STATUSES.has(response.status) ? null : await readCapped(response);
    return { kind: 'response', response, body };
  } catch (error) {
    if (caller.aborted) {
      throw caller.reason;
    }
    return timedOut ? { kind: 'timeout' } : { kind: 'network', error };
  } finally {
    inFlight.delete(attempt);
    clearTimeout(timer);
    caller.removeEventListener('abort', onCallerAbort);
  }
}

/**
 * Whether a failed attempt's connection was refused (`ECONNREFUSED`, in the error or its causes,
 * as Node's fetch reports it): no connection was made, so the request never reached the server.
 * A reset or a dropped connection may have carried it, and a browser's fetch says neither.
 *
 * @example
 * connectionRefused(new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) })); // true
 */
export function connectionRefused(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && typeof current === 'object' && current !== null; depth++) {
    if ((current as { code?: unknown }).code === 'ECONNREFUSED') {
      return true;
    }
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

/**
 * A fresh `Response` around an already-read body, with `content-length` matching the bytes
 * (fetch decodes gzip but keeps the wire headers, which would then lie about the body), no
 * `transfer-encoding` (the body is no longer chunked: openapi-fetch, seeing `chunked`, ignored
 * `content-length: 0` and parsed an empty body as JSON), and the original's `url`, kept by its
 * clones too (the constructor cannot set it, and an empty one hid where a raw-client result came
 * from).
 *
 * @example
 * const replay = bufferedResponse(result.response, result.body);
 */
export function bufferedResponse(response: Response, body: Uint8Array<ArrayBuffer> | null): Response {
  const headers = new Headers(response.headers);
  headers.delete('content-encoding');
  headers.delete('transfer-encoding');
  if (body === null) {
    headers.delete('content-length');
  } else {
    headers.set('content-length', String(body.byteLength));
  }
  const replay = new Response(body, { status: response.status, statusText: response.statusText, headers });
  return withUrl(replay, response.url);
}

/**
 * `response` answering `url` for its `url`, as do its clones: `url` is a read-only getter on
 * Response.prototype, which an own property shadows, and `clone()` copies only what the
 * constructor set (no URL), so each clone is given the URL again.
 */
function withUrl(response: Response, url: string): Response {
  return Object.defineProperties(response, {
    url: { value: url, enumerable: true },
    clone: { value: () => withUrl(Response.prototype.clone.call(response), url) },
  });
}
