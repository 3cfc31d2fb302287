/**
 * A part's `Content-Disposition: form-data; name="…"; filename="…"` (RFC 7578 §4.2), read the way
 * busboy reads it, and refused wherever busboy would drop the part without a word (the validator
 * would then check a part the server behind never sees) or where parsers read it differently:
 *
 * - parameters in order: `;`, a token name, `=`, then a token or a quoted string, or for a name
 *   ending in `*` an RFC 5987 value (`UTF-8''na%C3%AFve.png`); an empty parameter (`a;;b`, a
 *   trailing `;`) or a value of other characters makes busboy drop the part, so it is refused;
 * - in a quoted string, `\"` and `\\` stand for `"` and `\`, and any other backslash is kept as
 *   sent. That is busboy's reading, and what browsers mean: they never escape (WHATWG HTML sends
 *   `"` as `%22`, CR and LF as `%0D` and `%0A`, and a backslash as is), so `"C:\dir\a.png"` is
 *   `C:\dir\a.png`. RFC 9110 reads `\d` as `d`; for a file name that changes only the name, but in
 *   a part's name it would change which part a server sees, so a name is refused instead;
 * - `filename*` (RFC 5987, UTF-8 or ISO-8859-1) is the file name in busboy even beside a
 *   `filename`, which RFC 7578 readers take (it tells clients not to send `filename*`): both,
 *   differing, is refused. `name*` is ignored by busboy and read by RFC 5987 readers: refused.
 *
 * @see https://www.rfc-editor.org/rfc/rfc7578#section-4.2
 * @see https://www.rfc-editor.org/rfc/rfc5987#section-3.2
 * @see https://html.spec.whatwg.org/multipage/form-control-infrastructure.html#multipart-form-data
 */

import { TOKEN } from '../http/header-parameters.js';

/** What a part's Content-Disposition names: the part, and the file for a file part. */
export interface FormDisposition {
  name: string;
  fileName: string | undefined;
}

