import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { baseUrl } from '@assetkit/contract';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRequestLog } from './api/request-log.js';
import { createApp } from './app.js';
import { resolveConfig } from './config.js';
import { createFaultInjector } from './faults/fault-injector.js';
import { closeGracefully, listen } from './http-server.js';
import { openStore, type Store } from './storage/store.js';

describe('createApp', () => {
  let dataDir: string;
  let server: Server;
  let store: Store;
  let url: string;
  const lines: Record<string, unknown>[] = [];

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'sandbox-app-'));
    const config = resolveConfig({ dataDir, port: 0 }, dataDir);
    store = openStore(config);
    const logger = pino({ level: 'debug' }, { write: (line: string) => lines.push(JSON.parse(line)) });
    server = createServer();
    url = baseUrl('127.0.0.1', await listen(server, '127.0.0.1', 0));
    server.on(
      'request',
      createApp({
        config,
        publicUrl: url,
        store,
        logger,
        faults: createFaultInjector(),
        requestLog: createRequestLog(),
      }),
    );
  });
  afterAll(async () => {
    await closeGracefully(server);
    store.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers health checks without a token and hides the framework', async () => {
    const res = await fetch(`${url}/_health`);
    expect(await res.json()).toEqual({ status: 'ok' });
    expect(res.headers.get('x-powered-by')).toBeNull();
  });

  it('logs one access line per request without the query or credentials', async () => {
    await fetch(`${url}/v2/sites/65f0a1b2c3d4e5f6a7b8c9d0/assets?secret=1`, {
      headers: { authorization: 'Bearer sandbox-token' },
    });
    await new Promise((r) => setTimeout(r, 20));
    const line = lines.find((l) => l.msg === 'request' && String(l.path).endsWith('/assets'));
    // `secret` is an undocumented query parameter, hence the 400.
    expect(line).toMatchObject({ method: 'GET', path: '/v2/sites/65f0a1b2c3d4e5f6a7b8c9d0/assets', status: 400 });
    expect(JSON.stringify(lines)).not.toContain('sandbox-token');
    expect(JSON.stringify(lines)).not.toContain('secret=1');
  });

  it('never answers 304 to a conditional GET (not documented by the contract)', async () => {
    const headers = { authorization: 'Bearer sandbox-token', 'if-none-match': '*' };
    const res = await fetch(`${url}/v2/sites/65f0a1b2c3d4e5f6a7b8c9d0/asset_folders`, { headers });
    expect(res.status).toBe(200);
    expect(res.headers.get('etag')).toBeNull();
  });
});
