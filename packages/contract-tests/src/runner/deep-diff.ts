import { joinPointer } from '@assetkit/contract';

/** One difference between two JSON values. */
export interface Difference {
  pointer: string;
  expected: unknown;
  actual: unknown;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Options of {@link deepDiff}. */
export interface DiffOptions {
  /** JSON pointer the compared values sit at. */
  base?: string;
  /**
   * Skip object keys only one side has. Two responses about one resource may each carry
   * properties the spec does not document (tolerated unless strict); required ones are the
   * schema check's business. Keys both sides have are always compared.
   */
  ignoreOneSided?: boolean;
  max?: number;
}

/**
 * Every place where `actual` differs from `expected`, as JSON pointers below `base`. Objects are
 * compared key by key (a missing key is `undefined`), arrays item by item; the walk stops at the
 * first level where the kinds differ, so one type change gives one difference, not dozens.
 *
 * @example
 * deepDiff({ a: { b: 1 } }, { a: { b: 2 } }); // [{ pointer: '/a/b', actual: 1, expected: 2 }]
 */
export function deepDiff(actual: unknown, expected: unknown, options: DiffOptions = {}): Difference[] {
  const { base = '', ignoreOneSided = false, max = 20 } = options;
  const out: Difference[] = [];
  const walk = (a: unknown, e: unknown, pointer: string) => {
    if (out.length >= max) {
      return;
    }
    if (Array.isArray(a) && Array.isArray(e)) {
      if (a.length !== e.length) {
        out.push({ pointer: joinPointer(pointer, 'length'), actual: a.length, expected: e.length });
      }
      for (let i = 0; i < Math.min(a.length, e.length); i++) {
        walk(a[i], e[i], joinPointer(pointer, i));
      }
      return;
    }
    if (isObject(a) && isObject(e)) {
      for (const key of new Set([...Object.keys(e), ...Object.keys(a)])) {
        if (!ignoreOneSided || (Object.hasOwn(a, key) && Object.hasOwn(e, key))) {
          walk(a[key], e[key], joinPointer(pointer, key));
        }
      }
      return;
    }
    if (!Object.is(a, e)) {
      out.push({ pointer, actual: a, expected: e });
    }
  };
  walk(actual, expected, base);
  return out;
}

/** A short, readable rendering of a value for reports (`undefined` says "absent"). */
export function show(value: unknown, max = 120): string {
  if (value === undefined) {
    return '(absent)';
  }
  const text = JSON.stringify(value) ?? String(value);
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
