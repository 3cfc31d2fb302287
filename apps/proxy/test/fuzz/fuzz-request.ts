/**
 * What the fuzzer sends: one HTTP request exactly as it goes on the wire, plus how it was made.
 * `kind` is the oracle, fixed at generation time and never asked of the contract core:
 * `valid` requests were built from the spec's schemas, `invalid` ones carry a mutation the spec
 * forbids, `hostile` ones are odd but not certainly wrong (only "no 5xx, no hang" applies).
 */
export interface FuzzRequest {
  kind: 'valid' | 'invalid' | 'hostile';
  operationId: string;
  /** What was done to it, e.g. `query limit: above maximum 100`. */
  mutation: string;
  method: string;
  /** Percent-encoded path, sent verbatim. */
  path: string;
  /** Raw query string without `?` (`''` for none), sent verbatim. */
  query: string;
  /** Header lines in order; duplicates allowed. `host` and framing are added by the sender. */
  headers: Array<[string, string]>;
  /** Which credential the sender attaches. */
  credential: 'valid' | 'missing' | 'unknown' | 'malformed' | 'insufficient-scope';
  body?: Buffer;
  /** Send the body chunked (no `Content-Length`). */
  chunked?: boolean;
}

const UNRESERVED = /[A-Za-z0-9\-._~]/;

/**
 * Percent-encodes every byte of the UTF-8 form except RFC 3986 unreserved characters (a lone
 * surrogate becomes U+FFFD, which is what a server decodes anyway).
 *
 * @example
 * encodeWire('a/b é'); // 'a%2Fb%20%C3%A9'
 */
export function encodeWire(value: string): string {
  let out = '';
  for (const byte of Buffer.from(value, 'utf8')) {
    const char = String.fromCharCode(byte);
    out += byte < 0x80 && UNRESERVED.test(char) ? char : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** What a server decodes from {@link encodeWire}'s output (or `undefined` when it cannot). */
export function decodeWire(value: string): string | undefined {
  try {
    return decodeURIComponent(value);
  } catch {
    return undefined;
  }
}

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/**
 * A `curl` command that sends the same request (the credential as a placeholder, a big body
 * through a here-string, binary bytes as base64 through `base64 -d`).
 *
 * @example
 * toCurl('http://127.0.0.1:8080', request); // "curl -sS -X POST 'http://…/v2/…' -H 'authorization: Bearer <PROXY_KEY>' …"
 */
export function toCurl(baseUrl: string, request: FuzzRequest): string {
  const url = `${baseUrl}${request.path}${request.query ? `?${request.query}` : ''}`;
  const parts = ['curl -sS -i --path-as-is', `-X ${request.method}`, quote(url)];
  const credential = {
    valid: 'Bearer <PROXY_KEY>',
    missing: undefined,
    unknown: 'Bearer <UNKNOWN_KEY>',
    malformed: 'Basic <BASE64>',
    'insufficient-scope': 'Bearer <READ_ONLY_KEY>',
  }[request.credential];
  if (credential) {
    parts.push(`-H ${quote(`authorization: ${credential}`)}`);
  }
  for (const [name, value] of request.headers) {
    parts.push(`-H ${quote(`${name}: ${value}`)}`);
  }
  if (request.chunked) {
    parts.push(`-H 'transfer-encoding: chunked'`);
  }
  if (request.body !== undefined) {
    const text = request.body.toString('utf8');
    const printable =
      Buffer.from(text, 'utf8').equals(request.body) && ![...text].some((c) => c < ' ' && c !== '\n' && c !== '\t');
    if (printable && text.length <= 2_000) {
      parts.push(`--data-binary ${quote(text)}`);
    } else {
      parts.unshift(`echo ${quote(request.body.toString('base64'))} | base64 -d |`);
      parts.push('--data-binary @-');
    }
  }
  return parts.join(' ');
}
