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
