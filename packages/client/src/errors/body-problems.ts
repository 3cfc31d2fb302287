import type { Violation } from '@assetkit/contract';

/**
 * A problem of a success body the client found itself (without `validateResponses`, where a
 * resource method cannot go on with what it got), in the shape `validateResponses` reports.
 */
export function bodyViolation(pointer: string, message: string, keyword = 'type'): Violation {
  return { location: 'response.body', pointer, schemaPath: '', keyword, message };
}

/** What kind of JSON value this is, for a message: `null`, `an array`, `an object`, `a number`. */
export function jsonKind(value: unknown): string {
  if (value === null) {
    return 'null';
  }
  if (Array.isArray(value)) {
    return 'an array';
  }
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** A JSON value as it was written, cut at 40 characters, for a message. */
export function jsonExcerpt(value: unknown): string {
  const json = JSON.stringify(value) ?? String(value);
  return json.length > 40 ? `${json.slice(0, 40)}…` : json;
}
