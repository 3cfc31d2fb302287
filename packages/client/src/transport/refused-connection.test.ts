import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SANDBOX_DEFAULTS, startSandbox } from '@assetkit/sandbox';
import { afterEach, describe, expect, it } from 'vitest';
import { createAssetsClient } from '../create-assets-client.js';

// A server that is not listening yet, as while a proxy restarts: the first attempt finds the port
// closed (ECONNREFUSED), and the sandbox starts on that port while the client waits to retry.
type Sandbox = Awaited<ReturnType<typeof startSandbox>>;
let sandbox: Sandbox | undefined;

afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

async function clientOfClosedPort(options: { retryNonIdempotent?: boolean } = {}) {
  const port = await freePort();
  const reasons: string[] = [];
  const client = createAssetsClient({
    baseUrl: `http://127.0.0.1:${port}/v2`,
    token: SANDBOX_DEFAULTS.token,
    retry: {
      ...options,
      onRetry: (event) => reasons.push(event.reason),
      sleep: async () => {
        sandbox ??= await startSandbox({ port, logger: false });
      },
    },
  });
  return { client, reasons };
}

describe('a connection the server refused', () => {
  it('retries create-asset: the request never reached the server, so nothing was created twice', async () => {
    const { client, reasons } = await clientOfClosedPort();
    const fileHash = 'd41d8cd98f00b204e9800998ecf8427e';
    const created = await client.assets.create(SANDBOX_DEFAULTS.siteId, { fileName: 'after-restart.png', fileHash });
    expect(reasons).toEqual(['connection refused']);
    const { assets } = await client.assets.list(SANDBOX_DEFAULTS.siteId);
    expect(assets.map((asset) => asset.id)).toEqual([created.id]);
  });

  it('retries create-asset-folder', async () => {
    const { client, reasons } = await clientOfClosedPort();
    const folder = await client.folders.create(SANDBOX_DEFAULTS.siteId, { displayName: 'after restart' });
    expect(reasons).toEqual(['connection refused']);
    expect(folder.displayName).toBe('after restart');
  });

  it('still says which request failed when the server stays away', async () => {
    const port = await freePort();
    const client = createAssetsClient({
      baseUrl: `http://127.0.0.1:${port}/v2`,
      token: SANDBOX_DEFAULTS.token,
      retry: { sleep: async () => {} },
    });
    const error = await client.folders.create(SANDBOX_DEFAULTS.siteId, { displayName: 'x' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'AssetsNetworkError', method: 'POST', attempts: 3 });
    expect((error as Error).message).toContain('ECONNREFUSED');
  });
});
