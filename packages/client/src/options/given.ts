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
