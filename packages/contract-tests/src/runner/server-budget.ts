import type { Clock } from './clock.js';
import { MAX_RETRY_WAIT_MS, retryAfterMs } from './rate-limiter.js';

/** Without a reset time, a budget counted per minute (`X-RateLimit-Limit`) has refilled a minute later. */
const DEFAULT_RESET_MS = 60_000;

/** Above this, `X-RateLimit-Reset` is a moment (seconds since 1970), not seconds from now. */
const EPOCH_SECONDS = 1_000_000_000;

/** What one answer says is left of its credential's budget, and when the budget refills. */
export interface RemainingBudget {
  remaining: number;
  /** Milliseconds until it refills, as the answer says (capped), when it says. */
  resetMs?: number;
  /** The header that said when (`Retry-After: 42`), for the line that tells of a pause. */
  resetHeader?: string;
}

/**
 * Reads `X-RateLimit-Remaining` (one whole number; a header sent twice with one figure counts)
 * and when the budget refills: `Retry-After` (seconds or an HTTP date), else `X-RateLimit-Reset`
 * (seconds from now, or a moment in seconds since 1970), capped at {@link MAX_RETRY_WAIT_MS}.
 * `undefined` when the answer does not say what is left.
 *
 * @example
 * readRemaining(new Headers({ 'x-ratelimit-remaining': '0', 'retry-after': '42' }), Date.now());
 * // { remaining: 0, resetMs: 42000, resetHeader: 'Retry-After: 42' }
 */
export function readRemaining(headers: Headers, now: number): RemainingBudget | undefined {
  const values = new Set((headers.get('x-ratelimit-remaining') ?? '').split(',').map((v) => v.trim()));
  const [value = ''] = values;
  if (values.size !== 1 || !/^\d{1,9}$/.test(value)) {
    return undefined;
  }
  const remaining = Number(value);
  const retryAfter = headers.get('retry-after');
  const asked = retryAfterMs(retryAfter, now, -1, MAX_RETRY_WAIT_MS);
  if (asked >= 0 && retryAfter !== null) {
    return { remaining, resetMs: asked, resetHeader: `Retry-After: ${retryAfter.trim().slice(0, 40)}` };
  }
  const reset = headers.get('x-ratelimit-reset')?.trim() ?? '';
  if (/^\d{1,12}$/.test(reset)) {
    const seconds = Number(reset);
    const ms = seconds > EPOCH_SECONDS ? seconds * 1_000 - now : seconds * 1_000;
    return {
      remaining,
      resetMs: Math.min(Math.max(0, ms), MAX_RETRY_WAIT_MS),
      resetHeader: `X-RateLimit-Reset: ${reset}`,
    };
  }
  return { remaining };
}

/**
 * Pauses for the server's budget stop after this much waiting in all, for one credential: a
 * server that says nothing is left but never refuses would otherwise slow a run to one burst a
 * minute, without end. From then on only its 429s are waited out.
 */
export const MAX_TOTAL_PAUSE_MS = 5 * 60_000;

/** What the lane may still send before `until`, from the last answer that said so. */
interface Known {
  left: number;
  until: number;
  /** For the line: what the answer said, how many requests were in flight beside it, and how many were sent since. */
  remaining: number;
  inFlight: number;
  sentSince: number;
  resetHeader: string | undefined;
  told: boolean;
}

/** How often the lane paused for the server's budget, and for how long in all. */
export interface Pauses {
  count: number;
  ms: number;
}

/**
 * Keeps one credential's requests within what the server says is left of its budget
 * (`X-RateLimit-Remaining`), so a run that starts after another one spent part of the minute
 * pauses instead of meeting 429s. An answer that says `remaining` lets the lane send that many
 * more, less the requests still in flight beside it (the server may count them after it), until
 * the budget refills: when `Retry-After` or `X-RateLimit-Reset` says (at most
 * {@link MAX_RETRY_WAIT_MS}), else a minute after the first answer that said so, the window
 * `X-RateLimit-Limit` counts in (an answer with neither a reset time nor that header is not
 * followed: nothing says when its budget refills). A request that finds nothing left waits for then; each pause is
 * told once, in one line, through `onPause`.
 *
 * @example
 * const budget = createServerBudget({ clock, onPause: (line) => log(line) });
 * const done = await budget.admit(signal);
 * budget.observe(response.headers, { perMinute: true }); // X-RateLimit-Remaining: 0, Retry-After: 42 → the next admit waits 42 s
 * done();
 */
