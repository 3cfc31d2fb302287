import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KEYS, KONIFER_KEY, koniferEnv, OTHER_SITE, startProxy, type TestProxy } from '../test/harness.js';

const SITE = '65f0a1b2c3d4e5f6a7b8c9d0';
const ETAG = '"v1"';
const LAST_MODIFIED = 'Wed, 01 Jan 2025 00:00:00 GMT';
const RATE = { 'x-ratelimit-limit': '60', 'x-ratelimit-remaining': '59' };
const VALIDATORS = {
  etag: ETAG,
  'last-modified': LAST_MODIFIED,
  'cache-control': 'private, max-age=0, must-revalidate',
};
/** Webflow's error body, as an upstream honouring a failed precondition answers it. */
const PRECONDITION_FAILED = JSON.stringify({
  code: 'precondition_failed',
  message: 'The asset changed since it was read',
  externalReference: null,
  details: [],
});
const FOLDERS = '{"assetFolders":[],"pagination":{"limit":100,"offset":0,"total":0}}';

/** A folder of `siteId`, as get-asset-folder answers it. */
const folder = (id: string, siteId: string) =>
  JSON.stringify({
    id,
    displayName: 'icons',
    parentFolder: null,
    assets: [],
    siteId,
    createdOn: '2018-10-14T21:55:49.063Z',
    lastUpdated: '2022-12-07T16:51:37.571Z',
  });
const OWN_FOLDER = '6390c49774a71f0e3c1a08ee';
const OTHER_FOLDER = '6390c49774a71f0e3c1a08ef';

/**
 * An upstream that honours conditional and range requests as an HTTP server may (every answer
 * has an ETag and a Last-Modified; a matching `If-None-Match` or `If-Modified-Since` to a GET gets
 * a 304; an `If-Match` or `If-Unmodified-Since` that does not hold, or a matching `If-None-Match` to
 * another method, a 412 with Webflow's error body; a `Range: bytes=a-b` a 206), and that answers with the status `x-test-status` asks for (an
 * upstream that sends a 304 or 206 nobody asked for). It keeps the headers of every request.
 */
let upstream: Server;
let upstreamUrl: string;
const received: IncomingHttpHeaders[] = [];

