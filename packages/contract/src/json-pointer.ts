/**
 * RFC 6901 JSON Pointer helpers, used for violation pointers (`/variants/0/height`) and for
 * schema paths into the spec (`#/components/schemas/AssetVariant/properties/height`).
 *
 * @see https://www.rfc-editor.org/rfc/rfc6901
 */

/**
 * Escapes one reference token (`~` → `~0`, `/` → `~1`).
 *
 * @example
 * escapePointerToken('/sites/{site_id}'); // '~1sites~1{site_id}'
 */
export function escapePointerToken(token: string | number): string {
  return String(token).replace(/~/g, '~0').replace(/\//g, '~1');
}

/**
 * Unescapes one reference token (`~1` → `/`, `~0` → `~`).
 *
 * @example
 * unescapePointerToken('~1sites'); // '/sites'
 */
export function unescapePointerToken(token: string): string {
  return token.replace(/~1/g, '/').replace(/~0/g, '~');
}

/**
 * Joins a pointer and more tokens.
 *
 * @example
 * joinPointer('/variants', 0, 'height'); // '/variants/0/height'
 */
export function joinPointer(base: string, ...tokens: (string | number)[]): string {
  return tokens.reduce<string>((acc, token) => `${acc}/${escapePointerToken(token)}`, base);
}

/**
 * Splits a pointer (with or without a leading `#`) into unescaped tokens.
 *
 * @example
 * splitPointer('#/components/schemas/Asset'); // ['components', 'schemas', 'Asset']
 */
export function splitPointer(pointer: string): string[] {
  const bare = pointer.startsWith('#') ? pointer.slice(1) : pointer;
  if (bare === '') {
    return [];
  }
  return bare.slice(1).split('/').map(unescapePointerToken);
}

/**
 * Reads the value a pointer designates, or `undefined` when the path does not exist.
 *
 * @example
 * getAtPointer({ a: [{ b: 1 }] }, '/a/0/b'); // 1
 */
export function getAtPointer(value: unknown, pointer: string): unknown {
  let current: unknown = value;
  for (const token of splitPointer(pointer)) {
    if (current === null || typeof current !== 'object') {
      return undefined;
    }
    if (!Object.hasOwn(current, token)) {
      return undefined;
    }
    current = (current as Record<string, unknown>)[token];
  }
  return current;
}
