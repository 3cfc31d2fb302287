/**
 * Media type parsing and matching for `Content-Type` checks.
 *
 * @see https://spec.openapis.org/oas/v3.1.0#media-types
 */

/**
 * The bare, lower-case media type of a `Content-Type` value (`application/json; charset=utf-8`
 * → `application/json`), or `undefined` when there is none.
 *
 * @example
 * essence('Application/JSON; charset=utf-8'); // 'application/json'
 */
export function essence(contentType: string | undefined | null): string | undefined {
  if (!contentType) {
    return undefined;
  }
  const semicolon = contentType.indexOf(';');
  const bare = (semicolon < 0 ? contentType : contentType.slice(0, semicolon)).trim().toLowerCase();
  return bare === '' ? undefined : bare;
}

/**
 * Whether a media type carries JSON (`application/json` or any `+json` suffix).
 *
 * @example
 * isJsonMediaType('application/problem+json'); // true
 */
export function isJsonMediaType(mediaType: string): boolean {
  return mediaType === 'application/json' || mediaType.endsWith('+json');
}

/**
 * The documented media type (`application/json`, `image/*`, `*\/*`) a concrete one falls under,
 * preferring the most specific.
 *
 * @example
 * matchMediaType('image/png', ['application/json', 'image/*']); // 'image/*'
 */
export function matchMediaType<T extends { mediaType: string }>(
  actual: string,
  documented: readonly T[],
): T | undefined {
  const [type] = actual.split('/');
  return (
    documented.find((d) => d.mediaType === actual) ??
    documented.find((d) => d.mediaType === `${type}/*`) ??
    documented.find((d) => d.mediaType === '*/*')
  );
}

/**
 * Every `charset` parameter of a `Content-Type` value, lower-case and unquoted, in order (RFC 9110
 * §5.6.6: a quoted string may hold `;` and `charset=` without starting a parameter). Usually none
 * or one; more than one is ambiguous, as parsers differ on which counts.
 *
 * @example
 * charsetsOf('application/json; charset="UTF-8"'); // ['utf-8']
 * charsetsOf('application/json; x="; charset=a"; charset=utf-16le'); // ['utf-16le']
 */
export function charsetsOf(contentType: string | undefined): string[] {
  const charsets: string[] = [];
  for (const [, name = '', value = ''] of (contentType ?? '').matchAll(
    /;\s*([^=;\s]+)\s*=\s*("(?:[^"\\]|\\.)*"|[^;]*)/g,
  )) {
    if (name.toLowerCase() === 'charset') {
      const bare = value.trim();
      const unquoted =
        bare.length >= 2 && bare.startsWith('"') && bare.endsWith('"')
          ? bare.slice(1, -1).replace(/\\(.)/g, '$1')
          : bare;
      charsets.push(unquoted.toLowerCase());
    }
  }
  return charsets;
}

/**
 * What is wrong with the charset a JSON body (or part) is labelled with, `undefined` when nothing
 * is: JSON is UTF-8 (RFC 8259 §8.1) and is checked as such, so under another label an upstream
 * that honours it would read other text than was validated; two labels are refused whatever they
 * say, since parsers differ on which one counts.
 *
 * @example
 * jsonCharsetProblem('application/json; charset=iso-8859-1'); // 'charset iso-8859-1 is not accepted; …'
 */
export function jsonCharsetProblem(contentType: string | undefined): string | undefined {
  const charsets = charsetsOf(contentType);
  const [charset] = charsets;
  if (charsets.length > 1) {
    return `names a charset ${charsets.length} times (${charsets.map((c) => c.slice(0, 20)).join(', ')}), and parsers differ on which counts; send charset=utf-8 once or none`;
  }
  return charset !== undefined && charset !== 'utf-8' && charset !== 'utf8'
    ? `charset ${charset.slice(0, 40)} is not accepted; JSON is UTF-8: send charset=utf-8 or none`
    : undefined;
}
