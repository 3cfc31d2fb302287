/**
 * The parts of an OpenAPI 3.1 document the contract core reads. Deliberately loose where the
 * document is only passed through (schemas are JSON Schema 2020-12 and go to ajv as they are).
 *
 * @see https://spec.openapis.org/oas/v3.1.0
 */

/** A JSON Schema 2020-12 schema, or a boolean schema. */
export type JsonSchema = boolean | { [keyword: string]: unknown };

/** A `$ref` object. */
export interface Reference {
  $ref: string;
  summary?: string;
  description?: string;
}

/** An OpenAPI Parameter Object. */
export interface ParameterObject {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  description?: string;
  deprecated?: boolean;
  allowEmptyValue?: boolean;
  schema?: JsonSchema;
  [extension: `x-${string}`]: unknown;
  [key: string]: unknown;
}

/** An OpenAPI Encoding Object (per part of a `multipart/form-data` body). */
export interface EncodingObject {
  contentType?: string;
  [key: string]: unknown;
}

/** An OpenAPI Media Type Object. */
export interface MediaTypeObject {
  schema?: JsonSchema;
  encoding?: Record<string, EncodingObject>;
  example?: unknown;
  examples?: Record<string, { value?: unknown; summary?: string } | Reference>;
  [key: string]: unknown;
}

/** An OpenAPI Header Object. */
export interface HeaderObject {
  description?: string;
  required?: boolean;
  schema?: JsonSchema;
  [key: string]: unknown;
}

/** An OpenAPI Response Object. */
export interface ResponseObject {
  description: string;
  headers?: Record<string, HeaderObject | Reference>;
  content?: Record<string, MediaTypeObject>;
  [key: string]: unknown;
}

/** An OpenAPI Request Body Object. */
export interface RequestBodyObject {
  description?: string;
  required?: boolean;
  content: Record<string, MediaTypeObject>;
  [key: string]: unknown;
}

/** A Security Requirement Object: scheme name → scopes (or roles). */
export type SecurityRequirement = Record<string, string[]>;

/** An OpenAPI Operation Object. */
export interface OperationObject {
  operationId?: string;
  summary?: string;
  description?: string;
  tags?: string[];
  parameters?: (ParameterObject | Reference)[];
  requestBody?: RequestBodyObject | Reference;
  responses?: Record<string, ResponseObject | Reference>;
  security?: SecurityRequirement[];
  deprecated?: boolean;
  [key: string]: unknown;
}

/** The HTTP methods an OpenAPI Path Item can hold. */
export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/** One of {@link HTTP_METHODS}. */
export type HttpMethod = (typeof HTTP_METHODS)[number];

/** An OpenAPI Path Item Object. */
export type PathItemObject = {
  parameters?: (ParameterObject | Reference)[];
  [key: string]: unknown;
} & Partial<Record<HttpMethod, OperationObject>>;

/** An OpenAPI Server Object (with assetkit's `x-assetkit-*` extensions). */
export interface ServerObject {
  url: string;
  description?: string;
  /** Query parameter aliases accepted under this server: `{ alias: canonicalName }`. */
  'x-assetkit-query-aliases'?: Record<string, string>;
  [key: string]: unknown;
}

/** An OpenAPI 3.1 document. */
export interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string; [key: string]: unknown };
  jsonSchemaDialect?: string;
  servers?: ServerObject[];
  security?: SecurityRequirement[];
  paths?: Record<string, PathItemObject>;
  components?: {
    schemas?: Record<string, JsonSchema>;
    parameters?: Record<string, ParameterObject | Reference>;
    responses?: Record<string, ResponseObject | Reference>;
    headers?: Record<string, HeaderObject | Reference>;
    requestBodies?: Record<string, RequestBodyObject | Reference>;
    securitySchemes?: Record<string, unknown>;
    [key: string]: unknown;
  };
  [key: string]: unknown;
}
