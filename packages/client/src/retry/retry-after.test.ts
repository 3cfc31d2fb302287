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
