import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KONIFER_KEY, koniferEnv, type Stack, startStack } from '../test/harness.js';

// Konifer reads every undocumented query parameter as a label filter, and some names are reserved.
describe('Konifer label filters through the proxy', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack(koniferEnv());
  });
  afterAll(() => stack.close());

  // Found in review: the answer spoke of a "property name", where the caller sent a query parameter.
  it('refuses a reserved name with a 400 that calls it a query parameter name, forwarding nothing', async () => {
    stack.sandbox.requests.clear();
    const response = await stack.call('/assets/a/-/metadata?w=100', { key: KONIFER_KEY });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      message: expect.stringContaining('query /w: query parameter name "w" must not be one of "h", "w"'),
    });
    expect(stack.sandbox.requests.entries()).toEqual([]);
  });
});
