import { joinPointer } from '../json-pointer.js';
import type { SchemaCompiler } from '../schema/schema-compiler.js';
import { toViolations } from './ajv-errors.js';
import { type BodyInput, checkBody, hasBody } from './body.js';
import type { CompiledOperation, CompiledResponse } from './compile-operation.js';
import { essence, matchMediaType } from './media-type.js';
import { type Precondition, preconditionAnswer } from './preconditions.js';
import type { ValidationResult, Violation } from './violation.js';
import { firstValue, type HeadersInput, normalizeHeaders } from './wire-input.js';
import { wireNumberProblem } from './wire-numbers.js';

/** What {@link createResponseValidator}'s function checks. */
export interface ResponseInput extends BodyInput {
  operationId: string;
  status: number;
  headers?: HeadersInput;
  /** Overrides the `content-type` header. */
  contentType?: string;
  /** Also report properties the spec does not document (a drift warning without schema edits). */
  strict?: boolean;
  /**
   * The answer to a `HEAD`: the status and headers are checked as the operation's, and a
   * `Content-Type` (when sent) must be a documented one, but there is no content to check.
   */
  head?: boolean;
  /**
   * Check the status, the headers and the content type only: the body is neither parsed nor
   * checked against its schema (a deployment that checks a sample of bodies, see the proxy's
   * `RESPONSE_VALIDATION_SAMPLE`). A body where the status documents none is still reported.
   */
  skipBody?: boolean;
  /**
   * The precondition headers the request carried (as sent to the server that answered, RFC 9110
   * §13.1). They make two statuses HTTP's answer rather than the API's, valid where the operation
   * documents no response for them (see {@link preconditionAnswer}):
   * - a `304 Not Modified` to a `GET` (or its `HEAD`) with `If-None-Match` or `If-Modified-Since`,
   *   as the 200 it stands for without content (§15.4.5): the 200's headers are checked when
   *   present, none is required;
   * - a `412 Precondition Failed` with `If-Match` or `If-Unmodified-Since`, or `If-None-Match` to
   *   another method: the body, if any, is checked as the operation's documented `400` (the API's
   *   error shape), its headers when present, none required (a cache in between may answer).
   * Without them, a 304 or 412 is checked like any other status.
   */
  preconditions?: readonly Precondition[];
}

/** The documented response for a status: exact, then its range (`4XX`), then `default`. */
export function documentedResponse(operation: CompiledOperation, status: number): CompiledResponse | undefined {
  return (
    operation.responses.get(String(status)) ??
    operation.responses.get(`${Math.floor(status / 100)}XX`) ??
    operation.responses.get('DEFAULT')
  );
}

function checkHeaders(
  response: CompiledResponse,
  headers: Record<string, string | string[]>,
  compiler: SchemaCompiler,
): Violation[] {
  const documented: Record<string, unknown> = {};
  for (const h of response.spec.headers) {
    if (headers[h.name] !== undefined) {
      documented[h.name] = headers[h.name];
    }
  }
  const loose = looselyWritten(response, headers, compiler);
  if (response.headers(documented)) {
    return loose;
  }
  const failed = toViolations(response.headers.errors ?? [], {
    location: 'response.header',
    placements: compiler.placements,
    fallbackSchemaPath: (error) => {
      const name = error.params.missingProperty ?? error.instancePath.slice(1);
      return response.spec.headers.find((h) => h.name === name)?.pointer;
    },
  }).map((v) => ({ ...v, message: v.message.replace(/^required property/, 'required header') }));
  return [...failed, ...loose.filter((l) => !failed.some((f) => f.pointer === l.pointer))];
}

/**
 * Number headers that pass only because ajv's coercion is loose (`0x3C`, `6e1`, `+60`,
 * `Infinity`, a 20-digit integer for `X-RateLimit-Limit`): a client reads the string as written,
 * so it is checked as written, like a request's number parameters.
 */
function looselyWritten(
  response: CompiledResponse,
  headers: Record<string, string | string[]>,
  compiler: SchemaCompiler,
): Violation[] {
  const { resolve } = compiler;
  const found: Violation[] = [];
  for (const h of response.spec.headers) {
    const wire = firstValue(headers[h.name]);
    const message = wire === undefined ? undefined : wireNumberProblem(wire, h.schema, resolve);
    if (message && wire !== undefined) {
      found.push({
        location: 'response.header',
        pointer: joinPointer('', h.name),
        schemaPath: `${h.pointer}/schema/type`,
        keyword: 'type',
        message,
        actual: wire.slice(0, 200),
      });
    }
  }
  return found;
}

