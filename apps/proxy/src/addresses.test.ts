import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KEYS, startProxy, type TestProxy } from '../test/harness.js';
import { startProxyProcess } from '../test/proxy-process.js';

/**
 * An upstream that answers every request with an empty folder list and, as `Location`, whatever
 * the request's `x-test-location` asks for (the proxy forwards end-to-end headers as they are).
 */
let upstream: Server;
let upstreamUrl: string;

beforeAll(async () => {
  upstream = createServer((req, res) => {
    const location = req.headers['x-test-location'];
    res.writeHead(200, {
      'content-type': 'application/json',
      ...(typeof location === 'string' ? { location } : {}),
    });
    res.end('{"assetFolders":[],"pagination":{"limit":100,"offset":0,"total":0}}');
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => upstream.close(resolve));
});

async function locationThrough(proxy: TestProxy, location: string): Promise<string | null> {
  const res = await fetch(`${proxy.url}/v2/sites/65f0a1b2c3d4e5f6a7b8c9d0/asset_folders`, {
    headers: { authorization: `Bearer ${KEYS.reader}`, 'x-test-location': location },
  });
  expect(res.status).toBe(200);
  await res.arrayBuffer();
  return res.headers.get('location');
}

describe("an upstream's address in a response", () => {
  it('comes back in the address the caller used, so following it goes through the proxy again', async () => {
    const proxy = await startProxy(upstreamUrl, { RESPONSE_VALIDATION: 'off' });
    try {
      expect(await locationThrough(proxy, `${upstreamUrl}/v2/assets/580e63fc8c9a982ac9b80001`)).toBe(
        `${proxy.url}/v2/assets/580e63fc8c9a982ac9b80001`,
      );
      expect(await locationThrough(proxy, '/v2/assets/580e63fc8c9a982ac9b80001?x=1')).toBe(
        `${proxy.url}/v2/assets/580e63fc8c9a982ac9b80001?x=1`,
      );
      // Elsewhere (a CDN, signed storage): as the upstream gave it.
      expect(await locationThrough(proxy, 'https://cdn.example.com/a.png')).toBe('https://cdn.example.com/a.png');
    } finally {
      await proxy.close();
    }
  });

  it('comes back under PUBLIC_URL when the proxy is reached through another address (TLS in front)', async () => {
    const proxy = await startProxy(upstreamUrl, {
      RESPONSE_VALIDATION: 'off',
      PUBLIC_URL: 'https://assets.example.com/',
    });
    try {
      expect(await locationThrough(proxy, `${upstreamUrl}/v2/assets/580e63fc8c9a982ac9b80001`)).toBe(
        'https://assets.example.com/v2/assets/580e63fc8c9a982ac9b80001',
      );
    } finally {
      await proxy.close();
    }
  });
});

// Found by a new user: with HOST=0.0.0.0 the ready line said url=http://0.0.0.0:PORT, which is no
// destination (some browsers and curls refuse it); the sandbox's says 127.0.0.1.
// Each test spawns the real entry point: under CI's load that once took over the 20 s default (not
// reproduced since), so they get the time startProxyProcess allows for its ready line (30 s) and a
// stop that says why when the process outlives its SIGTERM.
describe('the ready line of a proxy listening on every address', { timeout: 60_000 }, () => {
  /** SIGTERM, then SIGKILL and an error with the process's output if it has not exited in 15 s. */
  async function stop(proxy: Awaited<ReturnType<typeof startProxyProcess>>): Promise<void> {
    proxy.child.kill('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), 15_000);
    });
    const outcome = await Promise.race([proxy.exited, late]);
    clearTimeout(timer);
    if (outcome === 'late') {
      proxy.child.kill('SIGKILL');
      throw new Error(`the proxy did not exit within 15 s of SIGTERM; its output:\n${proxy.output()}`);
    }
  }

  const readyWith = (env: Record<string, string>) =>
    startProxyProcess({
      UPSTREAM_URL: upstreamUrl,
      UPSTREAM_TOKEN: 'upstream-token',
      PROXY_KEYS: JSON.stringify([{ name: 'r', key: KEYS.reader, scopes: ['assets:read'] }]),
      ...env,
    });

  it.each([
    ['0.0.0.0', '127.0.0.1'],
    ['::', '[::1]'],
  ])('names a loopback URL callers can reach for HOST=%s', async (host, shown) => {
    const proxy = await readyWith({ HOST: host });
    try {
      expect(proxy.api).toMatch(new RegExp(`^http://${shown.replace(/[.[\]]/g, '\\$&')}:\\d+/v2$`));
      // Reachable: the proxy answers there.
      const res = await fetch(`${new URL(proxy.api).origin}/healthz`);
      expect(res.status).toBe(200);
    } finally {
      await stop(proxy);
    }
  });

  it('still names PUBLIC_URL first, with the loopback address it listens on', async () => {
    const proxy = await readyWith({ HOST: '0.0.0.0', PUBLIC_URL: 'https://assets.example.com' });
    try {
      expect(proxy.output()).toMatch(/url=https:\/\/assets\.example\.com\/v2 listening=http:\/\/127\.0\.0\.1:\d+ /);
    } finally {
      await stop(proxy);
    }
  });
});
