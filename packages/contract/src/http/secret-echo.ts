/** A token this long is never in an answer by chance: wherever it is, it was echoed. */
const UNMISTAKABLE = 16;
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
  if (secret.length >= UNMISTAKABLE) {
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
 * `text` with each echo of `secret` (see {@link isEcho}) replaced by `placeholder`.
 *
 * @example
 * replaceSecret('Bearer t; text/plain', 't', '<redacted>'); // 'Bearer <redacted>; text/plain'
 */
export function replaceSecret(text: string, secret: string, placeholder: string): string {
  if (secret === '') {
    return text;
  }
  let at = text.indexOf(secret);
  if (at < 0) {
    return text;
  }
  let out = '';
  let from = 0;
  const code = (i: number) => (i < text.length ? text.charCodeAt(i) : undefined);
  while (at >= 0) {
    if (isEcho(secret, code, at, at + secret.length)) {
      out += text.slice(from, at) + placeholder;
      from = at + secret.length;
    }
    at = text.indexOf(secret, at + 1);
  }
  return out + text.slice(from);
}