function checkContent(
  input: ResponseInput,
  response: CompiledResponse,
  compiler: SchemaCompiler,
  headers: Record<string, string | string[]>,
): Violation[] {
  const present = hasBody(input);
  const { spec } = response;
  if (spec.content.length === 0) {
    return present
      ? [
          {
            location: 'response.body',
            pointer: '',
            schemaPath: spec.pointer,
            keyword: 'body',
            message: `status ${input.status} is documented without a body, but one was sent`,
          },
        ]
      : [];
  }
  const documented = spec.content.map((m) => m.mediaType).join(', ');
  const contentType = essence(input.contentType ?? firstValue(headers['content-type']));
  if (input.head && !contentType) {
    return [];
  }
  if (!contentType) {
    const message = present
      ? `Content-Type is missing; documented: ${documented}`
      : `the body is missing; documented: ${documented}`;
    return [
      {
        location: present ? 'response.header' : 'response.body',
        pointer: present ? '/content-type' : '',
        schemaPath: `${spec.pointer}/content`,
        keyword: present ? 'contentType' : 'body',
        message,
      },
    ];
  }
  const media = input.strict ? response.strictMedia() : response.media;
  const matched = matchMediaType(contentType, media);
  if (!matched) {
    return [
      {
        location: 'response.header',
        pointer: '/content-type',
        schemaPath: `${spec.pointer}/content`,
        keyword: 'contentType',
        message: `Content-Type ${contentType} is not documented; documented: ${documented}`,
      },
    ];
  }
  if (input.head || input.skipBody) {
    return [];
  }
  const ctx = { location: 'response.body' as const, placements: compiler.placements };
  return checkBody(input, matched.mediaType, matched.validate, ctx, `${matched.pointer}/schema`);
}

/**
 * The documented headers of `response`, checked where they were sent and required nowhere: HTTP's
 * answer to a precondition (a 304, a 412) carries a subset of them, or none if a cache answered.
 */
function headersWhereSent(
  response: CompiledResponse,
  headers: Record<string, string | string[]>,
  compiler: SchemaCompiler,
): Violation[] {
  return checkHeaders(response, headers, compiler).filter((v) => v.keyword !== 'required');
}

/**
 * A 304 answering a conditional `GET` ({@link ResponseInput.preconditions}): no content, and the
 * headers the 200 documents well-formed where they are sent (a 304 carries a subset of them).
 */
function checkNotModified(input: ResponseInput, operation: CompiledOperation, compiler: SchemaCompiler): Violation[] {
  const violations: Violation[] = [];
  if (hasBody(input)) {
    violations.push({
      location: 'response.body',
      pointer: '',
      schemaPath: `${operation.spec.pointer}/responses`,
      keyword: 'body',
      message: 'status 304 has no content (RFC 9110 §15.4.5), but a body was sent',
    });
  }
  const ok = operation.responses.get('200');
  if (ok) {
    violations.push(...headersWhereSent(ok, normalizeHeaders(input.headers), compiler));
  }
  return violations;
}

/**
 * A 412 answering a failed precondition ({@link ResponseInput.preconditions}), checked as the
 * operation's documented `400`, the API's error answer (Webflow's `Error`): its headers where sent,
 * none required, and a body, if there is one, in a documented content type and matching its
 * schema. An API that documents no 400 leaves the 412 at its status.
 */
function checkPreconditionFailed(
  input: ResponseInput,
  operation: CompiledOperation,
  compiler: SchemaCompiler,
): Violation[] {
  const refusal = operation.responses.get('400');
  if (!refusal) {
    return [];
  }
  const headers = normalizeHeaders(input.headers);
  const violations = headersWhereSent(refusal, headers, compiler);
  if (hasBody(input) || firstValue(headers['content-type']) !== undefined || input.contentType !== undefined) {
    violations.push(...checkContent(input, refusal, compiler, headers));
  }
  return violations;
}

/**
 * Validates responses: the status is documented, documented headers are present and well-formed,
 * the content type is documented, and the body matches its schema (in strict mode, with no
 * undocumented properties either). A 304 to a conditional `GET`, and a 412 to a request whose
 * precondition failed, are valid without being documented (see {@link ResponseInput.preconditions}).
 *
 * @example
 * validate({ operationId: 'get-asset', status: 200, headers, rawBody });
 * // → { valid: false, violations: [{ location: 'response.body', pointer: '/variants/0/height', … }] }
 */
export function createResponseValidator(operations: ReadonlyMap<string, CompiledOperation>, compiler: SchemaCompiler) {
  return function validateResponse(input: ResponseInput): ValidationResult {
    const operation = operations.get(input.operationId);
    if (!operation) {
      throw new TypeError(`unknown operationId ${JSON.stringify(input.operationId)}`);
    }
    const response = documentedResponse(operation, input.status);
    if ((input.status === 304 || input.status === 412) && input.preconditions !== undefined) {
      // A documented 304 is the API's own (exact only: a `3XX` or `default` describes no 304); a
      // 412 the operation describes (exactly, by `4XX` or `default`) is checked as described.
      const undocumented = input.status === 304 ? !operation.responses.has('304') : response === undefined;
      const answer = undocumented ? preconditionAnswer(input.status, operation, input.preconditions) : undefined;
      if (answer) {
        const violations =
          answer === 'not-modified'
            ? checkNotModified(input, operation, compiler)
            : checkPreconditionFailed(input, operation, compiler);
        return { valid: violations.length === 0, violations };
      }
    }
    if (!response) {
      const documented = [...operation.responses.keys()].join(', ');
      const violation: Violation = {
        location: 'response.status',
        pointer: '',
        schemaPath: `${operation.spec.pointer}/responses`,
        keyword: 'status',
        message: `status ${input.status} is not documented for ${input.operationId} (documented: ${documented})`,
        actual: input.status,
      };
      return { valid: false, violations: [violation] };
    }
    const headers = normalizeHeaders(input.headers);
    const violations = [
      ...checkHeaders(response, headers, compiler),
      ...checkContent(input, response, compiler, headers),
    ];
    return { valid: violations.length === 0, violations };
  };
}
