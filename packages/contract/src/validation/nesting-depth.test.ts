import { describe, expect, it } from 'vitest';
import { getContract } from '../index.js';
import { nestingProblem } from './nesting-depth.js';

describe('nestingProblem', () => {
  it('counts arrays and objects inside one another, up to the limit and no further', () => {
    expect(nestingProblem('[[1]]', 2)).toBeUndefined();
    expect(nestingProblem('[{"a":[1]}]', 2)).toBe('nests arrays and objects deeper than 2 levels');
    // Siblings are no deeper than one of them.
    expect(nestingProblem('[[1],[2],{"a":3}]', 2)).toBeUndefined();
  });

  it('does not count brackets inside strings, escaped quotes included', () => {
    expect(nestingProblem('{"a":"[[[{{{"}', 1)).toBeUndefined();
    expect(nestingProblem('{"a\\"[[":"\\\\", "b":"\\"{{{"}', 1)).toBeUndefined();
  });

  // Found in review: 400,000 nested arrays (800 KB, under the default 1 MB limit) took about a
  // second of CPU to parse and check; a flat array of the same size a tenth of that.
  it('refuses a request body nested deeper than the limit before parsing it', () => {
    const contract = getContract('webflow-assets');
    const depth = 400_000;
    const result = contract.validateRequest({
      method: 'POST',
      path: '/v2/sites/65f0a1b2c3d4e5f6a7b8c9d0/asset_folders',
      query: '',
      headers: { 'content-type': 'application/json' },
      rawBody: `{"displayName":"x","zz":${'['.repeat(depth)}${']'.repeat(depth)}}`,
    });
    expect(result.violations).toEqual([
      expect.objectContaining({
        location: 'body',
        pointer: '',
        keyword: 'json',
        message: 'nests arrays and objects deeper than 128 levels',
      }),
    ]);
  });
});
