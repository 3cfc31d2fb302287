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

/** Hands out permission to send; `acquire` waits until the budget allows one more request. */
export interface RateLimiter {
  acquire(signal?: AbortSignal): Promise<void>;
}

/**
 * A sliding-window limiter: never more than `requests` sends in any `windowMs`. A token bucket
 * would allow a full burst at the end of one minute and another at the start of the next, which
 * a server counting fixed minutes (Webflow) answers with 429.
 *
 * @example
 * const limiter = createRateLimiter({ limit: { requests: 60, windowMs: 60_000 } });
 * await limiter.acquire();
 */
export function createRateLimiter({ limit, clock = systemClock }: { limit: RateLimit | null; clock?: Clock }) {
  const sent: number[] = [];
  let queue: Promise<void> = Promise.resolve();
  async function waitForSlot(signal?: AbortSignal): Promise<void> {
    if (!limit) {
      return;
    }
    for (;;) {
      const now = clock.now();
      while (sent.length > 0 && (sent[0] as number) <= now - limit.windowMs) {
        sent.shift();
      }
      if (sent.length < limit.requests) {
        sent.push(now);
        return;
      }
      await clock.sleep((sent[0] as number) + limit.windowMs - now, signal);
    }
  }
  return {
    // Callers queue so that slots are granted in arrival order and the window is never overrun.
    acquire: function acquire(signal?: AbortSignal): Promise<void> {
      const turn = queue.then(() => waitForSlot(signal));
      queue = turn.catch(() => undefined);
      return turn;
    },
  } satisfies RateLimiter;
}

/** Whether a base URL points at this machine (then the default limit is none). */
export function isLoopback(url: string): boolean {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
  return host === 'localhost' || host === '::1' || /^127\./.test(host);
}

/** How long a 429 without a usable `Retry-After` is waited out. */
export const DEFAULT_RETRY_WAIT_MS = 1_000;

/**
 * How long a 429 asks to wait: `Retry-After` in seconds or as an HTTP date; `fallbackMs` when
 * absent or unreadable. Capped so a hostile header cannot stall a run for hours.
 *
 * @example
 * retryAfterMs('2', Date.now()); // 2000
 */
export function retryAfterMs(
  header: string | null,
  now: number,
  fallbackMs = DEFAULT_RETRY_WAIT_MS,
  capMs = 120_000,
): number {
  if (header === null || header.trim() === '') {
    return fallbackMs;
  }
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) {
    return Math.min(seconds * 1_000, capMs);
  }
  const date = Date.parse(header);
  return Number.isNaN(date) ? fallbackMs : Math.min(Math.max(0, date - now), capMs);
}
