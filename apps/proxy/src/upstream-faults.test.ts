import { startSandbox } from '@assetkit/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAsset, forwarded, KEYS, metricValue, type Stack, startProxy, startStack } from '../test/harness.js';

describe('upstream faults', () => {
  let stack: Stack;
  let list: string;
  beforeAll(async () => {
    stack = await startStack({ UPSTREAM_HEADERS_TIMEOUT_MS: '300', UPSTREAM_BODY_TIMEOUT_MS: '300' });
    list = `/v2/sites/${stack.sandbox.siteId}/assets`;
  });
  afterAll(() => stack.close());

  // Counted: the latency histogram sees only exchanges that got an answer, so it looked calm
  // exactly while the upstream stalled.
  const failures = (reason: string) =>
    metricValue(stack.proxy, `assetkit_proxy_upstream_failures_total{operation="list-assets",reason="${reason}"}`);

  it('answers 504 gateway_timeout with a request id when the upstream stalls, and counts it', async () => {
    const before = await failures('timeout');
    stack.sandbox.setFaults({ latencyMs: 1_500 });
    const res = await stack.call(list);
    stack.sandbox.setFaults(null);
    expect(res.status).toBe(504);
    expect(await res.json()).toMatchObject({ code: 'gateway_timeout', externalReference: null });
    expect(res.headers.get('x-request-id')).toBeTruthy();
    expect(await failures('timeout')).toBe(before + 1);
  });

  it('answers 502 bad_gateway when the upstream drops the connection, and counts it', async () => {
    const before = await failures('error');
    stack.sandbox.setFaults({ drop: { count: 1 } });
    const res = await stack.call(list);
    expect(res.status).toBe(502);
    expect(await res.json()).toMatchObject({ code: 'bad_gateway' });
    expect((await stack.call(list)).status).toBe(200);
    expect(await failures('error')).toBe(before + 1);
  });

  it('answers 502 listing a json violation when the upstream sends invalid JSON', async () => {
    stack.sandbox.setFaults({ invalidJson: { count: 1 } });
    const res = await stack.call(list);
    expect(res.status).toBe(502);
    expect((await res.json()).details).toContainEqual(
      expect.objectContaining({ location: 'response.body', pointer: '' }),
    );
  });

  it('passes a documented upstream 500 through unchanged, with its body', async () => {
    stack.sandbox.setFaults({ error: { status: 500, count: 1 } });
    const res = await stack.call(list);
    expect(res.status).toBe(500);
    expect(await res.json()).toMatchObject({ code: 'internal_error' });
  });

  it('passes an upstream 429 through with Retry-After and X-RateLimit-*', async () => {
    stack.sandbox.setFaults({ error: { status: 429, retryAfterSeconds: 7, count: 1 } });
    const res = await stack.call(list);
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('7');
    expect(res.headers.get('x-ratelimit-limit')).toMatch(/^\d+$/);
  });

  it('turns an undocumented upstream 503 into a 502 in enforce mode, keeping its Retry-After', async () => {
    stack.sandbox.setFaults({ error: { status: 503, retryAfterSeconds: 9, count: 1 } });
    const res = await stack.call(list);
    expect(res.status).toBe(502);
    expect((await res.json()).details).toContainEqual(expect.objectContaining({ location: 'response.status' }));
    expect(res.headers.get('retry-after')).toBe('9');
    expect(res.headers.get('x-ratelimit-remaining')).toMatch(/^\d+$/);
  });
});

describe('upstream timeouts at their longest', () => {
  // Each at the longest timer Node can set: their sum, the proxy's overall deadline, is not one.
  // Unclamped, Node fired it after 1 ms, so a request that waited for a connection was a 504.
  it('forward requests that wait for a connection', async () => {
    const longest = String(2 ** 31 - 1);
    const stack = await startStack({
      UPSTREAM_CONNECT_TIMEOUT_MS: longest,
      UPSTREAM_HEADERS_TIMEOUT_MS: longest,
      UPSTREAM_BODY_TIMEOUT_MS: longest,
      UPSTREAM_CONNECTIONS: '1',
    });
    try {
      stack.sandbox.setFaults({ latencyMs: 50 });
      const list = `/v2/sites/${stack.sandbox.siteId}/assets`;
      const statuses = await Promise.all([1, 2, 3].map(() => stack.call(list).then((r) => r.status)));
      expect(statuses).toEqual([200, 200, 200]);
    } finally {
      await stack.close();
    }
  });
});
describe('the deadline of a site-checked write', () => {
  // A site-bound key's first write to a resource is two exchanges: a GET that learns its site,
  // then the write. Each answers within the headers timeout here; together they take longer
  // than one deadline (connect + headers + body = 700 ms), which is all the caller should wait.
  it('is shared by the site lookup and the write: 504 once the two together overrun it', async () => {
    const stack = await startStack({
      UPSTREAM_CONNECT_TIMEOUT_MS: '50',
      UPSTREAM_HEADERS_TIMEOUT_MS: '600',
      UPSTREAM_BODY_TIMEOUT_MS: '50',
    });
    try {
      const id = await createAsset(stack, 'slow.png');
      stack.sandbox.setFaults({ operations: ['get-asset', 'patch-asset'], latencyMs: 450 });
      stack.sandbox.requests.clear();
      const patched = await stack.call(`/v2/assets/${id}`, {
        key: KEYS.siteBound,
        method: 'PATCH',
        headers: { 'content-type': 'application/json' },
        body: '{"displayName":"late"}',
      });
      expect(patched.status).toBe(504);
      expect(await patched.json()).toMatchObject({ code: 'gateway_timeout' });
      stack.sandbox.setFaults(null);
      // The lookup's 450 ms left 250 ms for the write, less than its 450 ms: it timed out waiting
      // for the headers (with a deadline each, both would have answered: 200).
      expect(forwarded(stack.sandbox)).toEqual([`GET /v2/assets/${id}`, `PATCH /v2/assets/${id}`]);
    } finally {
      await stack.close();
    }
  });
});

describe('a killed upstream', () => {
  it('gives 502 while it is down, reports not ready, and recovers when it is back on the same port', async () => {
    const sandbox = await startSandbox({ rateLimitPerMinute: 100_000 });
    const port = new URL(sandbox.url).port;
    const proxy = await startProxy(sandbox.url, { UPSTREAM_TOKEN: sandbox.token });
    const get = () =>
      fetch(`${proxy.api}/sites/${sandbox.siteId}/asset_folders`, {
        headers: { authorization: `Bearer ${KEYS.writer}` },
      });
    try {
      expect((await get()).status).toBe(200);
      await sandbox.close();
      const down = await get();
      expect(down.status).toBe(502);
      expect(await down.json()).toMatchObject({
        code: 'bad_gateway',
        message: expect.stringContaining('ECONNREFUSED'),
      });
      expect((await fetch(`${proxy.url}/readyz`)).status).toBe(503);
      const back = await startSandbox({ rateLimitPerMinute: 100_000, port: Number(port) });
      try {
        expect((await get()).status).toBe(200);
      } finally {
        await back.close();
      }
    } finally {
      await proxy.close();
    }
  });
});
