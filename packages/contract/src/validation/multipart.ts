/**
 * `multipart/form-data` bodies: split into parts, and turned into the value their schema
 * describes (an object of part name → value), so form bodies are validated like JSON ones.
 *
 * @see https://www.rfc-editor.org/rfc/rfc7578
 * @see https://spec.openapis.org/oas/v3.1.0#encoding-object
 */
import { headerParameters } from '../http/header-parameters.js';
import { joinPointer } from '../json-pointer.js';
import { notJson, parseRequestJson } from './body.js';
import { readFormDisposition } from './form-disposition.js';
import { isJsonMediaType, jsonCharsetProblem } from './media-type.js';
import { shorten, type Violation } from './violation.js';

/** One part of a `multipart/form-data` body. */
export interface MultipartPart {
  /** The `name` of its `Content-Disposition`. */
  name: string;
  /**
   * The file name of a file part: `filename*` or `filename` (see {@link readFormDisposition}), as
   * sent; busboy hands an application only its last path segment unless told `preservePath`.
   */
  fileName: string | undefined;
  /** Its own `Content-Type` header, if it has one. */
  contentType: string | undefined;
  data: Uint8Array;
}

const CRLF = [13, 10];
/** The empty line that ends a part's headers. */
const HEADER_END = new Uint8Array([...CRLF, ...CRLF]);
// A part is forwarded as it came, so a byte order mark is kept as text here too (and then is not
// JSON): the server behind would read it, where a body's mark is taken off before forwarding.
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const ascii = new TextDecoder('utf-8');

function indexOf(haystack: Uint8Array, needle: Uint8Array, from: number): number {
  const first = needle[0];
  const last = haystack.length - needle.length;
  for (
    let i = haystack.indexOf(first as number, from);
    i >= 0 && i <= last;
    i = haystack.indexOf(first as number, i + 1)
  ) {
    let j = 1;
    while (j < needle.length && haystack[i + j] === needle[j]) {
      j++;
    }
    if (j === needle.length) {
      return i;
    }
  }
  return -1;
}

/**
 * RFC 2046 `bchars`, not ending in a space. Anything else is read differently somewhere: a byte
 * over 0x7F is UTF-8 to busboy and a raw byte to Go, a header value's characters to Node are
 * latin1 bytes.
 */
const BCHARS = /^[0-9A-Za-z'()+_,\-./:=? ]*[0-9A-Za-z'()+_,\-./:=?]$/;

/**
 * The `boundary` parameter of a `multipart/*` Content-Type (unquoted; 1–70 characters, RFC 2046),
 * `undefined` when there is none, or why the parameters cannot be read unambiguously.
 *
 * @example
 * boundaryOf('multipart/form-data; boundary="a b"'); // 'a b'
 * boundaryOf('multipart/form-data; x="; boundary=evil"; boundary=real'); // 'real'
 */
export function boundaryOf(contentType: string): string | undefined | { error: string } {
  // Ktor keeps a tab after an unquoted boundary (`boundary=B\t;…` is "B\t"), where this reader
  // and busboy skip it as whitespace.
  const parameters = contentType.indexOf(';');
  if (parameters >= 0 && contentType.includes('\t', parameters)) {
    return { error: 'the Content-Type has a tab among its parameters, which parsers read differently' };
  }
  const read = headerParameters(contentType);
  if ('error' in read) {
    return { error: `the Content-Type ${read.error}` };
  }
  const boundary = read.parameters.get('boundary');
  if (boundary !== undefined && (boundary.length === 0 || boundary.length > 70)) {
    return { error: `the boundary must be 1 to 70 characters long, got ${boundary.length}` };
  }
  if (boundary !== undefined && !BCHARS.test(boundary)) {
    return {
      error: `the boundary ${JSON.stringify(boundary)} has characters a boundary may not have (RFC 2046: letters, digits, space and '()+_,-./:=?, not ending in a space)`,
    };
  }
  return boundary;
}

/**
 * A part's header line as busboy reads one: an RFC 9110 field name right before the colon, then a
 * value of visible characters, spaces and tabs. Busboy fails the whole body on anything else
 * (`Content-Disposition : …`, a line without a colon, a control character), and other parsers
 * read such lines in ways of their own, so the part they make would be a guess here.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: refusing exactly those characters is the point
const HEADER_LINE = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+:[^\x00-\x08\x0a-\x1f\x7f]*$/;

/**
 * Parts a form may have. Busboy's `parts` limit, which servers set; a store form has two, and a
 * body of a thousand tiny parts is no form anyone sends.
 */
const MAX_PARTS = 1000;

/**
 * Busboy fails a body whose part has more header bytes than this (Node's own header limit), from
 * the first header byte through the LF of the empty line; it counts the first byte after each
 * colon twice, and the first byte of each line after the first, so a part of one header line may
 * have 16,383 bytes of them, one of two lines 16,381.
 */
