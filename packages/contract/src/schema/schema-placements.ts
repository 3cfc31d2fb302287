import { schemaPointer } from './schema-pointer.js';

/**
 * Where the schemas reachable from one schema apply: each one's spec pointer, and how many levels
 * below the instance the root schema validates it can meet (0 for the root itself, 1 for a
 * property's schema, 2 for an item of that property, …).
 */
export type Placements = ReadonlyMap<string, ReadonlySet<number>>;

/** How deep a recursive schema is followed; an error deeper than this is placed by pointer alone. */
const MAX_DEPTH = 32;

/** Keywords whose subschemas validate a member of the instance: a collection of them, or one. */
const MEMBER_COLLECTIONS = new Set(['properties', 'patternProperties', 'prefixItems']);
const MEMBER_SCHEMAS = new Set([
  'additionalProperties',
  'unevaluatedProperties',
  'items',
  'additionalItems',
  'unevaluatedItems',
  'contains',
]);
/** Keywords whose subschemas validate the instance itself (ajv reports `propertyNames` at the object). */
const SAME_COLLECTIONS = new Set(['allOf', 'anyOf', 'oneOf', 'dependentSchemas']);
const SAME_SCHEMAS = new Set(['not', 'if', 'then', 'else', 'propertyNames']);

/** The subschemas of a keyword that holds several: a list (`allOf`) or a map by name (`properties`). */
function members(value: unknown): unknown[] {
  return Array.isArray(value) ? value : value !== null && typeof value === 'object' ? Object.values(value) : [];
}

/**
 * Walks a compiled schema, following `$ref`s through `resolve`, and records the instance depth at
 * which each subschema applies. Two branches of a `oneOf` can reach the same schema (an item, or a
 * list of items): the depth at which an error was raised tells them apart.
 *
 * @example
 * placementsOf(oneOfBranch, resolve).get('#/components/schemas/Asset'); // Set { 1 } for `{ type: 'array', items: { $ref } }`
 */
export function placementsOf(schema: unknown, resolve: (ref: string) => unknown): Placements {
  const placements = new Map<string, Set<number>>();
  const seen = new Map<object, Set<number>>();
  const stack: [unknown, number][] = [[schema, 0]];
  const push = (item: unknown, depth: number) => {
    if (depth <= MAX_DEPTH) {
      stack.push([item, depth]);
    }
  };
  while (stack.length > 0) {
    const [item, depth] = stack.pop() as [unknown, number];
    if (item === null || typeof item !== 'object' || Array.isArray(item)) {
      continue;
    }
    const depths = seen.get(item) ?? new Set<number>();
    if (depths.has(depth)) {
      continue;
    }
    seen.set(item, depths.add(depth));
    const at = schemaPointer(item);
    if (at !== undefined) {
      placements.set(at, (placements.get(at) ?? new Set<number>()).add(depth));
    }
    for (const [keyword, value] of Object.entries(item)) {
      if (keyword === '$ref' && typeof value === 'string') {
        push(resolve(value), depth);
      } else if (MEMBER_SCHEMAS.has(keyword)) {
        push(value, depth + 1);
      } else if (MEMBER_COLLECTIONS.has(keyword)) {
        for (const sub of members(value)) {
          push(sub, depth + 1);
        }
      } else if (SAME_COLLECTIONS.has(keyword)) {
        for (const sub of members(value)) {
          push(sub, depth);
        }
      } else if (SAME_SCHEMAS.has(keyword)) {
        push(value, depth);
      }
    }
  }
  return placements;
}
