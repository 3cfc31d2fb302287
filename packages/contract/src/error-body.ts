import { splitPointer } from './json-pointer.js';
import type { OpenApiDocument } from './openapi-document.js';
import { shownPointer, type Violation } from './validation/violation.js';

/** One problem in an error body, as assetkit reports it (Webflow's `{field, message}` plus more). */
export interface ErrorDetail {
  field?: string;
  location?: string;
  pointer?: string;
  message: string;
  [key: string]: unknown;
}

/** What an error produced by assetkit (sandbox or proxy) says. */
export interface ErrorFacts {
  /** Machine-readable code (`validation_error`, `resource_not_found`, …). */
  code: string;
  /** Human-readable message. */
  message: string;
  details?: ErrorDetail[];
}

/**
 * The document-level `x-assetkit-error` extension: the media type and the template of the error
 * body this API uses. Placeholders `"{code}"`, `"{message}"` and `"{details}"` are replaced; all
 * other values are copied. Without it, errors are `{ code, message, details }`.
 */
export interface ErrorFormat {
  mediaType: string;
  body: unknown;
}

const DEFAULT_FORMAT: ErrorFormat = {
  mediaType: 'application/json',
  body: { code: '{code}', message: '{message}', details: '{details}' },
};

/** The error format a document declares (or the default one). */
export function errorFormatOf(document: OpenApiDocument): ErrorFormat {
  const declared = document['x-assetkit-error'] as Partial<ErrorFormat> | undefined;
  return { mediaType: declared?.mediaType ?? DEFAULT_FORMAT.mediaType, body: declared?.body ?? DEFAULT_FORMAT.body };
}

function fill(template: unknown, facts: ErrorFacts): unknown {
  if (template === '{code}') {
    return facts.code;
  }
  if (template === '{message}') {
    return facts.message;
  }
  if (template === '{details}') {
    return facts.details ?? [];
  }
  if (Array.isArray(template)) {
    return template.map((item) => fill(item, facts));
  }
  if (template !== null && typeof template === 'object') {
    return Object.fromEntries(Object.entries(template).map(([k, v]) => [k, fill(v, facts)]));
  }
  return template;
}

/**
 * Builds an error body in the API's own shape from its `x-assetkit-error` template.
 *
 * @example
 * renderErrorBody(errorFormatOf(document), { code: 'resource_not_found', message: 'Asset not found' });
 * // Webflow: { code: 'resource_not_found', message: 'Asset not found', externalReference: null, details: [] }
 */
export function renderErrorBody(format: ErrorFormat, facts: ErrorFacts): unknown {
  return fill(format.body, facts);
}

/**
 * A violation as one entry of an error's `details`, as assetkit's sandbox and proxy both answer
 * it: the field (dotted, from the JSON pointer; the location itself for the whole of it), where it
 * is, its pointer, and what is wrong.
 *
 * @example
 * violationDetail({ location: 'query', pointer: '/limit', message: 'must be <= 100', … });
 * // { field: 'limit', location: 'query', pointer: '/limit', message: 'must be <= 100' }
 */
export function violationDetail(violation: Violation): ErrorDetail {
  const tokens = splitPointer(violation.pointer);
  const field = tokens.length > 0 ? shownPointer(tokens.join('.')) : violation.location;
  return { field, location: violation.location, pointer: shownPointer(violation.pointer), message: violation.message };
}
