import { joinPointer } from '../json-pointer.js';
import type { JsonSchema } from '../openapi-document.js';

/**
 * The three shapes each schema is compiled in:
 * - `request`: `readOnly` properties may not be sent and are not required;
 * - `response`: `writeOnly` properties may not be returned and are not required;
 * - `response-strict`: as `response`, and every object additionally rejects properties the
 *   spec does not document (`unevaluatedProperties: false`, so `allOf` compositions still work).
 *
 * @see https://spec.openapis.org/oas/v3.1.0#fixed-fields-19 (readOnly / writeOnly)
 */
export type SchemaVariant = 'request' | 'response' | 'response-strict';

/** The vendor keyword of the marker schema that stands for a property that must be absent. */
export const FORBIDDEN_KEYWORD = 'x-assetkit-forbidden';

/**
 * The vendor keyword every compiled schema copy carries: its JSON pointer in the spec. ajv keeps
 * it on the `parentSchema` of its errors — also in ahead-of-time code, where schemas are
 * serialised copies — so a violation can always name the spec location of the failing keyword.
 */
export const AT_KEYWORD = 'x-assetkit-at';

/** Keywords that describe and never constrain: left out of compiled copies (ahead-of-time code would carry them all). */
export const ANNOTATIONS = new Set(['description', 'examples', 'example', 'title', '$comment', 'externalDocs']);

const SCHEMA_MAP_KEYWORDS = ['properties', 'patternProperties', '$defs', 'dependentSchemas'] as const;
const USE_SITE_KEYWORDS = ['items', 'additionalProperties', 'unevaluatedItems', 'contains', 'propertyNames'] as const;
const BRANCH_KEYWORDS = ['not', 'if', 'then', 'else'] as const;
const BRANCH_LIST_KEYWORDS = ['allOf', 'anyOf', 'oneOf'] as const;

type SchemaObject = { [keyword: string]: unknown };

/** Resolves a local `#/components/schemas/...` reference in the original document. */
export type RefResolver = (ref: string) => JsonSchema | undefined;

interface VariantContext {
  variant: SchemaVariant;
  baseId: string;
  resolve: RefResolver;
}

function isSchemaObject(value: unknown): value is SchemaObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function forbiddenFlag(schema: unknown, ctx: VariantContext): 'readOnly' | 'writeOnly' | undefined {
  const flag = ctx.variant === 'request' ? 'readOnly' : 'writeOnly';
  if (!isSchemaObject(schema)) {
    return undefined;
  }
  if (schema[flag] === true) {
    return flag;
  }
  if (typeof schema.$ref === 'string') {
    const target = ctx.resolve(schema.$ref);
    return isSchemaObject(target) && target[flag] === true ? flag : undefined;
  }
  return undefined;
}

function transformProperties(props: SchemaObject, out: SchemaObject, ctx: VariantContext, at: string): void {
  const forbidden: string[] = [];
  const copy: SchemaObject = {};
  for (const [name, schema] of Object.entries(props)) {
    const flag = forbiddenFlag(schema, ctx);
    if (flag) {
      copy[name] = { not: {}, [FORBIDDEN_KEYWORD]: flag, [AT_KEYWORD]: joinPointer(at, 'properties', name) };
      forbidden.push(name);
    } else {
      copy[name] = transform(schema, ctx, true, joinPointer(at, 'properties', name));
    }
  }
  out.properties = copy;
  if (forbidden.length > 0 && Array.isArray(out.required)) {
    out.required = out.required.filter((name) => !forbidden.includes(String(name)));
  }
}

/**
 * Returns a deep copy of `schema` in the given variant, with every local `$ref` pointed at that
 * variant's copy of the components (`<baseId>#/components/schemas/X`). `useSite` says whether the
 * schema describes a value on its own (a property, an item, a body) rather than one branch of an
 * `allOf`/`anyOf`/`oneOf`; only use sites get `unevaluatedProperties: false` in strict mode.
 *
 * @example
 * transform({ $ref: '#/components/schemas/Asset' }, ctx, true, '#/paths/~1assets~1{asset_id}/get/responses/200/content/application~1json/schema');
 * // → { $ref: 'urn:assetkit:webflow-assets:response#/components/schemas/Asset' }
 */
