import { echoStarts, replaceSecret, UNMISTAKABLE_SECRET_LENGTH } from '@assetkit/contract';
import { REDACTED } from '../logger.js';

type Headers = Record<string, string | string[] | undefined>;

function redactValue(value: string | string[] | undefined, secret: string): string | string[] | undefined {
  if (typeof value === 'string') {
    return value.includes(secret) ? replaceSecret(value, secret, REDACTED) : value;
  }
  return value?.some((v) => v.includes(secret)) ? value.map((v) => replaceSecret(v, secret, REDACTED)) : value;
}

/**
 * Takes the proxy's own upstream token out of an upstream's answer, headers and body, before
 * anything reads it: an upstream that echoes the credential it was sent (a debugging endpoint, an
 * error message quoting the request) would otherwise have the proxy hand the token to the caller,
 * quote it in a 502's violations and write it to the log. The body is searched as bytes (about
 * 20 µs for a 126 kB list) and copied only when the token is in it. A short token is replaced only
 * in the forms a credential's echo takes (see `isEcho` in `@assetkit/contract`); a long one also
 * when JSON escapes spell it.
 *
 * @example
 * const redact = echoRedactor('wf-token-123');
 * redact?.({ 'x-debug': 'Bearer wf-token-123' }, Buffer.from('{}')); // headers['x-debug'] === 'Bearer [redacted]'
 */
export function echoRedactor(secret: string | null): ((headers: Headers, body: Buffer) => Buffer) | undefined {
  if (secret === null || secret === '') {
    return undefined;
  }
  const needle = Buffer.from(secret, 'utf8');
  const replacement = Buffer.from(REDACTED, 'utf8');
  const escaped = escapedForms(secret);
  const token = secret;
  return function redactEcho(headers, body) {
    for (const name of Object.keys(headers)) {
      headers[name] = redactValue(headers[name], token);
    }
    const plain = redactBytes(body);
    // JSON may spell any character as \uXXXX, and `/` as \/: the bytes then differ from the token's.
    if (!escaped || !plain.includes(BACKSLASH)) {
      return plain;
    }
    const text = plain.toString('latin1');
    const replaced = text.replace(escaped, REDACTED);
    return replaced === text ? plain : Buffer.from(replaced, 'latin1');
  };

  function redactBytes(body: Buffer): Buffer {
    const starts = echoStarts(
      token,
      needle.length,
      (from) => body.indexOf(needle, from),
      (i) => body[i],
    );
    if (starts.length === 0) {
      return body;
    }
    const pieces: Buffer[] = [];
    let from = 0;
    for (const at of starts) {
      pieces.push(body.subarray(from, at), replacement);
      from = at + needle.length;
    }
    pieces.push(body.subarray(from));
    return Buffer.concat(pieces);
  }
}

const BACKSLASH = 0x5c;

/** A hex digit as a pattern that takes either case. */
const hexDigit = (digit: string) => (/[a-f]/i.test(digit) ? `[${digit.toLowerCase()}${digit.toUpperCase()}]` : digit);

/**
 * A pattern for the token as JSON may spell it, with any of its characters written as `\uXXXX`
 * (or `/` as `\/`), to run over a body read as latin1; `undefined` for a short token, which is
 * only replaced in its plain forms.
 */
function escapedForms(secret: string): RegExp | undefined {
  if (secret.length < UNMISTAKABLE_SECRET_LENGTH || /[^\x20-\x7e]/.test(secret)) {
    return undefined;
  }
  const units = [...secret].map((ch) => {
    const hex = [...ch.charCodeAt(0).toString(16).padStart(4, '0')].map(hexDigit).join('');
    const literal = ch.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
    return `(?:${literal}|\\\\u${hex}${ch === '/' ? '|\\\\\\/' : ''})`;
  });
  return new RegExp(units.join(''), 'g');
}
