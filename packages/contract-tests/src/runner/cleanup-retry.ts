import type { Clock } from './clock.js';
import { TransportError } from './operation-caller.js';
import { retryAfterMs } from './rate-limiter.js';
import type { CleanupCall } from './scenario-types.js';

/** How many times cleanup sends one request at most (the first time included). */
export const CLEANUP_ATTEMPTS = 3;

/** The wait before the second attempt; it doubles for each one after. */
export const CLEANUP_BACKOFF_MS = 500;

/** The longest `Retry-After` cleanup waits out: longer, and the run would seem stuck. */
const CLEANUP_MAX_WAIT_MS = 30_000;

/** Answers that say the server failed, not the request: the same request may well succeed. */
const SERVER_FAILURES = new Set([500, 502, 503, 504]);

/**
 * A cleanup call that sends a request again, up to {@link CLEANUP_ATTEMPTS} times in all, when
 * the answer was a server failure (500, 502, 503, 504) or no answer came (a dropped connection,
 * a timeout): cleanup sends only DELETE and GET, which may be repeated safely. It waits
 * `Retry-After` when the answer gave one (up to 30 s), else 0.5 s, then 1 s. The last answer is
 * returned (or the last transport error thrown) for the caller to judge; 429s were already waited
 * out by the operation caller. `attempts` is how many times the request sent most often through
 * it was sent (a removal that reads before it deletes reports its delete's three tries as 3).
 *
 * @example
 * const retrying = retryingCleanupCall(call, clock);
 * await resource.remove(retrying.call);
 * retrying.attempts; // 2 after one 503
 */
export function retryingCleanupCall(
  call: CleanupCall,
  clock: Clock,
  {
    signal,
    onRetry,
  }: {
    /** Once aborted (Ctrl-C), no request is sent again: the last outcome stands. */
    signal?: AbortSignal | undefined;
    /** Told before each wait, so a long cleanup is not silent. */
    onRetry?: ((what: string) => void) | undefined;
  } = {},
): { call: CleanupCall; readonly attempts: number } {
  let attempts = 0;
  const retrying: CleanupCall = async (spec) => {
    for (let attempt = 1; ; attempt++) {
      attempts = Math.max(attempts, attempt);
      const backoff = CLEANUP_BACKOFF_MS * 2 ** (attempt - 1);
      let wait: number;
      let what: string;
      // What stands if the wait is interrupted: the last answer, or the last error thrown again.
      let last: () => Awaited<ReturnType<CleanupCall>>;
      try {
        const answer = await call(spec);
        if (!SERVER_FAILURES.has(answer.status) || attempt >= CLEANUP_ATTEMPTS || signal?.aborted) {
          return answer;
        }
        wait = retryAfterMs(answer.headers?.get('retry-after') ?? null, clock.now(), backoff, CLEANUP_MAX_WAIT_MS);
        what = `answered ${answer.status}`;
        last = () => answer;
      } catch (error) {
        if (!(error instanceof TransportError) || attempt >= CLEANUP_ATTEMPTS || signal?.aborted) {
          throw error;
        }
        wait = backoff;
        what = 'got no answer';
        last = () => {
          throw error;
        };
      }
      onRetry?.(
        `cleanup: ${spec.operationId} ${what}; sending it again in ${wait / 1000} s (attempt ${attempt + 1} of ${CLEANUP_ATTEMPTS})`,
      );
      try {
        await clock.sleep(wait, signal);
      } catch {
        return last();
      }
    }
  };
  return {
    call: retrying,
    get attempts() {
      return attempts;
    },
  };
}
