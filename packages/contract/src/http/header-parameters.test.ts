import { describe, expect, it } from 'vitest';
import { headerParameters } from './header-parameters.js';

const read = (value: string) => {
  const result = headerParameters(value);
  return 'error' in result ? result : Object.fromEntries(result.parameters);
};

describe('headerParameters', () => {
  it.each([
    ['multipart/form-data', {}],
    ['multipart/form-data; boundary=abc', { boundary: 'abc' }],
    ['multipart/form-data;boundary="----=_Part_0_1.2"', { boundary: '----=_Part_0_1.2' }],
    [
      'multipart/form-data; boundary=----WebKitFormBoundary7MA4YWxkTrZu0gW',
      { boundary: '----WebKitFormBoundary7MA4YWxkTrZu0gW' },
    ],
    ['form-data; NAME="a\\"b"; filename="c d.png"', { name: 'a"b', filename: 'c d.png' }],
    ['multipart/form-data; boundary="a\\\\b"', { boundary: 'a\\b' }],
    ['form-data; name="x; y=z" ; ; filename=f;', { name: 'x; y=z', filename: 'f' }],
  ])('reads %s', (value, want) => {
    expect(read(value)).toEqual(want);
  });

  it.each([
    ['a; b=1; B=2', /names the parameter b twice/],
    ['a; b', /not name=value/],
    ['a; b =1', /not name=value/],
    ['a; b="1', /no readable value/],
    ['a; b="1"x', /should separate parameters/],
    // Found in a third review: RFC 9110 reads this boundary as "ab", busboy as "a\b".
    ['multipart/form-data; boundary="a\\b"', /\\ before a character other than " or \\ in boundary/],
    // Found in a fourth review: Ktor reads this boundary as "B"; busboy refuses both.
    ['multipart/form-data; boundary=B,x', /unquoted value for boundary that is not a token: "B,x" \(quote it/],
    ['multipart/form-data; boundary=----=_Part_0', /not a token: "----=_Part_0"/],
  ])('refuses %s', (value, why) => {
    expect(read(value)).toEqual({ error: expect.stringMatching(why) });
  });
});
