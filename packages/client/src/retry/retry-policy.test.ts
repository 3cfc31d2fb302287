import { describe, expect, it } from 'vitest';
import { resolveRetryOptions } from './retry-options.js';
import { type AttemptOutcome, backoffDelay, decideRetry } from './retry-policy.js';

const now = Date.parse('2026-01-01T00:00:00.000Z');
const options = resolveRetryOptions({ random: () => 0.5 });
const status = (code: number, headers: Record<string, string> = {}): AttemptOutcome => ({
  kind: 'response',
  status: code,
  headers: new Headers(headers),
});

describe('decideRetry', () => {
  it.each([
    ['GET', status(408), true],
    ['GET', status(429), true],
    ['GET', status(500), true],
    ['GET', status(503), true],
    ['GET', status(400), false],
    ['GET', status(401), false],
    ['GET', status(404), false],
    ['GET', { kind: 'network' } as const, true],
    ['GET', { kind: 'timeout' } as const, true],
    ['PATCH', status(500), true],
    ['DELETE', { kind: 'network' } as const, true],
    ['POST', status(429), true],
    ['POST', status(408), true],
    ['POST', status(500), false],
    ['POST', status(503), false],
    ['POST', { kind: 'network' } as const, false],
    ['POST', { kind: 'timeout' } as const, false],
  ])('for %s after %j answers retry=%s', (method, outcome, want) => {
    expect(decideRetry(outcome, { method, retriesSoFar: 0, options, now }).retry).toBe(want);
  });

  it('retries a POST on 5xx and network errors when retryNonIdempotent is set', () => {
    const optIn = resolveRetryOptions({ retryNonIdempotent: true });
    expect(decideRetry(status(503), { method: 'POST', retriesSoFar: 0, options: optIn, now }).retry).toBe(true);
    expect(decideRetry({ kind: 'network' }, { method: 'POST', retriesSoFar: 0, options: optIn, now }).retry).toBe(true);
  });

  it('retries a POST the caller marked idempotent (the storage upload)', () => {
    const context = { method: 'POST', idempotent: true, retriesSoFar: 0, options, now };
    expect(decideRetry(status(503), context).retry).toBe(true);
    expect(decideRetry({ kind: 'network' }, context).retry).toBe(true);
  });

  it('stops after maxRetries', () => {
    expect(decideRetry(status(503), { method: 'GET', retriesSoFar: 1, options, now }).retry).toBe(true);
    expect(decideRetry(status(503), { method: 'GET', retriesSoFar: 2, options, now }).retry).toBe(false);
    const none = resolveRetryOptions(false);
    expect(decideRetry(status(503), { method: 'GET', retriesSoFar: 0, options: none, now }).retry).toBe(false);
  });

  it.each([
    ['delay-seconds', { 'retry-after': '3' }, 3000],
    ['an HTTP date', { 'retry-after': 'Thu, 01 Jan 2026 00:00:07 GMT' }, 7000],
    ['a value above the cap', { 'retry-after': '3600' }, 60_000],
  ])('waits what Retry-After says as %s', (_name, headers, want) => {
    expect(decideRetry(status(429, headers), { method: 'GET', retriesSoFar: 0, options, now })).toEqual({
      retry: true,
      delayMs: want,
      reason: 'status 429',
      fromRetryAfter: true,
      counted: false,
    });
  });

  it('falls back to backoff when Retry-After is garbled', () => {
    const decision = decideRetry(status(429, { 'retry-after': 'later' }), {
      method: 'GET',
      retriesSoFar: 1,
      options,
      now,
    });
    expect(decision).toEqual({
      retry: true,
      delayMs: 1000,
      reason: 'status 429',
      fromRetryAfter: false,
      counted: true,
    });
  });

  // Found by a bulk job through the proxy: its budgets refill one request at a time, so calls that
  // waited out one Retry-After together met 429s again; counted, 44 of 60 uploads ran out of retries.
  it('waits out 429s with Retry-After past maxRetries, until maxRateLimitWaitMs of waiting', () => {
    const limited = status(429, { 'retry-after': '2' });
    const after = (retriesSoFar: number, rateLimitWaitedMs: number, opts = options) =>
      decideRetry(limited, { method: 'POST', retriesSoFar, rateLimitWaitedMs, options: opts, now });
    expect(after(2, 0)).toMatchObject({ retry: true, delayMs: 2000, counted: false });
    expect(after(2, 298_000)).toMatchObject({ retry: true, counted: false });
    // Past the budget, a 429 counts like any other retry: while counted retries are left, it retries.
    expect(after(1, 299_000)).toMatchObject({ retry: true, delayMs: 2000, counted: true });
    expect(after(2, 299_000)).toEqual({ retry: false });
    const tight = resolveRetryOptions({ maxRateLimitWaitMs: 0 });
    expect(after(0, 0, tight)).toMatchObject({ retry: true, counted: true });
    expect(after(2, 0, tight)).toEqual({ retry: false });
    // A 503's Retry-After (maintenance) counts: only a 429 says the request was not served for the budget.
    const unavailable = status(503, { 'retry-after': '2' });
    expect(decideRetry(unavailable, { method: 'GET', retriesSoFar: 2, rateLimitWaitedMs: 0, options, now })).toEqual({
      retry: false,
    });
    // maxRetries: 0 and retry: false retry nothing, 429s included.
    for (const none of [resolveRetryOptions({ maxRetries: 0 }), resolveRetryOptions(false)]) {
      expect(after(0, 0, none)).toEqual({ retry: false });
    }
  });

  // Found in review: the budget was checked against Retry-After alone, before the transport added
  // this call's place among the client's other 429 waiters (a refill apart each), so the last
  // wait took a call past maxRateLimitWaitMs by up to a refill per waiter ahead of it.
  it.each([
    ['its turn past the budget counts', 2, 296_000, 6000, { retry: true, delayMs: 6000, counted: true }],
    ['its turn past the budget, retries spent, ends', 2, 296_000, 6000, { retry: false }, 0],
    ['its turn ending the budget exactly is free', 2, 294_000, 6000, { retry: true, delayMs: 6000, counted: false }],
    [
      'a turn before its Retry-After waits the Retry-After',
      2,
      296_000,
      1000,
      { retry: true, delayMs: 2000, counted: false },
    ],
    ['no other call waiting waits the Retry-After', 2, 298_000, 0, { retry: true, delayMs: 2000, counted: false }],
  ])(
    'checks maxRateLimitWaitMs against the whole wait of a 429: %s',
    (_name, retryAfterSeconds, waited, turnIn, want, retriesLeft = 1) => {
      const decision = decideRetry(status(429, { 'retry-after': String(retryAfterSeconds) }), {
        method: 'GET',
        retriesSoFar: options.maxRetries - retriesLeft,
        rateLimitWaitedMs: waited,
        rateLimitTurnInMs: turnIn,
        options,
        now,
      });
      expect(decision).toMatchObject(want);
      if (decision.retry && !decision.counted) {
        expect(waited + decision.delayMs).toBeLessThanOrEqual(options.maxRateLimitWaitMs);
      }
    },
  );

  // Found in review: such a wait cost nothing of maxRateLimitWaitMs, so the 429 was sent again
  // without end, as fast as the server answered.
  it.each([
    ['Retry-After: 0', '0'],
    ['Retry-After: 0.2', '0.2'],
    ['an HTTP date in the past', 'Wed, 21 Oct 2015 07:28:00 GMT'],
  ])('counts a 429 whose wait is under a second against maxRetries: %s', (_name, retryAfter) => {
    const limited = status(429, { 'retry-after': retryAfter });
    const after = (retriesSoFar: number) =>
      decideRetry(limited, { method: 'GET', retriesSoFar, rateLimitWaitedMs: 0, options, now });
    expect(after(0)).toMatchObject({ retry: true, fromRetryAfter: true, counted: true });
    expect(after(options.maxRetries)).toEqual({ retry: false });
  });

  it('waits out for free a short Retry-After that its turn among other waiters makes a second or more', () => {
    const decision = decideRetry(status(429, { 'retry-after': '0' }), {
      method: 'GET',
      retriesSoFar: options.maxRetries,
      rateLimitWaitedMs: 0,
      rateLimitTurnInMs: 1000,
      options,
      now,
    });
    expect(decision).toMatchObject({ retry: true, delayMs: 1000, counted: false });
  });

  it('does not space a 503, whose Retry-After is no rate limit', () => {
    const unavailable = status(503, { 'retry-after': '2' });
    expect(
      decideRetry(unavailable, { method: 'GET', retriesSoFar: 0, rateLimitTurnInMs: 6000, options, now }),
    ).toMatchObject({ retry: true, delayMs: 2000, counted: true });
  });
});

