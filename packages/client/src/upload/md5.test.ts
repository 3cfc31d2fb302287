import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Md5, md5Hex } from './md5.js';

const encode = (text: string) => new TextEncoder().encode(text);

describe('md5Hex', () => {
  // RFC 1321 appendix A.5, the whole test suite.
  it.each([
    ['', 'd41d8cd98f00b204e9800998ecf8427e'],
    ['a', '0cc175b9c0f1b6a831c399e269772661'],
    ['abc', '900150983cd24fb0d6963f7d28e17f72'],
    ['message digest', 'f96b697d7cb7938d525a2f31aaf161d0'],
    ['abcdefghijklmnopqrstuvwxyz', 'c3fcd3d76192e4007dfb496cca67e13b'],
    ['ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789', 'd174ab98d277d9f5a5611c2c9f419d9f'],
    [
      '12345678901234567890123456789012345678901234567890123456789012345678901234567890',
      '57edf4a22be3c955ac49da2e2107b67a',
    ],
  ])('hashes the RFC 1321 vector %j to %s', (input, want) => {
    expect(md5Hex(encode(input))).toBe(want);
  });

  it.each([55, 56, 63, 64, 65, 119, 120, 128])(
    'pads a %i-byte message (around the block edges) like node:crypto',
    (n) => {
      const bytes = randomBytes(n);
      expect(md5Hex(bytes)).toBe(createHash('md5').update(bytes).digest('hex'));
    },
  );

  it('agrees with node:crypto on a 1 MiB buffer fed in odd-sized chunks', () => {
    const bytes = randomBytes(1024 * 1024 + 7);
    const md5 = new Md5();
    for (let offset = 0; offset < bytes.length; offset += 4093) {
      md5.update(bytes.subarray(offset, offset + 4093));
    }
    expect(md5.digestHex()).toBe(createHash('md5').update(bytes).digest('hex'));
  });

  it('returns the same digest when asked twice and refuses more input after', () => {
    const md5 = new Md5().update(encode('abc'));
    expect(md5.digestHex()).toBe(md5.digestHex());
    expect(() => md5.update(encode('d'))).toThrow(/after digestHex/);
  });
});
