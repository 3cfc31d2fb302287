import { splitPointer } from '../json-pointer.js';
import type { Violation } from './violation.js';
import type { QueryInput } from './wire-input.js';

/** What a query violation quoting a `+` read as a space adds to its message. */
export const PLUS_AS_SPACE = '(a "+" in a query string is a space; send %2B for a plus sign)';

/** The values sent with a raw `+`, by name as validation reads it, each as validation reads it. */
function valuesWithPlus(query: string): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const pair of query.replace(/^\?/, '').split('&')) {
    const equals = pair.indexOf('=');
    if (equals < 0 || !pair.includes('+', equals)) {
      continue;
    }
    const [[name, value] = ['', '']] = new URLSearchParams(pair);
    found.set(name, [...(found.get(name) ?? []), value]);
  }
  return found;
}

/**
 * Query violations whose message quotes a value in which a `+` sent was read as a space (form
 * encoding: `limit=+5` is `" 5"`), with that said, so a caller puzzled by a space it never sent
 * learns to send `%2B`. Pointer, keyword and the rest are unchanged. Only a raw query string shows
 * what was sent; parsed input is left as it is.
 *
 * @example
 * plusAsSpace([{ location: 'query', pointer: '/limit', message: 'must be written as a decimal integer (such as 10), got " 5"', … }], 'limit=+5');
 * // → message: '… got " 5" (a "+" in a query string is a space; send %2B for a plus sign)'
 */
export function plusAsSpace(violations: Violation[], query: QueryInput | undefined): Violation[] {
  if (typeof query !== 'string' || !query.includes('+') || violations.length === 0) {
    return violations;
  }
  const sent = valuesWithPlus(query);
  return violations.map((violation) => {
    const [name] = splitPointer(violation.pointer);
    const values = name === undefined ? undefined : sent.get(name);
    const quoted = values?.some((value) => violation.message.includes(JSON.stringify(value.slice(0, 60)).slice(0, -1)));
    return quoted ? { ...violation, message: `${violation.message} ${PLUS_AS_SPACE}` } : violation;
  });
}
