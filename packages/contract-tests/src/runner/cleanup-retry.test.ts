import { describe, expect, it } from 'vitest';
import { fakeClock } from '../../test/helpers.js';
import { retryingCleanupCall } from './cleanup-retry.js';
import { systemClock } from './clock.js';
import { TransportError } from './operation-caller.js';
import type { CleanupCall } from './scenario-types.js';

/** A call that gives these outcomes in turn: a status (with headers), or an error to throw. */
function answering(...outcomes: (number | [number, Record<string, string>] | Error)[]): CleanupCall {
  let next = 0;
  return async () => {
    const outcome = outcomes[Math.min(next++, outcomes.length - 1)];
    if (outcome instanceof Error) {
      throw outcome;
    }
    const [status, headers] =
      typeof outcome === 'number' ? [outcome, {}] : (outcome as [number, Record<string, string>]);
    return { status, body: undefined, headers: new Headers(headers) };
  };
}

const dropped = () => new TransportError('DELETE x failed: fetch failed', { method: 'DELETE', url: 'x', headers: {} });
const spec = { operationId: 'delete-asset', params: { asset_id: 'x' } };

describe('retryingCleanupCall', () => {
  it.each([500, 502, 503, 504])('sends the request again after a %i, after a short wait', async (status) => {
    const clock = fakeClock();
    const retrying = retryingCleanupCall(answering(status, 204), clock);
    expect((await retrying.call(spec)).status).toBe(204);
    expect(retrying.attempts).toBe(2);
    expect(clock.slept).toEqual([500]);
  });

  // Found in a second review: a hanging target kept cleanup silent for minutes, and Ctrl-C did not
  // shorten it.
  it('says what it sends again and why, before each wait', async () => {
    const said: string[] = [];
    const retrying = retryingCleanupCall(answering(503, dropped(), 204), fakeClock(), { onRetry: (w) => said.push(w) });
    await retrying.call(spec);
    expect(said).toEqual([
      'cleanup: delete-asset answered 503; sending it again in 0.5 s (attempt 2 of 3)',
      'cleanup: delete-asset got no answer; sending it again in 1 s (attempt 3 of 3)',
    ]);
  });

  it('sends nothing again once interrupted, and stops waiting when the interrupt comes', async () => {
    const aborted = AbortSignal.abort();
    const before = retryingCleanupCall(answering(503, 204), fakeClock(), { signal: aborted });
    expect((await before.call(spec)).status).toBe(503);
    expect(before.attempts).toBe(1);
    // The real clock, interrupted 50 ms into a 30 s Retry-After.
    const interrupt = new AbortController();
    const during = retryingCleanupCall(answering([503, { 'retry-after': '30' }], 204), systemClock, {
      signal: interrupt.signal,
    });
    setTimeout(() => interrupt.abort(), 50);
    const started = Date.now();
    expect((await during.call(spec)).status).toBe(503);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(during.attempts).toBe(1);
    const failing = retryingCleanupCall(answering(dropped(), 204), fakeClock(), { signal: aborted });
    await expect(failing.call(spec)).rejects.toBeInstanceOf(TransportError);
  });

  it('waits what Retry-After asks, when the answer gives it', async () => {
    const clock = fakeClock();
    const retrying = retryingCleanupCall(answering([503, { 'retry-after': '2' }], 204), clock);
    await retrying.call(spec);
    expect(clock.slept).toEqual([2_000]);
  });

  it('gives the last answer back after 3 attempts, waiting longer each time', async () => {
    const clock = fakeClock();
    const retrying = retryingCleanupCall(answering(503), clock);
    expect((await retrying.call(spec)).status).toBe(503);
    expect(retrying.attempts).toBe(3);
    expect(clock.slept).toEqual([500, 1_000]);
  });

  it.each([204, 404, 400, 403, 429])('takes a %i as it is', async (status) => {
    const clock = fakeClock();
    const retrying = retryingCleanupCall(answering(status, 204), clock);
    expect((await retrying.call(spec)).status).toBe(status);
    expect(retrying.attempts).toBe(1);
    expect(clock.slept).toEqual([]);
  });

  it('sends the request again when no answer came, and throws the last transport error after 3', async () => {
    const once = retryingCleanupCall(answering(dropped(), 204), fakeClock());
    expect((await once.call(spec)).status).toBe(204);
    expect(once.attempts).toBe(2);
    const always = retryingCleanupCall(answering(dropped()), fakeClock());
    await expect(always.call(spec)).rejects.toBeInstanceOf(TransportError);
    expect(always.attempts).toBe(3);
  });

  it('does not repeat a request that failed for another reason', async () => {
    const retrying = retryingCleanupCall(
      answering(new TypeError('delete-asset needs path parameter asset_id')),
      fakeClock(),
    );
    await expect(retrying.call(spec)).rejects.toThrow('needs path parameter');
    expect(retrying.attempts).toBe(1);
  });

  it('counts the attempts of the call sent most often through it', async () => {
    const retrying = retryingCleanupCall(answering(204, 503, 204, 204), fakeClock());
    await retrying.call(spec);
    await retrying.call(spec);
    await retrying.call(spec);
    expect(retrying.attempts).toBe(2);
  });
});
