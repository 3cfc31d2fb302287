import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, md5, startTestSandbox } from '../test/helpers.js';
import { readyUrl, spawnMain } from '../test/main-process.js';

describe('main (the start command)', () => {
  let root: string;
  const children: ChildProcessWithoutNullStreams[] = [];
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'sandbox-main-'));
  });
  afterEach(() => {
    for (const child of children.splice(0)) {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
      }
    }
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('prints one ready line with URL, site and tokens, serves the API, and exits 0 on SIGTERM', async () => {
    const child = spawnMain({ PORT: '0', DATA_DIR: join(root, 'ready') });
    children.push(child);
    const [, url, site, token, readToken] = await readyUrl(child);
    expect([site, token, readToken]).toEqual(['65f0a1b2c3d4e5f6a7b8c9d0', 'sandbox-token', 'sandbox-read-token']);
    const res = await fetch(`${url}/v2/sites/${site}/assets`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    child.kill('SIGTERM');
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
  });

  it('refuses to start with every configuration problem listed', async () => {
    const child = spawnMain({ PORT: 'eighty', RATE_LIMIT_PER_MINUTE: '-1' });
    children.push(child);
    let err = '';
    child.stderr.on('data', (chunk) => {
      err += chunk;
    });
    const [code] = await once(child, 'exit');
    expect(code).toBe(1);
    expect(err).toContain('invalid sandbox configuration');
    expect(err).toContain('PORT "eighty" must be an integer');
    expect(err).toContain('RATE_LIMIT_PER_MINUTE');
  });

  it('leaves no half-visible asset when the process is killed mid-upload', async () => {
    const dataDir = join(root, 'killed');
    const child = spawnMain({ PORT: '0', DATA_DIR: dataDir });
    children.push(child);
    const [, url, site] = await readyUrl(child);
    const bytes = Buffer.alloc(256 * 1024, 7);
    const created = await (
      await fetch(`${url}/v2/sites/${site}/assets`, {
        method: 'POST',
        headers: { authorization: 'Bearer sandbox-token', 'content-type': 'application/json' },
        body: JSON.stringify({ fileName: 'killed.pdf', fileHash: md5(bytes) }),
      })
    ).json();
    const boundary = 'kill-boundary';
    const fields = Object.entries(created.uploadDetails as Record<string, string>)
      .map(([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`)
      .join('');
    const req = request(created.uploadUrl, {
      method: 'POST',
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, 'transfer-encoding': 'chunked' },
    });
    req.on('error', () => {});
    req.write(`${fields}--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="killed.pdf"\r\n\r\n`);
    req.write(bytes.subarray(0, bytes.length / 2));
    for (let i = 0; i < 100 && readdirSync(join(dataDir, 'tmp')).length === 0; i++) {
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(readdirSync(join(dataDir, 'tmp'))).toHaveLength(1);
    child.kill('SIGKILL');
    await once(child, 'exit');
    req.destroy();

    const restarted = await startTestSandbox({ dataDir });
    try {
      expect(readdirSync(join(dataDir, 'tmp'))).toEqual([]);
      const asset = await apiClient(restarted).call('GET', `/v2/assets/${created.id}`);
      expect(asset.body).toMatchObject({ size: 0, variants: [] });
      expect((await fetch(asset.body.hostedUrl)).status).toBe(404);
    } finally {
      await restarted.close();
    }
  });
});