describe('backoffDelay', () => {
  it.each([
    [0, 0.5, 50],
    [1, 0.5, 100],
    [2, 0.5, 200],
    [3, 0.5, 250],
    [10, 0.999, 499],
    [2, 0, 0],
  ])('after %i retries with random %f waits %i ms (base 100, cap 500)', (retries, random, want) => {
    expect(backoffDelay(retries, { baseDelayMs: 100, maxDelayMs: 500, random: () => random })).toBe(want);
  });
});

describe('resolveRetryOptions', () => {
  it('uses the official SDK defaults', () => {
    const resolved = resolveRetryOptions(undefined);
    expect(resolved).toMatchObject({
      maxRetries: 2,
      maxRetryAfterMs: 60_000,
      retryNonIdempotent: false,
      rateLimitPauseMs: 0,
    });
  });

  it.each([
    [{ maxRetries: -1 }, /retry.maxRetries/],
    [{ maxRetries: 1.5 }, /retry.maxRetries must be a whole number >= 0, got 1.5/],
    [{ baseDelayMs: Number.NaN }, /retry.baseDelayMs/],
    [{ maxDelayMs: Number.POSITIVE_INFINITY }, /retry.maxDelayMs/],
  ])('rejects %j clearly', (given, message) => {
    expect(() => resolveRetryOptions(given)).toThrow(message);
  });
});
