import type { ResponseExcerpt } from './report-types.js';

/** How much of a failed response's body a report keeps. */
export const EXCERPT_CHARS = 2000;

/**
 * The start of a response a report keeps beside a failed check: the server's own words (a
 * validation message, an HTML error page) often say why it answered as it did.
 *
 * @example
 * excerptOf(400, new Headers({ 'content-type': 'application/json' }), '{"code":"validation_error"}');
 * // { status: 400, contentType: 'application/json', text: '{"code":"validation_error"}' }
 */
export function excerptOf(status: number, headers: Headers, text: string): ResponseExcerpt {
  const contentType = headers.get('content-type');
  return {
    status,
    ...(contentType !== null && { contentType }),
    text: text.slice(0, EXCERPT_CHARS),
    ...(text.length > EXCERPT_CHARS && { truncated: true as const }),
  };
}
