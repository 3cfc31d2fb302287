import { randomBytes } from 'node:crypto';
import { readdirSync, rmSync } from 'node:fs';
import { mkdir, open, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { makeDirectory } from './make-directory.js';

/** A directory where one upload's files are written before they are published. */
export interface Staging {
  generation: string;
  dir: string;
}

/**
 * Uploaded bytes on disk. An upload is staged under `tmp/<generation>/`, flushed to disk, then
 * published with a single directory rename to `blobs/<assetId>/<generation>/`; the database
 * names the generation that is live. A crash at any point leaves either the old generation
 * live or the new one, never a half-written file: leftovers are swept at the next startup.
 * `publish`, `removeGeneration` and `removeAsset` of one asset run one at a time, in the order
 * they were called.
 */
export interface BlobStore {
  stage(): Promise<Staging>;
  /** fsyncs every staged file, then renames the staging directory into place. */
  publish(assetId: string, staging: Staging): Promise<void>;
  discard(staging: Staging): Promise<void>;
  /** Path of a published file (`original` or `p-<width>`). */
  pathOf(assetId: string, generation: string, name: string): string;
  removeGeneration(assetId: string, generation: string): Promise<void>;
  removeAsset(assetId: string): Promise<void>;
  /**
   * Startup clean-up: removes every staging directory and every published generation the
   * database does not name (`live` answers an asset's live generation, or `undefined` if the
   * asset does not exist). Returns how many entries it removed.
   */
  sweep(live: (assetId: string) => string | null | undefined): number;
}

async function fsyncPath(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Runs each asset's directory changes one after another. A delete-asset's removal that ran
 * inside an upload's publish took away the directory the publish had just made (its rename
 * failed: the upload answered 500), or the one it had just renamed into (its fsync failed).
 */
function createAssetQueue() {
  const tails = new Map<string, Promise<void>>();
  return function inTurn(assetId: string, work: () => Promise<void>): Promise<void> {
    const done = (tails.get(assetId) ?? Promise.resolve()).then(work);
    const tail = done.catch(() => undefined);
    tails.set(assetId, tail);
    void tail.then(() => {
      if (tails.get(assetId) === tail) {
        tails.delete(assetId);
      }
    });
    return done;
  };
}

/**
 * The blob store rooted in `dataDir`.
 *
 * @example
 * const blobs = createBlobStore(dataDir);
 * const staging = await blobs.stage();
 * // … write files into staging.dir …
 * await blobs.publish(assetId, staging);
 */
export function createBlobStore(dataDir: string): BlobStore {
  const tmp = join(dataDir, 'tmp');
  const blobs = join(dataDir, 'blobs');
  makeDirectory(tmp);
  makeDirectory(blobs);
  const assetDir = (assetId: string) => join(blobs, assetId);
  const inTurn = createAssetQueue();
  return {
    async stage() {
      const generation = randomBytes(8).toString('hex');
      const dir = join(tmp, generation);
      await mkdir(dir);
      return { generation, dir };
    },
    publish(assetId, staging) {
      return inTurn(assetId, async () => {
        for (const name of await readdir(staging.dir)) {
          await fsyncPath(join(staging.dir, name));
        }
        await fsyncPath(staging.dir);
        await mkdir(assetDir(assetId), { recursive: true });
        await rename(staging.dir, join(assetDir(assetId), staging.generation));
        await fsyncPath(assetDir(assetId));
      });
    },
    async discard(staging) {
      await rm(staging.dir, { recursive: true, force: true });
    },
    pathOf: (assetId, generation, name) => join(assetDir(assetId), generation, name),
    removeGeneration(assetId, generation) {
      return inTurn(assetId, () => rm(join(assetDir(assetId), generation), { recursive: true, force: true }));
    },
    removeAsset(assetId) {
      return inTurn(assetId, () => rm(assetDir(assetId), { recursive: true, force: true }));
    },
    sweep(live) {
      let removed = 0;
      for (const entry of readdirSync(tmp)) {
        rmSync(join(tmp, entry), { recursive: true, force: true });
        removed++;
      }
      for (const assetId of readdirSync(blobs)) {
        const keep = live(assetId);
        if (keep === undefined) {
          rmSync(assetDir(assetId), { recursive: true, force: true });
          removed++;
          continue;
        }
        for (const generation of readdirSync(assetDir(assetId))) {
          if (generation !== keep) {
            rmSync(join(assetDir(assetId), generation), { recursive: true, force: true });
            removed++;
          }
        }
      }
      return removed;
    },
  };
}
