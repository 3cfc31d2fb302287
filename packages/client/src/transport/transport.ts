import { AssetsNetworkError, AssetsTimeoutError } from '../errors/assets-error.js';
import { parseCount } from '../retry/retry-after.js';
import type { ResolvedRetryOptions } from '../retry/retry-options.js';
import { decideRetry } from '../retry/retry-policy.js';
import { bufferedResponse, connectionRefused, sendAttempt } from './attempt.js';
import { createRateLimitTurns } from './rate-limit-turns.js';

/**
 * A `fetch` as openapi-fetch calls it: one `Request` in, a `Response` out.
 *
 * @example
 * const fetchLike: FetchLike = (request) => globalThis.fetch(request);
 */
export type FetchLike = (request: Request) => Promise<Response>;

/** Checks a final response; throws to reject it. `body` is the whole body (null for 204). */
export type ResponseCheck = (facts: {
  method: string;
  url: string;
  response: Response;
  body: Uint8Array | null;
}) => Promise<void>;

/** Per-request settings on top of the client's. */
export interface SendSettings {
  /** Overrides the client's `timeoutMs` for each attempt of this request. */
  timeoutMs?: number | undefined;
  /** Skip the response check (the storage upload is not an API response). */
  check?: boolean;
  /** Treat a `POST` as safe to repeat (the storage upload writes the same bytes to the same key). */
  idempotent?: boolean;
  /**
   * Hold the request for the rate-limit pause and let its answer start one (default true). False
   * for the storage upload: another host, outside Webflow's per-minute budget.
   */
  paced?: boolean;
}

/** What the transport knows about a response it returned. */
export interface ResponseMeta {
  attempts: number;
}

const meta = new WeakMap<Response, ResponseMeta>();

/** `: fetch failed (other side closed)`: undici puts the useful part in `cause`. */
function describeCause(error: unknown): string {
  if (!(error instanceof Error)) {
    return '';
  }
  const inner = error.cause instanceof Error ? ` (${error.cause.message})` : '';
  return `: ${error.message}${inner}`;
}

/**
 * How many attempts a response took, if the transport produced it.
 *
 * @example
 * responseMeta(response)?.attempts; // 3 after two retries
 */
export function responseMeta(response: Response): ResponseMeta | undefined {
  return meta.get(response);
}

/**
 * The client's transport: a `fetch` wrapper that owns retries, per-attempt timeouts, the
 * rate-limit pause and the optional response check.
 *
 * Why a fetch wrapper and not openapi-fetch middleware: middleware cannot send a request again
 * (`onResponse` may only swap the response, and the body was consumed), cannot give each attempt
 * its own timeout signal, and does not run for the storage upload, which is not an API path.
 * Auth stays in openapi-fetch's `headers`, so the token never reaches the storage URL.
 *
 * @example
 * const transport = createTransport({ fetch: globalThis.fetch, retry: resolveRetryOptions({}), timeoutMs: 60_000 });
 * const response = await transport.send(new Request(url), { timeoutMs: 5_000 });
 */
export function createTransport(options: {
  fetch: FetchLike;
  retry: ResolvedRetryOptions;
  timeoutMs: number;
  check?: ResponseCheck | undefined;
}) {
  const { retry } = options;
  let pauseUntil = 0;
  const turns = createRateLimitTurns();

  async function waitForRateLimit(signal: AbortSignal): Promise<void> {
    const wait = pauseUntil - Date.now();
    if (wait > 0) {
      await retry.sleep(wait, signal);
    }
  }

  // Only successes start a pause: a 429 already says how long to wait (Retry-After), and pausing
  // on top of it would wait twice.
  function notePacing(response: Response): void {
    if (retry.rateLimitPauseMs > 0 && response.ok && parseCount(response.headers.get('x-ratelimit-remaining')) === 0) {
      pauseUntil = Math.max(pauseUntil, Date.now() + retry.rateLimitPauseMs);
    }
  }

  return {
    /** Sends a request through retries and timeouts; resolves with a response whose body is buffered. */
    async send(request: Request, settings: SendSettings = {}): Promise<Response> {
      const timeoutMs = settings.timeoutMs ?? options.timeoutMs;
      const paced = settings.paced !== false;
      // Retries that count against `maxRetries`, and the time waited on 429s (which need not).
      let counted = 0;
      let rateLimitWaitedMs = 0;
      for (let attempt = 1; ; attempt++) {
        if (paced) {
          await waitForRateLimit(request.signal);
        }
        const result = await sendAttempt(options.fetch, request, timeoutMs);
        const outcome =
          result.kind === 'response'
            ? { kind: 'response' as const, status: result.response.status, headers: result.response.headers }
            : result.kind === 'network'
              ? { kind: 'network' as const, refused: connectionRefused(result.error) }
              : result;
        if (paced && result.kind === 'response') {
          notePacing(result.response);
        }
        const now = Date.now();
        const decision = decideRetry(outcome, {
          method: request.method,
          idempotent: settings.idempotent,
          retriesSoFar: counted,
          rateLimitWaitedMs,
          rateLimitTurnInMs: outcome.kind === 'response' ? turns.nextTurnIn(outcome.headers, now) : 0,
          options: retry,
          now,
        });
        if (decision.retry) {
          const limited = decision.fromRetryAfter && outcome.kind === 'response' && outcome.status === 429;
          // The decision's delay already waits for this call's turn, so taking it changes nothing.
          const delayMs = limited ? turns.take(decision.delayMs, outcome.headers, now) : decision.delayMs;
          if (decision.counted) {
            counted++;
          } else {
            rateLimitWaitedMs += delayMs;
          }
          retry.onRetry?.({
            attempt,
            delayMs,
            reason: decision.reason,
            fromRetryAfter: decision.fromRetryAfter,
            method: request.method,
            url: request.url,
          });
          try {
            await retry.sleep(delayMs, request.signal);
          } finally {
            if (limited) {
              turns.done();
            }
          }
          continue;
        }
        if (result.kind === 'timeout') {
          throw new AssetsTimeoutError({ method: request.method, url: request.url, attempts: attempt, timeoutMs });
        }
        if (result.kind === 'network') {
          const facts = { method: request.method, url: request.url, attempts: attempt, cause: result.error };
          const tries = attempt === 1 ? '' : ` (${attempt} attempts)`;
          throw new AssetsNetworkError(
            `${request.method} ${request.url} failed${tries}${describeCause(result.error)}`,
            facts,
          );
        }
        const response = bufferedResponse(result.response, result.body);
        meta.set(response, { attempts: attempt });
        if (options.check && settings.check !== false) {
          await options.check({ method: request.method, url: request.url, response, body: result.body });
        }
        return response;
      }
    },
  };
}

/** The transport {@link createTransport} returns. */
export type Transport = ReturnType<typeof createTransport>;
