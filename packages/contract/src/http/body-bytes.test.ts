import { describe, expect, it } from 'vitest';
import { BodyBytes } from './body-bytes.js';

describe('BodyBytes', () => {
  it('keeps a body that came in one piece as it came', () => {
    const piece = Buffer.from('{"a":1}');
    const body = new BodyBytes(1024, Buffer.allocUnsafe);
    expect(body.bytes()).toBeUndefined();
    body.add(piece);
    expect(body.bytes()).toBe(piece);
  });

  it('joins a few pieces in order', () => {
    const body = new BodyBytes(1024, Buffer.allocUnsafe);
    for (const piece of ['{"a"', ':', '1}']) {
      body.add(Buffer.from(piece));
    }
    expect(body.size).toBe(7);
    expect(body.bytes()?.toString()).toBe('{"a":1}');
  });

  it('joins many pieces in order, growing as it fills, up to the limit', () => {
    const limitBytes = 100_000;
    const body = new BodyBytes(limitBytes, Buffer.allocUnsafe);
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

describe('BodyBytes without Node', () => {
  it('collects plain Uint8Arrays into what `allocate` makes', () => {
    const body = new BodyBytes(10_000, (size) => new Uint8Array(size));
    for (let i = 0; i < 1_000; i++) {
      body.add(Uint8Array.of(i % 256, 7));
    }
    const bytes = body.bytes();
    expect(bytes).toBeInstanceOf(Uint8Array);
    expect(bytes?.length).toBe(2_000);
    expect([bytes?.[0], bytes?.[1], bytes?.[1998], bytes?.[1999]]).toEqual([0, 7, 999 % 256, 7]);
  });
});
