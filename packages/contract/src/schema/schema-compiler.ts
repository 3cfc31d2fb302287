import type { Ajv2020, ValidateFunction } from 'ajv/dist/2020.js';
import type { JsonSchema, OpenApiDocument } from '../openapi-document.js';
import { createAjv, vendorKeywords } from './ajv-factory.js';
import { PointerIndex } from './pointer-index.js';
import { componentsVariant, type RefResolver, type SchemaVariant, transform } from './variants.js';

/** One property of a synthetic object schema (a parameter or a header). */
export interface ObjectMember {
  name: string;
  schema: JsonSchema;
  required: boolean;
  /** Spec pointer of the member's schema. */
  pointer: string;
}

/**
 * Owns the two ajv instances of one API (bodies without coercion, parameters with it), the
 * request/response/strict copies of its component schemas, and the pointer index that maps
 * every compiled schema object back to the spec.
 */
export class SchemaCompiler {
  readonly index = new PointerIndex();
  readonly #bodies: Ajv2020;
  readonly #parameters: Ajv2020;
  readonly #variants = new Map<SchemaVariant, Record<string, JsonSchema>>();
  readonly #reachable = new WeakMap<object, Set<object>>();
  readonly #bodyCache = new WeakMap<object, Map<SchemaVariant, ValidateFunction>>();
  readonly #membersCache = new Map<string, ValidateFunction>();
  readonly #apiName: string;
  readonly #document: OpenApiDocument;

  constructor(apiName: string, document: OpenApiDocument) {
    this.#apiName = apiName;
    this.#document = document;
    this.index.record(document, '#');
    const keywords = vendorKeywords(document);
    this.#bodies = createAjv('bodies', keywords);
    this.#parameters = createAjv('parameters', keywords);
  }

  #baseId(variant: SchemaVariant): string {
    return `urn:assetkit:${this.#apiName}:${variant}`;
  }

  readonly #resolveOriginal: RefResolver = (ref) => {
    const name = /^#\/components\/schemas\/([^/]+)$/.exec(ref)?.[1];
    return name === undefined ? undefined : this.#document.components?.schemas?.[name];
  };

  /**
   * The schema itself, or what its local `$ref` points at in the original document (for reading
   * a schema's shape, not for validating).
   */
  resolve(schema: JsonSchema): JsonSchema | undefined {
    let current: JsonSchema | undefined = schema;
    for (let hops = 0; hops < 20 && typeof current === 'object' && typeof current.$ref === 'string'; hops++) {
      current = this.#resolveOriginal(current.$ref);
    }
    return current;
  }

  #context(variant: SchemaVariant) {
    return { variant, baseId: this.#baseId(variant), resolve: this.#resolveOriginal };
  }

  /** Registers a variant's components with both ajv instances, once. */
  #ensureVariant(variant: SchemaVariant): void {
    if (this.#variants.has(variant)) {
      return;
    }
    const schemas = componentsVariant(this.#document.components?.schemas ?? {}, this.#context(variant));
    this.index.record(schemas, '#/components/schemas');
    const resource = { $id: this.#baseId(variant), components: { schemas } };
    // Both instances share the same objects (ajv does not mutate schemas), so errors from either
    // map back through the one pointer index.
    this.#bodies.addSchema(resource);
    this.#parameters.addSchema(resource);
    this.#variants.set(variant, schemas);
  }

  /**
   * Compiles a body schema (a media type's `schema`) in one variant.
   *
   * @example
   * compiler.compileBody(media.schema, 'response', `${media.pointer}/schema`);
   */
  compileBody(schema: JsonSchema, variant: SchemaVariant, pointer: string): ValidateFunction {
    // Shared responses (every 400 is components/responses/BadRequest) reach here with the same
    // schema object many times: compile it once per variant.
    const key = typeof schema === 'object' ? schema : undefined;
    const cached = key && this.#bodyCache.get(key)?.get(variant);
    if (cached) {
      return cached;
    }
    this.#ensureVariant(variant);
    const copy = transform(schema, this.#context(variant), true);
    this.index.record(copy, pointer);
    const validate = this.#bodies.compile(copy as object);
    if (key) {
      const byVariant = this.#bodyCache.get(key) ?? new Map<SchemaVariant, ValidateFunction>();
      this.#bodyCache.set(key, byVariant.set(variant, validate));
    }
    return validate;
  }

  /**
   * Compiles an object schema whose properties are parameters or headers (values coerced from
   * strings). `closed` rejects members the spec does not list (unknown query parameters).
   */
  compileMembers(members: readonly ObjectMember[], variant: SchemaVariant, closed: boolean): ValidateFunction {
    // Members are identified by where their schemas sit in the spec, so the same set of shared
    // headers (X-RateLimit-*) compiles once.
    const key = `${variant} ${closed} ${members.map((m) => `${m.name}=${m.pointer}:${m.required}`).join(',')}`;
    const cached = this.#membersCache.get(key);
    if (cached) {
      return cached;
    }
    this.#ensureVariant(variant);
    const properties: Record<string, JsonSchema> = {};
    for (const member of members) {
      const copy = transform(member.schema, this.#context(variant), true);
      this.index.record(copy, member.pointer);
      properties[member.name] = copy;
    }
    const validate = this.#parameters.compile({
      type: 'object',
      properties,
      required: members.filter((m) => m.required).map((m) => m.name),
      additionalProperties: !closed,
    });
    this.#membersCache.set(key, validate);
    return validate;
  }

  #resolveCompiled(ref: string): JsonSchema | undefined {
    const match = /^urn:assetkit:[^:]+:([a-z-]+)#\/components\/schemas\/([^/]+)$/.exec(ref);
    return match ? this.#variants.get(match[1] as SchemaVariant)?.[match[2] as string] : undefined;
  }

  /** Every schema object reachable from `schema`, following `$ref`s into the compiled copies. */
  reachable = (schema: unknown): ReadonlySet<object> => {
    if (schema === null || typeof schema !== 'object') {
      return new Set();
    }
    const cached = this.#reachable.get(schema);
    if (cached) {
      return cached;
    }
    const seen = new Set<object>();
    const stack: unknown[] = [schema];
    while (stack.length > 0) {
      const item = stack.pop();
      if (item === null || typeof item !== 'object' || seen.has(item)) {
        continue;
      }
      seen.add(item);
      const ref = (item as { $ref?: unknown }).$ref;
      if (typeof ref === 'string') {
        stack.push(this.#resolveCompiled(ref));
      }
      stack.push(...Object.values(item));
    }
    this.#reachable.set(schema, seen);
    return seen;
  };
}
