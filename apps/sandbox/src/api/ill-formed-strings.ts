import { joinPointer, type Violation } from '@assetkit/contract';

// In a `u` regex a surrogate pair is one code point, so this matches only a lone surrogate.
const LONE_SURROGATE = /\p{Cs}/u;

/**
 * Every string in a parsed JSON body (keys too) that is not well-formed Unicode: JSON's `\uD800`
 * escapes can write a lone surrogate, which no file name, URL or UTF-8 column can hold (SQLite
 * would store U+FFFD instead, and `encodeURIComponent` throws). One violation per string, at its
 * JSON pointer.
 *
 * @example
 * illFormedStrings(JSON.parse('{"fileName":"\\ud800.png"}')); // [{ pointer: '/fileName', … }]
 */
export function illFormedStrings(value: unknown, pointer = ''): Violation[] {
  if (typeof value === 'string') {
    return !LONE_SURROGATE.test(value)
      ? []
      : [
          {
            location: 'body',
            pointer,
            schemaPath: '#',
            keyword: 'sandbox',
            message: 'must be well-formed Unicode (it holds a lone UTF-16 surrogate escape)',
          },
        ];
  }
  if (value === null || typeof value !== 'object') {
    return [];
  }
  const found: Violation[] = [];
  for (const [key, item] of Object.entries(value)) {
    const at = joinPointer(pointer, key);
    found.push(...illFormedStrings(key, at), ...illFormedStrings(item, at));
  }
  return found;
}
