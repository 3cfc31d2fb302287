import { rawExchange } from '@assetkit/vitest-config/raw-exchange';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forwarded, KEYS, KONIFER_KEY, koniferEnv, type Stack, startProxy, startStack } from '../test/harness.js';

const AUTH = `Authorization: Bearer ${KEYS.writer}\r\n`;
const FOLDER = '{"displayName":"x"}';

type Detail = { location: string; pointer: string; message: string };

/** The status and details of the one answer to a raw request. */
function answer(response: string): { status: number; code: string; details: Detail[] } {
  const status = Number(/^HTTP\/1\.1 (\d{3}) /.exec(response)?.[1]);
  const body = JSON.parse(response.slice(response.indexOf('\r\n\r\n') + 4));
  return { status, code: body.code, details: body.details };
}

describe('header fields the proxy judges', () => {
  let stack: Stack;
  let folders: string;
  beforeAll(async () => {
    stack = await startStack();
    folders = `/v2/sites/${stack.sandbox.siteId}/asset_folders`;
  });
  afterAll(() => stack.close());

  const post = (headers: string, body = FOLDER) =>
    `POST ${folders} HTTP/1.1\r\nHost: x\r\n${AUTH}${headers}Content-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`;

  /** Sends `request` raw and expects a 400 naming one header at `pointer`, with `said` in its message, and nothing forwarded. */
  async function expectRefused(request: string, pointer: string, ...said: string[]): Promise<void> {
    stack.sandbox.requests.clear();
    const res = await rawExchange(stack.proxy.url, [request]);
    const { status, code, details } = answer(res.response);
    expect(status).toBe(400);
    expect(code).toBe('validation_error');
    expect(details).toEqual([expect.objectContaining({ location: 'header', pointer })]);
    for (const part of said) {
      expect(details[0]?.message).toContain(part);
    }
    expect(forwarded(stack.sandbox)).toEqual([]);
  }

  // Found in review: a CGI-style upstream (PHP, IIS, WSGI, Rack) reads `Content_Type` as
  // Content-Type, so it could read the body as another type than the one validated; and the
  // underscore spelling alone was answered "Content-Type is missing".
  it.each([
    ['beside Content-Type', 'Content-Type: application/json\r\nContent_Type: text/plain\r\n', '/content_type'],
    ['alone', 'Content_Type: application/json\r\n', '/content_type'],
    [
      'Content_Encoding beside Content-Encoding: identity',
      'Content-Type: application/json\r\nContent-Encoding: identity\r\nContent_Encoding: gzip\r\n',
      '/content_encoding',
    ],
  ])('refuses Content_Type %s with a 400 pointing at the name as sent, forwarding nothing', (_n, headers, pointer) =>
    expectRefused(post(headers), pointer, '`_` as `-`'),
  );

  // Found in review: Node keeps the first of two Authorization fields; the proxy refused them, but
  // with no detail saying which header.
  it('refuses two Authorization headers with a 400 pointing at the header', async () => {
    stack.sandbox.requests.clear();
    const res = await rawExchange(stack.proxy.url, [
      `GET ${folders} HTTP/1.1\r\nHost: x\r\n${AUTH}${AUTH}Connection: close\r\n\r\n`,
    ]);
    const { status, details } = answer(res.response);
    expect(status).toBe(400);
    expect(details).toEqual([expect.objectContaining({ location: 'header', pointer: '/authorization' })]);
    expect(forwarded(stack.sandbox)).toEqual([]);
  });

  // Found in review (the dates): Node keeps the first, and a guarded write went upstream on the
  // first date alone, though which one the caller meant was a guess.
  it.each([
    ['Content-Type', 'Content-Type: application/json\r\nContent-Type: application/json\r\n', '/content-type'],
    [
      'If-Unmodified-Since',
      'Content-Type: application/json\r\nIf-Unmodified-Since: Wed, 01 Jan 2025 00:00:00 GMT\r\nIf-Unmodified-Since: Thu, 01 Jan 2026 00:00:00 GMT\r\n',
      '/if-unmodified-since',
    ],
    [
      'If-Modified-Since',
      'Content-Type: application/json\r\nIf-Modified-Since: Wed, 01 Jan 2025 00:00:00 GMT\r\nif-modified-since: Wed, 01 Jan 2025 00:00:00 GMT\r\n',
      '/if-modified-since',
    ],
  ])('refuses two %s headers with a 400 pointing at the header, forwarding nothing', (_name, headers, pointer) =>
    expectRefused(post(headers), pointer, 'must be sent once'),
  );

  // Found in review: two dates spelled If-Unmodified-Since and If_Unmodified_Since were both
  // forwarded, and a CGI-style upstream reads both as If-Unmodified-Since, so which one it judged
  // the guarded write by was a guess. Content_Type keeps its own violation (above), not a second one.
  it.each([
    [
      'If-Unmodified-Since and If_Unmodified_Since',
      'If-Unmodified-Since',
      'If_Unmodified_Since',
      '/if-unmodified-since',
    ],
    ['If_Modified_Since and If-Modified-Since', 'If_Modified_Since', 'If-Modified-Since', '/if-modified-since'],
    ['two If_Unmodified_Since', 'If_Unmodified_Since', 'if_unmodified_since', '/if-unmodified-since'],
  ])('refuses %s as one date sent twice, forwarding nothing', (_name, first, second, pointer) => {
    const dates = `${first}: Wed, 01 Jan 2025 00:00:00 GMT\r\n${second}: Thu, 01 Jan 2026 00:00:00 GMT\r\n`;
    return expectRefused(post(`Content-Type: application/json\r\n${dates}`), pointer, '2 ', '`_` as `-`');
  });

  it('still forwards one date spelled If_Unmodified_Since, as sent', async () => {
    stack.sandbox.requests.clear();
    const res = await rawExchange(stack.proxy.url, [
      post('Content-Type: application/json\r\nIf_Unmodified_Since: Thu, 01 Jan 2026 00:00:00 GMT\r\n'),
    ]);
    expect(res.status).toBe(200);
    expect(forwarded(stack.sandbox)).toHaveLength(1);
  });

  // Found in review: the sandbox answered a 400 about a body that does not exist.
  it.each([
    ['GET', 'Content-Encoding: gzip\r\nContent-Type: text/plain\r\n'],
    ['GET', 'Content-Encoding: gzip\r\nContent-Length: 0\r\n'],
    ['HEAD', 'Content-Encoding: br\r\n'],
  ])('forwards a bodiless %s without its body headers (%j)', async (method, headers) => {
    stack.sandbox.requests.clear();
    const res = await rawExchange(stack.proxy.url, [
      `${method} ${folders} HTTP/1.1\r\nHost: x\r\n${AUTH}${headers}Connection: close\r\n\r\n`,
    ]);
    expect(res.status).toBe(200);
    const [sent] = stack.sandbox.requests.entries();
    expect(
      Object.keys(sent?.headers ?? {}).filter((name) => name.startsWith('content-') && name !== 'content-length'),
    ).toEqual([]);
  });

  // Found in review: two `Content-Encoding: identity` headers (read as the one list "identity,
  // identity") were refused, rightly, as "Content-Encoding identity, identity is not accepted; send
  // the body uncompressed": the body was uncompressed, and the answer did not say what to change.
  it.each([
    [
      'two Content-Encoding: identity headers',
      'Content-Encoding: identity\r\nContent-Encoding: identity\r\n',
      'Content-Encoding "identity, identity" names identity 2 times (two Content-Encoding headers are read as one list): send Content-Encoding: identity once, or none',
    ],
    [
      'Content-Encoding: identity, identity',
      'Content-Encoding: identity, identity\r\n',
      'Content-Encoding "identity, identity" names identity 2 times (two Content-Encoding headers are read as one list): send Content-Encoding: identity once, or none',
    ],
    [
      'Content-Encoding: identity,',
      'Content-Encoding: identity,\r\n',
      'Content-Encoding "identity," is a list with an empty member: send Content-Encoding: identity, or none',
    ],
  ])('refuses %s with a 415 saying what to send, forwarding nothing', async (_name, headers, message) => {
    stack.sandbox.requests.clear();
    const res = await rawExchange(stack.proxy.url, [post(`Content-Type: application/json\r\n${headers}`)]);
    const { status, code, details } = answer(res.response);
    expect(status).toBe(415);
    expect(code).toBe('unsupported_media_type');
    expect(details).toEqual([expect.objectContaining({ location: 'header', pointer: '/content-encoding', message })]);
    expect(forwarded(stack.sandbox)).toEqual([]);
  });

  it('still forwards the body headers of a request with a body', async () => {
    stack.sandbox.requests.clear();
    const res = await rawExchange(stack.proxy.url, [
      post('Content-Type: application/json\r\nContent-Encoding: identity\r\nContent-Language: en\r\n'),
    ]);
    expect(res.status).toBe(200);
    const [sent] = stack.sandbox.requests.entries();
    expect(sent?.headers).toMatchObject({
      'content-type': 'application/json',
      'content-encoding': 'identity',
      'content-language': 'en',
    });
  });
  // Static segments are matched as sent: `%61ssets` is not `assets` to the proxy's router, so a
  // path an upstream might decode into another operation's is never validated as one.
  it.each([
    ['an encoded fixed segment', () => `/v2/sites/${stack.sandbox.siteId}/%61ssets`],
    ['an encoded first segment', () => '/v2/%61ssets/580e63fc8c9a982ac9b8b745'],
    ['an encoded underscore', () => `/v2/sites/${stack.sandbox.siteId}/asset%5Ffolders`],
    ['an encoded base path', () => '/%762/assets/580e63fc8c9a982ac9b8b745'],
  ])('answers %s with a 404, forwarding nothing', async (_name, path) => {
    stack.sandbox.requests.clear();
    const res = await stack.call(path());
    expect(res.status).toBe(404);
    expect(forwarded(stack.sandbox)).toEqual([]);
  });
});

describe('percent-encoded selectors of a multi-segment path (SPEC=konifer-assets)', () => {
  // `DELETE /assets/a/%2D/recursive` walks as the delete of the asset path `a/-/recursive` (the
  // router matches `-` as sent), which an upstream decoding before it routes would read as the
  // recursive delete. The path's schema forbids a `-` segment, so it is refused instead.
  it.each([['/assets/a/%2D/recursive'], ['/assets/a%2F-%2Frecursive'], ['/assets/a/%2d/entry/0']])(
    'refuses DELETE %s with a 400 for the path, forwarding nothing',
    async (path) => {
      const stack = await startStack();
      const proxy = await startProxy(stack.sandbox.url, koniferEnv());
      try {
        stack.sandbox.requests.clear();
        const res = await fetch(`${proxy.url}${path}`, {
          method: 'DELETE',
          headers: { authorization: `Bearer ${KONIFER_KEY}` },
        });
        expect(res.status).toBe(400);
        expect(await res.text()).toContain('Validation Error: path /path');
        expect(forwarded(stack.sandbox)).toEqual([]);
      } finally {
        await proxy.close();
        await stack.close();
      }
    },
  );
});
