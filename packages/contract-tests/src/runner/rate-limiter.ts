import type { Clock } from './clock.js';
import { systemClock } from './clock.js';

/** A request budget: at most `requests` in any window of `windowMs`. */
export interface RateLimit {
  requests: number;
  windowMs: number;
}

const UNITS: Record<string, number> = { s: 1_000, sec: 1_000, m: 60_000, min: 60_000, h: 3_600_000, hour: 3_600_000 };

/**
 * Parses `60/min`, `5/s`, `1000/h`; `unlimited` (or `0`) means no limit (`null`).
 *
 * @example
 * parseRateLimit('60/min'); // { requests: 60, windowMs: 60000 }
 */
export function parseRateLimit(text: string): RateLimit | null | { error: string } {
  const trimmed = text.trim().toLowerCase();
  if (trimmed === 'unlimited' || trimmed === '0') {
    return null;
  }
  const match = /^(\d+)\s*\/\s*([a-z]+)$/.exec(trimmed);
  const windowMs = match ? UNITS[match[2] as string] : undefined;
  if (!match || windowMs === undefined || Number(match[1]) < 1) {
    return { error: `--rate-limit must look like 60/min, 5/s or unlimited, got ${JSON.stringify(text)}` };
  }
  return { requests: Number(match[1]), windowMs };
}

/**
 * Called once the request a slot was granted for has its answer (given its headers, which a
 * limiter that follows the server reads: `X-RateLimit-*`, and its status), or has failed (given
 * nothing).
 */
export type Release = (answer?: Headers, status?: number) => void;

/**
 * Hands out permission to send; `acquire` waits until the budget allows one more request, and
 * resolves with the slot's {@link Release}. `lane` says whose budget the request spends (a limiter
 * that keeps one budget for every request ignores it).
 */
export interface RateLimiter {
  acquire(signal?: AbortSignal, lane?: string): Promise<Release>;
}

/** One request's place in the window: when it was sent, or, once released, when it was answered. */
interface Slot {
  at: number;
}

/**
 * A sliding-window limiter: never more than `requests` in any `windowMs`. A token bucket would
 * allow a full burst at the end of one minute and another at the start of the next, which a
 * server counting fixed minutes (Webflow) answers with 429. A slot counts from the send until
 * `windowMs` after its answer arrived (when released; from the send otherwise): a server that
 * counts a request when it arrives, however late, never sees more than `requests` in its window.
 * Sends are remembered even while unlimited, so a limit set later (`setLimit`) counts them.
 *
 * @example
 * const limiter = createRateLimiter({ limit: { requests: 60, windowMs: 60_000 } });
 * const release = await limiter.acquire();
 * await fetch(url);
 * release();
 */
export function createRateLimiter({ limit, clock = systemClock }: { limit: RateLimit | null; clock?: Clock }) {
  let current = limit;
  let slots: Slot[] = [];
  let queue: Promise<void> = Promise.resolve();
  // Without a limit, sends are still kept this long: a limit set later applies to them too.
  const keepMs = () => current?.windowMs ?? 60_000;
  async function waitForSlot(signal?: AbortSignal, onWait?: (ms: number) => void): Promise<Release> {
    for (;;) {
      const now = clock.now();
      slots = slots.filter((slot) => slot.at > now - keepMs());
      if (!current || slots.length < current.requests) {
        const slot: Slot = { at: now };
        slots.push(slot);
        return () => {
          slot.at = Math.max(slot.at, clock.now());
        };
      }
      const oldest = Math.min(...slots.map((slot) => slot.at));
      const wait = Math.max(1, oldest + current.windowMs - now);
      onWait?.(wait);
      await clock.sleep(wait, signal);
    }
  }
  return {
    // Callers queue so that slots are granted in arrival order and the window is never overrun.
    // One budget for every lane. `onWait` hears of each wait the window makes this caller's turn
    // take, before it starts.
    acquire: function acquire(signal?: AbortSignal, _lane?: string, onWait?: (ms: number) => void): Promise<Release> {
      const turn = queue.then(() => waitForSlot(signal, onWait));
      queue = turn.then(
        () => undefined,
        () => undefined,
      );
      return turn;
    },
    /** Changes the limit from now on (`null`: none); the requests already sent count against it. */
    setLimit: function setLimit(next: RateLimit | null): void {
      current = next;
    },
    /** The limit in force. */
    limit: function limitNow(): RateLimit | null {
      return current;
    },
  };
}

/** The limiter {@link createRateLimiter} builds. */
export type SlidingWindowLimiter = ReturnType<typeof createRateLimiter>;

/**
 * A limit as people write it: `60/min`, `5/s`, `1000/h`, `unlimited`.
 *
 * @example
 * formatRateLimit({ requests: 30, windowMs: 60_000 }); // '30/min'
 */
export function formatRateLimit(limit: RateLimit | null): string {
  if (!limit) {
    return 'unlimited';
  }
  const unit = { 1000: 's', 60000: 'min', 3600000: 'h' }[limit.windowMs];
  return unit ? `${limit.requests}/${unit}` : `${limit.requests} per ${limit.windowMs / 1000}s`;
}

/** Whether a base URL points at this machine (then the default limit is none). */
export function isLoopback(url: string): boolean {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
  return host === 'localhost' || host === '::1' || /^127\./.test(host);
}

/** How long a 429 without a usable `Retry-After` is waited out. */
export const DEFAULT_RETRY_WAIT_MS = 1_000;

/** The longest wait a server's word can cause (`Retry-After`, a pause for its budget): a hostile header cannot stall a run for hours. */
export const MAX_RETRY_WAIT_MS = 120_000;

/**
 * How long a 429 asks to wait: `Retry-After` in seconds or as an HTTP date; `fallbackMs` when
 * absent or unreadable. Capped so a hostile header cannot stall a run for hours.
 *
 * Read by the same rules as the client's `parseRetryAfter` (`@assetkit/client`), which cannot share
 * this code (it loads no `@assetkit/contract` at runtime); the client's `retry-after.test.ts` holds
 * both to one table. Only digits are seconds (`-1`, `1e3` or `0x10` fell through to `Date.parse`
 * or `Number`, and `-1` meant no wait at all), and only a value with a day or month name is a date
 * (`Date.parse` takes `2026-01-01` and even `1 2`).
 *
 * @see RFC 9110 §10.2.3
 * @example
 * retryAfterMs('2', Date.now()); // 2000
 */
export function retryAfterMs(
  header: string | null,
  now: number,
  fallbackMs = DEFAULT_RETRY_WAIT_MS,
  capMs = MAX_RETRY_WAIT_MS,
): number {
  const trimmed = header?.trim() ?? '';
  if (/^\d+(\.\d+)?$/.test(trimmed)) {
    return Math.min(Math.round(Number(trimmed) * 1_000), capMs);
  }
  const date = /[A-Za-z]{3}/.test(trimmed) ? Date.parse(trimmed) : Number.NaN;
  return Number.isNaN(date) ? fallbackMs : Math.min(Math.max(0, date - now), capMs);
}
