import type { ResponseExcerpt } from '../runner/report-types.js';

/**
 * How a failed response began, on one line (the JSON report keeps more of it).
 *
 * @example
 * answered({ status: 400, contentType: 'application/json', text: '{"code": "validation_error"}' });
 * // '400 application/json {"code": "validation_error"}'
 */
export function answered({ status, contentType, text, truncated }: ResponseExcerpt, max = 300): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const body = flat.length > max || truncated ? `${flat.slice(0, max)}…` : flat;
  return `${status}${contentType ? ` ${contentType}` : ''}${body ? ` ${body}` : ' (empty body)'}`;
}
