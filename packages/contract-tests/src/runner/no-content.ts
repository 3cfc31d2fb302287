import type { Failure } from './report-types.js';

const RULE = 'a 204 answer has no content (RFC 9110 §15.3.5)';

/** Whether a Content-Length value (joined when sent twice: `0, 0`) says there are no bytes. */
function saysEmpty(length: string): boolean {
  return length.split(',').every((v) => /^\s*0+\s*$/.test(v));
}

/**
 * What a 204 answer carries that it must not: bytes, or a body announced in its framing. Node's
 * fetch (undici) drops the bytes of a 204 whatever its headers say, so the body usually arrives
 * empty and only `Content-Length` or `Transfer-Encoding` tells: other clients read those bytes,
 * some as the start of the next answer on the connection. A 204 that sends bytes with neither
 * header (ending them with the connection) cannot be seen through fetch.
 *
 * @example
 * noContentFailures(204, new Headers({ 'content-length': '5' }), new Uint8Array());
 * // → [{ location: 'response.body', keyword: 'noContent', message: 'a 204 answer has no content …' }]
 */
export function noContentFailures(status: number, headers: Headers, bytes: Uint8Array | string): Failure[] {
  if (status !== 204) {
    return [];
  }
  const length = headers.get('content-length');
  const encoding = headers.get('transfer-encoding');
  const actual =
    bytes.length > 0
      ? `${bytes.length} bytes`
      : length !== null && !saysEmpty(length)
        ? `Content-Length: ${length.slice(0, 40)}`
        : encoding !== null
          ? `Transfer-Encoding: ${encoding.slice(0, 40)}`
          : undefined;
  if (actual === undefined) {
    return [];
  }
  const sent = bytes.length > 0 ? `${actual} came with this one` : `this one announces a body (${actual})`;
  return [
    {
      location: 'response.body',
      pointer: '',
      keyword: 'noContent',
      message: `${RULE}, but ${sent}: a client may read those bytes as the start of the next answer on the connection`,
      expected: 'no content',
      actual,
    },
  ];
}