export function transform(schema: unknown, ctx: VariantContext, useSite: boolean, at: string): JsonSchema {
  if (typeof schema === 'boolean') {
    return schema;
  }
  if (!isSchemaObject(schema)) {
    throw new Error(`not a schema: ${JSON.stringify(schema)}`);
  }
  const out: SchemaObject = { [AT_KEYWORD]: at };
  for (const [keyword, value] of Object.entries(schema)) {
    if (!ANNOTATIONS.has(keyword)) {
      out[keyword] = value;
    }
  }
  if (typeof schema.$ref === 'string') {
    if (!schema.$ref.startsWith('#/')) {
      throw new Error(`only local $refs are supported after bundling, got ${schema.$ref}`);
    }
    out.$ref = `${ctx.baseId}${schema.$ref}`;
  }
  if (isSchemaObject(schema.properties)) {
    transformProperties(schema.properties, out, ctx, at);
  }
  for (const keyword of SCHEMA_MAP_KEYWORDS) {
    if (keyword !== 'properties' && isSchemaObject(schema[keyword])) {
      out[keyword] = Object.fromEntries(
        Object.entries(schema[keyword]).map(([k, v]) => [
          k,
          transform(v, ctx, keyword === 'patternProperties', joinPointer(at, keyword, k)),
        ]),
      );
    }
  }
  for (const keyword of USE_SITE_KEYWORDS) {
    if (schema[keyword] !== undefined && typeof schema[keyword] !== 'boolean') {
      out[keyword] = transform(schema[keyword], ctx, true, `${at}/${keyword}`);
    }
  }
  if (Array.isArray(schema.prefixItems)) {
    out.prefixItems = schema.prefixItems.map((item, i) => transform(item, ctx, true, `${at}/prefixItems/${i}`));
  }
  for (const keyword of BRANCH_KEYWORDS) {
    if (schema[keyword] !== undefined) {
      out[keyword] = transform(schema[keyword], ctx, false, `${at}/${keyword}`);
    }
  }
  for (const keyword of BRANCH_LIST_KEYWORDS) {
    if (Array.isArray(schema[keyword])) {
      // An anyOf/oneOf branch describes the whole value when it is the one that matches, so it
      // is a use site of its own (unless the parent lists properties beside it); an allOf
      // branch only ever describes part of it.
      const branchIsUseSite = keyword !== 'allOf' && schema.properties === undefined;
      out[keyword] = schema[keyword].map((branch, i) =>
        transform(branch, ctx, branchIsUseSite, `${at}/${keyword}/${i}`),
      );
    }
  }
  if (ctx.variant === 'response-strict' && useSite) {
    closeObject(schema, out, ctx);
  }
  return out;
}

function typesOf(schema: SchemaObject): string[] | undefined {
  if (typeof schema.type === 'string') {
    return [schema.type];
  }
  return Array.isArray(schema.type) ? schema.type.map(String) : undefined;
}

/** Whether a schema only ever describes objects (following `$ref` and `allOf`). */
function describesObject(schema: unknown, ctx: VariantContext, depth = 0): boolean {
  if (!isSchemaObject(schema) || depth > 20) {
    return false;
  }
  const types = typesOf(schema);
  if (types) {
    return types.includes('object') && types.every((t) => t === 'object' || t === 'null');
  }
  if (typeof schema.$ref === 'string') {
    return describesObject(ctx.resolve(schema.$ref), ctx, depth + 1);
  }
  if (Array.isArray(schema.allOf)) {
    return schema.allOf.some((branch) => describesObject(branch, ctx, depth + 1));
  }
  return isSchemaObject(schema.properties);
}

/**
 * Strict mode: an object value may hold only documented properties. Uses
 * `unevaluatedProperties`, which sees through `$ref` and `allOf`, so composed schemas still work;
 * the explicit `type` keeps ajv's strictTypes check satisfied.
 */
function closeObject(schema: SchemaObject, out: SchemaObject, ctx: VariantContext): void {
  if (out.additionalProperties !== undefined || out.unevaluatedProperties !== undefined) {
    return;
  }
  if (!describesObject(schema, ctx)) {
    return;
  }
  out.unevaluatedProperties = false;
  out.type ??= 'object';
}

/**
 * Copies every component schema into one variant. Component roots are not use sites: whether
 * they may carry extra properties depends on where they are referenced from.
 *
 * @example
 * const schemas = componentsVariant(document.components.schemas, { variant: 'request', baseId, resolve });
 */
export function componentsVariant(
  schemas: Record<string, JsonSchema>,
  ctx: VariantContext,
): Record<string, JsonSchema> {
  return Object.fromEntries(
    Object.entries(schemas).map(([name, schema]) => [
      name,
      transform(schema, ctx, false, joinPointer('#/components/schemas', name)),
    ]),
  );
}
