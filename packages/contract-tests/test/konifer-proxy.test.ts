import { expect, it } from 'vitest';
import { runContractSuite } from '../src/vitest.js';
import { PROXY_KEYS, type ProxyStack, startProxyStack } from './proxy-stack.js';

// Konifer through the same proxy, selected by SPEC alone: the suite sends a proxy key, the proxy no token.
let stack: ProxyStack | undefined;
runContractSuite({
  name: 'proxy (konifer-assets)',
  api: 'konifer-assets',
  target: async () => {
    stack = await startProxyStack('konifer-assets');
    return { baseUrl: stack.url, token: PROXY_KEYS.writer, vars: {}, close: stack.close };
  },
});
it('sends no credential upstream (the Konifer spec declares no security)', () => {
  const forwarded = stack?.sandbox.requests.entries() ?? [];
  expect(forwarded.length).toBeGreaterThan(20);
  expect(forwarded.filter((r) => r.headers.authorization !== undefined)).toEqual([]);
});
