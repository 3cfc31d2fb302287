import { describe, expect, it } from 'vitest';
import { redactHeaders, shellQuote, toCurl } from './curl.js';

describe('redactHeaders', () => {
  it('keeps the scheme of Authorization and hides the credential', () => {
    expect(redactHeaders({ authorization: 'Bearer s3cret', accept: 'application/json' })).toEqual({
      authorization: 'Bearer <redacted>',
      accept: 'application/json',
    });
  });

  it('hides cookies and API keys entirely', () => {
    expect(redactHeaders({ Cookie: 'a=b', 'X-API-Key': 'k' })).toEqual({
      Cookie: '<redacted>',
      'X-API-Key': '<redacted>',
    });
  });
});

describe('toCurl', () => {
  it('repeats a JSON request with its method, URL, headers and body, quoting for the shell', () => {
    const curl = toCurl({
      method: 'PATCH',
      url: 'http://127.0.0.1:1/v2/assets/x?localeId=a&b=1',
      headers: { authorization: 'Bearer <redacted>', 'content-type': 'application/json' },
      body: `{"displayName":"it's"}`,
    });
    expect(curl).toBe(
      `curl -X PATCH 'http://127.0.0.1:1/v2/assets/x?localeId=a&b=1' -H 'authorization: Bearer <redacted>' -H 'content-type: application/json' --data-raw '{"displayName":"it'\\''s"}'`,
    );
  });

  it('turns a multipart form into -F fields with the file last', () => {
    const curl = toCurl({
      method: 'POST',
      url: 'http://127.0.0.1:1/upload',
      headers: { 'content-type': 'multipart/form-data; boundary=x' },
      form: [
        { name: 'key', value: 'site/a b.png' },
        { name: 'file', fileName: 'a.png', size: 10 },
      ],
    });
    expect(curl).toBe(`curl -X POST http://127.0.0.1:1/upload -F 'key=site/a b.png' -F file=@a.png`);
  });

  it('never contains a token', () => {
    const curl = toCurl({
      method: 'GET',
      url: 'http://h/',
      headers: redactHeaders({ authorization: 'Bearer tok-123' }),
    });
    expect(curl).not.toContain('tok-123');
  });
});

describe('shellQuote', () => {
  it.each([
    ['plain', 'plain'],
    ['with space', `'with space'`],
    [`it's`, `'it'\\''s'`],
    ['$HOME', `'$HOME'`],
  ])('%s → %s', (given, want) => {
    expect(shellQuote(given)).toBe(want);
  });
});
