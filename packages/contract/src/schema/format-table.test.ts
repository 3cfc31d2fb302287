import { describe, expect, it } from 'vitest';
import { createAjv } from './ajv-factory.js';

// Through ajv itself, as every validator uses the table: a format's own type gates it.
const ajv = createAjv('bodies', []);
function check(format: 'int32' | 'int64' | 'objectid', value: number | string): boolean {
  return ajv.validate({ type: format === 'objectid' ? 'string' : 'number', format }, value) as boolean;
}

describe('the numeric formats', () => {
  it('int32 holds exactly -2^31 … 2^31 − 1', () => {
    expect([0, -1, 2 ** 31 - 1, -(2 ** 31)].map((n) => check('int32', n))).toEqual([true, true, true, true]);
    expect([2 ** 31, -(2 ** 31) - 1, 1.5, Number.NaN].map((n) => check('int32', n))).toEqual([
      false,
      false,
      false,
      false,
    ]);
  });

  it('int64 holds integers within -2^63 … 2^63 − 1, not every integral double', () => {
    expect([0, 2 ** 53, -(2 ** 63), 2 ** 62].map((n) => check('int64', n))).toEqual([true, true, true, true]);
    expect([2 ** 63, 1e300, -(2 ** 64), 0.5].map((n) => check('int64', n))).toEqual([false, false, false, false]);
  });
});

describe('objectid', () => {
  it('is 24 hexadecimal characters, either case', () => {
    expect(check('objectid', '580e63fc8c9a982ac9b8b741')).toBe(true);
    expect(check('objectid', '580E63FC8C9A982AC9B8B741')).toBe(true);
    expect(check('objectid', '580e63fc8c9a982ac9b8b74')).toBe(false);
    expect(check('objectid', '580e63fc8c9a982ac9b8b74g')).toBe(false);
  });
});
