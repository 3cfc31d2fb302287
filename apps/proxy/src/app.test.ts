import type { Server } from 'node:http';
import { Writable } from 'node:stream';
import { getContract } from '@assetkit/contract';
import type { Sandbox } from '@assetkit/sandbox';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CANARY_TOKEN, forwarded, KEYS, type Stack, startStack } from '../test/harness.js';
import { createApp } from './app.js';
import { loadConfig } from './config.js';
import { createLogger } from './logger.js';
import { createMetrics } from './metrics.js';
import { createRateLimitStore } from './rate-limit/create-store.js';
import { createUpstream, type Upstream } from './upstream/upstream-client.js';

/**
 * The server runs API requests straight through the pipeline (`proxy.handle`); `proxy.express`
 * serves the same API for embedders. Both must answer alike: same statuses, bodies and refusals.
 */
describe('the proxy embedded as an Express app', () => {
  let stack: Stack;
  let sandbox: Sandbox;
  let upstream: Upstream;
  let server: Server;
  let embedded: string;
  beforeAll(async () => {
    stack = await startStack();
    sandbox = stack.sandbox;
    const config = loadConfig({
      PORT: '0',
      UPSTREAM_URL: sandbox.url,
      UPSTREAM_TOKEN: CANARY_TOKEN,
      PROXY_KEYS: JSON.stringify([
        { name: 'writer', key: KEYS.writer, scopes: ['assets:read', 'assets:write'], ratePerMinute: 100_000 },
      ]),
      UPSTREAM_RATE_LIMIT: '0',
    });
    const logger = createLogger({ level: 'silent', destination: new Writable({ write: (_c, _e, done) => done() }) });
    const metrics = createMetrics();
    upstream = createUpstream(sandbox.url, config.upstream);
    const proxy = createApp({
      config,
      contract: getContract(config.api),
      upstream,
      upstreamToken: CANARY_TOKEN,
      rateLimitStore: await createRateLimitStore(null, { logger, metrics }),
      logger,
      metrics,
    });
    const parent = express();
    parent.use(proxy.express);
    await new Promise<void>((resolve) => {
      server = parent.listen(0, '127.0.0.1', () => resolve());
    });
    const address = server.address();
    embedded = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await upstream.close();
    await stack.close();
  });

  const both = async (path: string, init: RequestInit = {}) => {
    const headers = { authorization: `Bearer ${KEYS.writer}`, ...(init.headers as Record<string, string>) };
    const direct = await stack.call(path, { ...init, headers });
    const viaExpress = await fetch(`${embedded}${path}`, { ...init, headers });
    return [
      { status: direct.status, body: await direct.json(), id: direct.headers.get('x-request-id') },
      { status: viaExpress.status, body: await viaExpress.json(), id: viaExpress.headers.get('x-request-id') },
    ];
  };

  it('forwards a valid request and answers with the upstream body', async () => {
    const [direct, viaExpress] = await both(`/v2/sites/${sandbox.siteId}/assets?limit=2`);
    expect(direct?.status).toBe(200);
    expect(viaExpress).toEqual({ ...direct, id: expect.any(String) });
  });

  it.each([
    ['an invalid query', `/v2/sites/{site}/assets?limit=0`, {}, 400],
    ['an unknown route', '/v2/pages/x', {}, 404],
    ['an undocumented method', `/v2/sites/{site}/assets`, { method: 'PUT' }, 405],
    ['a wrong content type', '/v2/assets/580e63fc8c9a982ac9b8b745', { method: 'PATCH', body: 'x' }, 415],
  ])('refuses %s alike, without forwarding it', async (_name, template, init, status) => {
    sandbox.requests.clear();
    const [direct, viaExpress] = await both(template.replace('{site}', sandbox.siteId), {
      ...init,
      headers: { 'content-type': 'text/plain' },
    });
    expect(direct?.status).toBe(status);
    expect(viaExpress).toEqual({ ...direct, id: expect.any(String) });
    expect(forwarded(sandbox)).toEqual([]);
  });
});