const MAX_HEADER_BYTES = 16 * 1024;

function headersTooLong(number: number, bytes: number): string {
  return `part ${number} has ${bytes} bytes of headers, more than busboy reads (${MAX_HEADER_BYTES}, counting the first byte of each line and of each value twice)`;
}

/**
 * The headers a part may have (RFC 7578 §4.8: "other header fields MUST NOT be included and MUST
 * be ignored"), as our clients, browsers, curl and undici's FormData send them. Parsers do not all
 * ignore the others: Ktor takes a part's `Content-Length` as its length and reads what follows as
 * new parts, which this reader would see as the content of one part.
 */
const PART_HEADERS = new Map([
  ['content-disposition', 'Content-Disposition'],
  ['content-type', 'Content-Type'],
  ['content-transfer-encoding', 'Content-Transfer-Encoding'],
]);

/**
 * The `Content-Transfer-Encoding`s that leave the bytes as they are. RFC 7578 §4.7 deprecates the
 * header; Go's reader decodes `quoted-printable` where busboy and Ktor do not, so any other value
 * would make two servers read two contents.
 */
const IDENTITY_ENCODINGS = new Set(['7bit', '8bit', 'binary']);

function readPart(bytes: Uint8Array, number: number): MultipartPart | string {
  const split = indexOf(bytes, HEADER_END, 0);
  if (split < 0) {
    return `part ${number} has no empty line after its headers`;
  }
  if (split + 4 > MAX_HEADER_BYTES) {
    return headersTooLong(number, split + 4);
  }
  const lines = ascii.decode(bytes.subarray(0, split)).split('\r\n');
  if (split + 4 + 2 * lines.length - 1 > MAX_HEADER_BYTES) {
    return headersTooLong(number, split + 4);
  }
  const headers = new Map<string, string>();
  for (const [i, line] of lines.entries()) {
    // Parsers differ on a folded line (part of the header before, or one of its own) and on a
    // header given twice (the first or the last): either could make another part of this one.
    if (/^[ \t]/.test(line)) {
      return `part ${number}, header line ${i + 1}: a header folded onto a second line, which parsers read differently`;
    }
    if (!HEADER_LINE.test(line)) {
      return `part ${number}, header line ${i + 1}: not "Name: value" with the colon right after the name: ${JSON.stringify(shorten(line, 60))}`;
    }
    const colon = line.indexOf(':');
    const name = line.slice(0, colon).toLowerCase();
    const known = PART_HEADERS.get(name);
    if (known === undefined) {
      return `part ${number} has a ${shorten(line.slice(0, colon), 60)} header; a form part may only have Content-Disposition, Content-Type and Content-Transfer-Encoding (RFC 7578 §4.8), and parsers differ on others (Ktor reads Content-Length bytes as the part)`;
    }
    if (headers.has(name)) {
      return `part ${number} gives ${known} twice, and parsers differ on which counts`;
    }
    headers.set(name, line.slice(colon + 1).trim());
  }
  const encoding = headers.get('content-transfer-encoding');
  if (encoding !== undefined && !IDENTITY_ENCODINGS.has(encoding.toLowerCase())) {
    return `part ${number} has Content-Transfer-Encoding ${JSON.stringify(shorten(encoding, 40))}, which some parsers decode and others do not; only 7bit, 8bit and binary are read`;
  }
  const disposition = readFormDisposition(headers.get('content-disposition') ?? '');
  if (disposition === undefined) {
    return `part ${number} has no Content-Disposition: form-data with a name`;
  }
  if ('error' in disposition) {
    return `part ${number}'s Content-Disposition ${disposition.error}`;
  }
  return { ...disposition, contentType: headers.get('content-type'), data: bytes.subarray(split + 4) };
}

/**
 * Splits a `multipart/form-data` body into its parts, or says why it is not one.
 *
 * @example
 * parseMultipart(rawBody, 'multipart/form-data; boundary=xyz');
 * // [{ name: 'metadata', fileName: undefined, contentType: undefined, data: Uint8Array }, { name: 'asset', fileName: 'a.png', … }]
 */
