import type { CompiledOperation } from './compile-operation.js';

/**
 * A precondition header (RFC 9110 §13.1) a request may carry, by its lower-case name. Which ones a
 * request carried decides whether a `304` or a `412` the API does not document is HTTP's answer.
 */
export type Precondition = 'if-match' | 'if-none-match' | 'if-modified-since' | 'if-unmodified-since';

/** The precondition headers, for a caller that gathers them from a request's header names. */
export const PRECONDITIONS: readonly Precondition[] = [
  'if-match',
  'if-none-match',
  'if-modified-since',
  'if-unmodified-since',
];

/**
 * Which HTTP answer to a precondition a status is, for this request (`undefined`: none, the status
 * is the API's like any other). Looked at only for a 304 or a 412 the operation does not document.
 *
 * - `304`: the request of a `GET` (or its `HEAD`) carried `If-None-Match` or `If-Modified-Since`
 *   (§13.1.2, §13.1.3).
 * - `412`: it carried `If-Match` or `If-Unmodified-Since` (§13.1.1, §13.1.4), or `If-None-Match` to
 *   a method other than `GET`/`HEAD` (§13.1.2: those answer 304 instead). `If-Modified-Since` is
 *   ignored by other methods and never fails with a 412.
 *
 * @example
 * preconditionAnswer(412, patchAsset, ['if-match']); // 'precondition-failed'
 */
export function preconditionAnswer(
  status: number,
  operation: CompiledOperation,
  preconditions: readonly Precondition[] | undefined,
): 'not-modified' | 'precondition-failed' | undefined {
  if (preconditions === undefined || preconditions.length === 0) {
    return undefined;
  }
  const read = operation.spec.method === 'get' || operation.spec.method === 'head';
  if (status === 304) {
    return read && (preconditions.includes('if-none-match') || preconditions.includes('if-modified-since'))
      ? 'not-modified'
      : undefined;
  }
  if (status === 412) {
    const fails =
      preconditions.includes('if-match') ||
      preconditions.includes('if-unmodified-since') ||
      (!read && preconditions.includes('if-none-match'));
    return fails ? 'precondition-failed' : undefined;
  }
  return undefined;
}
