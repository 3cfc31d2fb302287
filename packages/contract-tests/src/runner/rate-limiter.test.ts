import { describe, expect, it } from 'vitest';
import { fakeClock } from '../../test/helpers.js';
import { createRateLimiter, formatRateLimit, isLoopback, parseRateLimit, retryAfterMs } from './rate-limiter.js';

describe('parseRateLimit', () => {
  it.each([
    ['60/min', { requests: 60, windowMs: 60_000 }],
    ['5/s', { requests: 5, windowMs: 1_000 }],
    ['1000 / h', { requests: 1000, windowMs: 3_600_000 }],
    ['unlimited', null],
    ['0', null],
  ])('reads %s', (text, want) => {
    expect(parseRateLimit(text)).toEqual(want);
  });

  it.each(['60', '60/fortnight', 'abc', '0/min', '-1/s'])('rejects %s with a message naming the flag', (text) => {
    expect(parseRateLimit(text)).toEqual({ error: expect.stringContaining('--rate-limit') });
  });
});

describe('createRateLimiter', () => {
  it('lets a full window through at once, then waits until the oldest request leaves the window', async () => {
    const clock = fakeClock();
    const limiter = createRateLimiter({ limit: { requests: 3, windowMs: 60_000 }, clock });
    for (let i = 0; i < 3; i++) {
      await limiter.acquire();
    }
    expect(clock.slept).toEqual([]);
    await limiter.acquire();
    expect(clock.slept).toEqual([60_000]);
    expect(clock.now()).toBe(60_000);
  });

  it('never allows more than the limit in any window, even for concurrent callers', async () => {
    const clock = fakeClock();
    const limiter = createRateLimiter({ limit: { requests: 2, windowMs: 1_000 }, clock });
    const granted: number[] = [];
    await Promise.all(Array.from({ length: 6 }, () => limiter.acquire().then(() => granted.push(clock.now()))));
    expect(granted).toEqual([0, 0, 1_000, 1_000, 2_000, 2_000]);
  });

  it('does not wait at all when unlimited', async () => {
    const clock = fakeClock();
    const limiter = createRateLimiter({ limit: null, clock });
    await Promise.all(Array.from({ length: 100 }, () => limiter.acquire()));
    expect(clock.slept).toEqual([]);
  });

  it('counts a released slot until a window after its answer, not its send', async () => {
    const clock = fakeClock();
    const limiter = createRateLimiter({ limit: { requests: 1, windowMs: 60_000 }, clock });
    const release = await limiter.acquire();
    await clock.sleep(5_000); // the answer takes 5 s
    release();
    clock.slept.length = 0;
    await limiter.acquire();
    expect(clock.slept).toEqual([60_000]);
    expect(clock.now()).toBe(65_000);
  });

  it('counts the requests sent while unlimited against a limit set later', async () => {
    const clock = fakeClock();
    const limiter = createRateLimiter({ limit: null, clock });
    for (let i = 0; i < 3; i++) {
      await limiter.acquire();
    }
    limiter.setLimit({ requests: 2, windowMs: 60_000 });
    expect(limiter.limit()).toEqual({ requests: 2, windowMs: 60_000 });
    await limiter.acquire();
    expect(clock.now()).toBe(60_000);
  });

  it('stops waiting when the signal aborts', async () => {
    const limiter = createRateLimiter({ limit: { requests: 1, windowMs: 60_000 } });
    await limiter.acquire();
    const controller = new AbortController();
    const waiting = limiter.acquire(controller.signal);
    controller.abort(new Error('interrupted'));
    await expect(waiting).rejects.toThrow('interrupted');
  });
});

describe('formatRateLimit', () => {
  it.each([
    [null, 'unlimited'],
    [{ requests: 30, windowMs: 60_000 }, '30/min'],
    [{ requests: 5, windowMs: 1_000 }, '5/s'],
    [{ requests: 1000, windowMs: 3_600_000 }, '1000/h'],
    [{ requests: 7, windowMs: 90_000 }, '7 per 90s'],
  ])('writes %j as %s', (limit, want) => {
    expect(formatRateLimit(limit)).toBe(want);
  });
});

describe('retryAfterMs', () => {
  it.each([
    { header: '2', want: 2_000 },
    { header: '0', want: 0 },
    { header: null, want: 1_000 },
    { header: 'soon', want: 1_000 },
    { header: '86400', want: 120_000 },
    { header: new Date(10_000).toUTCString(), want: 10_000 },
    // Found in review: '-1' fell through to Date.parse, which took it for a year: no wait at all.
    { header: '-1', want: 1_000 },
  ])('waits $want ms for Retry-After $header', ({ header, want }) => {
    expect(retryAfterMs(header, 0)).toBe(want);
  });
});

describe('isLoopback', () => {
  it.each([
    ['http://127.0.0.1:4010', true],
    ['http://localhost/v2', true],
    ['http://[::1]:80', true],
    ['https://api.webflow.com/v2', false],
    ['http://10.0.0.1', false],
  ])('%s → %s', (url, want) => {
    expect(isLoopback(url)).toBe(want);
  });
});
