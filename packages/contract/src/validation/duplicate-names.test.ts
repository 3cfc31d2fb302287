import { describe, expect, it } from 'vitest';
import { getContract } from '../contract.js';
import { duplicateName } from './duplicate-names.js';

describe('duplicateName', () => {
  it.each([
    ['{"a":1,"a":2}', '/a'],
    ['{"fileName":{"evil":true},"fileName":"a.png"}', '/fileName'],
    ['{"a":1,"\\u0061":2}', '/a'],
    ['{"x":[{"b":1},{"c":1,"c":2}]}', '/x/1/c'],
    ['{"a/b":{"~":1,"~":2}}', '/a~1b/~0'],
    ['[{"q":"\\"","q":0}]', '/0/q'],
  ])('finds the duplicate in %s at %s', (text, pointer) => {
    expect(duplicateName(text)).toBe(pointer);
  });

  it.each([
    '{"a":1,"b":{"a":1},"c":[{"a":1},{"a":1}]}',
    '{"a":"{\\"a\\":1,\\"a\\":2}","b":["a","a"]}',
    '{"a\\"":1,"a":2}',
    '[1,"x",null,{"k":true}]',
    '"just a string"',
  ])('finds none in %s', (text) => {
    expect(duplicateName(text)).toBeUndefined();
  });

  // Not JSON, so outside its contract, but it must still return rather than spin or throw.
  it.each(['{"a', '{"a\\', '{"a\\"', '["x",'])('returns on the unterminated %s', (text) => {
    expect(duplicateName(text)).toBeUndefined();
  });
});

describe('validateRequest with a duplicate name in the body', () => {
  const contract = getContract('webflow-assets');
  it('refuses it as a json violation at the second name, though either value alone is valid', () => {
    const result = contract.validateRequest({
      method: 'PATCH',
      path: '/v2/assets/580e63fc8c9a982ac9b8b745',
      headers: { 'content-type': 'application/json' },
      rawBody: '{"displayName":"one","displayName":"two"}',
    });
    expect(result.violations).toMatchObject([{ location: 'body', pointer: '/displayName', keyword: 'json' }]);
  });
});
