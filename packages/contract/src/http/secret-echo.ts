/** A secret this long is never in a text by chance: wherever it is, it was echoed. */
export const UNMISTAKABLE_SECRET_LENGTH = 16;
const QUOTE = 0x22;

function alphanumeric(code: number | undefined): boolean {
  return (
    code !== undefined &&
    ((code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a))
  );
}

const BEARER = 'bearer ';

/** Whether the units before `start` read `Bearer ` (any case). */
function afterBearer(at: (i: number) => number | undefined, start: number): boolean {
  if (start < BEARER.length) {
    return false;
  }
  for (let i = 0; i < BEARER.length; i++) {
    const code = at(start - BEARER.length + i);
    if (code === undefined || (code | 0x20) !== BEARER.charCodeAt(i)) {
      return false;
    }
  }
  return true;
}

/**
 * Whether an occurrence of `secret` at `start`–`end` of a text (read one unit at a time by `at`:
 * a string's char codes or a buffer's bytes) is an echo of the secret. A secret of 16 characters
 * or more counts wherever it is: no text holds one by chance. A shorter one (`t`, `0`, `json`)
 * could be any word, number or part of one, and replacing those would corrupt the text
 * (`applica[redacted]ion/json`, `"offset":[redacted]`); it counts only in the forms an echo of a
 * credential takes: after `Bearer `, as a whole JSON string (`"t"`), or as the whole text.
 *
 * @example
 * const text = 'application/json; Bearer t';
 * isEcho('t', (i) => text.charCodeAt(i), 6, 7); // false: the "t" of "application"
 * isEcho('t', (i) => text.charCodeAt(i), 26, 27); // true
 */
export function isEcho(secret: string, at: (i: number) => number | undefined, start: number, end: number): boolean {
  if (secret.length >= UNMISTAKABLE_SECRET_LENGTH) {
    return true;
  }
  const before = start > 0 ? at(start - 1) : undefined;
  const after = at(end);
  return (
    (before === undefined && after === undefined) ||
    (before === QUOTE && after === QUOTE) ||
    (afterBearer(at, start) && !alphanumeric(after))
  );
}

/**
 * Where each echo of `secret` (see {@link isEcho}) starts in a text that `find(from)` searches
 * (the next occurrence at or after `from`, or -1) and `at(i)` reads; `length` is the secret's in
 * the text's own units (bytes in a buffer). The one scan behind {@link replaceSecret} and the
 * proxy's byte-level redaction.
 *
 * @example
 * const text = 'Bearer t; text/plain';
 * echoStarts('t', 1, (from) => text.indexOf('t', from), (i) => text.charCodeAt(i)); // [7]
 */
export function echoStarts(
  secret: string,
  length: number,
  find: (from: number) => number,
  at: (i: number) => number | undefined,
): number[] {
  const starts: number[] = [];
  for (let i = find(0); i >= 0; i = find(i + 1)) {
    if (isEcho(secret, at, i, i + length)) {
      starts.push(i);
    }
  }
  return starts;
}

/**
 * `text` with each echo of `secret` (see {@link isEcho}) replaced by `placeholder`.
 *
 * @example
 * replaceSecret('Bearer t; text/plain', 't', '<redacted>'); // 'Bearer <redacted>; text/plain'
 */
export function replaceSecret(text: string, secret: string, placeholder: string): string {
  if (secret === '') {
    return text;
  }
  const code = (i: number) => (i < text.length ? text.charCodeAt(i) : undefined);
  const starts = echoStarts(secret, secret.length, (from) => text.indexOf(secret, from), code);
  let out = '';
  let from = 0;
  for (const at of starts) {
    out += text.slice(from, at) + placeholder;
    from = at + secret.length;
  }
  return starts.length === 0 ? text : out + text.slice(from);
}
