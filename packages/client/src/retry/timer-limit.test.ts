import { describe, expect, it } from 'vitest';
import { durationProblem, MAX_TIMER_MS, timerDelay } from './timer-limit.js';

describe('durationProblem', () => {
  it.each([0, 1.5, 60_000, MAX_TIMER_MS])('takes %d ms', (ms) => {
    expect(durationProblem('timeoutMs', ms)).toBeUndefined();
  });

  it.each([
    [-1, 'got -1'],
    [MAX_TIMER_MS + 1, 'got 2147483648'],
    [Number.NaN, 'got NaN'],
    [Number.POSITIVE_INFINITY, 'got Infinity'],
    ['100', 'got "100"'],
    [null, 'got null'],
  ])('names the option and the maximum for %j', (value, got) => {
    expect(durationProblem('retry.maxDelayMs', value)).toBe(
      `retry.maxDelayMs must be a number of ms from 0 to 2147483647 (2^31 − 1, the longest delay setTimeout takes), ${got}`,
    );
  });
});

describe('timerDelay', () => {
  it.each([
    [0, 0],
    [MAX_TIMER_MS, MAX_TIMER_MS],
    [MAX_TIMER_MS + 1, MAX_TIMER_MS],
    [30 * 24 * 3600 * 1000, MAX_TIMER_MS], // a Retry-After of 30 days
  ])('gives setTimeout %d ms as %d', (ms, want) => {
    expect(timerDelay(ms)).toBe(want);
  });
});
