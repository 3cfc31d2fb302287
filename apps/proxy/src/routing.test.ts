import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forwarded, type Stack, startStack } from '../test/harness.js';

describe('the proxy routes from the spec', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack.close());

  it('forwards a documented operation under /v2 and answers with the upstream response', async () => {
    const res = await stack.call(`/v2/sites/${stack.sandbox.siteId}/assets?limit=5`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ pagination: { limit: 5, offset: 0 } });
    expect(res.headers.get('x-ratelimit-limit')).toBe('100000');
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('serves /beta too, accepting its locale alias', async () => {
    const res = await stack.call(`/beta/sites/${stack.sandbox.siteId}/asset_folders`);
    expect(res.status).toBe(200);
  });

  it.each([
    ['an unknown path under /v2', 'GET', '/v2/pages/abc', 404, 'route_not_found'],
    ['a path outside the API', 'GET', '/admin', 404, 'route_not_found'],
    ['a trailing slash', 'GET', '/v2/assets/580e63fc8c9a982ac9b8b745/', 404, 'route_not_found'],
  ])('answers %s with %i in Webflow’s error shape', async (_name, method, path, status, code) => {
    stack.sandbox.requests.clear();
    const res = await stack.call(path, { method });
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await res.json()).toEqual({ code, message: expect.any(String), externalReference: null, details: [] });
    expect(forwarded(stack.sandbox)).toEqual([]);
  });

  // Found in review: these had no request id, no log line and no count, so a client with a wrong
  // base URL was invisible to whoever runs the proxy.
  it('gives a request outside the API an id, a log line, a count, and a 404 that says where the API is', async () => {
    const count = async () =>
      Number(
        /assetkit_proxy_requests_total\{operation="none",status="404"\} (\d+)/.exec(
          await (await stack.call('/metrics', { key: null })).text(),
        )?.[1] ?? 0,
      );
    const before = await count();
    const res = await stack.call(`/sites/${stack.sandbox.siteId}/assets`);
    expect(res.status).toBe(404);
    const id = res.headers.get('x-request-id');
    expect(id).toBeTruthy();
    expect((await res.json()).message).toBe(
      `Route not found: GET /sites/${stack.sandbox.siteId}/assets is outside the API, whose paths start with /beta or /v2`,
    );
    const line = stack.proxy.logs.map((l) => JSON.parse(l)).find((l) => l.reqId === id);
    expect(line).toMatchObject({ msg: 'request', status: 404, operation: 'none', forwarded: false });
    expect(await count()).toBe(before + 1);
  });

  it('answers a known path with an undocumented method with 405 and Allow', async () => {
    stack.sandbox.requests.clear();
    const res = await stack.call('/v2/assets/580e63fc8c9a982ac9b8b745', {
      method: 'PUT',
      body: '{}',
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, HEAD, DELETE, PATCH');
    expect(await res.json()).toMatchObject({ code: 'method_not_allowed' });
    expect(forwarded(stack.sandbox)).toEqual([]);
  });

  it('keeps the caller’s well-formed request id and replaces a malformed one', async () => {
    const kept = await stack.call(`/v2/sites/${stack.sandbox.siteId}/asset_folders`, {
      headers: { 'x-request-id': 'trace-abc-123456' },
    });
    expect(kept.headers.get('x-request-id')).toBe('trace-abc-123456');
    const replaced = await stack.call(`/v2/sites/${stack.sandbox.siteId}/asset_folders`, {
      headers: { 'x-request-id': 'bad id with spaces' },
    });
    expect(replaced.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(stack.sandbox.requests.entries().at(-1)?.headers['x-request-id']).toBe(replaced.headers.get('x-request-id'));
  });

  it('exposes health, readiness and metrics without a key', async () => {
    expect((await stack.call('/healthz', { key: null })).status).toBe(200);
    const ready = await stack.call('/readyz', { key: null });
    expect(ready.status).toBe(200);
    // Earlier tests here forwarded with the proxy's token, which the sandbox accepted.
    expect(await ready.json()).toMatchObject({
      status: 'ready',
      upstreamCredential: { state: 'accepted', since: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) },
    });
    const metrics = await (await stack.call('/metrics', { key: null })).text();
    expect(metrics).toContain('assetkit_proxy_requests_total{operation="list-assets",status="200"}');
    expect(metrics).toContain('assetkit_proxy_upstream_duration_seconds_bucket');
  });

  it.each([
    ['POST', '/healthz'],
    ['OPTIONS', '/metrics'],
    ['DELETE', '/readyz'],
  ])('answers %s %s with a 405 in the API’s shape, with Allow', async (method, path) => {
    const res = await stack.call(path, { key: null, method });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, HEAD');
    expect(await res.json()).toMatchObject({ code: 'method_not_allowed' });
  });
});
