const QUOTE = 34; // "
const BACKSLASH = 92; // \

/**
 * The deepest a request's JSON document may nest arrays and objects in one another. Every
 * document of the specs here nests a few levels; `JSON.parse` spends time on depth far faster than
 * on size (400,000 nested arrays, 800 KB, take V8 about a second to read and check; a flat array
 * of the same size under a tenth of that), so a body under the size limit could still cost a
 * second of CPU per request.
 */
export const MAX_JSON_NESTING = 128;

/**
 * Why a JSON text nests too deep to be read (more than `max` arrays and objects inside one
 * another; brackets inside strings do not count), or `undefined`. A scan of the text before it
 * is parsed, which stops at the first level too deep.
 *
 * @example
 * nestingProblem('[[[1]]]', 2); // 'nests arrays and objects deeper than 2 levels'
 * nestingProblem('{"a":"[[["}', 2); // undefined
 */
export function nestingProblem(text: string, max = MAX_JSON_NESTING): string | undefined {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      for (i++; i < text.length && text.charCodeAt(i) !== QUOTE; i++) {
        if (text.charCodeAt(i) === BACKSLASH) {
          i++;
        }
      }
    } else if (c === 123 /* { */ || c === 91 /* [ */) {
      if (++depth > max) {
        return `nests arrays and objects deeper than ${max} levels`;
      }
    } else if (c === 125 /* } */ || c === 93 /* ] */) {
      depth--;
    }
  }
  return undefined;
}
