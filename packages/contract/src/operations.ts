import { escapePointerToken, getAtPointer } from './json-pointer.js';
import {
  type HeaderObject,
  HTTP_METHODS,
  type HttpMethod,
  type JsonSchema,
  type MediaTypeObject,
  type OpenApiDocument,
  type OperationObject,
  type ParameterObject,
  type Reference,
  type RequestBodyObject,
  type ResponseObject,
  type SecurityRequirement,
} from './openapi-document.js';

/** A parameter of an operation, with where it is defined in the spec. */
export interface ParameterSpec {
  name: string;
  in: ParameterObject['in'];
  required: boolean;
  deprecated: boolean;
  schema: JsonSchema;
  /** Spec pointer of the Parameter Object (after following `$ref`). */
  pointer: string;
  /** The parameter object itself, vendor extensions included. */
  object: ParameterObject;
}

/** One media type of a request body or response. */
export interface MediaTypeSpec {
  mediaType: string;
  schema: JsonSchema | undefined;
  /** Spec pointer of the Media Type Object. */
  pointer: string;
  /** `multipart/form-data` only: the content type each named part carries (`encoding.<part>.contentType`). */
  encoding?: Readonly<Record<string, { contentType?: string }>>;
}

/** A documented response header. Names are lower-case, as Node and fetch give them. */
export interface HeaderSpec {
  name: string;
  required: boolean;
  schema: JsonSchema;
  pointer: string;
}

/** A documented response: an exact status (`"200"`), a range (`"4XX"`) or `"default"`. */
export interface ResponseSpec {
  status: string;
  description: string;
  headers: HeaderSpec[];
  content: MediaTypeSpec[];
  pointer: string;
}

/** Everything the contract knows about one operation. */
export interface OperationSpec {
  operationId: string;
  method: HttpMethod;
  /** The path template as written in the spec, e.g. `/assets/{asset_id}`. */
  path: string;
  summary: string | undefined;
  /** Spec pointer of the Operation Object, e.g. `#/paths/~1assets~1{asset_id}/get`. */
  pointer: string;
  parameters: ParameterSpec[];
  requestBody: { required: boolean; content: MediaTypeSpec[]; pointer: string } | undefined;
  responses: ResponseSpec[];
  /** Alternatives: any one requirement satisfied is enough. */
  security: SecurityRequirement[];
  /** The scopes of the first security requirement that lists any (for messages and docs). */
  scopes: string[];
  object: OperationObject;
}

function isRef(value: unknown): value is Reference {
  return value !== null && typeof value === 'object' && typeof (value as Reference).$ref === 'string';
}

/** Follows local `$ref`s until a concrete object; returns it with its spec pointer. */
function deref<T>(document: OpenApiDocument, value: T | Reference, pointer: string): { value: T; pointer: string } {
  let current: unknown = value;
  let at = pointer;
  for (let hops = 0; isRef(current); hops++) {
    if (hops > 20 || !current.$ref.startsWith('#/')) {
      throw new Error(`cannot resolve $ref ${current.$ref} at ${at}`);
    }
    at = current.$ref;
    current = getAtPointer(document, current.$ref.slice(1));
    if (current === undefined) {
      throw new Error(`$ref ${at} points nowhere`);
    }
  }
  return { value: current as T, pointer: at };
}

function mediaTypes(content: Record<string, MediaTypeObject> | undefined, pointer: string): MediaTypeSpec[] {
  return Object.entries(content ?? {}).map(([mediaType, media]) => ({
    mediaType: mediaType.toLowerCase(),
    schema: media.schema,
    pointer: `${pointer}/content/${escapePointerToken(mediaType)}`,
    ...(media.encoding && { encoding: media.encoding }),
  }));
}

function readParameters(document: OpenApiDocument, list: unknown, pointer: string): ParameterSpec[] {
  if (!Array.isArray(list)) {
    return [];
  }
  return list.map((item, i) => {
    const { value: p, pointer: at } = deref<ParameterObject>(document, item, `${pointer}/parameters/${i}`);
    return {
      name: p.name,
      in: p.in,
      required: p.required === true || p.in === 'path',
      deprecated: p.deprecated === true,
      schema: p.schema ?? {},
      pointer: at,
      object: p,
    };
  });
}

