import { describe, expect, it } from 'vitest';
import { fakeClock } from '../../test/helpers.js';
import type { Clock } from './clock.js';
import { CLI_OPTION_NAMES } from './option-names.js';
import type { RateLimit } from './rate-limiter.js';
import { announcedLimit, createRunLimiter, type Lane, readAnnouncedLimit } from './run-limiter.js';

/** An answer that announces a budget, and says nothing of what is left of it. */
const announcing = (limit: string) => new Headers({ 'x-ratelimit-limit': limit });

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
    expect(readAnnouncedLimit(new Headers())).toBeUndefined();
  });

  it.each([
    ['30, 60', 'it gives two different figures'],
    ['1234567890', 'it has more than 9 digits'],
    ['sixty', 'it is not a whole number of requests'],
    ['0', 'a budget of 0 requests a minute cannot be kept to'],
    ['', 'it is empty'],
  ])('says why X-RateLimit-Limit %j cannot be a budget', (value, reason) => {
    expect(readAnnouncedLimit(new Headers({ 'x-ratelimit-limit': value }))).toEqual({ unreadable: value, reason });
  });
});

describe('createRunLimiter', () => {
  it('follows the budget the server announces once it does, counting what was sent before', async () => {
    const clock = fakeClock();
    const adopted: [RateLimit, Lane][] = [];
    const limiter = createRunLimiter({
      optionNames: CLI_OPTION_NAMES,
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
    const limiter = createRunLimiter({
      optionNames: CLI_OPTION_NAMES,
      limit: { requests: 60, windowMs: 60_000 },
      follow: true,
      clock: fakeClock(),
    });
    limiter.observe(announcing('120'), 'token');
    expect(limiter.report().limit).toEqual({ requests: 120, windowMs: 60_000 });
    limiter.observe(announcing('30'), 'token');
    limiter.observe(announcing('100'), 'token');
    expect(limiter.report()).toEqual({ limit: { requests: 30, windowMs: 60_000 }, source: 'server', announced: 30 });
  });

  it('keeps each credential to its own announced budget', async () => {
    const clock = fakeClock();
    const limiter = createRunLimiter({ optionNames: CLI_OPTION_NAMES, limit: null, follow: true, clock });
    limiter.observe(announcing('1'), 'other');
    expect(await grants(limiter, clock, 3, 'token')).toEqual([0, 0, 0]);
    expect(await grants(limiter, clock, 2, 'other')).toEqual([0, 60_000]);
    expect(limiter.report()).toEqual({
      limit: null,
      source: 'default',
      announced: null,
      lanes: { other: { limit: { requests: 1, windowMs: 60_000 }, source: 'server', announced: 1 } },
    });
  });

  // Found in review: `30, 60` or ten digits were reported as "the server announced no budget".
  it('tells an X-RateLimit-Limit it cannot read once per lane, keeps the pace, and reports it', async () => {
    const clock = fakeClock();
    const notes: [string, Lane][] = [];
    const limiter = createRunLimiter({
      optionNames: CLI_OPTION_NAMES,
      limit: null,
      follow: true,
      clock,
      onNote: (line, lane) => notes.push([line, lane]),
    });
    limiter.observe(announcing('30, 60'), 'token');
    limiter.observe(announcing('30, 60'), 'token');
    limiter.observe(announcing('1234567890'), 'read-only');
    expect(notes).toEqual([
      [
        'X-RateLimit-Limit `30, 60` could not be read: it gives two different figures; the rate limit for --token stays unlimited (the default)',
        'token',
      ],
      [
        'X-RateLimit-Limit `1234567890` could not be read: it has more than 9 digits; the rate limit for --token-read-only stays unlimited (the default)',
        'read-only',
      ],
    ]);
    expect(await grants(limiter, clock, 3)).toEqual([0, 0, 0]);
    const unreadable = { value: '1234567890', reason: 'it has more than 9 digits' };
    expect(limiter.report()).toEqual({
      limit: null,
      source: 'default',
      announced: null,
      unreadable: { value: '30, 60', reason: 'it gives two different figures' },
      lanes: { 'read-only': { limit: null, source: 'default', announced: null, unreadable } },
    });
  });

  // Found in review: after Ctrl-C, cleanup through a 30/min proxy whose pace the run had spent sat
  // silent for 57 s after the line that said it was cleaning up.
  it('tells, once a run is stopping, the wait its pace makes cleanup take, once per lane', async () => {
    for (const follow of [false, true]) {
      const clock = fakeClock();
      const notes: [string, Lane][] = [];
      const limiter = createRunLimiter({
        optionNames: CLI_OPTION_NAMES,
        limit: { requests: 2, windowMs: 60_000 },
        follow,
        clock,
        onNote: (line, lane) => notes.push([line, lane]),
      });
      expect(await grants(limiter, clock, 3)).toEqual([0, 0, 60_000]);
      expect(notes).toEqual([]);
      limiter.stopFollowing();
      expect(await grants(limiter, clock, 4)).toEqual([60_000, 120_000, 120_000, 180_000]);
      const pace = follow ? '2/min for --token' : '2/min';
      expect(notes).toEqual([
        [
          `cleanup waits 60 s for the run's pace (${pace}) before its next request; Ctrl-C again to exit at once`,
          'token',
        ],
      ]);
    }
  });

  it('keeps a budget adopted before when a later answer cannot be read, and says so', () => {
    const notes: string[] = [];
    const limiter = createRunLimiter({
      optionNames: CLI_OPTION_NAMES,
      limit: null,
      follow: true,
      clock: fakeClock(),
      onNote: (l) => notes.push(l),
    });
    limiter.observe(announcing('30'), 'token');
    limiter.observe(announcing('30, 60'), 'token');
    expect(notes).toEqual([
      'X-RateLimit-Limit `30, 60` could not be read: it gives two different figures; the rate limit for --token stays 30/min (as announced before)',
    ]);
    expect(limiter.report()).toMatchObject({ limit: { requests: 30 }, source: 'server', announced: 30 });
  });

  // Found in review: only the --token's adoption was printed and reported.
  it('tells and reports the adoption of every lane that adopts a budget, the token alone at the top', () => {
    const adopted: [number, Lane][] = [];
    const limiter = createRunLimiter({
      optionNames: CLI_OPTION_NAMES,
      limit: null,
      follow: true,
      clock: fakeClock(),
      onAdopt: (l, lane) => adopted.push([l.requests, lane]),
    });
    limiter.observe(announcing('20'), 'read-only');
    limiter.observe(announcing('10'), 'other');
    expect(adopted).toEqual([
      [20, 'read-only'],
      [10, 'other'],
    ]);
    expect(limiter.report()).toEqual({
      limit: null,
      source: 'default',
      announced: null,
      lanes: {
        'read-only': { limit: { requests: 20, windowMs: 60_000 }, source: 'server', announced: 20 },
        other: { limit: { requests: 10, windowMs: 60_000 }, source: 'server', announced: 10 },
      },
    });
  });

  // Found in review: a second run within the same minute met 429s though answers said what was left.
  it('pauses a lane whose answers say nothing is left, until they say it refills, and says so once', async () => {
    const clock = fakeClock();
    const notes: string[] = [];
    const limiter = createRunLimiter({
      optionNames: CLI_OPTION_NAMES,
      limit: null,
      follow: true,
      clock,
      onNote: (line) => notes.push(line),
    });
    const spending = (remaining: string) =>
      new Headers({ 'x-ratelimit-limit': '60', 'x-ratelimit-remaining': remaining, 'retry-after': '42' });
    (await limiter.acquire(undefined, 'token'))(spending('1'));
    // One more fits, then the lane waits for the 42 s; the other lanes do not.
    expect(await grants(limiter, clock, 1, 'read-only')).toEqual([0]);
    (await limiter.acquire(undefined, 'token'))(spending('0'));
    expect(clock.now()).toBe(0);
    expect(await grants(limiter, clock, 2, 'token')).toEqual([42_000, 42_000]);
    expect(notes).toEqual([
      '--token requests pause 42 s until the budget refills (Retry-After: 42): the server said 0 requests were left (X-RateLimit-Remaining)',
    ]);
  });

  it('reports a lane that paused though its answers announced no X-RateLimit-Limit', async () => {
    const clock = fakeClock();
    const limiter = createRunLimiter({ optionNames: CLI_OPTION_NAMES, limit: null, follow: true, clock });
    (await limiter.acquire(undefined, 'read-only'))(new Headers({ 'x-ratelimit-remaining': '0', 'retry-after': '42' }));
    expect(await grants(limiter, clock, 1, 'read-only')).toEqual([42_000]);
    expect(limiter.report().lanes).toEqual({
      'read-only': { limit: null, source: 'default', announced: null, paused: { count: 1, ms: 42_000 } },
    });
  });

  it('leaves X-RateLimit-Remaining to the server when --rate-limit is given', async () => {
    const clock = fakeClock();
    const limiter = createRunLimiter({ optionNames: CLI_OPTION_NAMES, limit: null, follow: false, clock });
    (await limiter.acquire(undefined, 'token'))(new Headers({ 'x-ratelimit-remaining': '0', 'retry-after': '42' }));
    expect(await grants(limiter, clock, 2, 'token')).toEqual([0, 0]);
  });

  it('never takes a budget from storage answers', () => {
    const limiter = createRunLimiter({ optionNames: CLI_OPTION_NAMES, limit: null, follow: true, clock: fakeClock() });
    limiter.observe(announcing('1'), 'storage');
    expect(limiter.report()).toEqual({ limit: null, source: 'default', announced: null });
  });

  it('keeps to a given limit, in one window for every request, whatever the server announces', async () => {
    const clock = fakeClock();
    const adopted: RateLimit[] = [];
    const limiter = createRunLimiter({
      optionNames: CLI_OPTION_NAMES,
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
