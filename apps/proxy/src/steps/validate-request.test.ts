import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forwarded, type Stack, startStack } from '../../test/harness.js';

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
});
