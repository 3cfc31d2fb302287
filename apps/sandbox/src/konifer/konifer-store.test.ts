import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { koniferClient, makeImage, storeForm } from '../../test/konifer-helpers.js';
import { startSandbox } from '../index.js';

describe('the Konifer side of the sandbox storage', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'sandbox-konifer-'));
  afterAll(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps assets, their bytes and the entryId counter across restarts, and sweeps stray files', async () => {
    const png = await makeImage(10, 10);
    const first = await startSandbox({ dataDir });
    const konifer = koniferClient(first);
    const stored = [];
    for (let i = 0; i < 2; i++) {
      stored.push((await konifer.call('POST', '/assets/keep/p', { form: storeForm({ tags: [`t${i}`] }, png) })).body);
    }
    await first.close();

    const blobs = join(dataDir, 'konifer', 'blobs');
    const live = stored.map((a) => a.variants[0].storeKey.replace(/\.png$/, ''));
    expect(readdirSync(blobs).sort()).toEqual([...live].sort());
    mkdirSync(join(blobs, 'stray-from-a-crash', 'gen'), { recursive: true });

    const second = await startSandbox({ dataDir });
    try {
      const again = koniferClient(second);
      const all = await again.call('GET', '/assets/keep/p/-/metadata', { query: 'limit=-1' });
      expect(all.body).toEqual([...stored].reverse());
      expect(existsSync(join(blobs, 'stray-from-a-crash'))).toBe(false);
      expect((await again.call('POST', '/assets/keep/p', { form: storeForm({}, png) })).body.entryId).toBe(2);
      await again.call('DELETE', '/assets/keep/p/-/entry/0');
      await expect.poll(() => existsSync(join(blobs, live[0] as string))).toBe(false);
    } finally {
      await second.close();
    }
  });
});
