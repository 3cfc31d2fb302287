import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiClient, apiClient, startTestSandbox } from '../../test/helpers.js';
import type { Sandbox } from '../index.js';

describe('validateRequest', () => {
  let sandbox: Sandbox;
  let api: ApiClient;
  beforeAll(async () => {
    sandbox = await startTestSandbox();
    api = apiClient(sandbox);
  });
  afterAll(() => sandbox.close());

  // Found by the proxy's fuzz suite: the contract core accepts a JSON body that starts with a
  // UTF-8 byte order mark, and the handler then failed to parse it (a 500).
  it('parses a JSON body that starts with a byte order mark, as the contract core does', async () => {
    const res = await api.call('POST', `/v2/sites/${sandbox.siteId}/asset_folders`, {
      raw: '\uFEFF{"displayName":"with a BOM"}',
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(200);
    expect(res.body.displayName).toBe('with a BOM');
  });

  it('answers a body that is not UTF-8 with a 400 validation_error, not a 500', async () => {
    const res = await fetch(`${sandbox.url}/v2/sites/${sandbox.siteId}/asset_folders`, {
      method: 'POST',
      headers: { authorization: `Bearer ${sandbox.token}`, 'content-type': 'application/json' },
      body: Buffer.concat([Buffer.from('{"displayName":"'), Buffer.from([0xff, 0xfe]), Buffer.from('"}')]),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: 'validation_error' });
  });

  // Found by the fuzz suite (the first three: the core coerced them to ±Infinity) and by a new
  // user's trial (the rest: integers beyond SQLite's 64 bits, or beyond what a double holds
  // exactly): SQLite refused each with "datatype mismatch", a 500. The core now refuses them.
  it.each([
    'limit=Infinity',
    'offset=1e400',
    'limit=-Infinity',
    'offset=1e19',
    'offset=99999999999999999999',
    'offset=9223372036854775807',
  ])('answers %s with a 400 on that parameter', async (query) => {
    const res = await api.call('GET', `/v2/sites/${sandbox.siteId}/assets`, { query });
    expect(res.status).toBe(400);
    expect(res.body.details[0]).toMatchObject({ location: 'query', pointer: `/${query.split('=')[0]}` });
  });

  it('pages past the end at the largest exact offset (an empty page, not an error)', async () => {
    const res = await api.call('GET', `/v2/sites/${sandbox.siteId}/assets`, { query: 'offset=9007199254740991' });
    expect(res.status).toBe(200);
    expect(res.body.assets).toEqual([]);
    expect(res.body.pagination).toMatchObject({ offset: Number.MAX_SAFE_INTEGER });
  });
});
