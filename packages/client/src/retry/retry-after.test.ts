import { retryAfterMs } from '@assetkit/contract-tests';
import { describe, expect, it } from 'vitest';
import { parseCount, parseRetryAfter } from './retry-after.js';

const now = Date.parse('2026-01-01T00:00:00.000Z');

describe('parseRetryAfter', () => {
  it.each([
    ['delay-seconds', '1', 1000],
    ['zero seconds', '0', 0],
    ['padded seconds', ' 30 ', 30_000],
    ['fractional seconds', '1.5', 1500],
    ['an HTTP date 5 s ahead', 'Thu, 01 Jan 2026 00:00:05 GMT', 5000],
    ['an HTTP date in the past', 'Wed, 31 Dec 2025 23:59:00 GMT', 0],
  ])('reads %s', (_name, given, want) => {
    expect(parseRetryAfter(given, now)).toBe(want);
  });

  it.each([
    ['absent', null],
    ['undefined', undefined],
    ['empty', ''],
    ['negative', '-1'],
    ['garbage', 'soon'],
    ['a bare number-ish date', '2026-01-01'],
  ])('ignores a value that is %s', (_name, given) => {
    expect(parseRetryAfter(given, now)).toBeUndefined();
  });
});

// The conformance suite reads Retry-After with its own retryAfterMs: the client loads no
// @assetkit/contract code at runtime and the suite does not depend on the client, so they cannot
// share one function. This one table holds both to the same reading (the suite's fallback and cap
// are its own policy: -1 and no cap here show what it read).
describe("the conformance suite's retryAfterMs", () => {
  it.each([
    '2',
    ' 30 ',
    '1.5',
    '1.0005',
    'Thu, 01 Jan 2026 00:00:05 GMT',
    'Thursday, 01-Jan-26 00:00:05 GMT',
    'Thu Jan  1 00:00:05 2026',
    'Wed, 31 Dec 2025 23:59:00 GMT',
    '',
    'soon',
    'Infinity',
    '-1',
    '+5',
    '1e3',
    '0x10',
    '5s',
    '2026-01-01',
    '1 2',
  ])('reads %j as parseRetryAfter does', (given) => {
    expect(retryAfterMs(given, now, -1, Number.MAX_SAFE_INTEGER)).toBe(parseRetryAfter(given, now) ?? -1);
  });
});

describe('parseCount', () => {
  it.each([
    ['0', 0],
    ['59', 59],
    [null, undefined],
    ['', undefined],
    ['1.5', undefined],
    ['many', undefined],
  ])('reads %j as %j', (given, want) => {
    expect(parseCount(given)).toBe(want);
  });
});
