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

/** What one answer said was left, and how many of the lane's requests had been sent when it came. */
interface Reading {
  remaining: number;
  /** Requests sent before the answer arrived: one sent later cannot be in what it says. */
  sentBefore: number;
}

/**
 * A request whose answer said nothing of the budget, or that got no answer: the server may have
 * counted it after any answer that did say, so it is subtracted from what they say.
 */
interface Unread {
  /** Requests sent before it settled: an answer to one sent later has counted it. */
  sentBefore: number;
  /** It got no answer: the server may count it later still, so only time clears it. */
  failed: boolean;
  at: number;
}

/** What the lane knows of its budget until `until`. */
interface Known {
  until: number;
  /**
   * The answers that may be to the request the server counted last: none of the answered
   * requests was sent after they arrived. The least of what they say is left holds.
   */
  readings: Reading[];
  resetHeader: string | undefined;
  told: boolean;
}

/** How often the lane paused for the server's budget, and for how long in all. */
export interface Pauses {
  count: number;
  ms: number;
}

/** How a request the budget let through ended: its answer (whether it announced a per-minute budget, and its status), no answer, or never sent. */
export type Settlement = { headers: Headers; perMinute: boolean; status?: number } | 'failed' | 'unsent';

/** Called once with how the request ended. */
export type Settle = (how: Settlement) => void;

