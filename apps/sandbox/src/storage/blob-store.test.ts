import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBlobStore } from './blob-store.js';

describe('createBlobStore', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'blob-store-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('publishes a staged upload with one rename, leaving no staging directory', async () => {
    const blobs = createBlobStore(dataDir);
    const staging = await blobs.stage();
    writeFileSync(join(staging.dir, 'original'), 'bytes');
    writeFileSync(join(staging.dir, 'p-500'), 'small');
    await blobs.publish('a'.repeat(24), staging);
    expect(readdirSync(join(dataDir, 'tmp'))).toEqual([]);
    expect(readFileSync(blobs.pathOf('a'.repeat(24), staging.generation, 'p-500'), 'utf8')).toBe('small');
  });

  it('discards a staged upload', async () => {
    const blobs = createBlobStore(dataDir);
    const staging = await blobs.stage();
    writeFileSync(join(staging.dir, 'original'), 'half');
    await blobs.discard(staging);
    expect(existsSync(staging.dir)).toBe(false);
  });

  it('sweeps staging leftovers, unknown assets and stale generations, keeping live ones', () => {
    const blobs = createBlobStore(dataDir);
    const live = 'b'.repeat(24);
    for (const dir of ['tmp/x', `blobs/${live}/g1`, `blobs/${live}/g2`, `blobs/${'c'.repeat(24)}/g1`]) {
      mkdirSync(join(dataDir, dir), { recursive: true });
    }
    const removed = blobs.sweep((assetId) => (assetId === live ? 'g2' : undefined));
    expect(removed).toBe(3);
    expect(readdirSync(join(dataDir, 'blobs'))).toEqual([live]);
    expect(readdirSync(join(dataDir, 'blobs', live))).toEqual(['g2']);
    expect(readdirSync(join(dataDir, 'tmp'))).toEqual([]);
  });

  it('removes every generation of an asset whose upload never committed', () => {
    const blobs = createBlobStore(dataDir);
    mkdirSync(join(dataDir, 'blobs', 'd'.repeat(24), 'g1'), { recursive: true });
    blobs.sweep(() => null);
    expect(readdirSync(join(dataDir, 'blobs', 'd'.repeat(24)))).toEqual([]);
  });

  // A delete-asset while the asset's upload publishes: the removal ran inside the publish, so it
  // took away the directory the publish had just made (the rename failed: the upload answered
  // 500 InternalError) or it ran first and the publish brought the directory back.
  it('runs a removal asked for during a publish of the same asset after it, and both succeed', async () => {
    const blobs = createBlobStore(dataDir);
    for (let round = 0; round < 24; round++) {
      const assetId = round.toString(16).padStart(24, '0');
      const staging = await blobs.stage();
      writeFileSync(join(staging.dir, 'original'), 'bytes');
      const publishing = blobs.publish(assetId, staging);
      // Each round asks for the removal a little later in the publish.
      for (let turn = 0; turn < round; turn++) {
        await new Promise((resolve) => setImmediate(resolve));
      }
      const removing = blobs.removeAsset(assetId);
      await expect(Promise.all([publishing, removing])).resolves.toEqual([undefined, undefined]);
      expect(existsSync(join(dataDir, 'blobs', assetId))).toBe(false);
    }
    expect(readdirSync(join(dataDir, 'tmp'))).toEqual([]);
  });
});