beforeAll(async () => {
  upstream = createServer((req, res) => {
    received.push(req.headers);
    const path = req.url ?? '/';
    const body = path.startsWith('/v2/asset_folders/')
      ? folder(path.slice('/v2/asset_folders/'.length), path.endsWith(OWN_FOLDER) ? SITE : OTHER_SITE)
      : FOLDERS;
    const forced = req.headers['x-test-status'];
    // Names read as a CGI-style server reads them (PHP, WSGI, Rack): `If_None_Match` is If-None-Match.
    const asked = Object.fromEntries(Object.entries(req.headers).map(([name, v]) => [name.replaceAll('_', '-'), v]));
    const read = req.method === 'GET' || req.method === 'HEAD';
    const stale =
      (asked['if-match'] !== undefined && asked['if-match'] !== ETAG) ||
      (asked['if-unmodified-since'] !== undefined && asked['if-unmodified-since'] !== LAST_MODIFIED) ||
      (!read && (asked['if-none-match'] === ETAG || asked['if-none-match'] === '*'));
    if (forced === '412' || (stale && forced === undefined)) {
      const html = req.headers['x-test-body'] === 'html';
      res.writeHead(412, { ...RATE, 'content-type': html ? 'text/html' : 'application/json' });
      res.end(html ? '<h1>412 Precondition Failed</h1>' : PRECONDITION_FAILED);
      return;
    }
    const fresh = read && (asked['if-none-match'] === ETAG || asked['if-modified-since'] === LAST_MODIFIED);
    if (forced === '304' || (fresh && forced === undefined)) {
      res.writeHead(304, { ...VALIDATORS, ...RATE });
      res.end();
      return;
    }
    const range = /^bytes=(\d+)-(\d+)$/.exec(req.headers.range ?? (forced === '206' ? 'bytes=0-9' : ''));
    if (range) {
      const [from, to] = [Number(range[1]), Number(range[2])];
      res.writeHead(206, {
        ...VALIDATORS,
        ...RATE,
        'content-type': 'application/json',
        'content-range': `bytes ${from}-${to}/${body.length}`,
      });
      res.end(body.slice(from, to + 1));
      return;
    }
    res.writeHead(200, { ...VALIDATORS, ...RATE, 'content-type': 'application/json', 'accept-ranges': 'bytes' });
    res.end(req.method === 'HEAD' ? undefined : body);
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => upstream.close(resolve));
});

const FOLDER_LIST = `/v2/sites/${SITE}/asset_folders`;

/** Sends `path` through the proxy with `headers`; the answer, its body read, and what the upstream got. */
async function through(
  proxy: TestProxy,
  path: string,
  headers: Record<string, string>,
  { key = KEYS.reader, method = 'GET', body }: { key?: string; method?: string; body?: string } = {},
) {
  received.length = 0;
  const res = await fetch(`${proxy.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body ? { 'content-type': 'application/json' } : {}), ...headers },
    body,
  });
  const text = await res.text();
  return { res, text, upstreamGot: [...received] };
}

describe('a conditional request (If-None-Match, If-Modified-Since) answered 304 by the upstream', () => {
  let proxy: TestProxy;
  beforeAll(async () => {
    proxy = await startProxy(upstreamUrl);
  });
  afterAll(() => proxy.close());

  it.each([
    ['If-None-Match', { 'if-none-match': ETAG }],
    ['If-Modified-Since', { 'if-modified-since': LAST_MODIFIED }],
  ])('with %s: passes the 304 on with no body and its validators, not a violation', async (_name, headers) => {
    const { res, text, upstreamGot } = await through(proxy, FOLDER_LIST, headers);
    expect(res.status).toBe(304);
    expect(text).toBe('');
    expect(res.headers.get('etag')).toBe(ETAG);
    expect(res.headers.get('last-modified')).toBe(LAST_MODIFIED);
    expect(res.headers.get('cache-control')).toBe('private, max-age=0, must-revalidate');
    expect(res.headers.get('x-assetkit-violations')).toBeNull();
    expect(res.headers.get('x-request-id')).toBeTruthy();
    // The precondition went upstream as the caller wrote it.
    expect(upstreamGot[0]).toMatchObject(headers);
  });

  it('passes a 304 on to a conditional HEAD too', async () => {
    const { res } = await through(proxy, FOLDER_LIST, { 'if-none-match': ETAG }, { method: 'HEAD' });
    expect(res.status).toBe(304);
    expect(res.headers.get('etag')).toBe(ETAG);
  });

  it('still answers 200 with the whole body when the precondition does not hold', async () => {
    const { res, text } = await through(proxy, FOLDER_LIST, { 'if-none-match': '"v0"' });
    expect(res.status).toBe(200);
    expect(JSON.parse(text)).toEqual(JSON.parse(FOLDERS));
    expect(res.headers.get('etag')).toBe(ETAG);
  });

  it('keeps a 304 that answers no precondition a violation (a 502 in enforce mode)', async () => {
    const { res, text } = await through(proxy, FOLDER_LIST, { 'x-test-status': '304' });
    expect(res.status).toBe(502);
    expect(JSON.parse(text).details).toContainEqual(expect.objectContaining({ location: 'response.status' }));
  });

  it('passes the 304 to a key held to a site once the resource is known to be that site’s', async () => {
    const own = await through(
      proxy,
      `/v2/asset_folders/${OWN_FOLDER}`,
      { 'if-none-match': ETAG },
      { key: KEYS.siteBound },
    );
    expect(own.res.status).toBe(304);
    expect(own.res.headers.get('etag')).toBe(ETAG);
    // Another site's folder: a 304 (and its ETag) would tell the key it exists.
    const other = await through(
      proxy,
      `/v2/asset_folders/${OTHER_FOLDER}`,
      { 'if-none-match': ETAG },
      { key: KEYS.siteBound },
    );
    expect(other.res.status).toBe(404);
    expect(other.res.headers.get('etag')).toBeNull();
  });
});

describe('a request whose precondition fails (If-Match, If-Unmodified-Since; If-None-Match to a write), answered 412', () => {
  let proxy: TestProxy;
  beforeAll(async () => {
    proxy = await startProxy(upstreamUrl);
  });
  afterAll(() => proxy.close());
  const ASSET = `/v2/assets/${OWN_FOLDER}`;
  const rename = { key: KEYS.writer, method: 'PATCH', body: '{"displayName":"x"}' };

  it.each([
    ['PATCH with If-Match', { 'if-match': '"v0"' }, rename],
    ['PATCH with If-Unmodified-Since', { 'if-unmodified-since': 'Tue, 31 Dec 2024 00:00:00 GMT' }, rename],
    ['PATCH with If-None-Match: *', { 'if-none-match': '*' }, rename],
    ['DELETE with If-Match', { 'if-match': '"v0"' }, { key: KEYS.writer, method: 'DELETE' }],
    ['GET with If-Match', { 'if-match': '"v0"' }, {}],
    // Read as `_` is read as `-` for every other purpose (a CGI-style upstream honours it as If-Match).
    ['PATCH with If_Match', { if_match: '"v0"' }, rename],
  ])('%s: passes the 412 and its error body on, not a violation', async (_name, headers, options) => {
    const { res, text, upstreamGot } = await through(proxy, ASSET, headers, options);
    expect(res.status).toBe(412);
    expect(JSON.parse(text)).toEqual(JSON.parse(PRECONDITION_FAILED));
    expect(res.headers.get('x-assetkit-violations')).toBeNull();
    expect(res.headers.get('x-ratelimit-remaining')).toBe('59');
    expect(upstreamGot[0]).toMatchObject(headers);
  });

  it('keeps a 412 that answers no precondition a violation (a 502 in enforce mode)', async () => {
    const cases: Record<string, string>[] = [
      { 'x-test-status': '412' },
      // If-Modified-Since never fails with a 412, nor If-None-Match to a GET (that is a 304).
      { 'x-test-status': '412', 'if-modified-since': LAST_MODIFIED },
      { 'x-test-status': '412', 'if-none-match': '"v0"' },
    ];
    for (const headers of cases) {
      const { res, text } = await through(proxy, ASSET, headers);
      expect(res.status).toBe(502);
      expect(JSON.parse(text).details).toContainEqual(expect.objectContaining({ location: 'response.status' }));
    }
  });

  it('keeps a 412 whose body is not the API’s error a violation', async () => {
    const { res, text } = await through(proxy, ASSET, { 'if-match': '"v0"', 'x-test-body': 'html' }, rename);
    expect(res.status).toBe(502);
    expect(JSON.parse(text).details).toContainEqual(expect.objectContaining({ pointer: '/content-type' }));
  });
});

describe('a precondition spelled with underscores (If_None_Match), as a CGI-style upstream reads it', () => {
  it('passes the 304 it asked for on, as for If-None-Match', async () => {
    const proxy = await startProxy(upstreamUrl);
    try {
      const cases: Record<string, string>[] = [{ if_none_match: ETAG }, { if_modified_since: LAST_MODIFIED }];
      for (const headers of cases) {
        const { res, text, upstreamGot } = await through(proxy, FOLDER_LIST, headers);
        expect(res.status).toBe(304);
        expect(text).toBe('');
        expect(res.headers.get('etag')).toBe(ETAG);
        expect(upstreamGot[0]).toMatchObject(headers);
      }
    } finally {
      await proxy.close();
    }
  });
});

describe('a conditional request in report mode', () => {
  it('passes the 304 on without a violation count', async () => {
    const proxy = await startProxy(upstreamUrl, { RESPONSE_VALIDATION: 'report' });
    try {
      const { res } = await through(proxy, FOLDER_LIST, { 'if-none-match': ETAG });
      expect(res.status).toBe(304);
      expect(res.headers.get('x-assetkit-violations')).toBeNull();
      const unasked = await through(proxy, FOLDER_LIST, { 'x-test-status': '304' });
      expect(unasked.res.status).toBe(304);
      expect(unasked.res.headers.get('x-assetkit-violations')).toBe('1');
    } finally {
      await proxy.close();
    }
  });
});

describe('a conditional request to the Konifer API (SPEC=konifer-assets)', () => {
  it('passes the 304 on, with its ETag', async () => {
    const proxy = await startProxy(upstreamUrl, koniferEnv());
    try {
      const { res, text } = await through(
        proxy,
        '/assets/users/123/-/entry/0/metadata',
        { 'if-none-match': ETAG },
        {
          key: KONIFER_KEY,
        },
      );
      expect(res.status).toBe(304);
      expect(text).toBe('');
      expect(res.headers.get('etag')).toBe(ETAG);
    } finally {
      await proxy.close();
    }
  });
});

describe('a range request', () => {
  let proxy: TestProxy;
  beforeAll(async () => {
    proxy = await startProxy(upstreamUrl);
  });
  afterAll(() => proxy.close());

  it('gets the whole JSON body as a 200: Range and If-Range are not forwarded, since a part cannot be validated', async () => {
    const { res, text, upstreamGot } = await through(proxy, FOLDER_LIST, { range: 'bytes=0-9', 'if-range': ETAG });
    expect(res.status).toBe(200);
    expect(JSON.parse(text)).toEqual(JSON.parse(FOLDERS));
    expect(upstreamGot[0]?.range).toBeUndefined();
    expect(upstreamGot[0]?.['if-range']).toBeUndefined();
    // Nor does the proxy offer ranges it does not serve.
    expect(res.headers.get('accept-ranges')).toBeNull();
  });

  it('keeps a 206 nobody asked for a violation (a 502 in enforce mode)', async () => {
    const { res, text } = await through(proxy, FOLDER_LIST, { 'x-test-status': '206' });
    expect(res.status).toBe(502);
    expect(JSON.parse(text).details).toContainEqual(expect.objectContaining({ location: 'response.status' }));
  });
});
