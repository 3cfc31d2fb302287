import type { ErrorDetail, Violation } from '@assetkit/contract';
import { violationDetail } from '@assetkit/contract';
import { HttpError } from '../errors.js';

/**
 * Turns request violations into Webflow's 400 `validation_error`, one detail per violation
 * with the field, where it is, its JSON pointer and what is wrong.
 *
 * @example
 * throw validationError(result.violations);
 * // 400 { code: 'validation_error', message: 'Validation Error: limit must be <= 100, got number 101', details: [{ field: 'limit', location: 'query', pointer: '/limit', message: '…' }] }
 */
export function validationError(violations: readonly Violation[]): HttpError {
  const details: ErrorDetail[] = violations.map(violationDetail);
  const first = details[0];
  const more = details.length > 1 ? ` (and ${details.length - 1} more)` : '';
  const message = first ? `Validation Error: ${first.field} ${first.message}${more}` : 'Validation Error';
  return new HttpError(400, 'validation_error', message, { details });
}

/** A single-field validation error, for checks the schema cannot express (unknown locale, file type). */
export function fieldError(field: string, location: 'query' | 'body' | 'path', message: string): HttpError {
  return validationError([{ location, pointer: `/${field}`, schemaPath: '#', keyword: 'sandbox', message }]);
}
