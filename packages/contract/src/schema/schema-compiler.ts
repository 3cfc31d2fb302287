import type { Ajv2020, Options, ValidateFunction } from 'ajv/dist/2020.js';
import type { JsonSchema, OpenApiDocument } from '../openapi-document.js';
import { type AjvPurpose, createAjv, vendorKeywords } from './ajv-factory.js';
import { type Placements, placementsOf } from './schema-placements.js';
import { componentsVariant, type RefResolver, type SchemaVariant, transform } from './variants.js';

/** One property of a synthetic object schema (a parameter or a header). */
export interface ObjectMember {
  name: string;
  schema: JsonSchema;
  required: boolean;
  /** Spec pointer of the member's schema. */
  pointer: string;
}

/** Validators compiled ahead of time (`pnpm generate`), by the key {@link SchemaCompiler} asks for. */
export type PrecompiledValidators = Readonly<Record<string, ValidateFunction>>;

/** How a compiler gets its validators. */
export interface CompilerOptions {
  /** Use these instead of compiling (keys missing here are compiled at run time). */
  precompiled?: PrecompiledValidators;
  /** Extra ajv options, e.g. `code: { source: true }` when generating ahead-of-time code. */
  ajv?: Options;
}

/**
 * Owns everything one API's validators are made of: the request/response/strict copies of its
 * component schemas (each annotated with its spec pointer), and two ajv instances (bodies without
 * coercion, parameters with it), created only if something has to be compiled at run time — with
 * the ahead-of-time validators from `pnpm generate`, nothing is.
 */
export class SchemaCompiler {
  readonly #instances = new Map<AjvPurpose, Ajv2020>();
  readonly #variants = new Map<SchemaVariant, Record<string, JsonSchema>>();
  readonly #placements = new WeakMap<object, Placements>();
  readonly #compiled = new Map<string, ValidateFunction>();
  /** Per purpose, the id each key was registered under (for ahead-of-time code). */
  readonly #registered = new Map<AjvPurpose, Map<string, string>>();
  readonly #apiName: string;
  readonly #document: OpenApiDocument;
  readonly #options: CompilerOptions;

