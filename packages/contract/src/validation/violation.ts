/**
 * `text` whole up to `max` UTF-16 units, else its start and `…`, never cut inside a surrogate pair
 * (half of one is not Unicode, and answers must not carry what requests may not).
 *
 * @example
 * shorten('abcdef', 3); // 'abc…'
 * shorten('ab😀', 3); // 'ab…'
 */
export function shorten(text: string, max: number): string {
  if (text.length <= max) {
    return text;
  }
  const code = text.charCodeAt(max - 1);
  const end = code >= 0xd800 && code <= 0xdbff ? max - 1 : max;
  return `${text.slice(0, end)}…`;
}

/** The longest pointer an answer quotes whole; a longer one is cut, marked with `…`. */
export const MAX_SHOWN_POINTER = 512;

/**
 * A pointer as an answer quotes it: whole up to {@link MAX_SHOWN_POINTER} characters, else its
 * start and `…`. A document nested 100,000 levels deep would otherwise put a 200 KB pointer into
 * each of an error's fields.
 *
 * @example
 * shownPointer('/a/b'); // '/a/b'
 */
export function shownPointer(pointer: string): string {
  return pointer.length <= MAX_SHOWN_POINTER ? pointer : shorten(pointer, MAX_SHOWN_POINTER - 1);
}

/**
 * Where a violation was found. Request parts are `path`, `query`, `header` and `body`; response
 * parts are prefixed with `response.`.
 */
export type ViolationLocation =
  | 'path'
  | 'query'
  | 'header'
  | 'body'
  | 'response.status'
  | 'response.header'
  | 'response.body';

/**
 * One way a request or response breaks the contract.
 *
 * @example
 * {
 *   location: 'response.body',
 *   pointer: '/variants/0/height',
 *   schemaPath: '#/components/schemas/AssetVariant/properties/height/type',
 *   keyword: 'type',
 *   message: 'must be integer or null, got string "500"',
 *   actual: '500',
 * }
 */
export interface Violation {
  location: ViolationLocation;
  /** JSON pointer into the data at `location` (`''` is the whole of it). */
  pointer: string;
  /** JSON pointer into the spec, to the keyword that failed. */
  schemaPath: string;
  /**
   * The JSON Schema keyword that failed, or one of assetkit's own checks: `route`, `method`,
   * `status`, `contentType`, `json`, `body`, `multipart`, `encoding`, `alias` (a query parameter
   * sent under a server's alias and its own name); `truncated` closes a list cut at its 100th entry.
   */
  keyword: string;
  /** Plain English: what was expected and what arrived. */
  message: string;
  /** The offending value when it is a primitive (strings cut to 200 characters). */
  actual?: string | number | boolean | null;
  /** On a `truncated` entry: how many problems were found but not listed. */
  omitted?: number;
}

/**
 * How many problems one violation stands for: one, or for a `truncated` entry the number it left
 * out.
 *
 * @example
 * problemsIn({ keyword: 'truncated', omitted: 1100 }); // 1100
 */
export function problemsIn(violation: Pick<Violation, 'keyword' | 'omitted'>): number {
  return violation.keyword === 'truncated' ? (violation.omitted ?? 0) : 1;
}

/**
 * How many problems violations stand for (see {@link problemsIn}): the real count, not the length
 * of a list cut at 100 plus its marker.
 *
 * @example
 * problemCount([…100 listed, { keyword: 'truncated', omitted: 1100, … }]); // 1200
 */
export function problemCount(violations: readonly Pick<Violation, 'keyword' | 'omitted'>[]): number {
  let count = 0;
  for (const v of violations) {
    count += problemsIn(v);
  }
  return count;
}

/** The answer of `validateRequest` and `validateResponse`. */
export interface ValidationResult {
  valid: boolean;
  violations: Violation[];
}

/** Keeps a value for `Violation.actual` only when it is a short primitive. */
export function actualValue(value: unknown): Violation['actual'] {
  if (typeof value === 'string') {
    return shorten(value, 200);
  }
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) {
    return value;
  }
  return undefined;
}

/**
 * A one-line summary of violations for logs and error messages: `body /fileHash: must match …`.
 *
 * @example
 * summarizeViolations(result.violations); // 'query /limit: must be <= 100, got number 101'
 */
export function summarizeViolations(violations: readonly Violation[], max = 5): string {
  const shown = violations
    .slice(0, max)
    .map((v) => `${v.location}${v.pointer ? ` ${shownPointer(v.pointer)}` : ''}: ${v.message}`);
  const rest = problemCount(violations.slice(max));
  const more = rest > 0 ? `; and ${rest} more` : '';
  return shown.join('; ') + more;
}