export function createServerBudget({
  clock,
  whose,
  onPause,
}: {
  clock: Clock;
  /** Whose requests these are, as the line names them (`--token`). */
  whose: string;
  onPause?: ((line: string) => void) | undefined;
}) {
  let inFlight = 0;
  let known: Known | null = null;
  /** False once the pauses have taken {@link MAX_TOTAL_PAUSE_MS}, or the run stopped following. */
  let following = true;
  /** Ends the pauses under way when following stops. */
  const stopped = new AbortController();
  const pauses: Pauses = { count: 0, ms: 0 };
  /**
   * Requests waiting out the pause under way, and when the first of them began: concurrent
   * requests wait out the same pause, which counts once (summed per request, five requests
   * waiting one minute made 5 minutes, and the run stopped following after its first pause).
   */
  let waiting = 0;
  let pauseStarted = 0;
  /** The time spent pausing so far, the pause under way included. */
  function pausedMs(now: number): number {
    return pauses.ms + (waiting > 0 ? now - pauseStarted : 0);
  }
  function pauseLine(k: Known, waitMs: number): string {
    const until = k.resetHeader
      ? `until the budget refills (${k.resetHeader})`
      : 'for the minute X-RateLimit-Limit counts in (no Retry-After or X-RateLimit-Reset says when the budget refills)';
    const what = `the server said ${k.remaining} ${k.remaining === 1 ? 'request was' : 'requests were'} left (X-RateLimit-Remaining)`;
    const beside =
      k.inFlight > 0
        ? `, with ${k.inFlight} more of this run's requests in flight that it may not have counted yet`
        : '';
    const since = k.sentSince > 0 ? `, and this run has sent ${k.sentSince} since` : '';
    return `${whose} requests pause ${Math.round(waitMs / 100) / 10} s ${until}: ${what}${beside}${since}`;
  }
  return {
    /** How often, and how long in all, this credential's requests paused for the server's budget. */
    pauses(): Pauses {
      return { ...pauses };
    },
    /**
     * Stops pausing for what the server says is left (429s are still waited out), e.g. for the
     * cleanup of an interrupted run, which should not wait a minute for a budget.
     */
    stopFollowing(): void {
      following = false;
      known = null;
      stopped.abort();
    },
    /**
     * Waits while the server has said nothing is left, then counts the request as in flight;
     * call the returned function once its answer has been observed, or it failed.
     */
    async admit(signal?: AbortSignal): Promise<() => void> {
      for (;;) {
        const now = clock.now();
        if (known && now >= known.until) {
          known = null;
        }
        if (!following || !known || known.left > 0) {
          if (known) {
            known.left--;
            known.sentSince++;
          }
          inFlight++;
          let done = false;
          return () => {
            if (!done) {
              done = true;
              inFlight--;
            }
          };
        }
        const waitMs = known.until - now;
        if (pausedMs(now) + waitMs > MAX_TOTAL_PAUSE_MS) {
          following = false;
          known = null;
          onPause?.(
            `${whose} requests no longer pause for X-RateLimit-Remaining: ${pauses.count} ${pauses.count === 1 ? 'pause' : 'pauses'} took ${Math.round(pausedMs(now) / 1000)} s, and another ${Math.round(waitMs / 1000)} s would pass the ${MAX_TOTAL_PAUSE_MS / 60_000} minutes allowed in all; from now on only 429s are waited out`,
          );
          continue;
        }
        if (!known.told) {
          known.told = true;
          pauses.count++;
          onPause?.(pauseLine(known, waitMs));
        }
        if (waiting++ === 0) {
          pauseStarted = clock.now();
        }
        try {
          await clock.sleep(waitMs, signal ? AbortSignal.any([signal, stopped.signal]) : stopped.signal);
        } catch (error) {
          // Stopped following: the loop lets the request go. Interrupted: the caller stops.
          if (signal?.aborted || !stopped.signal.aborted) {
            throw error;
          }
        } finally {
          if (--waiting === 0) {
            pauses.ms += clock.now() - pauseStarted;
          }
        }
      }
    },
    /**
     * Reads what an answer (to a request still counted in flight) says is left. Without a reset
     * time, only an answer that also announces its budget per minute (`perMinute`: a readable
     * `X-RateLimit-Limit`) is taken at its word: a minute is then known to refill it.
     */
    observe(headers: Headers, { perMinute }: { perMinute: boolean }): void {
      if (!following) {
        return;
      }
      const now = clock.now();
      const read = readRemaining(headers, now);
      if (read === undefined || (read.resetMs === undefined && !perMinute)) {
        return;
      }
      const beside = Math.max(0, inFlight - 1);
      const next: Known = {
        left: Math.max(0, read.remaining - beside),
        until: now + (read.resetMs ?? DEFAULT_RESET_MS),
        remaining: read.remaining,
        inFlight: beside,
        sentSince: 0,
        resetHeader: read.resetHeader,
        told: false,
      };
      if (!known || now >= known.until) {
        known = next;
        return;
      }
      if (next.left < known.left || (next.left === known.left && next.resetHeader && !known.resetHeader)) {
        // Without a reset time the minute is counted from the first answer that told of this budget.
        known = next.resetHeader ? next : { ...next, until: Math.min(known.until, next.until) };
      }
    },
  };
}

/** The budget {@link createServerBudget} keeps. */
export type ServerBudget = ReturnType<typeof createServerBudget>;