  constructor(apiName: string, document: OpenApiDocument, options: CompilerOptions = {}) {
    this.#apiName = apiName;
    this.#document = document;
    this.#options = options;
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
   * a schema's shape, not for validating). Bound: passed around as it is (`compiler.resolve`).
   */
  readonly resolve = (schema: JsonSchema): JsonSchema | undefined => {
    let current: JsonSchema | undefined = schema;
    for (let hops = 0; hops < 20 && typeof current === 'object' && typeof current.$ref === 'string'; hops++) {
      current = this.#resolveOriginal(current.$ref);
    }
    return current;
  };

  #context(variant: SchemaVariant) {
    return { variant, baseId: this.#baseId(variant), resolve: this.#resolveOriginal };
  }

  /** A variant's copies of the components, made once. */
  #components(variant: SchemaVariant): Record<string, JsonSchema> {
    let schemas = this.#variants.get(variant);
    if (!schemas) {
      schemas = componentsVariant(this.#document.components?.schemas ?? {}, this.#context(variant));
      this.#variants.set(variant, schemas);
    }
    return schemas;
  }

  /** The ajv instance for a purpose, created with every variant's components on first use. */
  #ajv(purpose: AjvPurpose): Ajv2020 {
    let ajv = this.#instances.get(purpose);
    if (!ajv) {
      ajv = createAjv(purpose, vendorKeywords(this.#document), this.#options.ajv);
      for (const variant of ['request', 'response', 'response-strict'] as const) {
        ajv.addSchema({ $id: this.#baseId(variant), components: { schemas: this.#components(variant) } });
      }
      this.#instances.set(purpose, ajv);
    }
    return ajv;
  }

  /** The validator for a key: precompiled, already compiled, or compiled now. */
  #validator(key: string, purpose: AjvPurpose, build: () => JsonSchema): ValidateFunction {
    const known = this.#options.precompiled?.[key] ?? this.#compiled.get(key);
    if (known) {
      return known;
    }
    const schema = build();
    let validate: ValidateFunction;
    if (this.#options.ajv?.code?.source) {
      // Generating ahead-of-time code: register under an id so standaloneCode can export it.
      const ids = this.#registered.get(purpose) ?? this.#registered.set(purpose, new Map()).get(purpose);
      const id = `urn:assetkit:${this.#apiName}:validator:${purpose}:${ids?.size ?? 0}`;
      this.#ajv(purpose).addSchema({ ...(schema as object), $id: id });
      ids?.set(key, id);
      validate = this.#ajv(purpose).getSchema(id) as ValidateFunction;
    } else {
      validate = this.#ajv(purpose).compile(schema as object);
    }
    this.#compiled.set(key, validate);
    return validate;
  }

  /**
   * The validator of a body schema (a media type's `schema`) in one variant. Shared responses
   * (every 400 is components/responses/BadRequest) share one validator per variant.
   *
   * @example
   * compiler.compileBody(media.schema, 'response', `${media.pointer}/schema`);
   */
  compileBody(schema: JsonSchema, variant: SchemaVariant, pointer: string): ValidateFunction {
    return this.#validator(`body ${variant} ${pointer}`, 'bodies', () => {
      this.#components(variant);
      return transform(schema, this.#context(variant), true, pointer);
    });
  }

  /**
   * The validator of an object whose properties are parameters or headers (values coerced from
   * strings). `closed` rejects members the spec does not list (unknown query parameters).
   */
  compileMembers(members: readonly ObjectMember[], variant: SchemaVariant, closed: boolean): ValidateFunction {
    // Members are identified by where their schemas sit in the spec, so the same set of shared
    // headers (X-RateLimit-*) has one validator.
    const key = `members ${variant} ${closed} ${members.map((m) => `${m.name}=${m.pointer}:${m.required}`).join(',')}`;
    return this.#validator(key, 'parameters', () => {
      this.#components(variant);
      const properties: Record<string, JsonSchema> = {};
      for (const member of members) {
        properties[member.name] = transform(member.schema, this.#context(variant), true, member.pointer);
      }
      return {
        type: 'object',
        properties,
        required: members.filter((m) => m.required).map((m) => m.name),
        additionalProperties: !closed,
      };
    });
  }

  /** How many validators had to be compiled in this process (none, with complete ahead-of-time code). */
  get compiledAtRunTime(): number {
    return this.#compiled.size;
  }

  /** For ahead-of-time code: per purpose, the ajv instance and the id each key was registered under. */
  registered(): { purpose: AjvPurpose; ajv: Ajv2020; ids: ReadonlyMap<string, string> }[] {
    return [...this.#registered].map(([purpose, ids]) => ({ purpose, ajv: this.#ajv(purpose), ids }));
  }

  #resolveCompiled(ref: string): JsonSchema | undefined {
    const match = /^urn:assetkit:[^:]+:([a-z-]+)#\/components\/schemas\/([^/]+)$/.exec(ref);
    return match ? this.#components(match[1] as SchemaVariant)[match[2] as string] : undefined;
  }

  /**
   * Where each schema reachable from `schema` applies (its spec pointer and instance depths),
   * following `$ref`s into the component copies (errors name their schema by pointer, see
   * schema-pointer.ts); for telling apart the branches of a failed anyOf/oneOf.
   */
  placements = (schema: unknown): Placements => {
    if (schema === null || typeof schema !== 'object') {
      return new Map();
    }
    const cached = this.#placements.get(schema);
    if (cached) {
      return cached;
    }
    const placements = placementsOf(schema, (ref) => this.#resolveCompiled(ref));
    this.#placements.set(schema, placements);
    return placements;
  };
}
