/**
 * The parameters of a header value such as `multipart/form-data; boundary="x"` (RFC 9110
 * §5.6.6): `; name=value` pairs after the first segment, each value a token or a quoted string.
 * Read in one pass, in order, the way standard parsers read them, so `x="; boundary=evil"` is the
 * value of `x` and never a boundary; a name given twice, text that is neither, or a `\` escaping
 * anything but `"` or `\` is refused (parsers disagree on which reading wins, and a validator
 * must read what the server behind it reads). A multipart part's Content-Disposition is read by
 * `readFormDisposition`, busboy's way.
 *
 * @see https://www.rfc-editor.org/rfc/rfc9110#section-5.6.6
 */

/** RFC 9110 `tchar`s from the start: what a parameter name (and a token value) is made of. */
export const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+/;

/**
 * An unquoted value: up to whitespace, `;` or a quote. It must be a token: parsers stop at other
 * characters at different places (Ktor reads `boundary=B,x` as `B`), and busboy refuses the
 * Content-Type (`boundary=----=_Part_0` too, which JavaMail quotes).
 */
const BARE = /^[^\s;"]+/;

/** RFC 9110 `token`, whole. */
const WHOLE_TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** A quoted string from its opening quote: plain characters and `\`-escaped ones, to the closing quote. */
const QUOTED = /^"((?:[^"\\\r\n]|\\[^\r\n])*)"/;

/**
 * Parameter name (lower case) → value, or why the value's parameters cannot be read.
 *
 * @example
 * headerParameters('multipart/form-data; boundary="a b"'); // { parameters: Map { 'boundary' => 'a b' } }
 * headerParameters('multipart/form-data; x="; boundary=evil"; boundary=real'); // boundary → 'real'
 * headerParameters('form-data; name=a; name=b'); // { error: 'names the parameter name twice' }
 */
export function headerParameters(value: string): { parameters: Map<string, string> } | { error: string } {
  const parameters = new Map<string, string>();
  const first = value.indexOf(';');
  let rest = first < 0 ? '' : value.slice(first);
  for (;;) {
    rest = rest.replace(/^[ \t]*/, '');
    if (rest === '') {
      return { parameters };
    }
    if (rest[0] !== ';') {
      return { error: `has text where a ";" should separate parameters: ${JSON.stringify(rest.slice(0, 40))}` };
    }
    rest = rest.slice(1).replace(/^[ \t]*/, '');
    if (rest === '' || rest[0] === ';') {
      // An empty parameter (`a; ; b`, a trailing `;`) is allowed by the grammar.
      continue;
    }
    const name = TOKEN.exec(rest)?.[0];
    if (name === undefined || rest[name.length] !== '=') {
      return { error: `has a parameter that is not name=value: ${JSON.stringify(rest.slice(0, 40))}` };
    }
    rest = rest.slice(name.length + 1);
    const quoted = QUOTED.exec(rest);
    const token = quoted ? undefined : BARE.exec(rest)?.[0];
    if (!quoted && token === undefined) {
      return { error: `has no readable value for the parameter ${name}` };
    }
    const key = name.toLowerCase();
    if (token !== undefined && !WHOLE_TOKEN.test(token)) {
      return {
        error: `has an unquoted value for ${key} that is not a token: ${JSON.stringify(token.slice(0, 40))} (quote it: ${key}="…")`,
      };
    }
    if (parameters.has(key)) {
      return { error: `names the parameter ${key} twice` };
    }
    // `\"` and `\\` read the same everywhere; RFC 9110 reads `\b` as `b`, busboy and Go as `\b`.
    let ambiguous = false;
    const unquoted = quoted?.[1]?.replace(/\\(.)/g, (_pair, char: string) => {
      ambiguous ||= char !== '"' && char !== '\\';
      return char;
    });
    if (ambiguous) {
      return { error: `has a \\ before a character other than " or \\ in ${key}, which parsers read differently` };
    }
    parameters.set(key, unquoted ?? (token as string));
    rest = rest.slice(quoted ? quoted[0].length : (token as string).length);
  }
}
