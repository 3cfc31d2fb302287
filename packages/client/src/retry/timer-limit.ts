/**
 * The longest delay `setTimeout` takes: 2^31 − 1 ms, about 24.8 days. A longer one overflows and
 * fires after about 1 ms (Node warns `TimeoutOverflowWarning`; browsers do the same silently), so
 * every timeout and wait of the client stays within it.
 */
export const MAX_TIMER_MS = 2_147_483_647;

/**
 * Why `value` is no usable duration for the option `name`, or `undefined` when it is a number of
 * ms from 0 to {@link MAX_TIMER_MS}.
 *
 * @example
 * durationProblem('timeoutMs', 3_000_000_000);
 * // 'timeoutMs must be a number of ms from 0 to 2147483647 (2^31 − 1, the longest delay setTimeout takes), got 3000000000'
 */
export function durationProblem(name: string, value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= MAX_TIMER_MS) {
    return undefined;
  }
  const got = typeof value === 'string' ? JSON.stringify(value) : String(value);
  return `${name} must be a number of ms from 0 to ${MAX_TIMER_MS} (2^31 − 1, the longest delay setTimeout takes), got ${got}`;
}

/**
 * `ms` as `setTimeout` can take it: a longer delay is shortened to {@link MAX_TIMER_MS} instead of
 * overflowing into an immediate one. The options are checked against the limit already; this
 * keeps a wait safe whatever asks for it (such as a server's `Retry-After`).
 *
 * @example
 * setTimeout(done, timerDelay(ms));
 */
export function timerDelay(ms: number): number {
  return Math.min(ms, MAX_TIMER_MS);
}
