import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, startTestSandbox } from '../../test/helpers.js';
import type { Sandbox } from '../start-sandbox.js';

const HASH = 'd41d8cd98f00b204e9800998ecf8427e';
const OTHER_SITE = '0123456789abcdef01234567';

/** Sends raw bytes exactly as given (fetch would normalise some of these requests). */
function rawRequest(url: string, method: string, path: string, headers: Record<string, string>, body?: string) {
  return new Promise<{ status: number; body: string; headers: Record<string, unknown> }>((resolve, reject) => {
    const req = request(`${url}${path}`, { method, headers }, (res) => {
      let text = '';
      res.on('data', (chunk) => {
        text += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text, headers: res.headers }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('the API pipeline', () => {
  let sandbox: Sandbox;
  let api: ReturnType<typeof apiClient>;
  const assets = () => `/v2/sites/${sandbox.siteId}/assets`;
  const total = async () => (await api.call('GET', assets())).body.pagination.total as number;

  beforeAll(async () => {
    sandbox = await startTestSandbox({
      // A token holding only another API's scope, and one ending in = as base64 ones do.
      extraTokens: `sites-only-token=sites:read@${'65f0a1b2c3d4e5f6a7b8c9d0'};other-site-token=assets:read assets:write@${OTHER_SITE};c2FuZGJveA===assets:read`,
    });
    api = apiClient(sandbox);
  });
  afterAll(() => sandbox.close());

  it.each([
    ['no Authorization header', null, undefined],
    ['an unknown token', 'not-a-token', undefined],
    ['the admin token', 'sandbox-admin-token', undefined],
    ['a non-Bearer scheme', null, { authorization: 'Basic c2FuZGJveDp0b2tlbg==' }],
  ])('answers 401 not_authorized for %s', async (_name, token, headers) => {
    const res = await api.call('GET', assets(), { token, headers });
    expect(res.status).toBe(401);
    expect(res.body).toEqual({
      code: 'not_authorized',
      message: 'Request not authorized',
      externalReference: null,
      details: [],
    });
  });

  it('answers 403 missing_scopes naming the missing scope', async () => {
    const write = await api.call('POST', assets(), {
      token: sandbox.readOnlyToken,
      json: { fileName: 'a.png', fileHash: HASH },
    });
    expect(write.status).toBe(403);
    expect(write.body).toMatchObject({
      code: 'missing_scopes',
      message: 'OAuthForbidden: You are missing the following scopes - assets:write',
    });
    const read = await api.call('GET', assets(), { token: 'sites-only-token' });
    expect(read.body.message).toContain('assets:read');
    expect((await api.call('GET', assets(), { token: sandbox.readOnlyToken })).status).toBe(200);
  });

  it('accepts a token that ends in =, as SANDBOX_TOKENS gave it', async () => {
    expect((await api.call('GET', assets(), { token: 'c2FuZGJveA==' })).status).toBe(200);
  });

  it("treats another site's resources as not found for a token of a different site", async () => {
    const created = await api.call('POST', assets(), { json: { fileName: 'mine.png', fileHash: HASH } });
    const other = await api.call('GET', `/v2/assets/${created.body.id}`, { token: 'other-site-token' });
    expect(other.status).toBe(404);
    const site = await api.call('GET', assets(), { token: 'other-site-token' });
    expect(site.status).toBe(404);
    expect(
      (await api.call('GET', `/v2/sites/${OTHER_SITE}/assets`, { token: 'other-site-token' })).body.assets,
    ).toEqual([]);
  });

  it('checks in Webflow order: auth, then scope, then validation, then existence', async () => {
    const badEverything = `/v2/sites/not-an-id/assets`;
    expect((await api.call('POST', badEverything, { token: null, json: {} })).status).toBe(401);
    expect((await api.call('POST', badEverything, { token: sandbox.readOnlyToken, json: {} })).status).toBe(403);
    expect((await api.call('POST', badEverything, { json: {} })).status).toBe(400);
    const unknownSite = `/v2/sites/${OTHER_SITE}/assets`;
    expect((await api.call('POST', unknownSite, { json: { fileName: 'a.png' } })).status).toBe(400);
    expect((await api.call('POST', unknownSite, { json: { fileName: 'a.png', fileHash: HASH } })).status).toBe(404);
  });

  it('answers an unknown route with 404 in the error shape and a wrong method with 405 and Allow', async () => {
    const route = await api.call('GET', '/v2/sites/nope');
    expect(route.status).toBe(404);
    expect(route.body).toMatchObject({
      code: 'resource_not_found',
      message: expect.stringContaining('route GET /v2/sites/nope'),
    });
    const method = await api.call('PUT', `/v2/assets/${'a'.repeat(24)}`);
    expect(method.status).toBe(405);
    expect(method.headers.get('allow')?.split(', ').sort()).toEqual(['DELETE', 'GET', 'HEAD', 'PATCH']);
    const outside = await fetch(`${sandbox.url}/nowhere`);
    expect(outside.status).toBe(404);
    expect(await outside.json()).toMatchObject({ code: 'resource_not_found' });
  });

  it.each([
    ['a malformed asset id', 'GET', '/v2/assets/123', undefined, undefined, 'path', '/asset_id'],
    ['a path trick in an id', 'GET', '/v2/assets/..%2F..%2Fetc%2Fpasswd', undefined, undefined, 'path', '/asset_id'],
    ['malformed JSON', 'POST', 'assets', '{"fileName": "a.png",', 'application/json', 'body', ''],
    [
      'a wrong content type',
      'POST',
      'assets',
      `{"fileName":"a.png","fileHash":"${HASH}"}`,
      'text/plain',
      'header',
      '/content-type',
    ],
    [
      'no content type',
      'POST',
      'assets',
      `{"fileName":"a.png","fileHash":"${HASH}"}`,
      undefined,
      'header',
      '/content-type',
    ],
    ['a missing body', 'POST', 'assets', undefined, 'application/json', 'body', ''],
    ['a JSON array body', 'POST', 'assets', '[]', 'application/json', 'body', ''],
    [
      'a __proto__ key',
      'POST',
      'assets',
      `{"fileName":"a.png","fileHash":"${HASH}","__proto__":{"admin":true}}`,
      'application/json',
      'body',
      '/__proto__',
    ],
    ['a typo in a property', 'PATCH', 'asset', '{"alttext":"x"}', 'application/json', 'body', '/alttext'],
    ['a bad MD5', 'POST', 'assets', '{"fileName":"a.png","fileHash":"xyz"}', 'application/json', 'body', '/fileHash'],
    [
      'a 100-character file name',
      'POST',
      'assets',
      `{"fileName":"${'a'.repeat(96)}.png","fileHash":"${HASH}"}`,
      'application/json',
      'body',
      '/fileName',
    ],
    ['a body on a DELETE', 'DELETE', 'asset', '{}', 'application/json', 'body', ''],
  ])(
    'rejects %s with 400 validation_error and changes nothing',
    async (_name, method, path, raw, type, location, pointer) => {
      const existing = await api.call('POST', assets(), { json: { fileName: 'target.png', fileHash: HASH } });
      const before = await total();
      const target = path === 'assets' ? assets() : path === 'asset' ? `/v2/assets/${existing.body.id}` : path;
      const res = await api.call(method, target, { raw, headers: type ? { 'content-type': type } : {} });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('validation_error');
      expect(res.body.details).toContainEqual(expect.objectContaining({ location, pointer }));
      expect(await total()).toBe(before);
      expect((await api.call('GET', `/v2/assets/${existing.body.id}`)).body.altText).toBeNull();
    },
  );

  it('rejects a huge body with 400 validation_error', async () => {
    const res = await api.call('POST', assets(), {
      raw: `{"fileName":"${'a'.repeat(2 * 1024 * 1024)}"}`,
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(400);
    expect(res.body.details[0].message).toContain('larger than');
  });

  it('rejects a compressed body it does not inflate', async () => {
    const res = await api.call('POST', assets(), {
      raw: '{}',
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
    });
    expect(res.status).toBe(400);
    expect(res.body.details[0].message).toContain('Content-Encoding gzip');
  });

  it('says what to send when Content-Encoding lists identity twice (two headers read as one list)', async () => {
    const res = await api.call('POST', assets(), {
      raw: '{}',
      headers: { 'content-type': 'application/json', 'content-encoding': 'identity, identity' },
    });
    expect(res.status).toBe(400);
    expect(res.body.details[0].message).toBe(
      'Content-Encoding "identity, identity" names identity 2 times (two Content-Encoding headers are read as one list): send Content-Encoding: identity once, or none',
    );
  });

  it('answers a malformed percent-escape in a path with 400, not 500', async () => {
    const res = await rawRequest(sandbox.url, 'GET', '/v2/assets/%E0%A4%A', {
      authorization: `Bearer ${sandbox.token}`,
    });
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body).code).toBe('validation_error');
  });

  it('serves the same operations under /beta', async () => {
    const res = await api.call('GET', `/beta/sites/${sandbox.siteId}/asset_folders`);
    expect(res.status).toBe(200);
  });
});
