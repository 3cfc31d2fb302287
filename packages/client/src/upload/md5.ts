/**
 * MD5 (RFC 1321) in plain TypeScript, for `create-asset`'s `fileHash`.
 *
 * Why not `node:crypto` or a dependency: the client must run in browsers, where `node:crypto` does
 * not exist and WebCrypto has no MD5. A package would do (`spark-md5` is pure and incremental), but
 * the common ones are CommonJS/UMD with separate type definitions, while the algorithm is ~80 lines
 * with fixed test vectors. Owning it keeps openapi-fetch the client's only eager runtime dependency, and
 * this version hashes bytes incrementally, so a Blob or stream could be fed chunk by chunk.
 */

// Per-round left-rotation amounts (RFC 1321 §3.4).
const SHIFTS = [
  7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20, 4,
  11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21,
];

// K[i] = floor(abs(sin(i + 1)) * 2^32), computed once instead of a 64-entry literal table.
const K = Uint32Array.from({ length: 64 }, (_, i) => Math.floor(Math.abs(Math.sin(i + 1)) * 2 ** 32));

/**
 * An incremental MD5 hash: `update()` with byte chunks, then `digestHex()` once.
 *
 * @example
 * const md5 = new Md5();
 * md5.update(new TextEncoder().encode('abc'));
 * md5.digestHex(); // '900150983cd24fb0d6963f7d28e17f72'
 */
export class Md5 {
  readonly #state = new Uint32Array([0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476]);
  readonly #block = new Uint8Array(64);
  readonly #words = new Uint32Array(16);
  #blockLength = 0;
  #byteLength = 0;
  #done = false;

  /** Feeds more bytes. */
  update(bytes: Uint8Array): this {
    if (this.#done) {
      throw new Error('Md5: update() after digestHex()');
    }
    this.#byteLength += bytes.length;
    let offset = 0;
    while (offset < bytes.length) {
      const take = Math.min(64 - this.#blockLength, bytes.length - offset);
      this.#block.set(bytes.subarray(offset, offset + take), this.#blockLength);
      this.#blockLength += take;
      offset += take;
      if (this.#blockLength === 64) {
        this.#compress();
        this.#blockLength = 0;
      }
    }
    return this;
  }

  /** Pads, finishes and returns the 32-character lower-case hex digest. */
  digestHex(): string {
    if (!this.#done) {
      const bitLength = this.#byteLength * 8;
      this.#pad(bitLength);
      this.#done = true;
    }
    let hex = '';
    for (const word of this.#state) {
      for (let shift = 0; shift < 32; shift += 8) {
        hex += ((word >>> shift) & 0xff).toString(16).padStart(2, '0');
      }
    }
    return hex;
  }

  #pad(bitLength: number): void {
    this.#block[this.#blockLength++] = 0x80;
    if (this.#blockLength > 56) {
      this.#block.fill(0, this.#blockLength);
      this.#compress();
      this.#blockLength = 0;
    }
    this.#block.fill(0, this.#blockLength, 56);
    // The length is 64-bit little-endian; split it because bit operators work on 32 bits.
    const view = new DataView(this.#block.buffer);
    view.setUint32(56, bitLength >>> 0, true);
    view.setUint32(60, Math.floor(bitLength / 2 ** 32), true);
    this.#compress();
  }

  #compress(): void {
    const m = this.#words;
    const view = new DataView(this.#block.buffer);
    for (let i = 0; i < 16; i++) {
      m[i] = view.getUint32(i * 4, true);
    }
    const s = this.#state;
    let [a, b, c, d] = [s[0] as number, s[1] as number, s[2] as number, s[3] as number];
    for (let i = 0; i < 64; i++) {
      let f: number;
      let g: number;
      if (i < 16) {
        f = (b & c) | (~b & d);
        g = i;
      } else if (i < 32) {
        f = (d & b) | (~d & c);
        g = (5 * i + 1) % 16;
      } else if (i < 48) {
        f = b ^ c ^ d;
        g = (3 * i + 5) % 16;
      } else {
        f = c ^ (b | ~d);
        g = (7 * i) % 16;
      }
      const sum = (a + f + (K[i] as number) + (m[g] as number)) | 0;
      const shift = SHIFTS[i] as number;
      a = d;
      d = c;
      c = b;
      b = (b + ((sum << shift) | (sum >>> (32 - shift)))) | 0;
    }
    s[0] = (s[0] as number) + a;
    s[1] = (s[1] as number) + b;
    s[2] = (s[2] as number) + c;
    s[3] = (s[3] as number) + d;
  }
}

/**
 * The MD5 hex digest of some bytes: what `create-asset` wants as `fileHash`.
 *
 * @example
 * md5Hex(new TextEncoder().encode('')); // 'd41d8cd98f00b204e9800998ecf8427e'
 */
export function md5Hex(bytes: Uint8Array): string {
  return new Md5().update(bytes).digestHex();
}
