import type { RecordedRequest } from './report-types.js';

/** Quotes a value for a POSIX shell. */
export function shellQuote(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

/** The placeholder that replaces every credential in reports. */
export const REDACTED = '<redacted>';

/**
 * Replaces credentials in recorded headers: `Authorization: Bearer <redacted>`, and cookies or
 * API-key style headers entirely.
 *
 * @example
 * redactHeaders({ authorization: 'Bearer abc' }); // { authorization: 'Bearer <redacted>' }
 */
export function redactHeaders(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if (lower === 'authorization') {
      const scheme = /^(\S+)\s/.exec(value)?.[1];
      out[name] = scheme ? `${scheme} ${REDACTED}` : REDACTED;
    } else if (lower === 'cookie' || lower === 'x-api-key' || lower === 'proxy-authorization') {
      out[name] = REDACTED;
    } else {
      out[name] = value;
    }
  }
  return out;
}

/**
 * A `curl` command that repeats a recorded request (credentials already redacted: the user puts
 * their token back in). Multipart forms become `-F` fields, file parts `-F file=@<name>`.
 *
 * @example
 * toCurl({ method: 'GET', url: 'https://api.webflow.com/v2/assets/x', headers: { authorization: 'Bearer <redacted>' } });
 * // "curl -X GET https://api.webflow.com/v2/assets/x -H 'authorization: Bearer <redacted>'"
 */
export function toCurl(request: RecordedRequest): string {
  const parts = ['curl', '-X', request.method, shellQuote(request.url)];
  for (const [name, value] of Object.entries(request.headers)) {
    if (request.form && name.toLowerCase() === 'content-type') {
      continue; // curl writes its own multipart boundary
    }
    parts.push('-H', shellQuote(`${name}: ${value}`));
  }
  if (request.form) {
    for (const field of request.form) {
      parts.push(
        '-F',
        shellQuote(field.fileName ? `${field.name}=@${field.fileName}` : `${field.name}=${field.value ?? ''}`),
      );
    }
  } else if (request.body !== undefined) {
    parts.push('--data-raw', shellQuote(request.body));
  }
  return parts.join(' ');
}
