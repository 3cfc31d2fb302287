import { joinPointer } from '../json-pointer.js';
import type { JsonSchema } from '../openapi-document.js';
import type { ParameterSpec } from '../operations.js';
import type { Violation } from './violation.js';

/** A decimal integer as JSON writes one: no sign but `-`, no leading zeros, no spaces. */
const INTEGER = /^-?(?:0|[1-9][0-9]*)$/;
/** A number as JSON writes one. */
const NUMBER = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?$/;

/** The wire strings of a parameter object, taken before ajv coerces it in place. */
export type WireStrings = Map<string, string | readonly unknown[]>;

/** Follows a schema's local `$ref`s to the schema they name (`undefined`: none found). */
export type ResolveSchema = (schema: JsonSchema) => JsonSchema | undefined;

const asIs: ResolveSchema = (schema) => schema;

/**
 * The schema a value's numbers are checked by: an array's `items` (one per value sent), or the
 * schema itself; each followed through its `$ref` (an integer `$ref`'d is an integer).
 */
function numberSchema(schema: unknown, resolve: ResolveSchema): unknown {
  const target = resolve(schema as JsonSchema);
  const { type, items } = (target ?? {}) as { type?: unknown; items?: unknown };
  return type === 'array' && items !== null && typeof items === 'object' ? resolve(items as JsonSchema) : target;
}

/** The `type` of {@link numberSchema}. */
function numberType(schema: unknown, resolve: ResolveSchema): unknown {
  return (numberSchema(schema, resolve) as { type?: unknown } | undefined)?.type;
}

/** Whether a parameter's schema (or its array's items) could coerce a string to a number (an unknown shape could). */
function mayBeNumber(schema: unknown, resolve: ResolveSchema): boolean {
  const type = numberType(schema, resolve);
  const types = typeof type === 'string' ? [type] : Array.isArray(type) ? type : undefined;
  return types === undefined || types.includes('integer') || types.includes('number');
}

/** A parameter that may hold numbers, and whether they are read as integers. */
interface NumericParam {
  param: ParameterSpec;
  integer: boolean;
}

const numericParams = new WeakMap<readonly ParameterSpec[], Map<string, Map<string, NumericParam>>>();

/**
 * `location`'s parameters that may hold numbers, by the name their values arrive under (header
 * names lower-cased), worked out once per operation.
 */
function numericAt(
  parameters: readonly ParameterSpec[],
  location: string,
  resolve: ResolveSchema,
): Map<string, NumericParam> {
  let byLocation = numericParams.get(parameters);
  if (!byLocation) {
    byLocation = new Map();
    numericParams.set(parameters, byLocation);
  }
  let params = byLocation.get(location);
  if (!params) {
    params = new Map(
      parameters
        .filter((p) => p.in === location && mayBeNumber(p.schema, resolve))
        .map((p) => [
          location === 'header' ? p.name.toLowerCase() : p.name,
          { param: p, integer: declaresInteger(p.schema, resolve) },
        ]),
    );
    byLocation.set(location, params);
  }
  return params;
}

/**
 * Keeps the strings ajv is about to coerce, for the parameters that may hold numbers (none for an
 * operation whose parameters are all strings: then nothing is allocated). Arrays are copied, since
 * coercion rewrites their items in place.
 */
export function keepWireStrings(
  values: Record<string, unknown>,
  parameters: readonly ParameterSpec[],
  location: 'path' | 'query' | 'header',
  resolve: ResolveSchema,
): WireStrings | undefined {
  const numeric = numericAt(parameters, location, resolve);
  if (numeric.size === 0) {
    return undefined;
  }
  let kept: WireStrings | undefined;
  for (const name of numeric.keys()) {
    const value = values[name];
    if (typeof value === 'string' || Array.isArray(value)) {
      kept ??= new Map();
      kept.set(name, typeof value === 'string' ? value : [...value]);
    }
  }
  return kept;
}

