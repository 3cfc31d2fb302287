import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { createContract, type OpenApiDocument } from '@assetkit/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KONIFER_KEY, koniferEnv } from '../test/harness.js';
import { createApp } from './app.js';
import { loadConfig } from './config.js';
import { createLogger } from './logger.js';
import { createMetrics } from './metrics.js';
import { createRateLimitStore } from './rate-limit/create-store.js';
import { createUpstream, type Upstream } from './upstream/upstream-client.js';

/** A third-party API (the shipped specs have no such parameters): delimited arrays and a `$ref`'d integer. */
const document: OpenApiDocument = {
  openapi: '3.1.0',
  info: { title: 'styles', version: '1' },
  paths: {
    '/things': {
      get: {
        operationId: 'list-things',
        parameters: [
          { name: 'ids', in: 'query', explode: false, schema: { type: 'array', items: { type: 'integer' } } },
          { name: 'limit', in: 'query', schema: { $ref: '#/components/schemas/Limit' } },
          { name: 'X-Ids', in: 'header', schema: { type: 'array', items: { type: 'integer' } } },
        ],
        responses: { '200': { description: 'ok', content: { 'application/json': { schema: { type: 'object' } } } } },
      },
    },
  },
  components: { schemas: { Limit: { type: 'integer', minimum: 1 } } },
};

const listen = (server: Server) =>
  new Promise<string>((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)),
  );

// Found in review: `ids=1,Infinity` (explode: false) and a $ref'd integer written `1e1` reached the upstream.
describe('the proxy in front of an API with delimited array parameters', () => {
  const received: string[] = [];
  const upstreamServer = createServer((req, res) => {
    received.push(req.url ?? '');
    res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  });
  let proxyServer: Server;
  let upstream: Upstream;
  let url: string;
  beforeAll(async () => {
    const upstreamUrl = await listen(upstreamServer);
    const config = loadConfig({ PORT: '0', UPSTREAM_URL: upstreamUrl, UPSTREAM_RATE_LIMIT: '0', ...koniferEnv() });
    const logger = createLogger({ level: 'silent', destination: new Writable({ write: (_c, _e, done) => done() }) });
    const metrics = createMetrics();
    upstream = createUpstream(upstreamUrl, config.upstream);
    const proxy = createApp({
      config,
      contract: createContract({ name: 'styles', document }),
      upstream,
      upstreamToken: '',
      rateLimitStore: await createRateLimitStore(null, { logger, metrics }),
      logger,
      metrics,
    });
    proxyServer = createServer((req, res) => proxy.handle(req, res));
    url = await listen(proxyServer);
  });
  afterAll(async () => {
    await new Promise((resolve) => proxyServer.close(resolve));
    await upstream.close();
    await new Promise((resolve) => upstreamServer.close(resolve));
  });

  const call = (path: string, headers: Record<string, string> = {}) =>
    fetch(`${url}${path}`, { headers: { authorization: `Bearer ${KONIFER_KEY}`, ...headers } });

  it('forwards a list whose every item is a number as written, unchanged', async () => {
    received.length = 0;
    const response = await call('/things?ids=1,2&limit=10', { 'x-ids': '3, 4' });
    expect(response.status).toBe(200);
    expect(received).toEqual(['/things?ids=1,2&limit=10']);
  });

  it.each([
    ['an item of a form list', '/things?ids=1,Infinity', {}, 'query /ids/1'],
    ['an item of a header list', '/things', { 'x-ids': '1, 1e1' }, 'header /x-ids/1'],
    ['a $ref’d integer', '/things?limit=1e1', {}, 'query /limit'],
  ])('refuses %s written loosely with a 400 naming it, forwarding nothing', async (_name, path, headers, where) => {
    received.length = 0;
    const response = await call(path, headers);
    expect(response.status).toBe(400);
    expect(JSON.stringify(await response.json())).toContain(where);
    expect(received).toEqual([]);
  });
});
