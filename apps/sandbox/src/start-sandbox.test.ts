import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, createAndUpload, makePng, md5, postUpload, startTestSandbox } from '../test/helpers.js';
import { SANDBOX_DEFAULTS } from './defaults.js';

const FR = SANDBOX_DEFAULTS.locales.secondary[0]?.id;

describe('startSandbox', () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'sandbox-test-'));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('listens on 127.0.0.1 with the documented defaults and removes its own temp dir on close', async () => {
    const sandbox = await startTestSandbox();
    expect(sandbox.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect([sandbox.siteId, sandbox.token, sandbox.readOnlyToken, sandbox.adminToken]).toEqual([
      '65f0a1b2c3d4e5f6a7b8c9d0',
      'sandbox-token',
      'sandbox-read-token',
      'sandbox-admin-token',
    ]);
    expect(existsSync(join(sandbox.dataDir, 'sandbox.sqlite'))).toBe(true);
    await sandbox.close();
    await sandbox.close();
    expect(existsSync(sandbox.dataDir)).toBe(false);
    await expect(fetch(`${sandbox.url}/_health`)).rejects.toThrow();
  });

  it('keeps a data dir it was given', async () => {
    const dataDir = join(root, 'kept');
    const sandbox = await startTestSandbox({ dataDir });
    await sandbox.close();
    expect(existsSync(join(dataDir, 'sandbox.sqlite'))).toBe(true);
  });

  it('refuses a second sandbox on one data directory within one process, until the first closes', async () => {
    const dataDir = join(root, 'in-process');
    const first = await startTestSandbox({ dataDir });
    try {
      await expect(startTestSandbox({ dataDir })).rejects.toThrow(
        `data directory ${dataDir} is in use by another sandbox in this process (pid ${process.pid}`,
      );
    } finally {
      await first.close();
    }
    const next = await startTestSandbox({ dataDir });
    await next.close();
  });

  it('keeps everything across a restart on the same data dir', async () => {
    const dataDir = join(root, 'restart');
    const first = await startTestSandbox({ dataDir });
    const api1 = apiClient(first);
    const folder = (
      await api1.call('POST', `/v2/sites/${first.siteId}/asset_folders`, { json: { displayName: 'kept' } })
    ).body;
    const png = await makePng(900, 300);
    const uploaded = await createAndUpload(api1, first.siteId, 'kept.png', png, { parentFolder: folder.id });
    await api1.call('PATCH', `/v2/assets/${uploaded.id}`, {
      query: `localeId=${FR}`,
      json: { altText: 'Gardé', displayName: 'Kept' },
    });
    const pendingBytes = Buffer.from('%PDF after restart');
    const pending = (
      await api1.call('POST', `/v2/sites/${first.siteId}/assets`, {
        json: { fileName: 'later.pdf', fileHash: md5(pendingBytes) },
      })
    ).body;
    const before = (await api1.call('GET', `/v2/assets/${uploaded.id}`, { query: `localeId=${FR}` })).body;
    await first.close();

    const second = await startTestSandbox({ dataDir });
    try {
      const api2 = apiClient(second);
      const after = (await api2.call('GET', `/v2/assets/${uploaded.id}`, { query: `localeId=${FR}` })).body;
      expect(after).toEqual({ ...before, hostedUrl: expect.any(String), variants: expect.any(Array) });
      expect(after.variants.map((v: { width: number }) => v.width)).toEqual([500, 800]);
      expect(Buffer.from(await (await fetch(after.hostedUrl)).arrayBuffer())).toEqual(png);
      expect((await api2.call('GET', `/v2/asset_folders/${folder.id}`)).body.assets).toEqual([uploaded.id]);
      // The upload secret was kept, so uploadDetails handed out before the restart still verify.
      const late = await postUpload(
        pending.uploadUrl.replace(/^http:\/\/[^/]+/, second.url),
        pending.uploadDetails,
        pendingBytes,
      );
      expect(late.status).toBe(201);
    } finally {
      await second.close();
    }
  });

  it('creates 50 distinct assets from 50 concurrent requests, none lost', async () => {
    const sandbox = await startTestSandbox();
    try {
      const api = apiClient(sandbox);
      const responses = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          api.call('POST', `/v2/sites/${sandbox.siteId}/assets`, {
            json: { fileName: `c${i}.png`, fileHash: md5(Buffer.from([i])) },
          }),
        ),
      );
      const ids = new Set(responses.map((r) => r.body.id));
      expect(ids.size).toBe(50);
      const list = (await api.call('GET', `/v2/sites/${sandbox.siteId}/assets`)).body;
      expect(list.pagination.total).toBe(50);
      expect(new Set(list.assets.map((a: { id: string }) => a.id))).toEqual(ids);
    } finally {
      await sandbox.close();
    }
  });

  it('finishes in-flight requests on close and refuses new ones', async () => {
    const sandbox = await startTestSandbox({ faults: { latencyMs: 200 } });
    const inflight = fetch(`${sandbox.url}/v2/sites/${sandbox.siteId}/assets`, {
      headers: { authorization: `Bearer ${sandbox.token}` },
    });
    await new Promise((r) => setTimeout(r, 50));
    const closed = sandbox.close();
    expect((await inflight).status).toBe(200);
    await closed;
    await expect(fetch(`${sandbox.url}/_health`)).rejects.toThrow();
  });

  it('sweeps files a hard crash left behind at the next startup, keeping live files', async () => {
    const dataDir = join(root, 'sweep');
    const first = await startTestSandbox({ dataDir });
    const uploaded = await createAndUpload(apiClient(first), first.siteId, 'live.pdf', Buffer.from('%PDF live'));
    await first.close();
    const live = readdirSync(join(dataDir, 'blobs', uploaded.id));
    mkdirSync(join(dataDir, 'tmp', 'half-written'), { recursive: true });
    writeFileSync(join(dataDir, 'tmp', 'half-written', 'original'), 'partial');
    mkdirSync(join(dataDir, 'blobs', uploaded.id, 'uncommitted'), { recursive: true });
    mkdirSync(join(dataDir, 'blobs', 'ffffffffffffffffffffffff', 'orphan'), { recursive: true });

    const second = await startTestSandbox({ dataDir });
    try {
      expect(readdirSync(join(dataDir, 'tmp'))).toEqual([]);
      expect(readdirSync(join(dataDir, 'blobs'))).toEqual([uploaded.id]);
      expect(readdirSync(join(dataDir, 'blobs', uploaded.id))).toEqual(live);
      expect((await fetch(uploaded.hostedUrl.replace(/^http:\/\/[^/]+/, second.url))).status).toBe(200);
    } finally {
      await second.close();
    }
  });

  it('rejects bad options with a clear message', async () => {
    await expect(startTestSandbox({ siteId: 'nope', rateLimitPerMinute: 0 })).rejects.toThrow(
      /SANDBOX_SITE_ID[\s\S]*RATE_LIMIT_PER_MINUTE/,
    );
  });
});
