import { describe, expect, it } from 'vitest';
import { fakeClock } from '../../test/helpers.js';
import type { Clock } from './clock.js';
import type { RateLimit } from './rate-limiter.js';
import { announcedLimit, createRunLimiter, type Lane } from './run-limiter.js';

const announcing = (limit: string) => new Headers({ 'x-ratelimit-limit': limit, 'x-ratelimit-remaining': '0' });

/** When each of `n` requests of a lane was let through. */
async function grants(limiter: ReturnType<typeof createRunLimiter>, clock: Clock, n: number, lane?: Lane) {
  const at: number[] = [];
  for (let i = 0; i < n; i++) {
    (await limiter.acquire(undefined, lane))();
    at.push(clock.now());
  }
  return at;
}

describe('announcedLimit', () => {
  it.each([
    ['60', 60],
    [' 30 ', 30],
    ['0', undefined],
    ['-1', undefined],
    ['1.5', undefined],
    ['sixty', undefined],
    ['', undefined],
    // A header sent twice arrives joined: one figure when both agree.
    ['30, 30', 30],
    ['30, 60', undefined],
  ])('reads X-RateLimit-Limit %j as %s', (value, want) => {
    expect(announcedLimit(new Headers({ 'x-ratelimit-limit': value }))).toBe(want);
  });

  it('reads nothing from an answer without the header', () => {
    expect(announcedLimit(new Headers())).toBeUndefined();
  });
});

describe('createRunLimiter', () => {
  it('follows the budget the server announces once it does, counting what was sent before', async () => {
    const clock = fakeClock();
    const adopted: [RateLimit, Lane][] = [];
    const limiter = createRunLimiter({
      limit: null,
      follow: true,
      clock,
      onAdopt: (l, lane) => adopted.push([l, lane]),
    });
    expect(await grants(limiter, clock, 2)).toEqual([0, 0]);
    limiter.observe(announcing('3'), 'token');
    expect(adopted).toEqual([[{ requests: 3, windowMs: 60_000 }, 'token']]);
    expect(await grants(limiter, clock, 3)).toEqual([0, 60_000, 60_000]);
    expect(limiter.report()).toEqual({ limit: { requests: 3, windowMs: 60_000 }, source: 'server', announced: 3 });
  });

  it('replaces the remote default with a larger announced budget, and only ever lowers it after', async () => {
    const limiter = createRunLimiter({ limit: { requests: 60, windowMs: 60_000 }, follow: true, clock: fakeClock() });
    limiter.observe(announcing('120'), 'token');
    expect(limiter.report().limit).toEqual({ requests: 120, windowMs: 60_000 });
    limiter.observe(announcing('30'), 'token');
    limiter.observe(announcing('100'), 'token');
    expect(limiter.report()).toEqual({ limit: { requests: 30, windowMs: 60_000 }, source: 'server', announced: 30 });
  });

  it('keeps each credential to its own announced budget', async () => {
    const clock = fakeClock();
    const limiter = createRunLimiter({ limit: null, follow: true, clock });
    limiter.observe(announcing('1'), 'other');
    expect(await grants(limiter, clock, 3, 'token')).toEqual([0, 0, 0]);
    expect(await grants(limiter, clock, 2, 'other')).toEqual([0, 60_000]);
    expect(limiter.report()).toEqual({ limit: null, source: 'default', announced: null });
  });

  it('never takes a budget from storage answers', () => {
    const limiter = createRunLimiter({ limit: null, follow: true, clock: fakeClock() });
    limiter.observe(announcing('1'), 'storage');
    expect(limiter.report()).toEqual({ limit: null, source: 'default', announced: null });
  });

  it('keeps to a given limit, in one window for every request, whatever the server announces', async () => {
    const clock = fakeClock();
    const adopted: RateLimit[] = [];
    const limiter = createRunLimiter({
      limit: { requests: 2, windowMs: 60_000 },
      follow: false,
      clock,
      onAdopt: (l) => adopted.push(l),
    });
    limiter.observe(announcing('1000'), 'token');
    expect(await grants(limiter, clock, 1, 'token')).toEqual([0]);
    expect(await grants(limiter, clock, 2, 'read-only')).toEqual([0, 60_000]);
    expect(adopted).toEqual([]);
    expect(limiter.report()).toEqual({ limit: { requests: 2, windowMs: 60_000 }, source: 'option', announced: 1000 });
  });
});
