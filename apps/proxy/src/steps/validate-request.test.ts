import { rawExchange } from '@assetkit/vitest-config/raw-exchange';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forwarded, KEYS, type Stack, startStack } from '../../test/harness.js';

describe('validateRequest', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack.close());

  // Found by the fuzz suite (FUZZ_SEED=1): the contract core used to coerce these to ±Infinity
  // and accept them, and the upstream answered 500. The core now accepts an integer parameter
  // only as a decimal integer within ±2^53−1.
  it.each(['limit=Infinity', 'offset=1e400', 'limit=-Infinity', 'offset=Infinity&limit=5'])(
    'refuses %s with a 400 on that parameter and forwards nothing',
    async (query) => {
      stack.sandbox.requests.clear();
      const res = await stack.call(`/v2/sites/${stack.sandbox.siteId}/assets?${query}`);
      expect(res.status).toBe(400);
      expect((await res.json()).details).toContainEqual(
        expect.objectContaining({ location: 'query', message: expect.stringContaining('decimal integer') }),
      );
      expect(forwarded(stack.sandbox)).toEqual([]);
    },
  );

  // Found by a new user: limit=+5 was refused as " 5", which puzzled them (a "+" is a space in a query).
  it('says a "+" in a query is a space when it refuses limit=+5, forwarding nothing', async () => {
    stack.sandbox.requests.clear();
    const res = await stack.call(`/v2/sites/${stack.sandbox.siteId}/assets?limit=+5`);
    expect(res.status).toBe(400);
    expect((await res.json()).details).toEqual([
      expect.objectContaining({
        location: 'query',
        pointer: '/limit',
        message:
          'must be written as a decimal integer (such as 10), got " 5" (a "+" in a query string is a space; send %2B for a plus sign)',
      }),
    ]);
    expect(forwarded(stack.sandbox)).toEqual([]);
  });

  // Found in review: forwarded as any other header, to an upstream that may route by it (IIS's URL
  // Rewrite, Symfony and Laminas read them), while the key's site had been checked on the request
  // line's path: a key bound to one site could read another's list.
  it.each(['X-Original-URL', 'X-Rewrite-URL'])(
    'refuses a site-bound key’s request carrying %s with a 400 naming the header, forwarding nothing',
    async (header) => {
      stack.sandbox.requests.clear();
      const res = await stack.call(`/v2/sites/${stack.sandbox.siteId}/assets`, {
        key: KEYS.siteBound,
        headers: { [header]: '/v2/sites/aaaaaaaaaaaaaaaaaaaaaaaa/assets' },
      });
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({
        code: 'validation_error',
        details: [expect.objectContaining({ location: 'header', pointer: `/${header.toLowerCase()}` })],
      });
      expect(forwarded(stack.sandbox)).toEqual([]);
    },
  );

  // Found in review: Node keeps the first of two Content-Type fields, so the request was validated
  // and forwarded as the first said, though which of the two the caller meant is a guess.
  it.each([
    ['the valid type first', ['application/json', 'text/plain']],
    ['the valid type second', ['text/plain', 'application/json']],
    ['the same type twice', ['application/json', 'application/json']],
  ])('refuses two Content-Type headers (%s) with a 400 on that header, forwarding nothing', async (_name, types) => {
    stack.sandbox.requests.clear();
    const body = '{"displayName":"x"}';
    const res = await rawExchange(stack.proxy.url, [
      `POST /v2/sites/${stack.sandbox.siteId}/asset_folders HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${KEYS.writer}\r\n` +
        `${types.map((type) => `Content-Type: ${type}\r\n`).join('')}Content-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`,
    ]);
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body)).toMatchObject({
      code: 'validation_error',
      details: [expect.objectContaining({ location: 'header', pointer: '/content-type' })],
    });
    expect(res.body).toContain('2 Content-Type headers');
    expect(forwarded(stack.sandbox)).toEqual([]);
  });

  // Found in review: the debug line logged each violation's message and value, which quote what
  // the caller sent, and a query or a header may carry a secret put there by mistake.
  it.each([
    ['a query parameter', 'assets?limit=sk-live-secret-1234', {}, { location: 'query', pointer: '/limit' }],
    [
      'a header',
      'asset_folders',
      { method: 'POST', headers: { 'content-type': 'application/sk-live-secret-1234' }, body: '{}' },
      { location: 'header', pointer: '/content-type' },
    ],
  ])('logs where %s broke the contract and which check failed, not what was sent', async (_name, path, init, where) => {
    const before = stack.proxy.logs.length;
    const res = await stack.call(`/v2/sites/${stack.sandbox.siteId}/${path}`, init);
    // The caller is told what it sent; the log is not.
    expect(await res.text()).toContain('sk-live-secret-1234');
    const lines = stack.proxy.logs.slice(before);
    const rejected = lines.map((line) => JSON.parse(line)).find((line) => line.msg === 'request rejected');
    expect(rejected).toMatchObject({ violations: [{ ...where, keyword: expect.any(String) }] });
    expect(lines.join('\n')).not.toContain('sk-live-secret');
  });
});
