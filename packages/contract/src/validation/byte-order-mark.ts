/**
 * Whether bytes start with UTF-8's byte order mark (EF BB BF), which JSON sent over a network
 * must not carry (RFC 8259 §8.1) and which decoders drop without a word.
 *
 * @example
 * startsWithByteOrderMark(new Uint8Array([0xef, 0xbb, 0xbf, 0x7b, 0x7d])); // true
 */
export function startsWithByteOrderMark(bytes: Uint8Array): boolean {
  return bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
}