/** RFC 5987 `ext-value`: charset, language, then `attr-char`s and `%XX` bytes. */
const EXTENDED = /^([!#$%&+^_`{}~0-9A-Za-z-]+)'([A-Za-z0-9-]*)'((?:[!#$&+.^_`|~0-9A-Za-z-]|%[0-9A-Fa-f]{2})+)/;

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** A quoted string from its opening quote, busboy's way; `undefined` without a closing quote. */
function readQuoted(text: string): { value: string; length: number; loneBackslash: boolean } | undefined {
  let value = '';
  let loneBackslash = false;
  for (let i = 1; i < text.length; i++) {
    const char = text[i] as string;
    if (char === '"') {
      return { value, length: i + 1, loneBackslash };
    }
    if (char === '\\') {
      const next = text[i + 1];
      if (next === '"' || next === '\\') {
        value += next;
        i++;
        continue;
      }
      loneBackslash = true;
    }
    value += char;
  }
  return undefined;
}

/** An RFC 5987 value's text, or why it has none (busboy drops the part then). */
function decodeExtended(name: string, charset: string, encoded: string): string | { error: string } {
  const bytes = Uint8Array.from(encoded.match(/%[0-9A-Fa-f]{2}|[^%]/g) ?? [], (unit) =>
    unit.length === 3 ? Number.parseInt(unit.slice(1), 16) : unit.charCodeAt(0),
  );
  if (/^iso-8859-1$/i.test(charset)) {
    // One character per byte; not spread into fromCharCode, which a long header would overflow.
    return Array.from(bytes, (byte) => String.fromCharCode(byte)).join('');
  }
  if (!/^utf-8$/i.test(charset)) {
    return { error: `gives ${name} in the charset ${JSON.stringify(charset)}; only UTF-8 and ISO-8859-1 are read` };
  }
  try {
    return utf8.decode(bytes);
  } catch {
    return { error: `gives ${name} with bytes that are not UTF-8` };
  }
}

/**
 * The name and file name of a `form-data` Content-Disposition value, or why it cannot be read
 * the way the server behind reads it (the caller says which part).
 *
 * @example
 * readFormDisposition('form-data; name="asset"; filename="C:\\dir\\a.png"'); // { name: 'asset', fileName: 'C:\\dir\\a.png' }
 * readFormDisposition("form-data; name=asset; filename*=UTF-8''na%C3%AFve.png"); // fileName 'naïve.png'
 * readFormDisposition('form-data; name="a";'); // { error: 'has an empty parameter, …' }
 */
export function readFormDisposition(value: string): FormDisposition | { error: string } | undefined {
  const type = TOKEN.exec(value)?.[0];
  if (type?.toLowerCase() !== 'form-data') {
    return undefined;
  }
  const parameters = new Map<string, string>();
  let loneBackslashInName = false;
  let rest = value.slice(type.length);
  for (;;) {
    rest = rest.replace(/^[ \t]*/, '');
    if (rest === '') {
      break;
    }
    if (rest[0] !== ';') {
      return { error: `has text where a ";" should separate parameters: ${JSON.stringify(rest.slice(0, 40))}` };
    }
    rest = rest.slice(1).replace(/^[ \t]*/, '');
    if (rest === '' || rest[0] === ';') {
      return { error: 'has an empty parameter (a ";" too many), which makes busboy drop the part' };
    }
    const name = TOKEN.exec(rest)?.[0];
    if (name === undefined || rest[name.length] !== '=') {
      return { error: `has a parameter that is not name=value: ${JSON.stringify(rest.slice(0, 40))}` };
    }
    const key = name.toLowerCase();
    rest = rest.slice(name.length + 1);
    let read: string | { error: string };
    if (key.endsWith('*')) {
      const extended = EXTENDED.exec(rest);
      if (!extended) {
        return { error: `gives ${key} that is not charset'language'%-encoded text (RFC 5987)` };
      }
      read = decodeExtended(key, extended[1] as string, extended[3] as string);
      rest = rest.slice(extended[0].length);
    } else if (rest[0] === '"') {
      const quoted = readQuoted(rest);
      if (!quoted) {
        return { error: `has no closing quote for ${key} (a \\ right before a quote escapes it)` };
      }
      read = quoted.value;
      loneBackslashInName ||= key === 'name' && quoted.loneBackslash;
      rest = rest.slice(quoted.length);
    } else {
      read = TOKEN.exec(rest)?.[0] ?? { error: `has no value for ${key} that is a token or a quoted string` };
      rest = rest.slice(typeof read === 'string' ? read.length : 0);
    }
    if (typeof read !== 'string') {
      return read;
    }
    if (parameters.has(key)) {
      return { error: `names the parameter ${key} twice` };
    }
    parameters.set(key, read);
  }
  if (loneBackslashInName) {
    return { error: 'has a name with a \\ before a character other than " or \\, which parsers read differently' };
  }
  if (parameters.has('name*')) {
    return { error: 'gives name*, which busboy ignores and RFC 5987 readers take as the name' };
  }
  const plain = parameters.get('filename');
  const extended = parameters.get('filename*');
  if (plain !== undefined && extended !== undefined && plain !== extended) {
    return { error: 'gives a filename and a different filename*, and parsers differ on which counts' };
  }
  const name = parameters.get('name');
  // Busboy reads an empty name as none, and an empty file name as none too: a browser sends
  // `filename=""` for a file input left empty, and busboy hands that part over as a field (as a
  // file without a name if its Content-Type is application/octet-stream, as browsers send it).
  // `formValue` then reads its bytes by its type: as text if it has none, as bytes where the
  // Media Type Object's encoding names one (the store form's asset: image/*), so an empty asset
  // is still an empty string of bytes for the schema, and the server says it is no image.
  return name ? { name, fileName: extended || plain || undefined } : undefined;
}
