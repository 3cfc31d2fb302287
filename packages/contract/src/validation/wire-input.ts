/** Query input as callers have it: a raw query string, URLSearchParams, or a parsed object. */
export type QueryInput = string | URLSearchParams | Readonly<Record<string, string | readonly string[] | undefined>>;

/** Header input: a fetch `Headers`, or Node's `IncomingHttpHeaders`-style object. */
export type HeadersInput = Headers | Readonly<Record<string, string | readonly string[] | number | undefined>>;

/** Parameter values as they came off the wire; a repeated name becomes an array. */
export type WireValues = Record<string, string | string[]>;

function add(out: WireValues, name: string, value: string): void {
  const previous = Object.hasOwn(out, name) ? out[name] : undefined;
  if (previous === undefined) {
    if (name === '__proto__') {
      // It must stay a (reportable) value, never become the object's prototype.
      Object.defineProperty(out, name, { value, enumerable: true, writable: true, configurable: true });
    } else {
      out[name] = value;
    }
  } else if (Array.isArray(previous)) {
    previous.push(value);
  } else {
    out[name] = [previous, value];
  }
}

/**
 * Normalises query input into one object; `?limit=1&limit=2` gives `{ limit: ['1', '2'] }`, so a
 * repeated parameter is seen (and rejected where one value is documented).
 *
 * @example
 * normalizeQuery('?offset=0&limit=10'); // { offset: '0', limit: '10' }
 */
export function normalizeQuery(input: QueryInput | undefined): WireValues {
  const out: WireValues = {};
  if (input === undefined) {
    return out;
  }
  if (typeof input === 'string' || input instanceof URLSearchParams) {
    const params = typeof input === 'string' ? new URLSearchParams(input.replace(/^\?/, '')) : input;
    for (const [name, value] of params) {
      add(out, name, value);
    }
    return out;
  }
  for (const [name, value] of Object.entries(input)) {
    if (value === undefined) {
      continue;
    }
    for (const item of typeof value === 'string' ? [value] : value) {
      add(out, name, item);
    }
  }
  return out;
}

/**
 * Normalises headers into an object with lower-case names (the input itself when it already is
 * one: treat the result as read-only).
 *
 * @example
 * normalizeHeaders(new Headers({ 'Content-Type': 'application/json' })); // { 'content-type': 'application/json' }
 */
export function normalizeHeaders(input: HeadersInput | undefined): WireValues {
  if (input === undefined) {
    return {};
  }
  if (!(input instanceof Headers) && isWireValues(input)) {
    return input;
  }
  const out: WireValues = {};
  const entries: [string, unknown][] = input instanceof Headers ? [...input.entries()] : Object.entries(input);
  for (const [name, value] of entries) {
    if (value === undefined) {
      continue;
    }
    for (const item of Array.isArray(value) ? value : [value]) {
      add(out, name.toLowerCase(), String(item));
    }
  }
  return out;
}

const UPPER = /[A-Z]/;

/**
 * Whether an object already is lower-case names to strings (as Node's and undici's parsed headers
 * are), so it can be read as it is instead of copied on every request. Callers must not mutate it.
 */
function isWireValues(input: Readonly<Record<string, unknown>>): input is WireValues {
  for (const name in input) {
    const value = input[name];
    if (UPPER.test(name) || (typeof value !== 'string' && !Array.isArray(value))) {
      return false;
    }
  }
  return true;
}

/** The single value of a header (the first, if repeated). */
export function firstValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
