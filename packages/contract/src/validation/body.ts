import type { ValidateFunction } from 'ajv/dist/2020.js';
import type { ErrorContext } from './ajv-errors.js';
import { toViolations } from './ajv-errors.js';
import { duplicateName } from './duplicate-names.js';
import { loneSurrogateAt } from './lone-surrogates.js';
import { isJsonMediaType } from './media-type.js';
import { nestingProblem } from './nesting-depth.js';
import type { Violation, ViolationLocation } from './violation.js';

/** A body as callers have it: already parsed (`body`), or raw bytes/text (`rawBody`). */
export interface BodyInput {
  /** The parsed body (JSON value, or form fields). `undefined` means none was given. */
  body?: unknown;
  /** The raw body; parsed here when the media type is JSON. Ignored when `body` is given. */
  rawBody?: string | Uint8Array;
}

/** Whether the input carries a body at all (an empty raw body is no body). */
export function hasBody(input: BodyInput): boolean {
  if (input.body !== undefined) {
    return true;
  }
  return input.rawBody !== undefined && input.rawBody.length > 0;
}

const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * What makes a parsed request document read differently by different parsers: a name given twice
 * in one object (see {@link duplicateName}), or a string escaping half a surrogate pair; as the
 * pointer and the message of the problem, `undefined` when there is none. A request is forwarded
 * as written, so the upstream must read the document validated here.
 *
 * @example
 * ambiguityOf('{"a":1,"a":2}', { a: 2 }); // { pointer: '/a', message: 'is a name the object already has …' }
 */
function ambiguityOf(text: string, value: unknown): { pointer: string; message: string } | undefined {
  const duplicate = duplicateName(text);
  if (duplicate !== undefined) {
    return {
      pointer: duplicate,
      message: 'is a name the object already has (JSON parsers differ on which of the two counts)',
    };
  }
  // Only an escape can spell a lone surrogate: valid UTF-8 bytes cannot.
  const illFormed = text.includes('\\u') ? loneSurrogateAt(value) : undefined;
  if (illFormed !== undefined) {
    return {
      pointer: illFormed,
      message:
        'must be well-formed Unicode: it escapes half of a UTF-16 surrogate pair, which parsers read differently (replaced, refused or kept)',
    };
  }
  return undefined;
}

/** The violation message of text that is not JSON (or not UTF-8), with the parser's reason. */
export const notJson = (error: unknown) =>
  `is not valid JSON (${error instanceof Error ? error.message : String(error)})`;

/**
 * A JSON document a request carries (a body, or a JSON part of a form), as the server behind will
 * read it: refused before it is parsed when it nests too deep (see {@link nestingProblem}), and
 * after when parsers would read it differently (see {@link ambiguityOf}); the problem as a
 * pointer and a message.
 *
 * @example
 * parseRequestJson('{"a":1,"a":2}'); // { problem: { pointer: '/a', message: 'is a name the object already has …' } }
 */
export function parseRequestJson(text: string): { value: unknown } | { problem: { pointer: string; message: string } } {
  // Before parsing: how long parsing takes grows with depth (see MAX_JSON_NESTING).
  const tooDeep = nestingProblem(text);
  if (tooDeep !== undefined) {
    return { problem: { pointer: '', message: tooDeep } };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { problem: { pointer: '', message: notJson(error) } };
  }
  const ambiguity = ambiguityOf(text, value);
  return ambiguity === undefined ? { value } : { problem: ambiguity };
}

/**
 * Parses a JSON body unless it is already parsed. Failure is a violation, not an exception:
 * a malformed body is bad input, and bad input gets a precise error. A request body must also be
 * unambiguous (see {@link parseRequestJson}).
 */
export function readJsonBody(
  input: BodyInput,
  location: ViolationLocation,
  schemaPath: string,
): { value: unknown } | { violation: Violation } {
  if (input.body !== undefined || input.rawBody === undefined) {
    return { value: input.body };
  }
  const invalid = (message: string, pointer = '') => ({
    violation: { location, pointer, schemaPath, keyword: 'json', message },
  });
  let text: string;
  try {
    text = typeof input.rawBody === 'string' ? input.rawBody : decoder.decode(input.rawBody);
  } catch (error) {
    return invalid(notJson(error));
  }
  if (location === 'body') {
    const parsed = parseRequestJson(text);
    return 'problem' in parsed ? invalid(parsed.problem.message, parsed.problem.pointer) : parsed;
  }
  try {
    return { value: JSON.parse(text) };
  } catch (error) {
    return invalid(notJson(error));
  }
}

/**
 * Validates a body against one media type's compiled schema. Non-JSON media types are checked
 * only when a parsed `body` is given (for example form fields); raw bytes pass through.
 */
export function checkBody(
  input: BodyInput,
  mediaType: string,
  validate: ValidateFunction | undefined,
  ctx: ErrorContext,
  schemaPath: string,
): Violation[] {
  if (!validate) {
    return [];
  }
  if (!isJsonMediaType(mediaType) && input.body === undefined) {
    return [];
  }
  const parsed = isJsonMediaType(mediaType) ? readJsonBody(input, ctx.location, schemaPath) : { value: input.body };
  if ('violation' in parsed) {
    return [parsed.violation];
  }
  return validate(parsed.value) ? [] : toViolations(validate.errors ?? [], ctx);
}
