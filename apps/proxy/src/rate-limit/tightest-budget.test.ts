import { describe, expect, it } from 'vitest';
import { describeTightestBudget } from './tightest-budget.js';

const budget = (limit: number, remaining: number) => ({ allowed: true, limit, remaining, retryAfterMs: 0 });

describe('describeTightestBudget', () => {
  it.each([
    [
      'the key runs out first',
      { 'x-ratelimit-limit': '60', 'x-ratelimit-remaining': '59' },
      [budget(30, 4)],
      ['30', '4'],
    ],
    [
      'the upstream runs out first',
      { 'x-ratelimit-limit': '60', 'x-ratelimit-remaining': '2' },
      [budget(30, 25)],
      ['60', '2'],
    ],
    [
      'the proxy’s share of the token runs out first',
      { 'x-ratelimit-limit': '60', 'x-ratelimit-remaining': '50' },
      [budget(1000, 900), budget(40, 10)],
      ['40', '10'],
    ],
    [
      'a tie: the smaller limit',
      { 'x-ratelimit-limit': '60', 'x-ratelimit-remaining': '5' },
      [budget(30, 5)],
      ['30', '5'],
    ],
    ['the upstream sent none (drift, left as it is)', {}, [budget(30, 7), null], [undefined, undefined]],
    [
      'no budget of the proxy’s (passthrough without keys)',
      { 'x-ratelimit-limit': '60', 'x-ratelimit-remaining': '59' },
      [null],
      ['60', '59'],
    ],
  ])('%s', (_name, sent, budgets, [limit, remaining]) => {
    const headers: Record<string, string> = { ...sent };
    describeTightestBudget(headers, budgets);
    expect([headers['x-ratelimit-limit'], headers['x-ratelimit-remaining']]).toEqual([limit, remaining]);
  });

  it.each([
    ['the upstream sent none: the tightest of its own', {}, [budget(30, 7), budget(40, 5)], ['40', '5']],
    ['none, and no budget of its own either', {}, [null, null], [undefined, undefined]],
    [
      'the upstream sent a pair anyway: adjusted as ever',
      { 'x-ratelimit-limit': '60', 'x-ratelimit-remaining': '59' },
      [budget(30, 7)],
      ['30', '7'],
    ],
    ['half a pair (drift, left as it is)', { 'x-ratelimit-remaining': '9' }, [budget(30, 7)], [undefined, '9']],
  ])('where the spec has no rate headers, %s', (_name, sent, budgets, [limit, remaining]) => {
    const headers: Record<string, string> = { ...sent };
    describeTightestBudget(headers, budgets, { ownWhenSilent: true });
    expect([headers['x-ratelimit-limit'], headers['x-ratelimit-remaining']]).toEqual([limit, remaining]);
  });

  it('leaves headers that are no integers as the upstream sent them (drift stays visible)', () => {
    const headers: Record<string, string> = { 'x-ratelimit-limit': 'sixty', 'x-ratelimit-remaining': '59' };
    describeTightestBudget(headers, [budget(30, 1)]);
    expect(headers).toEqual({ 'x-ratelimit-limit': 'sixty', 'x-ratelimit-remaining': '59' });
  });
});
