import { describe, expect, it } from 'vitest';
import { fakeClock } from '../../test/helpers.js';
import { createServerBudget, MAX_TOTAL_PAUSE_MS, readRemaining } from './server-budget.js';

const NOW = 1_700_000_000_000;

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

/** An answer that says what is left (`X-RateLimit-Remaining`), and announces a budget per minute. */
const answer = (remaining: number, more: Record<string, string> = {}) => ({
  headers: new Headers({ 'x-ratelimit-remaining': String(remaining), ...more }),
  perMinute: true,
});

/** A budget whose answer said nothing is left for 100 s, on a clock whose pauses end only when aborted. */
async function pausedBudget() {
  const budget = createServerBudget({
    clock: {
      now: () => 0,
      sleep: (_ms, signal) =>
        new Promise((_resolve, reject) => signal?.addEventListener('abort', () => reject(signal.reason))),
    },
    whose: '--token',
  });
  (await budget.admit())(answer(0, { 'retry-after': '100' }));
  return budget;
}

describe('createServerBudget', () => {
  it('lets as many through as are left, less those in flight, then waits a minute from the first answer', async () => {
    const clock = fakeClock();
    const lines: string[] = [];
    const budget = createServerBudget({ clock, whose: '--token', onPause: (line) => lines.push(line) });
    (await budget.admit())(answer(3));
    const first = await budget.admit();
    const second = await budget.admit();
    const third = await budget.admit();
    expect(clock.now()).toBe(0);
    const fourth = budget.admit();
    first(answer(2));
    second(answer(1));
    third(answer(0));
    await fourth;
    expect(clock.slept).toEqual([60_000]);
    expect(lines).toEqual([
      '--token requests pause 60 s for the minute X-RateLimit-Limit counts in (no Retry-After or X-RateLimit-Reset says when the budget refills): the server said 0 requests were left (X-RateLimit-Remaining)',
    ]);
  });

  // Found in review: through the 30-a-minute proxy a run of 58 requests paused twice: each request in
  // flight beside an answer was subtracted from what it said for the rest of the minute, though the
  // server had counted it already (its own answer said so).
  it('subtracts a request in flight only until its own answer says what is left', async () => {
    const clock = fakeClock();
    const budget = createServerBudget({ clock, whose: '--token' });
    const a = await budget.admit();
    const b = await budget.admit();
    // The server counted b, then a: a's answer comes first, while b is in flight.
    a(answer(2));
    b(answer(3));
    // 2 left: both go at once, and only then does the lane wait.
    const c = await budget.admit();
    const d = await budget.admit();
    expect(clock.slept).toEqual([]);
    const e = budget.admit();
    c(answer(1));
    d(answer(0));
    await e;
    expect(clock.slept).toEqual([60_000]);
  });

  it('waits for the answers in flight, which may show the budget is not spent, instead of pausing', async () => {
    const clock = fakeClock();
    const lines: string[] = [];
    const budget = createServerBudget({ clock, whose: '--token', onPause: (line) => lines.push(line) });
    const a = await budget.admit();
    const b = await budget.admit();
    a(answer(1));
    // 1 left, and b in flight may be the one: c waits for b's answer.
    let admitted = false;
    const c = budget.admit().then((settle) => {
      admitted = true;
      return settle;
    });
    await Promise.resolve();
    expect(admitted).toBe(false);
    // b was counted before a: one is still left.
    b(answer(2));
    (await c)(answer(0));
    expect(clock.slept).toEqual([]);
    expect(lines).toEqual([]);
  });

  it('counts a request whose answer did not say what is left until an answer to one sent after it does', async () => {
    const clock = fakeClock();
    const budget = createServerBudget({ clock, whose: '--token' });
    (await budget.admit())(answer(2));
    (await budget.admit())({ headers: new Headers(), perMinute: false });
    // 2 left, less the request that may have been counted after that answer.
    const c = await budget.admit();
    const waiting = budget.admit();
    c(answer(1));
    // c's answer counts the unread request: 1 left.
    (await waiting)(answer(0));
    expect(clock.slept).toEqual([]);
    await budget.admit();
    expect(clock.slept).toEqual([60_000]);
  });

  it('counts a request that got no answer, and says so when the lane pauses', async () => {
    const clock = fakeClock();
    const lines: string[] = [];
    const budget = createServerBudget({ clock, whose: '--token', onPause: (line) => lines.push(line) });
    (await budget.admit())(answer(1));
    (await budget.admit())('failed');
    await budget.admit();
    expect(clock.slept).toEqual([60_000]);
    expect(lines).toEqual([
      "--token requests pause 60 s for the minute X-RateLimit-Limit counts in (no Retry-After or X-RateLimit-Reset says when the budget refills): the server said 1 request was left (X-RateLimit-Remaining), and 1 more of this run's request may count against it (its answer did not say what was left, or never came)",
    ]);
  });

  it('does not count a request that was never sent', async () => {
    const clock = fakeClock();
    const budget = createServerBudget({ clock, whose: '--token' });
    (await budget.admit())(answer(1));
    (await budget.admit())('unsent');
    await budget.admit();
    expect(clock.slept).toEqual([]);
  });

  it('counts the minute from the first answer that told of the budget, and prefers a reset time when one comes', async () => {
    const clock = fakeClock();
    const budget = createServerBudget({ clock, whose: '--token' });
    (await budget.admit())(answer(1));
    await clock.sleep(10_000);
    (await budget.admit())(answer(0));
    (await budget.admit())('unsent');
    expect(clock.slept).toEqual([10_000, 50_000]);
    const first = await budget.admit();
    const second = await budget.admit();
    first(answer(0));
    second(answer(0, { 'retry-after': '3' }));
    await budget.admit();
    expect(clock.slept).toEqual([10_000, 50_000, 3_000]);
  });

  it('does not take a 0 at its word when nothing says when it refills', async () => {
    const clock = fakeClock();
    const budget = createServerBudget({ clock, whose: '--token' });
    (await budget.admit())({ headers: new Headers({ 'x-ratelimit-remaining': '0' }), perMinute: false });
    await budget.admit();
    expect(clock.slept).toEqual([]);
  });

  // Found in review: a server saying 0 on every answer, without refusing, slowed a run to one
  // burst a minute without end.
  it('stops pausing once the pauses would pass five minutes in all, and says so', async () => {
    const clock = fakeClock();
    const lines: string[] = [];
    const budget = createServerBudget({ clock, whose: '--token', onPause: (line) => lines.push(line) });
    for (let i = 0; i < 4; i++) {
      (await budget.admit())(answer(0, { 'retry-after': '120' }));
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
    const budget = await pausedBudget();
    const waiting = budget.admit();
    budget.stopFollowing();
    await expect(waiting).resolves.toBeTypeOf('function');
    // And what later answers say is left is not followed either.
    (await waiting)(answer(0, { 'retry-after': '100' }));
    await expect(budget.admit()).resolves.toBeTypeOf('function');
  });

  it('ends a pause at once when the run is interrupted', async () => {
    const budget = await pausedBudget();
    const interrupt = new AbortController();
    const waiting = budget.admit(interrupt.signal);
    interrupt.abort(new Error('SIGINT'));
    await expect(waiting).rejects.toThrow('SIGINT');
  });

  it('ends a wait for the answers in flight at once when the run is interrupted', async () => {
    const budget = createServerBudget({ clock: fakeClock(), whose: '--token' });
    const a = await budget.admit();
    await budget.admit();
    a(answer(0));
    const interrupt = new AbortController();
    const waiting = budget.admit(interrupt.signal);
    interrupt.abort(new Error('SIGINT'));
    await expect(waiting).rejects.toThrow('SIGINT');
  });
});
