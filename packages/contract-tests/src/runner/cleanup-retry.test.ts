import { describe, expect, it } from 'vitest';
import { fakeClock } from '../../test/helpers.js';
import { retryingCleanupCall } from './cleanup-retry.js';
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

  it('counts the attempts of every call made through it', async () => {
    const retrying = retryingCleanupCall(answering(503, 204, 204), fakeClock());
    await retrying.call(spec);
    await retrying.call(spec);
    expect(retrying.attempts).toBe(3);
  });
});
