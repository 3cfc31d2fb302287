import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAsset, forwarded, KEYS, OTHER_SITE, type Stack, startProxy, startStack } from '../test/harness.js';

// RFC 9110 §9.3.2: HEAD is GET without the content, and every general-purpose server supports
// both. The spec documents no HEAD, so each of its GET operations answers one (a HEAD was a 405).
describe('HEAD on a GET operation', () => {
  let stack: Stack;
  let site: string;
  let assetId: string;
  beforeAll(async () => {
    stack = await startStack();
    site = stack.sandbox.siteId;
    assetId = await createAsset(stack, 'head.png');
  });
  afterAll(() => stack.close());

  it('is forwarded as a HEAD and answered with the GET’s status and headers, without content', async () => {
    const get = await stack.call(`/v2/assets/${assetId}`);
    const getBody = Buffer.from(await get.arrayBuffer());
    stack.sandbox.requests.clear();
    const head = await stack.call(`/v2/assets/${assetId}`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(Buffer.from(await head.arrayBuffer()).length).toBe(0);
    expect(head.headers.get('content-type')).toMatch(/^application\/json/);
    expect(head.headers.get('content-length')).toBe(String(getBody.length));
    expect(head.headers.get('x-ratelimit-limit')).not.toBeNull();
    expect(head.headers.get('x-request-id')).not.toBeNull();
    expect(head.headers.get('x-assetkit-violations')).toBeNull();
    expect(forwarded(stack.sandbox)).toEqual([`HEAD /v2/assets/${assetId}`]);
    const line = stack.proxy.logs.map((l) => JSON.parse(l)).find((l) => l.reqId === head.headers.get('x-request-id'));
    expect(line).toMatchObject({ method: 'HEAD', operation: 'get-asset', status: 200, forwarded: true });
  });

  it('is validated as its GET: an invalid query is a 400 and never forwarded', async () => {
    stack.sandbox.requests.clear();
    const res = await stack.call(`/v2/sites/${site}/assets?limit=0`, { method: 'HEAD' });
    expect(res.status).toBe(400);
    expect(forwarded(stack.sandbox)).toEqual([]);
  });

  it('passes the upstream’s 404 on, with no content', async () => {
    const res = await stack.call('/v2/assets/580e63fc8c9a982ac9b8ffff', { method: 'HEAD' });
    expect(res.status).toBe(404);
    expect(Buffer.from(await res.arrayBuffer()).length).toBe(0);
  });

  it('needs the GET’s scope and no more: a read-only key may, a key without it may not', async () => {
    expect((await stack.call(`/v2/assets/${assetId}`, { method: 'HEAD', key: KEYS.reader })).status).toBe(200);
    expect((await stack.call(`/v2/assets/${assetId}`, { method: 'HEAD', key: null })).status).toBe(401);
  });

  it('holds a site-bound key to its sites, though a HEAD’s answer has no site to read', async () => {
    const id = await createAsset(stack, 'head-site.png');
    stack.sandbox.requests.clear();
    // Another site's key: the asset's site is looked up with a GET first, and the HEAD never sent.
    const foreign = await stack.call(`/v2/assets/${id}`, { method: 'HEAD', key: KEYS.otherSite });
    expect(foreign.status).toBe(404);
    expect(forwarded(stack.sandbox)).toEqual([`GET /v2/assets/${id}`]);
    // The owning site's key: the site is known now, so the HEAD goes straight through.
    const own = await stack.call(`/v2/assets/${id}`, { method: 'HEAD', key: KEYS.siteBound });
    expect(own.status).toBe(200);
    expect(forwarded(stack.sandbox)).toEqual([`GET /v2/assets/${id}`, `HEAD /v2/assets/${id}`]);
    // A site in the path is checked before forwarding, as for the GET.
    stack.sandbox.requests.clear();
    expect((await stack.call(`/v2/sites/${OTHER_SITE}/assets`, { method: 'HEAD', key: KEYS.siteBound })).status).toBe(
      403,
    );
    expect(forwarded(stack.sandbox)).toEqual([]);
  });

  it('is listed in Allow beside GET', async () => {
    const res = await stack.call(`/v2/assets/${assetId}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, HEAD, DELETE, PATCH');
  });

  it.each(['report', 'enforce'])('in %s mode, still catches an undocumented status on a HEAD', async (mode) => {
    const proxy = await startProxy(stack.sandbox.url, { RESPONSE_VALIDATION: mode });
    try {
      stack.sandbox.setFaults({ operations: ['get-asset'], drift: { kind: 'undocumented-status' } });
      const res = await fetch(`${proxy.api}/assets/${assetId}`, {
        method: 'HEAD',
        headers: { authorization: `Bearer ${KEYS.reader}` },
      });
      if (mode === 'enforce') {
        expect(res.status).toBe(502);
      } else {
        expect(res.status).toBe(202);
        expect(res.headers.get('x-assetkit-violations')).toBe('1');
      }
    } finally {
      stack.sandbox.setFaults(null);
      await proxy.close();
    }
  });
});
