/**
 * What a JavaScript caller passed where an option belongs, for a message: `"x"`, `42`, `NaN`,
 * `an object`, `an array`, `a function` (never an object's `[object Object]` or a function's source).
 *
 * @example
 * `retry must be an object of retry options or false, got ${given(true)}`; // '… got true'
 */
export function given(value: unknown): string {
  if (Array.isArray(value)) {
    return 'an array';
  }
  if (typeof value === 'function') {
    return 'a function';
  }
  if (typeof value === 'object' && value !== null) {
    return 'an object';
  }
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

/** Whether `value` is an options object (no `null`, no array). */
export function isOptionsObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * What class an object that is no plain one is of, for a message (`a Map`, `a Date`, `an
 * AltChange`), or `undefined` for a plain object: one made by `{}` or `Object.create(null)`, in
 * this realm or another (its prototype is an `Object.prototype`).
 *
 * @example
 * instanceKind(new Map()); // 'a Map'
 */
export function instanceKind(value: object): string | undefined {
  const prototype: unknown = Object.getPrototypeOf(value);
  if (prototype === null || Object.getPrototypeOf(prototype) === null) {
    return undefined;
  }
  const name: unknown = (prototype as { constructor?: { name?: unknown } }).constructor?.name;
  if (typeof name !== 'string' || name === '') {
    return 'an instance of a class';
  }
  return `${/^[aeiou]/i.test(name) ? 'an' : 'a'} ${name}`;
}
