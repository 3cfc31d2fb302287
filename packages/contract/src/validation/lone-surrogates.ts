import { joinPointer } from '../json-pointer.js';

/** In a `u` regular expression a surrogate pair is one code point, so this finds only a lone half. */
const LONE_SURROGATE = /\p{Cs}/u;

/**
 * The JSON pointer of the first string, name or value, that holds a lone UTF-16 surrogate
 * (`"\ud83d"` without its pair); `undefined` when every string is well-formed. RFC 8259 §8.2 leaves
 * such strings to each parser: `JSON.parse` keeps the half, others replace it with U+FFFD or refuse
 * the document, so a validator and the server behind it could read two different values.
 *
 * @example
 * loneSurrogateAt(JSON.parse('{"altText":"\\ud83d"}')); // '/altText'
 * loneSurrogateAt(JSON.parse('{"altText":"\\ud83d\\ude00"}')); // undefined
 */
export function loneSurrogateAt(value: unknown, pointer = ''): string | undefined {
  if (typeof value === 'string') {
    return LONE_SURROGATE.test(value) ? pointer : undefined;
  }
  if (value === null || typeof value !== 'object') {
    return undefined;
  }
  for (const [name, item] of Object.entries(value)) {
    const at = joinPointer(pointer, name);
    if (LONE_SURROGATE.test(name)) {
      return at;
    }
    const found = loneSurrogateAt(item, at);
    if (found !== undefined) {
      return found;
    }
  }
  return undefined;
}