export function parseMultipart(body: Uint8Array, contentType: string): MultipartPart[] | { error: string } {
  const boundary = boundaryOf(contentType);
  if (typeof boundary === 'object') {
    return boundary;
  }
  if (boundary === undefined) {
    return { error: 'the Content-Type has no boundary parameter' };
  }
  const delimiter = new TextEncoder().encode(`--${boundary}`);
  const next = new Uint8Array([...CRLF, ...delimiter]);
  // A delimiter is a line of its own (RFC 2046: CRLF "--" boundary); only the first may start the
  // body without a line break before it. Text before it is a preamble, ignored as busboy ignores
  // it: a "--boundary" inside a line is never a delimiter, or the parts read here would not be
  // the ones the server behind reads.
  let at = 0;
  if (!delimiter.every((byte, i) => body[i] === byte)) {
    const found = indexOf(body, next, 0);
    if (found < 0) {
      return { error: `the boundary ${JSON.stringify(boundary)} does not start a line of the body` };
    }
    at = found + CRLF.length;
  }
  const parts: MultipartPart[] = [];
  for (;;) {
    const after = at + delimiter.length;
    if (body[after] === 45 && body[after + 1] === 45) {
      return parts;
    }
    if (body[after] !== 13 || body[after + 1] !== 10) {
      return { error: 'a boundary line is not followed by a line break' };
    }
    if (parts.length === MAX_PARTS) {
      return { error: `the body has more than ${MAX_PARTS} parts` };
    }
    const end = indexOf(body, next, after + 2);
    if (end < 0) {
      return { error: 'the body ends before its closing boundary' };
    }
    const part = readPart(body.subarray(after + 2, end), parts.length + 1);
    if (typeof part === 'string') {
      return { error: part };
    }
    parts.push(part);
    at = end + 2;
  }
}

/** Bytes as a string of the same length (one character per byte), for `type: string` schemas. */
function binaryString(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 8192) {
    out += String.fromCharCode(...bytes.subarray(i, i + 8192));
  }
  return out;
}

/**
 * The value a form body stands for: part name → value (an array when a name repeats). A part
 * whose content type is JSON (from the Media Type Object's `encoding`, else its own header) is
 * parsed; a file or non-text part becomes a string of its bytes; other parts are text.
 *
 * @example
 * formValue(parts, { metadata: { contentType: 'application/json' } });
 * // { value: { metadata: { alt: 'x' }, asset: '\x89PNG…' } } or { error: { part: 'metadata', message: … } }
 */
export function formValue(
  parts: readonly MultipartPart[],
  encoding: Readonly<Record<string, { contentType?: string }>> = {},
): { value: Record<string, unknown> } | { error: { part: string; message: string; pointer?: string } } {
  const value: Record<string, unknown> = {};
  // The array of each repeated name, kept to push into: rebuilding it per part made 22,000 parts
  // of one name (1 MiB) take 11 seconds.
  const repeats = new Map<string, unknown[]>();
  const set = (name: string, next: unknown) =>
    Object.defineProperty(value, name, { value: next, enumerable: true, writable: true, configurable: true });
  for (const part of parts) {
    const type = (encoding[part.name]?.contentType ?? part.contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    let item: unknown;
    if (isJsonMediaType(type)) {
      const charset = jsonCharsetProblem(part.contentType);
      if (charset !== undefined) {
        return { error: { part: part.name, message: charset } };
      }
      let text: string;
      try {
        text = utf8.decode(part.data);
      } catch (error) {
        return { error: { part: part.name, message: notJson(error) } };
      }
      // Forwarded as written, like a JSON body: it must read the same to every parser.
      const parsed = parseRequestJson(text);
      if ('problem' in parsed) {
        return { error: { part: part.name, ...parsed.problem } };
      }
      item = parsed.value;
    } else if (part.fileName !== undefined || (type !== '' && !type.startsWith('text/'))) {
      item = binaryString(part.data);
    } else {
      item = ascii.decode(part.data);
    }
    const repeated = repeats.get(part.name);
    if (repeated) {
      repeated.push(item);
    } else if (Object.hasOwn(value, part.name)) {
      const both = [value[part.name], item];
      repeats.set(part.name, both);
      set(part.name, both);
    } else {
      set(part.name, item);
    }
  }
  return { value };
}

/**
 * Reads a raw `multipart/form-data` request body into the value its schema describes. A body
 * that is not multipart, or a JSON part that does not parse, is a violation (bad input), not an
 * exception.
 *
 * @example
 * readFormBody(rawBody, 'multipart/form-data; boundary=xyz', media.encoding, `${media.pointer}/schema`);
 */
export function readFormBody(
  rawBody: string | Uint8Array,
  contentType: string,
  encoding: Readonly<Record<string, { contentType?: string }>> | undefined,
  schemaPath: string,
): { value: Record<string, unknown> } | { violation: Violation } {
  const bytes = typeof rawBody === 'string' ? new TextEncoder().encode(rawBody) : rawBody;
  const parts = parseMultipart(bytes, contentType);
  if ('error' in parts) {
    const message = `is not valid multipart/form-data (${parts.error})`;
    return { violation: { location: 'body', pointer: '', schemaPath, keyword: 'multipart', message } };
  }
  const form = formValue(parts, encoding);
  if ('error' in form) {
    // Within a JSON part, the pointer goes on into its document.
    const pointer = `${joinPointer('', form.error.part)}${form.error.pointer ?? ''}`;
    return { violation: { location: 'body', pointer, schemaPath, keyword: 'json', message: form.error.message } };
  }
  return form;
}
