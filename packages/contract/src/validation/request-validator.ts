import type { ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import { joinPointer, splitPointer } from '../json-pointer.js';
import type { OperationSpec } from '../operations.js';
import type { SchemaCompiler } from '../schema/schema-compiler.js';
import { toViolations } from './ajv-errors.js';
import { type BodyInput, checkBody, hasBody } from './body.js';
import type { CompiledOperation, CompiledRequest } from './compile-operation.js';
import { contentCodingProblem } from './content-coding.js';
import { splitDelimited } from './delimited-arrays.js';
import { gatherExploded } from './exploded-query.js';
import { essence, isJsonMediaType, jsonCharsetProblem, matchMediaType } from './media-type.js';
import { readFormBody } from './multipart.js';
import { plusAsSpace } from './plus-as-space.js';
import { applyAliases, asSent, type RoutedServer } from './query-names.js';
import { shorten, type ValidationResult, type Violation, type ViolationLocation } from './violation.js';
import { firstValue, type HeadersInput, normalizeHeaders, normalizeQuery, type QueryInput } from './wire-input.js';
import { keepWireStrings, looseNumbers, type WireStrings } from './wire-numbers.js';

/** What {@link RequestValidator.validate} checks. Either `operationId` or `method` + `path`. */
export interface RequestInput extends BodyInput {
  operationId?: string;
  method?: string;
  /** The URL path as sent, base path included (`/v2/assets/…`), still percent-encoded. */
  path?: string;
  /** Path parameter values, when the operation is named by `operationId`. */
  params?: Readonly<Record<string, string>>;
  query?: QueryInput;
  headers?: HeadersInput;
  /** Overrides the `content-type` header. */
  contentType?: string;
}

/** The verdict on a request, with the values the schema coerced (`limit: 10`, not `'10'`). */
export interface RequestResult extends ValidationResult {
  operation: OperationSpec | undefined;
  pathParams: Record<string, unknown>;
  query: Record<string, unknown>;
  /**
   * Query parameters sent under an alias of their server (`/beta`'s `locale`), by the name `query`
   * holds them under: `localeId` → `locale`. An error about one must name what the caller sent.
   */
  queryAliases?: ReadonlyMap<string, string>;
  /** For routed requests: methods the path allows, when the method is not one of them. */
  allow?: string[];
}

/** Resolves the operation a request names; see `createContract`. */
export type ResolveOperation = (
  input: RequestInput,
) =>
  | { operation: CompiledOperation; pathParams: Record<string, string>; server: RoutedServer | undefined }
  | { violation: Violation; allow?: string[] };

const NOUN: Partial<Record<ViolationLocation, string>> = {
  path: 'path parameter',
  query: 'query parameter',
  header: 'header',
};

function checkParameters(
  validate: ValidateFunction,
  values: Record<string, unknown>,
  location: 'path' | 'query' | 'header',
  compiled: CompiledOperation,
  compiler: SchemaCompiler,
): Violation[] {
  const styled = splitDelimited(values, compiled.request.delimited[location], location);
  const { resolve } = compiler;
  const wire = keepWireStrings(values, compiled.request.parameters, location, resolve);
  if (validate(values)) {
    return [...styled, ...looseNumbers(values, wire, compiled.request.parameters, location, resolve)];
  }
  const fallbackSchemaPath = (error: ErrorObject) => {
    const name = error.params.missingProperty ?? error.instancePath.slice(1).split('/')[0];
    const param = compiled.request.parameters.find((p) => p.in === location && p.name === name);
    return param?.pointer ?? `${compiled.spec.pointer}/parameters`;
  };
  const noun = NOUN[location] ?? 'parameter';
  const invalid = toViolations(validate.errors ?? [], {
    location,
    placements: compiler.placements,
    fallbackSchemaPath,
  }).map((v) => asWritten({ ...v, message: v.message.replace(/^(unknown|required) property/, `$1 ${noun}`) }, wire));
  return [...styled, ...invalid];
}

/**
 * A violation of a number ajv coerced from a parameter, quoting the value as the caller wrote it:
 * `limit=99999999999999999999` is "got "99999999999999999999"", not the number it rounds to.
 */
function asWritten(violation: Violation, wire: WireStrings | undefined): Violation {
  if (!wire) {
    return violation;
  }
  const [name, ...deeper] = splitPointer(violation.pointer);
  const written = name === undefined || deeper.length > 0 ? undefined : wire.get(name);
  if (typeof written !== 'string' || typeof violation.actual !== 'number' || String(violation.actual) === written) {
    return violation;
  }
  const shown = JSON.stringify(shorten(written, 60));
  return {
    ...violation,
    message: violation.message.replace(/got number \S+$/, `got ${shown}`),
    actual: written,
  };
}

function checkRequestBody(
  input: RequestInput,
  request: CompiledRequest,
  compiler: SchemaCompiler,
  headers: Record<string, string | string[]>,
): Violation[] {
  const present = hasBody(input);
  const body = request.body;
  if (!body) {
    return present
      ? [
          {
            location: 'body',
            pointer: '',
            schemaPath: '#',
            keyword: 'body',
            message: 'this operation takes no request body',
          },
        ]
      : [];
  }
  const documented = body.media.map((m) => m.mediaType).join(', ');
  if (!present) {
    return body.required
      ? [
          {
            location: 'body',
            pointer: '',
            schemaPath: `${body.pointer}/required`,
            keyword: 'required',
            message: `a request body is required (${documented})`,
          },
        ]
      : [];
  }
  const rawType = input.contentType ?? firstValue(headers['content-type']);
  const contentType = essence(rawType);
  const media = contentType ? matchMediaType(contentType, body.media) : undefined;
  if (!media) {
    const message = contentType
      ? `Content-Type ${contentType} is not accepted; send ${documented}`
      : `Content-Type is missing; send ${documented}`;
    return [
      {
        location: 'header',
        pointer: '/content-type',
        schemaPath: `${body.pointer}/content`,
        keyword: 'contentType',
        message,
      },
    ];
  }
  // Raw bytes under a content coding (gzip, …) cannot be checked, and no operation documents one:
  // say so, rather than call compressed bytes malformed JSON.
  const coding = input.body === undefined ? firstValue(headers['content-encoding'])?.trim().toLowerCase() : undefined;
  const codingProblem = contentCodingProblem(coding);
  if (codingProblem !== undefined) {
    return [
      {
        location: 'header',
        pointer: '/content-encoding',
        schemaPath: `${body.pointer}/content`,
        keyword: 'contentType',
        message: codingProblem,
      },
    ];
  }
  // JSON is UTF-8 (RFC 8259 §8.1) and is checked as such; under another charset label an upstream
  // that honours the label would read other text than was validated.
  // Two labels are refused whatever they say: parsers differ on which one counts.
  const problem =
    input.body === undefined && isJsonMediaType(media.mediaType) ? jsonCharsetProblem(rawType) : undefined;
  if (problem !== undefined) {
    return [
      {
        location: 'header',
        pointer: '/content-type',
        schemaPath: `${body.pointer}/content`,
        keyword: 'contentType',
        message: problem,
      },
    ];
  }
  let parsed: BodyInput = input;
  // A raw form body is split into its parts here, so its fields are validated like JSON ones.
  if (media.mediaType === 'multipart/form-data' && input.body === undefined && input.rawBody !== undefined) {
    const form = readFormBody(input.rawBody, rawType ?? '', media.encoding, `${media.pointer}/schema`);
    if ('violation' in form) {
      return [form.violation];
    }
    parsed = { body: form.value };
  }
  return checkBody(
    parsed,
    media.mediaType,
    media.validate,
    { location: 'body', placements: compiler.placements },
    `${media.pointer}/schema`,
  );
}

/**
 * A query name as validation reads it (by `URLSearchParams`: `+` as a space, escapes decoded, a bad
 * sequence as U+FFFD), so a violation about its encoding names the parameter the others name.
 */
function decodedName(name: string): string {
  return new URLSearchParams(`${name}=`).keys().next().value ?? name;
}

/**
 * A query string's names and values that are not percent-encoded UTF-8 (`%ED%A0%80`, a lone
 * `%C3`): `URLSearchParams` reads each bad sequence as U+FFFD, so the value validated would not be
 * the one the upstream decodes from the bytes forwarded. A raw `#` too: it ends the query in a URL
 * (RFC 3986 §3.5) and has no place in a request line, so a server or CDN on the way may cut the
 * query there, and the upstream would read less than was validated.
 */
function misencodedQuery(query: QueryInput | undefined): Violation[] {
  if (typeof query !== 'string' || !(query.includes('%') || query.includes('#'))) {
    return [];
  }
  const violations: Violation[] = [];
  for (const pair of query.replace(/^\?/, '').split('&')) {
    const equals = pair.indexOf('=');
    const name = equals < 0 ? pair : pair.slice(0, equals);
    const pointer = joinPointer('', decodedName(name).slice(0, 100));
    const parts =
      equals < 0
        ? [['the name', name]]
        : [
            ['the name', name],
            ['the value', pair.slice(equals + 1)],
          ];
    for (const [what, part = ''] of parts) {
      if (part.includes('#')) {
        violations.push({
          location: 'query',
          pointer,
          schemaPath: '',
          keyword: 'encoding',
          message: `${what} holds a raw "#", which ends the query in a URL: percent-encode it as %23 (${part.slice(0, 60)})`,
        });
        break;
      }
      try {
        decodeURIComponent(part.replace(/\+/g, ' '));
      } catch {
        violations.push({
          location: 'query',
          pointer,
          schemaPath: '',
          keyword: 'encoding',
          message: `${what} is not percent-encoded UTF-8 (${part.slice(0, 60)})`,
        });
        break;
      }
    }
  }
  return violations;
}

/**
 * Validates requests: path, query (coerced by the schema; undocumented names go to a
 * form-exploded object parameter when the operation has one, and are rejected otherwise), headers
 * and body (content type, JSON syntax, multipart parts, schema), collecting every violation.
 *
 * @example
 * validator.validate({ method: 'GET', path: '/v2/sites/abc/assets', query: 'limit=0' });
 * // → { valid: false, violations: [{ location: 'path', pointer: '/site_id', … }, { location: 'query', pointer: '/limit', … }] }
 */
export function createRequestValidator(resolve: ResolveOperation, compiler: SchemaCompiler) {
  return function validateRequest(input: RequestInput): RequestResult {
    const resolved = resolve(input);
    if ('violation' in resolved) {
      const result: RequestResult = {
        valid: false,
        violations: [resolved.violation],
        operation: undefined,
        pathParams: {},
        query: {},
      };
      if (resolved.allow) {
        result.allow = resolved.allow;
      }
      return result;
    }
    const { operation, server } = resolved;
    const headers = normalizeHeaders(input.headers);
    const pathParams: Record<string, unknown> = { ...resolved.pathParams };
    const query: Record<string, unknown> = normalizeQuery(input.query);
    const { renamed, conflicts } = applyAliases(query, server, operation);
    const layout = operation.request.queryLayout;
    const names = { renamed, gathered: gatherExploded(query, layout), layout };
    const violations = [
      ...misencodedQuery(input.query),
      ...checkParameters(operation.request.path, pathParams, 'path', operation, compiler),
      ...conflicts,
      ...plusAsSpace(
        asSent(checkParameters(operation.request.query, query, 'query', operation, compiler), names),
        input.query,
      ),
      ...(operation.request.headers
        ? checkParameters(operation.request.headers, { ...headers }, 'header', operation, compiler)
        : []),
      ...checkRequestBody(input, operation.request, compiler, headers),
    ];
    return {
      valid: violations.length === 0,
      violations,
      operation: operation.spec,
      pathParams,
      query,
      queryAliases: renamed,
    };
  };
}
