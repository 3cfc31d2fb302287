import { describe, expect, it } from 'vitest';
import { echoRedactor } from './echo-redaction.js';

describe('echoRedactor', () => {
  const redact = echoRedactor('tok-123');

  it('replaces every occurrence in the body and in every header value', () => {
    const headers: Record<string, string | string[] | undefined> = {
      'x-one': 'Bearer tok-123',
      'x-many': ['a', 'tok-123 and tok-123'],
      'x-none': 'plain',
    };
    const body = redact?.(headers, Buffer.from('{"a":"tok-123","b":"xtok-123tok-123"}'));
    expect(body?.toString()).toBe('{"a":"[redacted]","b":"x[redacted][redacted]"}');
    expect(headers).toEqual({
      'x-one': 'Bearer [redacted]',
      'x-many': ['a', '[redacted] and [redacted]'],
      'x-none': 'plain',
    });
  });

  it('hands back the same buffer when the token is not in it, and does nothing without a token', () => {
    const body = Buffer.from('{"a":"tok-12"}');
    expect(redact?.({}, body)).toBe(body);
    expect(echoRedactor(null)).toBeUndefined();
  });
});
