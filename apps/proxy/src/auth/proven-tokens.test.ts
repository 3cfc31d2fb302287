import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProxy, type TestProxy } from '../../test/harness.js';

const FAILING =
  '{"code":"internal_error","message":"An Internal Error occurred","externalReference":null,"details":[]}';

// Found in review: any answer but a 401 proved a token, so a made-up token that met a 5xx (a
// balancer or an overloaded upstream answers before looking at credentials) left the per-address
// budget for good, with budgets of its own: one address could bring new tokens, each with a full
// budget, for as long as the upstream was failing. The sandbox cannot answer before authenticating
// (its faults come after), so the upstream here is one that answers 500 to everything.
describe('passthrough mode, in front of an upstream that answers 500 before looking at the token', () => {
  let upstream: Server;
  let proxy: TestProxy;
  let forwarded = 0;
  beforeAll(async () => {
    upstream = createServer((req, res) => {
      forwarded++;
      req.resume();
      res.writeHead(500, {
        'content-type': 'application/json',
        'content-length': FAILING.length,
        'x-ratelimit-limit': '60',
        'x-ratelimit-remaining': '59',
      });
      res.end(FAILING);
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    const { port } = upstream.address() as AddressInfo;
    proxy = await startProxy(`http://127.0.0.1:${port}`, {
      AUTH_MODE: 'passthrough',
      UPSTREAM_TOKEN: '',
      PROXY_KEYS: '',
      RATE_LIMIT_UNAUTHENTICATED: '2',
    });
  });
  afterAll(async () => {
    await proxy.close();
    await new Promise((resolve) => upstream.close(resolve));
  });

  it('keeps charging a made-up token to its address: a 5xx says nothing of the token', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await fetch(`${proxy.api}/sites/65f0a1b2c3d4e5f6a7b8c9d0/assets`, {
        headers: { authorization: 'Bearer made-up-token-0123456789' },
      });
      await res.arrayBuffer();
      statuses.push(res.status);
    }
    expect(statuses).toEqual([500, 500, 429, 429]);
    expect(forwarded).toBe(2);
  });
});
