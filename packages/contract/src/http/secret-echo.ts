/** A token this long is never in an answer by chance: wherever it is, it was echoed. */
const UNMISTAKABLE = 16;

function alphanumeric(code: number | undefined): boolean {
  return (
    code !== undefined &&
    ((code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a))
  );
}

/**
 * Whether an occurrence of `secret` at `start`–`end` of a text (read one unit at a time by `at`:
 * a string's char codes or a buffer's bytes) is the secret itself and not part of a word. A long
 * secret counts wherever it is; a short one (`t`, `test`) only with no letter or digit on either
 * side, since inside a word it is a coincidence, and replacing it there would break every text
 * holding the word (`applica[redacted]ion/json` for the token `t`).
 *
 * @example
 * const text = 'application/json; token=t';
 * isEcho('t', (i) => text.charCodeAt(i), 6, 7); // false: the "t" of "application"
 */
export function isEcho(secret: string, at: (i: number) => number | undefined, start: number, end: number): boolean {
  return (
    secret.length >= UNMISTAKABLE || (!alphanumeric(start > 0 ? at(start - 1) : undefined) && !alphanumeric(at(end)))
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
