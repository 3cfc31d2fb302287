import type { ValidateFunction } from 'ajv/dist/2020.js';
import type { MediaTypeSpec, OperationSpec, ParameterSpec, ResponseSpec } from '../operations.js';
import type { SchemaCompiler } from '../schema/schema-compiler.js';
import { type DelimitedArrays, delimitedArrays } from './delimited-arrays.js';
import { type QueryLayout, queryLayout } from './exploded-query.js';

/** A media type with its compiled schema (none when the spec gives no schema). */
export interface CompiledMedia {
  mediaType: string;
  pointer: string;
  validate: ValidateFunction | undefined;
  /** Per-part content types of a `multipart/form-data` body (the Media Type Object's `encoding`). */
  encoding?: MediaTypeSpec['encoding'];
}

/** The request half of an operation, compiled. */
export interface CompiledRequest {
  path: ValidateFunction;
  query: ValidateFunction;
  /** Which query names are parameters of their own, and which form-exploded objects take the rest. */
  queryLayout: QueryLayout;
  /** Array parameters sent as one delimited value (`ids=1,2,3`), per location. */
  delimited: Record<'path' | 'query' | 'header', DelimitedArrays>;
  /** `undefined` when the operation documents no header parameters. */
  headers: ValidateFunction | undefined;
  /** Parameter specs by location and name, for messages and spec pointers. */
  parameters: ParameterSpec[];
  body: { required: boolean; pointer: string; media: CompiledMedia[] } | undefined;
}

/** One documented response, compiled (strict body validators are compiled on first use). */
export interface CompiledResponse {
  spec: ResponseSpec;
  headers: ValidateFunction;
  media: CompiledMedia[];
  strictMedia: () => CompiledMedia[];
}

/** An operation with every validator it needs. */
export interface CompiledOperation {
  spec: OperationSpec;
  request: CompiledRequest;
  responses: Map<string, CompiledResponse>;
}

function members(parameters: readonly ParameterSpec[], location: ParameterSpec['in']) {
  return parameters
    .filter((p) => p.in === location)
    .map((p) => ({
      name: location === 'header' ? p.name.toLowerCase() : p.name,
      schema: p.schema,
      required: p.required,
      pointer: `${p.pointer}/schema`,
    }));
}

function compileResponse(spec: ResponseSpec, compiler: SchemaCompiler): CompiledResponse {
  let strict: CompiledMedia[] | undefined;
  const compileMedia = (variant: 'response' | 'response-strict') =>
    spec.content.map((m) => ({
      mediaType: m.mediaType,
      pointer: m.pointer,
      validate: m.schema === undefined ? undefined : compiler.compileBody(m.schema, variant, `${m.pointer}/schema`),
    }));
  return {
    spec,
    headers: compiler.compileMembers(
      spec.headers.map((h) => ({
        name: h.name,
        schema: h.schema,
        required: h.required,
        pointer: `${h.pointer}/schema`,
      })),
      'response',
      false,
    ),
    media: compileMedia('response'),
    strictMedia: () => {
      strict ??= compileMedia('response-strict');
      return strict;
    },
  };
}

/**
 * Compiles everything one operation validates: path, query and header parameters (query closed
 * to undocumented names, unless a form-exploded object parameter takes them), each request media
 * type, and each response's headers and bodies.
 *
 * @example
 * const compiled = compileOperation(operations[0], compiler);
 * compiled.request.query({ limit: '10' }); // true, and coerces limit to 10
 */
export function compileOperation(spec: OperationSpec, compiler: SchemaCompiler): CompiledOperation {
  const body = spec.requestBody;
  const { resolve } = compiler;
  const request: CompiledRequest = {
    path: compiler.compileMembers(members(spec.parameters, 'path'), 'request', true),
    query: compiler.compileMembers(members(spec.parameters, 'query'), 'request', true),
    queryLayout: queryLayout(spec.parameters, resolve),
    delimited: {
      path: delimitedArrays(spec.parameters, 'path', resolve),
      query: delimitedArrays(spec.parameters, 'query', resolve),
      header: delimitedArrays(spec.parameters, 'header', resolve),
    },
    headers: spec.parameters.some((p) => p.in === 'header')
      ? compiler.compileMembers(members(spec.parameters, 'header'), 'request', false)
      : undefined,
    parameters: spec.parameters,
    body: body && {
      required: body.required,
      pointer: body.pointer,
      media: body.content.map((m) => ({
        mediaType: m.mediaType,
        pointer: m.pointer,
        validate: m.schema === undefined ? undefined : compiler.compileBody(m.schema, 'request', `${m.pointer}/schema`),
        ...(m.encoding && { encoding: m.encoding }),
      })),
    },
  };
  const responses = new Map(spec.responses.map((r) => [r.status, compileResponse(r, compiler)]));
  return { spec, request, responses };
}