function declaresInteger(schema: unknown, resolve: ResolveSchema): boolean {
  const type = numberType(schema, resolve);
  return type === 'integer' || (Array.isArray(type) && type.includes('integer') && !type.includes('number'));
}

function problem(wire: string, value: number, integer: boolean): string | undefined {
  if (!(integer ? INTEGER : NUMBER).test(wire)) {
    return integer
      ? `must be written as a decimal integer (such as 10), got "${wire.slice(0, 200)}"`
      : `must be written as a decimal number (such as 10 or 2.5), got "${wire.slice(0, 200)}"`;
  }
  if (!Number.isFinite(value)) {
    return `must be a finite number, got "${wire.slice(0, 200)}"`;
  }
  if (integer && !Number.isSafeInteger(value)) {
    return `must be an integer from -${Number.MAX_SAFE_INTEGER} to ${Number.MAX_SAFE_INTEGER} (larger ones cannot be read exactly), got "${wire.slice(0, 200)}"`;
  }
  return undefined;
}

/**
 * What is wrong with a number as written for a schema that may hold one (`undefined`: nothing, or
 * the schema takes no number), by the rule of {@link looseNumbers}. For values that are no
 * parameters, such as a response's `X-RateLimit-Limit`. `resolve` follows the schema's `$ref`s
 * (without it, a `$ref` is a shape unknown, read by the JSON-number rule).
 *
 * @example
 * wireNumberProblem('0x3C', { type: 'integer' }); // 'must be written as a decimal integer (such as 10), got "0x3C"'
 */
export function wireNumberProblem(wire: string, schema: unknown, resolve: ResolveSchema = asIs): string | undefined {
  if (!mayBeNumber(schema, resolve)) {
    return undefined;
  }
  const value = Number(wire);
  // A string the schema may also take as a string is not a number written loosely.
  const types = numberType(schema, resolve);
  if (Number.isNaN(value) && (types === 'string' || (Array.isArray(types) && types.includes('string')))) {
    return undefined;
  }
  return problem(wire, value, declaresInteger(schema, resolve));
}

/**
 * Numbers that passed the schema only because ajv's coercion is loose. ajv reads `"0x10"`,
 * `" 1"`, `"+5"`, `"1e1"` and `"Infinity"` as numbers, and `"99999999999999999999"` as a number
 * that is not the one written. The proxy forwards the string as written, so a value is accepted
 * only when the schema's verdict holds for that string under any reasonable parser: a decimal
 * integer for `integer` parameters (within ±2^53−1, where it is exact), a JSON number otherwise.
 *
 * @example
 * looseNumbers({ limit: 16 }, new Map([['limit', '0x10']]), parameters, 'query', resolve);
 * // → [{ location: 'query', pointer: '/limit', keyword: 'type', message: 'must be written as a decimal integer …' }]
 */
export function looseNumbers(
  values: Record<string, unknown>,
  wire: WireStrings | undefined,
  parameters: readonly ParameterSpec[],
  location: 'path' | 'query' | 'header',
  resolve: ResolveSchema,
): Violation[] {
  if (!wire) {
    return [];
  }
  const numeric = numericAt(parameters, location, resolve);
  const found: Violation[] = [];
  for (const [name, written] of wire) {
    const value = values[name];
    const items = Array.isArray(value) ? value : [value];
    const strings = typeof written === 'string' ? [written] : written;
    for (let i = 0; i < items.length; i++) {
      const item = items[i];
      const text = strings[i];
      if (typeof item !== 'number' || typeof text !== 'string') {
        continue;
      }
      // Always found: the wire strings were kept for these parameters only.
      const { param, integer } = numeric.get(name) as NumericParam;
      const message = problem(text, item, integer);
      if (message) {
        found.push({
          location,
          pointer: Array.isArray(value) ? joinPointer('', name, i) : joinPointer('', name),
          schemaPath: `${param.pointer}/schema/type`,
          keyword: 'type',
          message,
          actual: text.slice(0, 200),
        });
      }
    }
  }
  return found;
}
