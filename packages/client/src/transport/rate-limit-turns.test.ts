import { describe, expect, it } from 'vitest';
import { createRateLimitTurns } from './rate-limit-turns.js';

describe('createRateLimitTurns', () => {
  const thirtyAMinute = new Headers({ 'x-ratelimit-limit': '30' });

  it('gives a call waiting alone its Retry-After, and each one beside it a refill later', () => {
    const turns = createRateLimitTurns();
    expect(turns.take(2000, thirtyAMinute, 0)).toBe(2000);
    // 30 a minute refills one every 2 s: the next turns are at 4 s and 6 s.
    expect(turns.take(2000, thirtyAMinute, 10)).toBe(3990);
    expect(turns.take(1000, thirtyAMinute, 20)).toBe(5980);
    // A Retry-After later than the next turn is kept.
    expect(turns.take(9000, thirtyAMinute, 30)).toBe(9000);
    for (let i = 0; i < 4; i++) {
      turns.done();
    }
    expect(turns.take(2000, thirtyAMinute, 60_000)).toBe(2000);
  });

  it('says how far off the next turn is, without taking it', () => {
    const turns = createRateLimitTurns();
    expect(turns.nextTurnIn(thirtyAMinute, 0)).toBe(0);
    turns.take(2000, thirtyAMinute, 0);
    // The next turn is a refill (2 s) after the first call's 2 s wait; asking twice takes nothing.
    expect(turns.nextTurnIn(thirtyAMinute, 10)).toBe(3990);
    expect(turns.nextTurnIn(thirtyAMinute, 10)).toBe(3990);
    expect(turns.take(2000, thirtyAMinute, 10)).toBe(3990);
    expect(turns.nextTurnIn(new Headers(), 10)).toBe(0);
    turns.done();
    turns.done();
    expect(turns.nextTurnIn(thirtyAMinute, 20)).toBe(0);
  });

  it('spaces nothing without a readable X-RateLimit-Limit', () => {
    const turns = createRateLimitTurns();
    for (const headers of [new Headers(), new Headers({ 'x-ratelimit-limit': 'many' })]) {
      expect(turns.take(2000, headers, 0)).toBe(2000);
      expect(turns.take(2000, headers, 0)).toBe(2000);
    }
  });
});
