import { describe, expect, it } from 'vitest';
import { deepDiff, show } from './deep-diff.js';

describe('deepDiff', () => {
  it.each([
    {
      name: 'equal values have no differences',
      actual: { a: [1, { b: null }] },
      expected: { a: [1, { b: null }] },
      want: [],
    },
    {
      name: 'a changed leaf is named by its pointer',
      actual: { a: { b: 1 } },
      expected: { a: { b: 2 } },
      want: [{ pointer: '/a/b', actual: 1, expected: 2 }],
    },
    {
      name: 'a missing key is undefined on that side',
      actual: {},
      expected: { altText: null },
      want: [{ pointer: '/altText', actual: undefined, expected: null }],
    },
    {
      name: 'arrays of different length report the length, then compare common items',
      actual: [1, 2],
      expected: [1, 3, 4],
      want: [
        { pointer: '/length', actual: 2, expected: 3 },
        { pointer: '/1', actual: 2, expected: 3 },
      ],
    },
    {
      name: 'keys with / and ~ are escaped',
      actual: { 'a/b': 1, 'c~d': 1 },
      expected: { 'a/b': 2, 'c~d': 1 },
      want: [{ pointer: '/a~1b', actual: 1, expected: 2 }],
    },
    {
      name: 'a type change is one difference, not one per key',
      actual: { v: 'x' },
      expected: { v: { a: 1, b: 2 } },
      want: [{ pointer: '/v', actual: 'x', expected: { a: 1, b: 2 } }],
    },
  ])('$name', ({ actual, expected, want }) => {
    expect(deepDiff(actual, expected)).toEqual(want);
  });

  it('prefixes pointers with the base', () => {
    expect(deepDiff(1, 2, { base: '/pagination/total' })).toEqual([
      { pointer: '/pagination/total', actual: 1, expected: 2 },
    ]);
  });

  it('can skip keys only one side has, still comparing shared keys and keys present as undefined', () => {
    const actual = { id: 'a', extra: 1, total: undefined, nested: { x: 1, y: 2 } };
    const expected = { id: 'a', total: 3, nested: { x: 2 } };
    expect(deepDiff(actual, expected, { ignoreOneSided: true })).toEqual([
      { pointer: '/total', actual: undefined, expected: 3 },
      { pointer: '/nested/x', actual: 1, expected: 2 },
    ]);
  });
});

describe('show', () => {
  it('says absent for undefined and cuts long values', () => {
    expect(show(undefined)).toBe('(absent)');
    expect(show('x'.repeat(200), 10)).toBe(`"${'x'.repeat(9)}…`);
  });
});