function readResponses(document: OpenApiDocument, op: OperationObject, pointer: string): ResponseSpec[] {
  return Object.entries(op.responses ?? {}).map(([status, item]) => {
    const { value: r, pointer: at } = deref<ResponseObject>(document, item, `${pointer}/responses/${status}`);
    const headers = Object.entries(r.headers ?? {})
      .filter(([name]) => name.toLowerCase() !== 'content-type')
      .map(([name, h]) => {
        const { value, pointer: hp } = deref<HeaderObject>(document, h, `${at}/headers/${escapePointerToken(name)}`);
        return { name: name.toLowerCase(), required: value.required === true, schema: value.schema ?? {}, pointer: hp };
      });
    return {
      status: status.toUpperCase(),
      description: r.description,
      headers,
      content: mediaTypes(r.content, at),
      pointer: at,
    };
  });
}

function scopesOf(security: SecurityRequirement[]): string[] {
  for (const requirement of security) {
    const scopes = Object.values(requirement).flat();
    if (scopes.length > 0) {
      return [...new Set(scopes)];
    }
  }
  return [];
}

/**
 * Reads every operation of a document: parameters merged from the path item and the operation
 * (the operation wins), bodies, responses and security, with `$ref`s followed and the spec
 * pointer of each piece kept for error reports.
 *
 * @see https://spec.openapis.org/oas/v3.1.0#operation-object
 * @example
 * const ops = readOperations(document);
 * ops.find((op) => op.operationId === 'get-asset')?.path; // '/assets/{asset_id}'
 */
export function readOperations(document: OpenApiDocument): OperationSpec[] {
  const operations: OperationSpec[] = [];
  for (const [path, pathItem] of Object.entries(document.paths ?? {})) {
    const itemPointer = `#/paths/${escapePointerToken(path)}`;
    const shared = readParameters(document, pathItem.parameters, itemPointer);
    for (const method of HTTP_METHODS) {
      const op = pathItem[method];
      if (!op) {
        continue;
      }
      const pointer = `${itemPointer}/${method}`;
      const own = readParameters(document, op.parameters, pointer);
      const parameters = [...shared.filter((p) => !own.some((o) => o.name === p.name && o.in === p.in)), ...own];
      const body = op.requestBody
        ? deref<RequestBodyObject>(document, op.requestBody, `${pointer}/requestBody`)
        : undefined;
      const security = op.security ?? document.security ?? [];
      operations.push({
        operationId: op.operationId ?? `${method} ${path}`,
        method,
        path,
        summary: op.summary,
        pointer,
        parameters,
        requestBody: body
          ? {
              required: body.value.required === true,
              content: mediaTypes(body.value.content, body.pointer),
              pointer: body.pointer,
            }
          : undefined,
        responses: readResponses(document, op, pointer),
        security,
        scopes: scopesOf(security),
        object: op,
      });
    }
  }
  return operations;
}

/**
 * Whether held scopes satisfy an operation: some security requirement must have all its scopes
 * held. An operation with no security, or with an empty requirement, needs none.
 *
 * @example
 * hasRequiredScopes(getAsset, ['assets:read']); // true
 */
export function hasRequiredScopes(operation: Pick<OperationSpec, 'security'>, held: Iterable<string>): boolean {
  if (operation.security.length === 0) {
    return true;
  }
  const have = new Set(held);
  return operation.security.some((requirement) =>
    Object.values(requirement)
      .flat()
      .every((scope) => have.has(scope)),
  );
}

/**
 * Every scope the operations ask for (`assets:read`, `assets:write`); empty when they ask for none.
 *
 * @example
 * declaredScopes(getContract('webflow-assets').operations); // Set { 'assets:read', 'assets:write' }
 */
export function declaredScopes(operations: readonly Pick<OperationSpec, 'security'>[]): Set<string> {
  return new Set(operations.flatMap((op) => op.security.flatMap((requirement) => Object.values(requirement).flat())));
}
