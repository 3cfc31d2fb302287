import { type Sandbox, startSandbox } from '@assetkit/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProxy, type TestProxy } from '../test/harness.js';

const KEY = 'konifer-key-0123456789abcdef';

// Konifer's spec has no rate headers, and its answers carry none: the proxy's own budget is the
// only one a client can pace itself on, so every answer says it (found in review: a conformance
// run through the proxy met 429s it had no way to see coming).
describe("an API whose spec has no rate headers: the proxy's own budget on every answer", () => {
  let sandbox: Sandbox;
  let proxy: TestProxy;
  beforeAll(async () => {
    sandbox = await startSandbox({ rateLimitPerMinute: 100_000 });
    proxy = await startProxy(sandbox.url, {
      SPEC: 'konifer-assets',
      UPSTREAM_TOKEN: '',
      PROXY_KEYS: JSON.stringify([{ name: 'konifer', key: KEY, scopes: [], ratePerMinute: 3 }]),
    });
  });
  afterAll(async () => {
    await proxy.close();
    await sandbox.close();
  });

  it('counts down X-RateLimit-Remaining on forwarded answers (200 and 404 alike), then refuses', async () => {
    const seen: [number, string | null, string | null][] = [];
    for (const path of ['/assets/a/-/metadata?limit=-1', '/assets/a/-/entry/0/metadata', '/assets/b/-/metadata']) {
      sandbox.requests.clear();
      const response = await fetch(`${proxy.url}${path}`, { headers: { authorization: `Bearer ${KEY}` } });
      await response.arrayBuffer();
      // Answered by the sandbox, not by the proxy.
      expect(sandbox.requests.entries()).toHaveLength(1);
      seen.push([
        response.status,
        response.headers.get('x-ratelimit-limit'),
        response.headers.get('x-ratelimit-remaining'),
      ]);
    }
    expect(seen.map(([, limit, remaining]) => [limit, remaining])).toEqual([
      ['3', '2'],
      ['3', '1'],
      ['3', '0'],
    ]);
    const refused = await fetch(`${proxy.url}/assets/a/-/metadata`, { headers: { authorization: `Bearer ${KEY}` } });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});
