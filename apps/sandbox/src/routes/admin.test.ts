import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSandbox } from '../../test/helpers.js';
import type { Sandbox } from '../start-sandbox.js';

describe('admin endpoints', () => {
  let sandbox: Sandbox;
  const admin = (path: string, init: RequestInit = {}, token = sandbox.adminToken) =>
    fetch(`${sandbox.url}/_sandbox${path}`, {
      ...init,
      headers: { authorization: `Bearer ${token}`, ...init.headers },
    });

  beforeAll(async () => {
    sandbox = await startTestSandbox({ rateLimitPerMinute: 2 });
  });
  afterAll(() => sandbox.close());

  it('answers 401 without the admin token, even with an API token', async () => {
    for (const token of ['', sandbox.token]) {
      const res = await admin('/requests', {}, token);
      expect(res.status).toBe(401);
      expect((await res.json()).code).toBe('not_authorized');
    }
  });

  it('returns the logged API requests with the authorization header as sent, and clears them', async () => {
    expect((await admin('/requests', { method: 'DELETE' })).status).toBe(204);
    await fetch(`${sandbox.url}/v2/sites/${sandbox.siteId}/asset_folders?x=1`, {
      method: 'POST',
      headers: { authorization: 'Bearer forwarded-token', 'content-type': 'application/json' },
      body: '{"displayName":"x"}',
    });
    const entries = await (await admin('/requests')).json();
    expect(entries).toEqual([
      {
        method: 'POST',
        path: `/v2/sites/${sandbox.siteId}/asset_folders`,
        query: 'x=1',
        headers: expect.objectContaining({
          authorization: 'Bearer forwarded-token',
          'content-type': 'application/json',
        }),
        body: '{"displayName":"x"}',
        bodySize: 19,
        operationId: 'create-asset-folder',
        status: 401,
        at: expect.any(Number),
      },
    ]);
    expect(sandbox.requests.entries()).toEqual(entries);
    await admin('/requests', { method: 'DELETE' });
    expect(sandbox.requests.entries()).toEqual([]);
  });

  it('is neither logged nor rate limited', async () => {
    sandbox.requests.clear();
    for (let i = 0; i < 5; i++) {
      expect((await admin('/faults')).status).toBe(200);
    }
    expect(sandbox.requests.entries()).toEqual([]);
  });

  it('reads, replaces and clears the faults', async () => {
    expect(await (await admin('/faults')).json()).toBeNull();
    const put = await admin('/faults', { method: 'PUT', body: JSON.stringify({ error: { status: 503, count: 3 } }) });
    expect(await put.json()).toEqual({ error: { status: 503, count: 3 } });
    expect(await (await admin('/faults')).json()).toEqual({ error: { status: 503, count: 3 } });
    expect(await (await admin('/faults', { method: 'PUT', body: 'null' })).json()).toBeNull();
  });

  it.each([
    ['malformed JSON', '{', ''],
    ['an invalid configuration', JSON.stringify({ drift: { kind: 'chaos' } }), '/drift/kind'],
  ])('answers 400 validation_error for %s and keeps the faults', async (_name, body, pointer) => {
    const res = await admin('/faults', { method: 'PUT', body });
    expect(res.status).toBe(400);
    const error = await res.json();
    expect(error).toMatchObject({ code: 'validation_error', details: [expect.objectContaining({ pointer })] });
    expect(await (await admin('/faults')).json()).toBeNull();
  });

  it('answers 404 for an unknown admin route', async () => {
    expect((await admin('/nothing')).status).toBe(404);
  });
});
