import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, contract, startTestSandbox } from '../../test/helpers.js';
import type { Sandbox } from '../start-sandbox.js';
import { INVALID_JSON_BODY } from './inject-faults.js';

describe('fault injection over HTTP', () => {
  let sandbox: Sandbox;
  let list: string;
  const get = (token = sandbox.token) => fetch(list, { headers: { authorization: `Bearer ${token}` } });

  beforeAll(async () => {
    sandbox = await startTestSandbox();
    list = `${sandbox.url}/v2/sites/${sandbox.siteId}/assets`;
  });
  afterEach(() => sandbox.setFaults(null));
  afterAll(() => sandbox.close());

  it.each([
    [500, 'internal_error'],
    [503, 'service_unavailable'],
  ] as const)('answers %i %s for the next `count` requests, then normally', async (status, code) => {
    sandbox.setFaults({ error: { status, count: 2 } });
    for (let i = 0; i < 2; i++) {
      const res = await get();
      expect(res.status).toBe(status);
      expect(await res.json()).toMatchObject({ code, externalReference: null, details: [] });
      expect(res.headers.get('x-ratelimit-limit')).not.toBeNull();
      expect(res.headers.get('retry-after')).toBeNull();
    }
    expect((await get()).status).toBe(200);
  });

  it('gives an injected 503 a Retry-After only when one is configured', async () => {
    sandbox.setFaults({ error: { status: 503, retryAfterSeconds: 9, count: 1 } });
    const res = await get();
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('9');
  });

  it('answers an injected 429 with its own Retry-After, distinguishable from the real limit', async () => {
    sandbox.setFaults({ error: { status: 429, retryAfterSeconds: 7, count: 1 } });
    const res = await get();
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('7');
    const validation = contract.validateResponse({
      operationId: 'list-assets',
      status: res.status,
      headers: res.headers,
      rawBody: await res.text(),
      strict: true,
    });
    expect(validation.violations).toEqual([]);
  });

  it('drops the connection without an answer, and logs the request with status 0', async () => {
    sandbox.setFaults({ drop: { count: 1 } });
    sandbox.requests.clear();
    await expect(get()).rejects.toThrow();
    expect(sandbox.requests.entries()).toMatchObject([{ operationId: 'list-assets', status: 0 }]);
    expect((await get()).status).toBe(200);
  });

  it('sends 200 with a JSON content type and a body that is not JSON', async () => {
    sandbox.setFaults({ invalidJson: { count: 1 } });
    const res = await get();
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/json');
    const text = await res.text();
    expect(text).toBe(INVALID_JSON_BODY);
    expect(() => JSON.parse(text)).toThrow();
  });

  it('delays the answer by latencyMs', async () => {
    sandbox.setFaults({ latencyMs: 150 });
    const started = performance.now();
    expect((await get()).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('applies only to the listed operations', async () => {
    sandbox.setFaults({ operations: ['get-asset'], error: { status: 500 } });
    expect((await get()).status).toBe(200);
  });

  it('applies after authentication: a bad token still gets 401', async () => {
    sandbox.setFaults({ error: { status: 503 } });
    expect((await get('wrong-token')).status).toBe(401);
  });

  it('can be configured at startup', async () => {
    const faulty = await startTestSandbox({ faults: { error: { status: 503, count: 1 } } });
    try {
      const api = apiClient(faulty, { conformant: false });
      expect((await api.call('GET', `/v2/sites/${faulty.siteId}/assets`)).status).toBe(503);
      expect((await api.call('GET', `/v2/sites/${faulty.siteId}/assets`)).status).toBe(200);
    } finally {
      await faulty.close();
    }
  });

  it('refuses an invalid configuration from setFaults, keeping the current one', async () => {
    sandbox.setFaults({ latencyMs: 1 });
    expect(() => sandbox.setFaults({ drift: { kind: 'chaos' as 'missing-id' } })).toThrow(/\/drift\/kind/);
    expect((await get()).status).toBe(200);
  });

  it('rejects an invalid startup configuration with every problem listed', async () => {
    await expect(startTestSandbox({ faults: { error: { status: 418 as 500 }, latencyMs: -1 } })).rejects.toThrow(
      /FAULTS \/latencyMs[\s\S]*FAULTS \/error\/status/,
    );
  });
});
