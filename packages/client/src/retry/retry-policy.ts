import { parseRetryAfter } from './retry-after.js';
import type { ResolvedRetryOptions } from './retry-options.js';

/** How one attempt ended, as far as retrying is concerned. */
export type AttemptOutcome =
  | { kind: 'response'; status: number; headers: Headers }
  | { kind: 'network'; refused?: boolean }
  | { kind: 'timeout' };

/** Whether to try again, and after how long. */
export type RetryDecision =
  | { retry: false }
  | {
      retry: true;
      delayMs: number;
      reason: string;
      fromRetryAfter: boolean;
      /** Whether this retry counts against `maxRetries` (a 429 waited out within `maxRateLimitWaitMs` does not). */
      counted: boolean;
    };

/**
 * Methods whose repetition can change the outcome. Only `POST` is listed: in this API it is the two
 * creates, while `PATCH` sets fields to given values and `DELETE` of a deleted asset is a 404, so
 * repeating those is harmless. A caller can vouch for a `POST` with `idempotent` (the storage
 * upload writes the same bytes to the same key).
 */
const NON_IDEMPOTENT = new Set(['POST']);

function mayRepeat(method: string, idempotent: boolean | undefined, options: ResolvedRetryOptions): boolean {
  return idempotent === true || options.retryNonIdempotent || !NON_IDEMPOTENT.has(method.toUpperCase());
}

/**
 * The shortest wait on a 429 that is not counted against `maxRetries`. A 429 that is waited out
 * spends `maxRateLimitWaitMs`, and that spending is what ends a call the server keeps refusing; a
 * `Retry-After: 0` (or a date in the past) spent nothing, so the request was sent again without
 * end, as fast as the server answered.
 */
const MIN_FREE_RATE_LIMIT_WAIT_MS = 1000;

/** 408 and 429 mean the server did not process the request, so they are safe to retry for any method. */
function notProcessed(status: number): boolean {
  return status === 408 || status === 429;
}

/** A refused connection never carried the request (a server restarting), so any method may repeat. */
function neverSent(outcome: AttemptOutcome): boolean {
  return outcome.kind === 'network' && outcome.refused === true;
}

function describe(outcome: AttemptOutcome): string {
  return outcome.kind === 'response'
    ? `status ${outcome.status}`
    : outcome.kind === 'network'
      ? outcome.refused
        ? 'connection refused'
        : 'network error'
      : 'timeout';
}

/**
 * Decides whether a failed attempt gets a successor: retries 408, 429 and ≥500 responses, network
 * errors and timeouts, up to `maxRetries` counted retries; a `POST` only on 408/429 or a refused
 * connection unless `retryNonIdempotent`. The delay is the server's `Retry-After` (capped at
 * `maxRetryAfterMs`), else exponential backoff with full jitter capped at `maxDelayMs`. A 429 with
 * `Retry-After` waits at least until the call's turn among the client's other 429 waiters
 * (`rateLimitTurnInMs`), and is not counted while the call's waits on 429s (`rateLimitWaitedMs`
 * before this one, plus this whole wait) stay within `maxRateLimitWaitMs`, unless that wait is
 * under a second (`Retry-After: 0`, a past date), which would spend none of it.
 *
 * @example
 * decideRetry({ kind: 'response', status: 503, headers }, { method: 'GET', retriesSoFar: 0, rateLimitWaitedMs: 0, options, now: Date.now() });
 * // → { retry: true, delayMs: 0…1000, reason: 'status 503', fromRetryAfter: false, counted: true }
 */
export function decideRetry(
  outcome: AttemptOutcome,
  context: {
    method: string;
    idempotent?: boolean | undefined;
    /** Retries so far that counted against `maxRetries`. */
    retriesSoFar: number;
    /** How long this call has waited on 429s so far. */
    rateLimitWaitedMs?: number;
    /**
     * How long until this call's turn among the client's calls waiting on 429s (0 when none
     * waits; see `createRateLimitTurns`): a 429's wait is at least this.
     */
    rateLimitTurnInMs?: number;
    options: ResolvedRetryOptions;
    now: number;
  },
): RetryDecision {
  const { method, idempotent, retriesSoFar, options, now } = context;
  if (options.maxRetries === 0) {
    return { retry: false };
  }
  const spent = retriesSoFar >= options.maxRetries;
  if (outcome.kind === 'response') {
    const { status } = outcome;
    if (!(status === 408 || status === 429 || status >= 500)) {
      return { retry: false };
    }
    if (!notProcessed(status) && !mayRepeat(method, idempotent, options)) {
      return { retry: false };
    }
    const retryAfter = parseRetryAfter(outcome.headers.get('retry-after'), now);
    if (retryAfter !== undefined) {
      const serverDelayMs = Math.min(retryAfter, options.maxRetryAfterMs);
      const limited = status === 429;
      // The budget is checked against the whole wait, the spacing included: checked against the
      // Retry-After alone, the last free wait took a call past maxRateLimitWaitMs.
      const delayMs = limited ? Math.max(serverDelayMs, context.rateLimitTurnInMs ?? 0) : serverDelayMs;
      const free =
        limited &&
        delayMs >= MIN_FREE_RATE_LIMIT_WAIT_MS &&
        (context.rateLimitWaitedMs ?? 0) + delayMs <= options.maxRateLimitWaitMs;
      return free || !spent
        ? { retry: true, delayMs, reason: describe(outcome), fromRetryAfter: true, counted: !free }
        : { retry: false };
    }
  }
  if (spent) {
    return { retry: false };
  }
  if (outcome.kind !== 'response' && !neverSent(outcome) && !mayRepeat(method, idempotent, options)) {
    // The request may have reached the server before the connection broke.
    return { retry: false };
  }
  return {
    retry: true,
    delayMs: backoffDelay(retriesSoFar, options),
    reason: describe(outcome),
    fromRetryAfter: false,
    counted: true,
  };
}

/**
 * Full-jitter exponential backoff: `random() · min(maxDelayMs, baseDelayMs · 2^retriesSoFar)`.
 *
 * @see https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/
 * @example
 * backoffDelay(2, { baseDelayMs: 100, maxDelayMs: 1000, random: () => 0.5 }); // 200
 */
export function backoffDelay(
  retriesSoFar: number,
  options: Pick<ResolvedRetryOptions, 'baseDelayMs' | 'maxDelayMs' | 'random'>,
): number {
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** retriesSoFar);
  return Math.floor(options.random() * ceiling);
}
