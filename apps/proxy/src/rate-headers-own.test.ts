import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KONIFER_KEY, koniferEnv, type Stack, startStack } from '../test/harness.js';

// Konifer's spec has no rate headers, and its answers carry none: the proxy's own budget is the
// only one a client can pace itself on, so every answer says it (found in review: a conformance
// run through the proxy met 429s it had no way to see coming).
describe("an API whose spec has no rate headers: the proxy's own budget on every answer", () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack(koniferEnv({ ratePerMinute: 3 }));
  });
  afterAll(() => stack.close());

  it('counts down X-RateLimit-Remaining on forwarded answers (200 and 404 alike), then refuses', async () => {
    const seen: [number, string | null, string | null][] = [];
    for (const path of ['/assets/a/-/metadata?limit=-1', '/assets/a/-/entry/0/metadata', '/assets/b/-/metadata']) {
      stack.sandbox.requests.clear();
      const response = await stack.call(path, { key: KONIFER_KEY });
      await response.arrayBuffer();
      // Answered by the sandbox, not by the proxy.
      expect(stack.sandbox.requests.entries()).toHaveLength(1);
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
    const refused = await stack.call('/assets/a/-/metadata', { key: KONIFER_KEY });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});
