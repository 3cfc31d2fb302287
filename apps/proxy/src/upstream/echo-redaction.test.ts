import { describe, expect, it } from 'vitest';
import { echoRedactor } from './echo-redaction.js';

describe('echoRedactor', () => {
  // 16 characters or more: replaced wherever it is, even run together with other text.
  const redact = echoRedactor('tok-123-456-7890');

  it('replaces every occurrence in the body and in every header value', () => {
    const headers: Record<string, string | string[] | undefined> = {
      'x-one': 'Bearer tok-123-456-7890',
      'x-many': ['a', 'tok-123-456-7890 and tok-123-456-7890'],
      'x-none': 'plain',
    };
    const body = redact?.(headers, Buffer.from('{"a":"tok-123-456-7890","b":"xtok-123-456-7890tok-123-456-7890"}'));
    expect(body?.toString()).toBe('{"a":"[redacted]","b":"x[redacted][redacted]"}');
    expect(headers).toEqual({
      'x-one': 'Bearer [redacted]',
      'x-many': ['a', '[redacted] and [redacted]'],
      'x-none': 'plain',
    });
  });

  it('hands back the same buffer when the token is not in it, and does nothing without a token', () => {
    const body = Buffer.from('{"a":"tok-123-456-789"}');
    expect(redact?.({}, body)).toBe(body);
    expect(echoRedactor(null)).toBeUndefined();
  });

  // Found by the benchmark's set-up: with UPSTREAM_TOKEN=t every "t" in every answer was replaced,
  // and every response broke its contract ("applica[redacted]ion/json"); then, in review, with
  // UPSTREAM_TOKEN=0 every "offset":0 and with json every application/json.
  it('replaces a short token only where a credential is echoed, never inside words or numbers', () => {
    const short = echoRedactor('0');
    const headers: Record<string, string | string[] | undefined> = {
      'x-ratelimit-remaining': '0',
      'x-debug': 'token=0; Bearer 0.',
    };
    const body = Buffer.from('{"pagination":{"offset":0,"total":10},"echo":"0","name":"0.png"}');
    expect(short?.(headers, body).toString()).toBe(
      '{"pagination":{"offset":0,"total":10},"echo":"[redacted]","name":"0.png"}',
    );
    // A whole header value equal to the token is taken for it (a short token is the caller's risk).
    expect(headers).toEqual({ 'x-ratelimit-remaining': '[redacted]', 'x-debug': 'token=0; Bearer [redacted].' });
    const untouched = Buffer.from('{"contentType":"application/json","size":10}');
    expect(echoRedactor('json')?.({ 'content-type': 'application/json' }, untouched)).toBe(untouched);
  });

  // Found in review: a serializer that escapes characters (\u0041, \/) hid the token from the byte
  // search, and the validator then quoted it decoded in a 502 and in the log.
  it('replaces a long token echoed with JSON escapes', () => {
    const secret = 'abc/DEF+ghi-1234567';
    const escaped = '"\\u0061bc\\/DEF+gh\\u0069-1234567"';
    const body = Buffer.from(`{"echo":${escaped},"other":"caf\\u00e9"}`);
    const out = echoRedactor(secret)?.({}, body).toString() as string;
    expect(out).toBe('{"echo":"[redacted]","other":"caf\\u00e9"}');
    expect(JSON.stringify(JSON.parse(out))).not.toContain(secret);
  });
});
