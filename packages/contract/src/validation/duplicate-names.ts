import { joinPointer } from '../json-pointer.js';

type Frame = { object: true; names: Set<string>; name: string; expectName: boolean } | { object: false; index: number };

const QUOTE = 34; // "
const BACKSLASH = 92; // \

/** The key under which the current value of a frame sits, as a pointer segment. */
function segment(frame: Frame): string {
  return frame.object ? frame.name : String(frame.index);
}

/**
 * The first name that appears twice in one object of a JSON text (compared after escapes are
 * decoded, so `"a"` and `"\u0061"` are the same name), as the JSON pointer of its second
 * appearance; `undefined` when every object's names are unique. RFC 8259 §4 leaves duplicate names
 * to each parser: `JSON.parse` keeps the last, other parsers the first or refuse, so a validator
 * and the server behind it could read two different documents. Meant for valid JSON; on other text
 * it still returns (what it says there is unspecified).
 *
 * @example
 * duplicateName('{"fileName":{"x":1},"fileName":"a.png"}'); // '/fileName'
 */
export function duplicateName(text: string): string | undefined {
  const stack: Frame[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      let end = i + 1;
      let escaped = false;
      // Bounded by the text too: an unterminated string (not JSON) ends the scan instead of spinning.
      for (let ch = text.charCodeAt(end); ch !== QUOTE && end < text.length; ch = text.charCodeAt(end)) {
        if (ch === BACKSLASH) {
          escaped = true;
          end++;
        }
        end++;
      }
      if (end >= text.length) {
        return undefined;
      }
      const top = stack.at(-1);
      if (top?.object && top.expectName) {
        const name = escaped ? (JSON.parse(text.slice(i, end + 1)) as string) : text.slice(i + 1, end);
        if (top.names.has(name)) {
          const at = stack.slice(0, -1).reduce((pointer, frame) => joinPointer(pointer, segment(frame)), '');
          return joinPointer(at, name);
        }
        top.names.add(name);
        top.name = name;
        top.expectName = false;
      }
      i = end;
    } else if (c === 123 /* { */) {
      stack.push({ object: true, names: new Set(), name: '', expectName: true });
    } else if (c === 91 /* [ */) {
      stack.push({ object: false, index: 0 });
    } else if (c === 125 /* } */ || c === 93 /* ] */) {
      stack.pop();
    } else if (c === 44 /* , */) {
      const top = stack.at(-1);
      if (top?.object) {
        top.expectName = true;
      } else if (top) {
        top.index++;
      }
    }
  }
  return undefined;
}
