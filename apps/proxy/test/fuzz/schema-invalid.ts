import type { OpenApiDocument } from '@assetkit/contract';
import fc from 'fast-check';
import { codePoints, resolveSchema, type Schema, typesOf } from './schema.js';

/** A value the schema rejects, and why it was made (the oracle is how it was built). */
export interface InvalidValue {
  why: string;
  value: fc.Arbitrary<unknown>;
}

/** Names that pollute prototypes when a server merges parsed JSON into an object. */
export const HOSTILE_NAMES = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty'] as const;

const SAMPLES: Record<string, fc.Arbitrary<unknown>> = {
  string: fc.constantFrom('x', '', '0', 'null'),
  integer: fc.constantFrom(12345, 0, -1),
  number: fc.constantFrom(1.5, -0.25),
  boolean: fc.boolean(),
  null: fc.constant(null),
  object: fc.constantFrom({}, { a: 1 }),
  array: fc.constantFrom([], ['x'], [[]]),
};

/** `depth` nested arrays as JSON text, built without recursion (JSON.stringify would overflow). */
export function deepNestingText(depth: number): string {
  return `${'['.repeat(depth)}${']'.repeat(depth)}`;
}

/** `depth` nested arrays, `[[[…]]]`: a parser or validator that recurses may blow its stack. */
export function deepNesting(depth: number): unknown {
  let value: unknown = [];
  for (let i = 0; i < depth; i++) {
    value = [value];
  }
  return value;
}

/** Strings whose code-point count is outside `[min, max]`. */
function badLengths(schema: Schema): InvalidValue[] {
  const out: InvalidValue[] = [];
  const min = schema.minLength as number | undefined;
  const max = schema.maxLength as number | undefined;
  if (min !== undefined && min > 0) {
    out.push({
      why: `shorter than minLength ${min}`,
      value: fc.string({ unit: 'grapheme-ascii', maxLength: min - 1 }),
    });
  }
  if (max !== undefined) {
    out.push({
      why: `longer than maxLength ${max}`,
      value: fc.oneof(
        fc.integer({ min: max + 1, max: max + 64 }).map((n) => 'é'.repeat(n)),
        fc.string({ unit: 'binary', minLength: max + 1, maxLength: max + 40 }).filter((s) => codePoints(s) > max),
        fc.constant('A'.repeat(Math.max(max + 1, 8_000))),
      ),
    });
  }
  return out;
}

function numberProblems(schema: Schema, integer: boolean): InvalidValue[] {
  const out: InvalidValue[] = [];
  const step = integer ? 1 : 0.5;
  if (typeof schema.minimum === 'number') {
    const lowest = schema.minimum;
    out.push({ why: `below minimum ${lowest}`, value: fc.constantFrom(lowest - step, lowest - 1000, -(2 ** 53)) });
  }
  if (typeof schema.maximum === 'number') {
    const highest = schema.maximum;
    out.push({ why: `above maximum ${highest}`, value: fc.constantFrom(highest + step, highest + 1000, 2 ** 53) });
  }
  if (integer) {
    out.push({ why: 'not an integer', value: fc.constantFrom(0.5, 1.25, 99.9) });
  }
  return out;
}

/**
 * Values the schema certainly rejects, each labelled: a type it does not allow, a number out of
 * bounds, a string of the wrong length, one outside the pattern or enum, deep nesting where no
 * array is allowed. Empty when the schema accepts anything.
 *
 * @example
 * invalidValues(document, { type: 'integer', minimum: 1 }).map((v) => v.why); // ['wrong type string', …, 'below minimum 1', …]
 */
export function invalidValues(document: OpenApiDocument, raw: unknown): InvalidValue[] {
  const key = raw !== null && typeof raw === 'object' ? raw : undefined;
  const cached = key && cache.get(key);
  if (cached) {
    return cached;
  }
  const made = buildInvalidValues(document, raw);
  if (key) {
    cache.set(key, made);
  }
  return made;
}

// Built once per schema object: a fuzz run asks for the same parameter's mutations many times.
const cache = new WeakMap<object, InvalidValue[]>();

function buildInvalidValues(document: OpenApiDocument, raw: unknown): InvalidValue[] {
  const schema = resolveSchema(document, raw);
  const types = typesOf(schema);
  if (types.length === 0 || schema.anyOf || schema.oneOf || 'const' in schema) {
    return [];
  }
  const allowed = new Set(types.includes('number') ? [...types, 'integer'] : types);
  const out: InvalidValue[] = Object.entries(SAMPLES)
    .filter(([type]) => !allowed.has(type))
    .map(([type, value]) => ({ why: `wrong type ${type}`, value }));
  if (!allowed.has('array')) {
    out.push({ why: 'deeply nested arrays', value: fc.constantFrom(deepNesting(64), deepNesting(1_000)) });
  }
  if (Array.isArray(schema.enum) && schema.enum.every((e) => typeof e === 'string')) {
    const values = new Set(schema.enum as string[]);
    out.push({ why: 'not in enum', value: fc.string().filter((s) => !values.has(s)) });
  }
  if (types.includes('string')) {
    out.push(...badLengths(schema));
    if (typeof schema.pattern === 'string') {
      const pattern = new RegExp(schema.pattern, 'u');
      out.push({
        why: `outside pattern ${schema.pattern}`,
        value: fc.string({ unit: 'binary', maxLength: 40 }).filter((s) => !pattern.test(s)),
      });
    }
  }
  for (const type of ['integer', 'number'] as const) {
    if (types.includes(type)) {
      out.push(...numberProblems(schema, type === 'integer'));
    }
  }
  return out;
}
