import { timerDelay } from './timer-limit.js';

/**
 * Waits `ms` milliseconds, or rejects with the signal's reason as soon as it aborts, so a caller's
 * `AbortSignal` also cuts short a backoff or a `Retry-After` wait. A wait longer than `setTimeout`
 * takes (2^31 − 1 ms, about 24.8 days) is shortened to that instead of ending at once.
 *
 * @example
 * await sleep(250, controller.signal);
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const timer = setTimeout(done, timerDelay(ms));
    signal?.addEventListener('abort', onAbort, { once: true });
    function done() {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }
    function onAbort() {
      clearTimeout(timer);
      reject(signal?.reason);
    }
  });
}
