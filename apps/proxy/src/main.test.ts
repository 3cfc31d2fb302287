import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { type Sandbox, startSandbox } from '@assetkit/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAIN_COMMAND, startProxyProcess } from '../test/proxy-process.js';
import { DEMO_KEY } from './config.js';

describe('main: the proxy as users run it', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ rateLimitPerMinute: 100_000 });
  });
  afterAll(() => sandbox.close());

  it('finishes every in-flight request on SIGTERM, then exits 0', async () => {
    const keys = JSON.stringify([{ name: 'k', key: 'k'.repeat(20), scopes: ['assets:read'], ratePerMinute: 1000 }]);
    const proxy = await startProxyProcess({
      UPSTREAM_URL: sandbox.url,
      UPSTREAM_TOKEN: sandbox.token,
      PROXY_KEYS: keys,
      UPSTREAM_RATE_LIMIT: '0',
    });
    const url = proxy.api;
    sandbox.setFaults({ latencyMs: 600 });
    const inFlight = Array.from({ length: 8 }, () =>
      fetch(`${url}/sites/${sandbox.siteId}/asset_folders`, {
        headers: { authorization: `Bearer ${'k'.repeat(20)}` },
      }).then((r) => r.status),
    );
    await new Promise((r) => setTimeout(r, 200));
    proxy.child.kill('SIGTERM');
    expect(await Promise.all(inFlight)).toEqual(Array(8).fill(200));
    expect(await proxy.exited).toBe(0);
    sandbox.setFaults(null);
    await expect(fetch(`${url}/sites/${sandbox.siteId}/asset_folders`)).rejects.toThrow();
  });

  /** Runs main.ts to its exit; its exit code and what it printed on stderr. */
  async function runToExit(env: Record<string, string>): Promise<{ code: unknown; stderr: string }> {
    const child = spawn(MAIN_COMMAND[0], MAIN_COMMAND[1], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    const code = await new Promise((resolve) => child.once('exit', resolve));
    return { code, stderr };
  }

  it('keeps draining when a second SIGTERM arrives (it used to exit at once)', async () => {
    const keys = JSON.stringify([{ name: 'k', key: 'k'.repeat(20), scopes: ['assets:read'], ratePerMinute: 1000 }]);
    const proxy = await startProxyProcess({
      UPSTREAM_URL: sandbox.url,
      UPSTREAM_TOKEN: sandbox.token,
      PROXY_KEYS: keys,
      UPSTREAM_RATE_LIMIT: '0',
    });
    sandbox.setFaults({ latencyMs: 800 });
    try {
      const inFlight = Array.from({ length: 4 }, () =>
        fetch(`${proxy.api}/sites/${sandbox.siteId}/asset_folders`, {
          headers: { authorization: `Bearer ${'k'.repeat(20)}` },
        }).then((r) => r.status),
      );
      await new Promise((r) => setTimeout(r, 200));
      proxy.child.kill('SIGTERM');
      await new Promise((r) => setTimeout(r, 100));
      proxy.child.kill('SIGTERM');
      expect(await Promise.all(inFlight)).toEqual(Array(4).fill(200));
      expect(await proxy.exited).toBe(0);
    } finally {
      sandbox.setFaults(null);
    }
  });

  it('refuses to start with a bad configuration, listing every problem', async () => {
    const { code, stderr } = await runToExit({ PORT: 'x', UPSTREAM_URL: 'https://api.webflow.com' });
    expect(code).toBe(2);
    expect(stderr).toContain('PORT must be an integer');
    expect(stderr).toContain('UPSTREAM_TOKEN is required');
    expect(stderr).toContain('no proxy keys');
  });

  it('says in one message, without a stack, why the embedded sandbox cannot start', async () => {
    const busy = await runToExit({ PORT: '0', SANDBOX_PORT: String(new URL(sandbox.url).port) });
    expect(busy.code).toBe(1);
    expect(busy.stderr).toMatch(/^assetkit proxy: cannot start the embedded sandbox on 127\.0\.0\.1:\d+ .*EADDRINUSE/);
    expect(busy.stderr).not.toMatch(/\n\s+at /);
    const file = join(mkdtempSync(join(tmpdir(), 'assetkit-notadir-')), 'file');
    writeFileSync(file, 'not a directory');
    const notDir = await runToExit({ PORT: '0', SANDBOX_PORT: '0', SANDBOX_DATA_DIR: join(file, 'data') });
    expect(notDir.code).toBe(1);
    expect(notDir.stderr).toMatch(/^assetkit proxy: cannot start the embedded sandbox .*ENOTDIR/);
    expect(notDir.stderr).not.toMatch(/\n\s+at /);
    rmSync(dirname(file), { recursive: true, force: true });
  });

  it('with no UPSTREAM_URL, starts the embedded sandbox and prints the demo key and site', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'assetkit-embedded-'));
    const proxy = await startProxyProcess({ SANDBOX_PORT: '0', SANDBOX_DATA_DIR: dataDir });
    try {
      expect(proxy.output()).toContain(`key=${DEMO_KEY}`);
      const url = proxy.api;
      const site = /site=(\S+)/.exec(proxy.output())?.[1] as string;
      const res = await fetch(`${url}/sites/${site}/assets`, { headers: { authorization: `Bearer ${DEMO_KEY}` } });
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ assets: expect.any(Array), pagination: expect.any(Object) });
    } finally {
      proxy.child.kill('SIGTERM');
      expect(await proxy.exited).toBe(0);
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
