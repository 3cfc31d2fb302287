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
  // and every response broke its contract ("applica[redacted]ion/json").
  it('replaces a short token only where it stands apart from letters and digits', () => {
    const short = echoRedactor('t');
    const headers: Record<string, string | string[] | undefined> = {
      'content-type': 'application/json',
      'x-debug': 'token=t; Bearer t.',
    };
    const body = Buffer.from('{"contentType":"text/plain","echo":"t"}');
    expect(short?.(headers, body).toString()).toBe('{"contentType":"text/plain","echo":"[redacted]"}');
    expect(headers).toEqual({ 'content-type': 'application/json', 'x-debug': 'token=[redacted]; Bearer [redacted].' });
    const untouched = Buffer.from('{"contentType":"application/json"}');
    expect(short?.({}, untouched)).toBe(untouched);
  });
});
