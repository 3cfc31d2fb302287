import { sleep } from './sleep.js';
import { durationProblem } from './timer-limit.js';

/**
 * Why an attempt is being retried (passed to `onRetry`).
 *
 * @example
 * retry: { onRetry: (event: RetryEvent) => logger.warn(event, 'retrying asset API call') }
 */
export interface RetryEvent {
  /** The attempt that failed, 1-based (the first request is attempt 1). */
  attempt: number;
  /** How long the client waits before the next attempt. */
  delayMs: number;
  /** `status 503`, `network error`, `connection refused`, `timeout`, … */
  reason: string;
  /** Whether the delay came from the server's `Retry-After` (otherwise it is backoff). */
  fromRetryAfter: boolean;
  method: string;
  url: string;
}

/**
 * How the client retries. Defaults follow Webflow's official SDK (2 retries, on 408/429/≥500,
 * `Retry-After` capped at 60 s) except that `POST` (the two creates) is only retried when the
 * server certainly did not process it (408/429, a refused connection), unless `retryNonIdempotent` is set,
 * and that a 429 with `Retry-After` is waited out without counting (see `maxRateLimitWaitMs`). Each delay is
 * in ms, from 0 to 2 147 483 647 (2^31 − 1, the longest delay `setTimeout` takes).
 *
 * @example
 * createAssetsClient({ baseUrl, token, retry: { maxRetries: 5, baseDelayMs: 200, rateLimitPauseMs: 60_000 } });
 */
export interface RetryOptions {
  /** Retries after the first attempt (default 2, so at most 3 requests). `0` turns retries off. */
  maxRetries?: number;
  /** Backoff base: attempt n waits `random() · min(maxDelayMs, baseDelayMs · 2^n)` (default 1000). */
  baseDelayMs?: number;
  /** Cap of the backoff delay (default 60 000). */
  maxDelayMs?: number;
  /** Cap of a server's `Retry-After` (default 60 000): a longer wait is shortened to this. */
  maxRetryAfterMs?: number;
  /**
   * A 429 that says when to come back (`Retry-After`) is waited out and sent again without
   * counting against `maxRetries`, as long as one call waits no longer than this on 429s in all
   * (default 300 000), its spacing beside the client's other 429 waiters included; a wait that
   * would take it past this counts like any other retry, and so does a wait under a second
   * (`Retry-After: 0`, a past date), which spends none of it. Calls sharing a budget that refills
   * one request at a time (the assetkit proxy's) come back together and all but one meet another
   * 429, so counting those would fail a pool of calls. `maxRetries: 0` retries nothing, 429s included.
   */
  maxRateLimitWaitMs?: number;
  /** Also retry `POST` creates on 5xx and network errors; may create duplicates (default false). */
  retryNonIdempotent?: boolean;
  /**
   * When a response says `X-RateLimit-Remaining: 0`, hold the client's next API request until this
   * long after it (default 0: off). Webflow's budget is per minute, so `60_000` avoids 429s in
   * bulk jobs at the cost of waiting; without it the 429 is retried after `Retry-After`. The
   * storage POST of `assets.upload` is not paced (another host, outside that budget).
   */
  rateLimitPauseMs?: number;
  /** How to wait (inject to record delays in tests). Must reject when `signal` aborts. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Jitter source in [0, 1) (default `Math.random`). */
  random?: () => number;
  /** Called before each wait, e.g. to log retries. */
  onRetry?: (event: RetryEvent) => void;
}

/**
 * {@link RetryOptions} with every default filled in.
 *
 * @example
 * const resolved: ResolvedRetryOptions = resolveRetryOptions({ maxRetries: 5 });
 */
export type ResolvedRetryOptions = Required<Omit<RetryOptions, 'onRetry'>> & Pick<RetryOptions, 'onRetry'>;

/**
 * Fills in the defaults; `false` means no retries at all. Throws a `RangeError` for a negative or
 * non-finite count, or a delay above 2^31 − 1 ms (the longest `setTimeout` takes), and a
 * `TypeError` for a `sleep`, `random` or `onRetry` that is no function or a `retryNonIdempotent`
 * that is no boolean.
 *
 * @example
 * resolveRetryOptions({ maxRetries: 0 }).baseDelayMs; // 1000
 */
export function resolveRetryOptions(options: RetryOptions | false | undefined): ResolvedRetryOptions {
  const {
    maxRetries = 2,
    baseDelayMs = 1000,
    maxDelayMs = 60_000,
    maxRetryAfterMs = 60_000,
    maxRateLimitWaitMs = 300_000,
    retryNonIdempotent = false,
    rateLimitPauseMs = 0,
    sleep: sleepFn = sleep,
    random = Math.random,
    onRetry,
  } = options === false ? { maxRetries: 0 } : (options ?? {});
  // A whole number: 1.5 used to be rounded down without a word.
  if (!Number.isInteger(maxRetries) || maxRetries < 0) {
    const got = typeof maxRetries === 'string' ? JSON.stringify(maxRetries) : String(maxRetries);
    throw new RangeError(`retry.maxRetries must be a whole number >= 0, got ${got}`);
  }
  // Read as truthy: `'false'` retried creates on 5xx, which may duplicate them.
  if (typeof retryNonIdempotent !== 'boolean') {
    throw new TypeError(
      `retry.retryNonIdempotent must be true or false, got ${JSON.stringify(retryNonIdempotent) ?? String(retryNonIdempotent)}`,
    );
  }
  const durations = { baseDelayMs, maxDelayMs, maxRetryAfterMs, maxRateLimitWaitMs, rateLimitPauseMs };
  for (const [name, value] of Object.entries(durations)) {
    const problem = durationProblem(`retry.${name}`, value);
    if (problem !== undefined) {
      throw new RangeError(problem);
    }
  }
  // Found only when a call came to retry, as "retry.onRetry is not a function" from inside it.
  for (const [name, value] of Object.entries({ sleep: sleepFn, random, onRetry })) {
    if (value !== undefined && typeof value !== 'function') {
      throw new TypeError(`retry.${name} must be a function, got ${JSON.stringify(value) ?? String(value)}`);
    }
  }
  return {
    maxRetries: Math.floor(maxRetries),
    baseDelayMs,
    maxDelayMs,
    maxRetryAfterMs,
    maxRateLimitWaitMs,
    retryNonIdempotent,
    rateLimitPauseMs,
    sleep: sleepFn,
    random,
    onRetry,
  };
}
