import { describe, expect, it } from 'vitest';
import { fakeClock } from '../../test/helpers.js';
import { createServerBudget, MAX_TOTAL_PAUSE_MS, readRemaining } from './server-budget.js';

const NOW = 1_700_000_000_000;
/** The answer also announced its budget per minute (X-RateLimit-Limit). */
const MINUTE = { perMinute: true };

describe('readRemaining', () => {
  it.each([
    [{ 'x-ratelimit-remaining': '3' }, { remaining: 3 }],
    [{ 'x-ratelimit-remaining': '0, 0' }, { remaining: 0 }],
    [
      { 'x-ratelimit-remaining': '0', 'retry-after': '42' },
      { remaining: 0, resetMs: 42_000, resetHeader: 'Retry-After: 42' },
    ],
    [
      { 'x-ratelimit-remaining': '0', 'retry-after': new Date(NOW + 5_000).toUTCString() },
      { remaining: 0, resetMs: 5_000, resetHeader: `Retry-After: ${new Date(NOW + 5_000).toUTCString()}` },
    ],
    [
      { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '7' },
      { remaining: 0, resetMs: 7_000, resetHeader: 'X-RateLimit-Reset: 7' },
    ],
    [
      { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(NOW / 1000 + 9) },
      { remaining: 0, resetMs: 9_000, resetHeader: `X-RateLimit-Reset: ${NOW / 1000 + 9}` },
    ],
    // Never waits forever: a reset a day away is capped like Retry-After.
    [
      { 'x-ratelimit-remaining': '0', 'retry-after': '86400' },
      { remaining: 0, resetMs: 120_000, resetHeader: 'Retry-After: 86400' },
    ],
  ])('reads %j', (headers, want) => {
    expect(readRemaining(new Headers(headers), NOW)).toEqual(want);
  });

  it.each(['', 'none', '-1', '1.5', '3, 4', '1234567890'])('reads nothing from X-RateLimit-Remaining %j', (value) => {
    expect(readRemaining(new Headers({ 'x-ratelimit-remaining': value, 'retry-after': '1' }), NOW)).toBeUndefined();
  });
});

/** A budget whose answer said nothing is left for 100 s, on a clock whose pauses end only when aborted. */
function pausedBudget() {
  const budget = createServerBudget({
    clock: {
      now: () => 0,
      sleep: (_ms, signal) =>
        new Promise((_resolve, reject) => signal?.addEventListener('abort', () => reject(signal.reason))),
    },
    whose: '--token',
  });
  budget.observe(new Headers({ 'x-ratelimit-remaining': '0', 'retry-after': '100' }), MINUTE);
  return budget;
}

describe('createServerBudget', () => {
  it('lets as many through as are left, less those in flight beside the answer, then waits a minute', async () => {
    const clock = fakeClock();
    const lines: string[] = [];
    const budget = createServerBudget({ clock, whose: '--token', onPause: (line) => lines.push(line) });
    const first = await budget.admit();
    const second = await budget.admit();
    budget.observe(new Headers({ 'x-ratelimit-remaining': '2' }), MINUTE);
    first();
    second();
    // 2 left, one of them perhaps taken by the request still in flight: one more, then the pause.
    await budget.admit();
    expect(clock.now()).toBe(0);
    await budget.admit();
    expect(clock.slept).toEqual([60_000]);
    expect(lines).toEqual([
      "--token requests pause 60 s for the minute X-RateLimit-Limit counts in (no Retry-After or X-RateLimit-Reset says when the budget refills): the server said 2 requests were left (X-RateLimit-Remaining), with 1 more of this run's requests in flight that it may not have counted yet, and this run has sent 1 since",
    ]);
  });

  it('counts the minute from the first answer that told of the budget, and prefers a reset time when one comes', async () => {
    const clock = fakeClock();
    const budget = createServerBudget({ clock, whose: '--token' });
    budget.observe(new Headers({ 'x-ratelimit-remaining': '1' }), MINUTE);
    await clock.sleep(10_000);
    budget.observe(new Headers({ 'x-ratelimit-remaining': '0' }), MINUTE);
    await budget.admit();
    expect(clock.slept).toEqual([10_000, 50_000]);
    budget.observe(new Headers({ 'x-ratelimit-remaining': '0' }), MINUTE);
    budget.observe(new Headers({ 'x-ratelimit-remaining': '0', 'retry-after': '3' }), MINUTE);
    await budget.admit();
    expect(clock.slept).toEqual([10_000, 50_000, 3_000]);
  });

  it('does not take a 0 at its word when nothing says when it refills', async () => {
    const clock = fakeClock();
    const budget = createServerBudget({ clock, whose: '--token' });
    budget.observe(new Headers({ 'x-ratelimit-remaining': '0' }), { perMinute: false });
    await budget.admit();
    expect(clock.slept).toEqual([]);
  });

  // Found in review: a server saying 0 on every answer, without refusing, slowed a run to one
  // burst a minute without end.
  it('stops pausing once the pauses would pass five minutes in all, and says so', async () => {
    const clock = fakeClock();
    const lines: string[] = [];
    const budget = createServerBudget({ clock, whose: '--token', onPause: (line) => lines.push(line) });
    const spent = new Headers({ 'x-ratelimit-remaining': '0', 'retry-after': '120' });
    for (let i = 0; i < 4; i++) {
      const done = await budget.admit();
      budget.observe(spent, MINUTE);
      done();
    }
    // Two pauses of 120 s; a third would make 360 s.
    expect(clock.slept).toEqual([120_000, 120_000]);
    expect(MAX_TOTAL_PAUSE_MS).toBe(300_000);
    expect(budget.pauses()).toEqual({ count: 2, ms: 240_000 });
    expect(lines.at(-1)).toBe(
      '--token requests no longer pause for X-RateLimit-Remaining: 2 pauses took 240 s, and another 120 s would pass the 5 minutes allowed in all; from now on only 429s are waited out',
    );
    await budget.admit();
    expect(clock.slept).toHaveLength(2);
  });

  it('lets a paused request go when it stops following, without an interrupt of its own', async () => {
    const budget = pausedBudget();
    const waiting = budget.admit();
    budget.stopFollowing();
    await expect(waiting).resolves.toBeTypeOf('function');
    // And what later answers say is left is not followed either.
    budget.observe(new Headers({ 'x-ratelimit-remaining': '0', 'retry-after': '100' }), MINUTE);
    await expect(budget.admit()).resolves.toBeTypeOf('function');
  });

  it('ends a pause at once when the run is interrupted', async () => {
    const budget = pausedBudget();
    const interrupt = new AbortController();
    const waiting = budget.admit(interrupt.signal);
    interrupt.abort(new Error('SIGINT'));
    await expect(waiting).rejects.toThrow('SIGINT');
  });
});
