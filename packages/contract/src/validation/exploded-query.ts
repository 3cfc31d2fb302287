import type { JsonSchema } from '../openapi-document.js';
import type { ParameterSpec } from '../operations.js';
import type { WireValues } from './wire-input.js';

/**
 * A query parameter with `style: form`, `explode: true` (the defaults for `in: query`) and an
 * object schema. On the wire it has no name of its own: each property is a query parameter
 * (`?department=engineering&phone=Android` for `{ department, phone }`).
 *
 * @see https://spec.openapis.org/oas/v3.1.0#style-examples
 */
export interface ExplodedObject {
  name: string;
  /** Property names the schema lists. */
  properties: ReadonlySet<string>;
  /** Whether it takes names it does not list (`additionalProperties` is not `false`). */
  open: boolean;
}

/** How an operation's query string maps onto its parameters. */
export interface QueryLayout {
  /** Names of the query parameters that are one value each (not exploded objects). */
  scalars: ReadonlySet<string>;
  exploded: readonly ExplodedObject[];
}

type SchemaObject = { [keyword: string]: unknown };

function isObjectSchema(schema: JsonSchema | undefined): schema is SchemaObject {
  if (schema === null || typeof schema !== 'object') {
    return false;
  }
  const type = schema.type;
  return type === 'object' || (Array.isArray(type) && type.includes('object'));
}

/**
 * Reads which query parameters of an operation are form-exploded objects. `resolve` follows a
 * schema's `$ref` (the object-ness of `$ref: '#/components/schemas/Filters'` is in the target).
 *
 * @example
 * queryLayout(operation.parameters, resolve); // { scalars: Set {'limit'}, exploded: [{ name: 'labels', properties: Set {}, open: true }] }
 */
export function queryLayout(
  parameters: readonly ParameterSpec[],
  resolve: (schema: JsonSchema) => JsonSchema | undefined,
): QueryLayout {
  const scalars = new Set<string>();
  const exploded: ExplodedObject[] = [];
  for (const p of parameters) {
    if (p.in !== 'query') {
      continue;
    }
    const schema = resolve(p.schema);
    const form = (p.object.style ?? 'form') === 'form' && (p.object.explode ?? true) === true;
    if (!form || !isObjectSchema(schema)) {
      scalars.add(p.name);
      continue;
    }
    const properties = schema.properties as Record<string, unknown> | undefined;
    exploded.push({
      name: p.name,
      properties: new Set(Object.keys(properties ?? {})),
      open: schema.additionalProperties !== false,
    });
  }
  return { scalars, exploded };
}

const NONE: ReadonlySet<string> = new Set();

/**
 * Moves the query names that are no scalar parameter into the exploded object that takes them:
 * the one that lists the name, else the first open one, else the one the name is the name of (a
 * closed object refuses it as unknown). Names no parameter takes stay where they are, so
 * validation still reports them as unknown. Mutates `query`; returns the names of the
 * objects it gathered names into (names no caller sent: violations inside them are reported by the
 * names that were).
 *
 * @example
 * gatherExploded(query, layout); // query { limit: '2', department: 'eng' } → { limit: '2', labels: { department: 'eng' } }; returns Set {'labels'}
 */
export function gatherExploded(query: Record<string, unknown>, layout: QueryLayout): ReadonlySet<string> {
  if (layout.exploded.length === 0) {
    return NONE;
  }
  const open = layout.exploded.find((e) => e.open);
  const gathered = new Map<ExplodedObject, Record<string, unknown>>();
  for (const [name, value] of Object.entries(query as WireValues)) {
    if (layout.scalars.has(name)) {
      continue;
    }
    // An object's own name, sent, is one more name on the wire: left out, the object gathered
    // under it would replace it unvalidated. Its closed object refuses it as unknown.
    const target =
      layout.exploded.find((e) => e.properties.has(name)) ?? open ?? layout.exploded.find((e) => e.name === name);
    if (!target) {
      continue;
    }
    let object = gathered.get(target);
    if (!object) {
      object = {};
      gathered.set(target, object);
    }
    // defineProperty: a query name such as `__proto__` must stay data, never a prototype.
    Object.defineProperty(object, name, { value, enumerable: true, writable: true, configurable: true });
    delete query[name];
  }
  for (const [target, object] of gathered) {
    query[target.name] = object;
  }
  return new Set([...gathered.keys()].map((target) => target.name));
}
