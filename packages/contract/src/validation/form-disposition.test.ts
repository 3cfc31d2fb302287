import { describe, expect, it } from 'vitest';
import { readFormDisposition } from './form-disposition.js';

describe('readFormDisposition', () => {
  it.each([
    ['form-data; name="metadata"', { name: 'metadata', fileName: undefined }],
    ['FORM-DATA ;name=asset ; filename="a.png"', { name: 'asset', fileName: 'a.png' }],
    ['form-data; name="x; name=y"; filename="c d.png"', { name: 'x; name=y', fileName: 'c d.png' }],
    ['form-data; name="a\\"b\\\\c"', { name: 'a"b\\c', fileName: undefined }],
    // Found in a third review: each backslash was taken as an escape, so the name was "C:dira.png"
    // where busboy (and the browser that sent it) has "C:\dir\a.png".
    ['form-data; name="asset"; filename="C:\\dir\\a.png"', { name: 'asset', fileName: 'C:\\dir\\a.png' }],
    ['form-data; name="asset"; filename="a\\\\\\b.png"', { name: 'asset', fileName: 'a\\\\b.png' }],
    // Found in a third review: filename* (RFC 5987) was not read; busboy takes it as the file name.
    ["form-data; name=asset; filename*=UTF-8''na%C3%AFve.png", { name: 'asset', fileName: 'naïve.png' }],
    ["form-data; name=asset; filename*=iso-8859-1'en'na%EFve.png", { name: 'asset', fileName: 'naïve.png' }],
    [
      'form-data; name=asset; filename="naive.png"; filename*=utf-8\'\'naive.png',
      { name: 'asset', fileName: 'naive.png' },
    ],
    // Found in a fourth review: busboy reads an empty file name as none.
    ['form-data; name="asset"; filename=""', { name: 'asset', fileName: undefined }],
  ])('reads %s', (value, want) => {
    expect(readFormDisposition(value)).toEqual(want);
  });

  it('reads a long ISO-8859-1 filename* whole', () => {
    const value = `form-data; name=f; filename*=ISO-8859-1''${'%E9'.repeat(200_000)}`;
    expect(readFormDisposition(value)).toEqual({ name: 'f', fileName: '\u00e9'.repeat(200_000) });
  });

  it.each([['attachment; name="a"'], ['form-data'], ['form-data; filename="a.png"'], ['form-data; name=""']])(
    'finds no form-data part name in %s (busboy has none either)',
    (value) => {
      expect(readFormDisposition(value)).toBeUndefined();
    },
  );

  // Each of these makes busboy drop the part (it would go unvalidated), or parsers read it differently.
  it.each([
    ['form-data; name="a";', /empty parameter/],
    ['form-data; ; name="a"', /empty parameter/],
    ['form-data; name=a/b', /should separate parameters: "\/b"/],
    ['form-data; name="a"; filename="dir\\"', /no closing quote for filename/],
    ['form-data; name = "a"', /not name=value/],
    ['form-data; name="a"; NAME="b"', /names the parameter name twice/],
    ['form-data; name="meta\\data"', /name with a \\ before a character other than/],
    ["form-data; name=a; name*=UTF-8''b", /name\*, which busboy ignores/],
    ['form-data; name=a; filename="x.png"; filename*=UTF-8\'\'y.png', /a different filename\*/],
    ["form-data; name=a; filename*=UTF-8''%FF.png", /filename\* with bytes that are not UTF-8/],
    ["form-data; name=a; filename*=windows-1252''%80.png", /charset "windows-1252"; only UTF-8 and ISO-8859-1/],
    ["form-data; name=a; filename*=UTF-8''a%2", /should separate parameters: "%2"/],
    ['form-data; name=a; filename*="UTF-8\'\'a.png"', /filename\* that is not charset'language'%-encoded/],
    ["form-data; name=a; filename*=UTF-8''", /filename\* that is not/],
    ["form-data; name=a; x*=UTF-8''%FF", /x\* with bytes that are not UTF-8/],
  ])('refuses %s', (value, why) => {
    expect(readFormDisposition(value)).toEqual({ error: expect.stringMatching(why) });
  });
});
