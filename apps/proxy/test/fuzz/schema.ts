import { getAtPointer, type OpenApiDocument } from '@assetkit/contract';
import fc from 'fast-check';

/** A JSON Schema object with its `$ref`s and `allOf`s resolved at the top level. */
export type Schema = Record<string, unknown>;

/** What value generation may draw on besides the schema itself. */
export interface ValueHints {
  /** Values the target knows, by parameter or property name (used instead of generated ones). */
  known?: Readonly<Record<string, readonly unknown[]>>;
}

const MAX_DEPTH = 6;

/** Follows `$ref`s and merges `allOf` branches (properties and required lists) into one schema. */
export function resolveSchema(document: OpenApiDocument, schema: unknown): Schema {
  let current = schema;
  for (let hops = 0; current && typeof current === 'object' && '$ref' in current; hops++) {
    const ref = (current as { $ref: string }).$ref;
    if (hops > 20 || !ref.startsWith('#/')) {
      throw new Error(`cannot resolve ${ref}`);
    }
    const { $ref: _ignored, ...siblings } = current as Schema;
    current = { ...(getAtPointer(document, ref.slice(1)) as Schema), ...siblings };
  }
  if (current === true || current === undefined) {
    return {};
  }
  const resolved = { ...(current as Schema) };
  if (Array.isArray(resolved.allOf)) {
    for (const part of resolved.allOf.map((s) => resolveSchema(document, s))) {
      resolved.properties = { ...(resolved.properties as object), ...(part.properties as object) };
      resolved.required = [...((resolved.required as string[]) ?? []), ...((part.required as string[]) ?? [])];
      for (const [keyword, value] of Object.entries(part)) {
        if (!['properties', 'required'].includes(keyword)) {
          resolved[keyword] ??= value;
        }
      }
    }
    delete resolved.allOf;
  }
  return resolved;
}

/** The schema's JSON types (`type: [string, "null"]` → both); inferred when `type` is absent. */
export function typesOf(schema: Schema): string[] {
  if (Array.isArray(schema.type)) {
    return schema.type as string[];
  }
  if (typeof schema.type === 'string') {
    return [schema.type];
  }
  if (schema.properties || schema.required) {
    return ['object'];
  }
  return schema.items ? ['array'] : [];
}

/** Code points, which is how JSON Schema counts `minLength`/`maxLength`. */
export const codePoints = (s: string): number => [...s].length;

function stringArbitrary(schema: Schema): fc.Arbitrary<string> {
  const min = (schema.minLength as number | undefined) ?? 0;
  const max = Math.min((schema.maxLength as number | undefined) ?? 40, min + 40);
  const examples = [...((schema.examples as unknown[]) ?? []), schema.example].filter((e) => typeof e === 'string');
  const fits = (s: string) => codePoints(s) >= min && codePoints(s) <= ((schema.maxLength as number) ?? Infinity);
  let generated: fc.Arbitrary<string>;
  if (typeof schema.pattern === 'string') {
    generated = fc.stringMatching(new RegExp(schema.pattern, 'u')).filter(fits);
  } else if (schema.format === 'date-time') {
    generated = fc.date({ noInvalidDate: true }).map((d) => d.toISOString());
  } else if (schema.format === 'uri') {
    generated = fc.webUrl();
  } else {
    // Any code point (lone surrogates, controls, astral planes): valid for an unconstrained string.
    generated = fc.oneof(
      fc.string({ unit: 'binary', minLength: min, maxLength: max }),
      fc.string({ unit: 'grapheme-ascii', minLength: min, maxLength: max }),
    );
  }
  const fromExamples = examples.filter((e) => fits(e as string)) as string[];
  return fromExamples.length > 0 ? fc.oneof(fc.constantFrom(...fromExamples), generated) : generated;
}

function numberArbitrary(schema: Schema, integer: boolean): fc.Arbitrary<number> {
  const exMin = schema.exclusiveMinimum as number | undefined;
  const exMax = schema.exclusiveMaximum as number | undefined;
  const min = (schema.minimum as number | undefined) ?? (exMin === undefined ? -1e6 : exMin + (integer ? 1 : 1e-6));
  const max = (schema.maximum as number | undefined) ?? (exMax === undefined ? 1e6 : exMax - (integer ? 1 : 1e-6));
  return integer
    ? fc.integer({ min: Math.ceil(min), max: Math.floor(max) })
    : fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
}

/**
 * An arbitrary of values the schema accepts. `name` is the parameter or property the value is
 * for, looked up in `hints.known` first (the target's real ids, say, so requests can succeed).
 *
 * @example
 * fc.sample(validValue(document, { type: 'integer', minimum: 1, maximum: 100 }), 3); // [1, 57, 100]
 */
export function validValue(
  document: OpenApiDocument,
  raw: unknown,
  hints: ValueHints = {},
  name?: string,
  depth = 0,
): fc.Arbitrary<unknown> {
  const known = name === undefined ? undefined : hints.known?.[name];
  if (known && known.length > 0) {
    return fc.constantFrom(...known);
  }
  const schema = resolveSchema(document, raw);
  if (Array.isArray(schema.enum)) {
    return fc.constantFrom(...(schema.enum as unknown[]));
  }
  if ('const' in schema) {
    return fc.constant(schema.const);
  }
  const branches = (schema.anyOf ?? schema.oneOf) as unknown[] | undefined;
  if (branches) {
    return fc.oneof(...branches.map((b) => validValue(document, b, hints, name, depth)));
  }
  const types = typesOf(schema);
  const each = (types.length > 0 ? types : ['string', 'integer', 'boolean', 'null']).map(
    (type): fc.Arbitrary<unknown> => {
      switch (type) {
        case 'string':
          return stringArbitrary(schema);
        case 'integer':
        case 'number':
          return numberArbitrary(schema, type === 'integer');
        case 'boolean':
          return fc.boolean();
        case 'null':
          return fc.constant(null);
        case 'array':
          return fc.array(
            depth >= MAX_DEPTH ? fc.constant(null) : validValue(document, schema.items, hints, undefined, depth + 1),
            {
              minLength: (schema.minItems as number | undefined) ?? 0,
              maxLength: Math.min((schema.maxItems as number | undefined) ?? 3, 3),
            },
          );
        default:
          return objectArbitrary(document, schema, hints, depth);
      }
    },
  );
  return fc.oneof(...each);
}

function objectArbitrary(
  document: OpenApiDocument,
  schema: Schema,
  hints: ValueHints,
  depth: number,
): fc.Arbitrary<unknown> {
  const properties = Object.entries((schema.properties as Record<string, unknown>) ?? {}).filter(
    ([, s]) => !resolveSchema(document, s).readOnly,
  );
  const shape = Object.fromEntries(properties.map(([key, s]) => [key, validValue(document, s, hints, key, depth + 1)]));
  return fc.record(shape, { requiredKeys: ((schema.required as string[]) ?? []).filter((k) => k in shape) });
}
