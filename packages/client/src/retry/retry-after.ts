/**
 * Reads a `Retry-After` header: delay-seconds (`120`) or an HTTP date
 * (`Wed, 21 Oct 2015 07:28:00 GMT`), as milliseconds from `now`. Anything else is `undefined`,
 * so a garbled header falls back to backoff instead of a wait of `NaN`. The conformance suite's
 * `retryAfterMs` reads it by the same rules (one table in `retry-after.test.ts` holds both).
 *
 * @see RFC 9110 §10.2.3
 * @example
 * parseRetryAfter('2', Date.now()); // 2000
 */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  if (value === null || value === undefined) {
    return undefined;
  }
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) {
    return Math.round(Number(trimmed) * 1000);
  }
  // Only an IMF-fixdate-like value (it has a weekday or month name), not any string Date.parse accepts.
  if (!/[A-Za-z]{3}/.test(trimmed)) {
    return undefined;
  }
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/**
 * Reads an integer rate-limit header such as `X-RateLimit-Remaining`; `undefined` when absent or
 * not a number.
 *
 * @example
 * parseCount('0'); // 0
 */
export function parseCount(value: string | null | undefined): number | undefined {
  if (value === null || value === undefined || !/^\s*\d+\s*$/.test(value)) {
    return undefined;
  }
  return Number(value);
}
