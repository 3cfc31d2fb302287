import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KEYS, type Stack, startProxy, startStack } from '../test/harness.js';

/** The series lines of a `/metrics` text (no `# HELP`/`# TYPE`), each a time series Prometheus keeps. */
async function seriesOf(url: string): Promise<string[]> {
  const text = await (await fetch(`${url}/metrics`)).text();
  return text.split('\n').filter((line) => line !== '' && !line.startsWith('#'));
}

/** The label sets without their values: what grows when a label takes a new value. */
const names = (series: string[]) => series.map((line) => line.slice(0, line.lastIndexOf(' '))).sort();

describe('metric labels, whatever callers send', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ RESPONSE_VALIDATION: 'report', RATE_LIMIT_UNAUTHENTICATED: '100000' });
  });
  afterAll(() => stack.close());

  /** One of each kind of request whose values a caller chooses, each with `n` in it. */
  async function round(n: number): Promise<void> {
    const site = stack.sandbox.siteId;
    const json = { 'content-type': 'application/json' };
    const sent = [
      stack.call(`/v2/nowhere-${n}`),
      stack.call(`/outside-${n}/x`),
      stack.call(`/v2/sites/${site}/assets`, { key: `made-up-key-${n}-0123456789` }),
      stack.call(`/v2/sites/${site}/assets?limit=${1000 + n}&offset=-${n}`),
      stack.call(`/v2/sites/${site}/asset_folders`, {
        method: 'POST',
        headers: json,
        body: JSON.stringify({ displayName: n, [`extra${n}`]: [n, { [`k${n}`]: n }] }),
      }),
      stack.call(`/v2/sites/${site}/assets/${n}`, { method: 'PUT' }),
      stack.call(`/v2/assets/${'0'.repeat(24 - String(n).length)}${n}`, { key: KEYS.reader }),
    ];
    for (const res of await Promise.all(sent)) {
      await res.arrayBuffer();
    }
  }

  it('take no new series from new paths, keys, queries, bodies or methods', async () => {
    await round(0);
    const before = names(await seriesOf(stack.proxy.url));
    for (let n = 1; n <= 40; n++) {
      await round(n);
    }
    expect(names(await seriesOf(stack.proxy.url))).toEqual(before);
  });
});

/**
 * An upstream that answers every request with the next status of `statuses` and an empty JSON
 * object: the sandbox answers only the statuses Webflow documents.
 */
async function statusUpstream(statuses: number[]): Promise<{ url: string; server: Server }> {
  let next = 0;
  const server = createServer((socket) => {
    socket.on('error', () => undefined);
    socket.once('data', () => {
      const status = statuses[next++ % statuses.length];
      socket.end(
        `HTTP/1.1 ${status} X\r\ncontent-type: application/json\r\ncontent-length: 2\r\nconnection: close\r\n\r\n{}`,
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}`, server };
}

describe('assetkit_proxy_requests_total, whatever statuses the upstream answers', () => {
  // Found in review: in report and off modes an upstream's status is passed on, and each one
  // (any of 100–999) became a series of its own, per operation, for as long as the process lived.
  it('counts a status with no registered name under its class, and a registered one under itself', async () => {
    const unregistered = [
      ...Array.from({ length: 40 }, (_, i) => 520 + i),
      ...Array.from({ length: 20 }, (_, i) => 600 + i),
      ...Array.from({ length: 20 }, (_, i) => 980 + i),
      299,
    ];
    const upstream = await statusUpstream([...unregistered, 503, 418]);
    const proxy = await startProxy(upstream.url, { RESPONSE_VALIDATION: 'report' });
    try {
      const seen: number[] = [];
      for (let i = 0; i < unregistered.length + 2; i++) {
        const res = await fetch(`${proxy.api}/sites/65f0a1b2c3d4e5f6a7b8c9d0/assets`, {
          headers: { authorization: `Bearer ${KEYS.writer}` },
        });
        await res.arrayBuffer();
        seen.push(res.status);
      }
      // Passed on as they came: only the count groups them.
      expect(seen).toEqual([...unregistered, 503, 418]);
      const requests = (await seriesOf(proxy.url)).filter((line) => line.startsWith('assetkit_proxy_requests_total'));
      expect(requests.sort()).toEqual([
        'assetkit_proxy_requests_total{operation="list-assets",status="2xx"} 1',
        'assetkit_proxy_requests_total{operation="list-assets",status="418"} 1',
        'assetkit_proxy_requests_total{operation="list-assets",status="503"} 1',
        'assetkit_proxy_requests_total{operation="list-assets",status="5xx"} 40',
        'assetkit_proxy_requests_total{operation="list-assets",status="6xx"} 20',
        'assetkit_proxy_requests_total{operation="list-assets",status="9xx"} 20',
      ]);
      // The access log still has each status as it was.
      const logged = proxy.logs.map((line) => JSON.parse(line)).filter((l) => l.msg === 'request');
      expect(logged.map((l) => l.status)).toEqual(seen);
    } finally {
      await proxy.close();
      upstream.server.close();
    }
  });
});