/**
 * Keeps one credential's requests within what the server says is left of its budget
 * (`X-RateLimit-Remaining`), so a run that starts after another one spent part of the minute
 * pauses instead of meeting 429s. An answer's figure is what was left once the server had counted
 * that request: every request sent after the answer arrived is certainly not in it, one sent
 * before may or may not be. So the lane may send what the latest answers say is left (the least
 * of those that may come from the request counted last: answers to requests sent after another
 * answer arrived replace it), less its requests still in flight; as their answers come, each
 * speaks for itself, so a request the server had counted before is subtracted only until its own
 * answer says so. That never overruns a server that counts as its headers say, whether in fixed
 * minutes or refilling continuously: whatever it counted after the last-counted of the answered
 * requests is still unanswered, and its budget only grows with time (how long is the question of
 * when a pause ends). A request that finds nothing left while others are in flight waits for their
 * answers (which may show the server had counted them already); with none in flight, it waits
 * until the budget refills: when `Retry-After` or `X-RateLimit-Reset` says (at most
 * {@link MAX_RETRY_WAIT_MS}), else a minute after the first answer that said so, the window
 * `X-RateLimit-Limit` counts in (an answer with neither a reset time nor that header is not
 * followed: nothing says when its budget refills; nor is a 429 without a reset time, whose retries
 * wait for it). Each pause is told once, in one line, through `onPause`.
 *
 * @example
 * const budget = createServerBudget({ clock, whose: '--token', onPause: (line) => log(line) });
 * const settle = await budget.admit(signal);
 * settle({ headers: response.headers, perMinute: true }); // X-RateLimit-Remaining: 0, Retry-After: 42 → the next admit waits 42 s
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
  /** Requests let through so far; each request's number is the count when it went. */
  let sent = 0;
  let inFlight = 0;
  /** The number of the last-sent request whose answer said what is left. */
  let lastRead = 0;
  let unread: Unread[] = [];
  let known: Known | null = null;
  /** Requests waiting for an answer in flight, woken by the next one. */
  let waiters: (() => void)[] = [];
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
  /** What the server says is left, least first. */
  function leastSaid(k: Known): number {
    return Math.min(...k.readings.map((r) => r.remaining));
  }
  function left(k: Known): number {
    return leastSaid(k) - inFlight - unread.length;
  }
  function pauseLine(k: Known, waitMs: number): string {
    const until = k.resetHeader
      ? `until the budget refills (${k.resetHeader})`
      : 'for the minute X-RateLimit-Limit counts in (no Retry-After or X-RateLimit-Reset says when the budget refills)';
    const said = leastSaid(k);
    const what = `the server said ${said} ${said === 1 ? 'request was' : 'requests were'} left (X-RateLimit-Remaining)`;
    const n = unread.length;
    const more =
      n > 0
        ? `, and ${n} more of this run's ${n === 1 ? 'request' : 'requests'} may count against it (${n === 1 ? 'its answer' : 'their answers'} did not say what was left, or never came)`
        : '';
    return `${whose} requests pause ${Math.round(waitMs / 100) / 10} s ${until}: ${what}${more}`;
  }
  /** Resolves when the next request in flight settles; rejects when `signal` aborts. */
  function nextSettled(signal: AbortSignal): Promise<void> {
    if (signal.aborted) {
      return Promise.reject(signal.reason);
    }
    return new Promise((resolve, reject) => {
      const onAbort = () => reject(signal.reason);
      signal.addEventListener('abort', onAbort, { once: true });
      waiters.push(function woken() {
        signal.removeEventListener('abort', onAbort);
        resolve();
      });
    });
  }
  /** Takes in how one request ended: what its answer says is left, or that it may count unseen. */
  function settled(number: number, how: Settlement): void {
    inFlight--;
    const now = clock.now();
    const read = typeof how === 'object' && following ? readRemaining(how.headers, now) : undefined;
    // A 429 that says nothing readable of when the budget refills is waited out by its retries
    // (short waits, a bounded number of times): a minute assumed for each made them minutes long.
    const usable =
      read !== undefined &&
      (read.resetMs !== undefined || (typeof how === 'object' && how.perMinute && how.status !== 429));
    if (read && usable) {
      lastRead = Math.max(lastRead, number);
      const reading: Reading = { remaining: read.remaining, sentBefore: sent };
      if (!known || now >= known.until) {
        const until = now + (read.resetMs ?? DEFAULT_RESET_MS);
        known = { until, readings: [reading], resetHeader: read.resetHeader, told: false };
      } else {
        // An answer to a request sent after another answer arrived was counted after it, and speaks for it.
        known.readings = [...known.readings.filter((r) => r.sentBefore >= lastRead), reading];
        if (read.resetMs !== undefined) {
          // The server's latest word on when it refills; without one the minute runs from the first answer.
          known.until = now + read.resetMs;
          known.resetHeader = read.resetHeader;
        }
      }
    } else if (how !== 'unsent' && following) {
      unread.push({ sentBefore: sent, failed: how === 'failed', at: now });
    }
    const woken = waiters;
    waiters = [];
    for (const wake of woken) {
      wake();
    }
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
      unread = [];
      stopped.abort();
    },
    /**
     * Waits while the server has said nothing is left, then counts the request as in flight;
     * call the returned function once with how it ended: its answer, no answer, or not sent.
     */
    async admit(signal?: AbortSignal): Promise<Settle> {
      // Made only if the request waits: most never do.
      let abort: AbortSignal | undefined;
      for (;;) {
        const now = clock.now();
        if (known && now >= known.until) {
          known = null;
        }
        unread = unread.filter((u) => now - u.at < DEFAULT_RESET_MS && (u.failed || u.sentBefore >= lastRead));
        if (!following || !known || left(known) > 0) {
          const number = ++sent;
          inFlight++;
          let done = false;
          return function settle(how) {
            if (!done) {
              done = true;
              settled(number, how);
            }
          };
        }
        abort ??= signal ? AbortSignal.any([signal, stopped.signal]) : stopped.signal;
        try {
          if (inFlight > 0) {
            // Their answers may show the server had counted them already: then there is budget left.
            await nextSettled(abort);
            continue;
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
            await clock.sleep(waitMs, abort);
          } finally {
            if (--waiting === 0) {
              pauses.ms += clock.now() - pauseStarted;
            }
          }
        } catch (error) {
          // Stopped following: the loop lets the request go. Interrupted: the caller stops.
          if (signal?.aborted || !stopped.signal.aborted) {
            throw error;
          }
        }
      }
    },
  };
}

/** The budget {@link createServerBudget} keeps. */
export type ServerBudget = ReturnType<typeof createServerBudget>;
