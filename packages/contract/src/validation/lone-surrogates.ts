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
  // Depth first in document order, with a stack of its own rather than the call stack: a body
  // nests as deep as its size allows (1 MB of `[`), and recursing overflowed the call stack, so a
  // well-formed document was refused as "not valid JSON (Maximum call stack size exceeded)".
  const stack: Visit[] = [{ value, name: '', member: false, parent: undefined }];
  for (let visit = stack.pop(); visit !== undefined; visit = stack.pop()) {
    if (visit.member && LONE_SURROGATE.test(visit.name)) {
      return pointerOf(visit, pointer);
    }
    const item = visit.value;
    if (typeof item === 'string') {
      if (LONE_SURROGATE.test(item)) {
        return pointerOf(visit, pointer);
      }
      continue;
    }
    if (item === null || typeof item !== 'object') {
      continue;
    }
    const member = !Array.isArray(item);
    const entries = Object.entries(item);
    for (let i = entries.length - 1; i >= 0; i--) {
      const [name, child] = entries[i] as [string, unknown];
      stack.push({ value: child, name, member, parent: visit });
    }
  }
  return undefined;
}

/** A value met on the way down: its name in its parent (a member's or an index) and the parent. */
interface Visit {
  value: unknown;
  name: string;
  member: boolean;
  parent: Visit | undefined;
}

/** The pointer of a visited value, below `base`. */
function pointerOf(visit: Visit, base: string): string {
  const names: string[] = [];
  for (let at: Visit | undefined = visit; at?.parent !== undefined; at = at.parent) {
    names.push(at.name);
  }
  return names.reduceRight((pointer, name) => joinPointer(pointer, name), base);
}
