import { describe, expect, it } from 'vitest';
import { loneSurrogateAt } from './lone-surrogates.js';

describe('loneSurrogateAt', () => {
  it('finds a lone half of a surrogate pair in a value or a name, as a pointer', () => {
    expect(loneSurrogateAt(JSON.parse('{"altText":"\\ud83d"}'))).toBe('/altText');
    expect(loneSurrogateAt(JSON.parse('{"a":[1,{"b":"x\\udfffy"}]}'))).toBe('/a/1/b');
    expect(loneSurrogateAt(JSON.parse('{"\\ude00":1}'))).toBe('/\ude00');
    expect(loneSurrogateAt(JSON.parse('"\\ud800"'))).toBe('');
    // The pair reversed is two lone halves.
    expect(loneSurrogateAt(JSON.parse('{"s":"\\ude00\\ud83d"}'))).toBe('/s');
  });

  it('passes well-formed strings, pairs written as escapes included', () => {
    expect(loneSurrogateAt(JSON.parse('{"altText":"\\ud83d\\ude00 ok","tags":["é","\\u00e9"]}'))).toBeUndefined();
    expect(loneSurrogateAt({ altText: '😀', n: 1, z: null, t: true })).toBeUndefined();
  });

  // Found in review: it recursed, and a document nested deeper than the call stack threw a
  // RangeError, which refused a well-formed body as "not valid JSON".
  it('reads a document nested deeper than the call stack', () => {
    const depth = 100_000;
    const deep = (inner: string) => JSON.parse(`${'['.repeat(depth)}${inner}${']'.repeat(depth)}`);
    expect(loneSurrogateAt(deep('"ok"'))).toBeUndefined();
    expect(loneSurrogateAt(deep('"\\ud83d"'))).toBe('/0'.repeat(depth));
    expect(loneSurrogateAt({ a: deep('1'), b: '\ud83d' })).toBe('/b');
  });
});
