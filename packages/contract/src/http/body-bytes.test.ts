import { describe, expect, it } from 'vitest';
import { bodyBytes } from './body-bytes.js';

describe('bodyBytes', () => {
  it('keeps a body that came in one piece as it came', () => {
    const piece = Buffer.from('{"a":1}');
    const body = bodyBytes({ limitBytes: 1024 });
    expect(body.bytes()).toBeUndefined();
    body.add(piece);
    expect(body.bytes()).toBe(piece);
  });

  it('joins a few pieces in order', () => {
    const body = bodyBytes({ limitBytes: 1024 });
    for (const piece of ['{"a"', ':', '1}']) {
      body.add(Buffer.from(piece));
    }
    expect(body.size).toBe(7);
    expect(body.bytes()?.toString()).toBe('{"a":1}');
  });

  it('joins many pieces in order, growing as it fills, up to the limit', () => {
    const limitBytes = 100_000;
    const body = bodyBytes({ limitBytes });
    const expected: number[] = [];
    for (let i = 0; i < limitBytes; i += 7) {
      const piece = Buffer.from(
        [i % 251, (i + 1) % 251, (i + 2) % 251, 3, 4, 5, 6].slice(0, Math.min(7, limitBytes - i)),
      );
      expected.push(...piece);
      body.add(piece);
    }
    expect(body.size).toBe(limitBytes);
    expect(body.bytes()).toEqual(Buffer.from(expected));
  });
});
