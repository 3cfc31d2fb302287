import { join } from 'node:path';
import { type BlobStore, createBlobStore } from '../storage/blob-store.js';
import type { Db } from '../storage/database.js';
import { createKoniferRepo, type KoniferRepo } from './konifer-repo.js';
import { migrateKonifer } from './konifer-schema.js';

/** Where the Konifer side keeps its assets: tables in the sandbox database, bytes in the blob store. */
export interface KoniferStore {
  repo: KoniferRepo;
  blobs: BlobStore;
}

/**
 * Opens the Konifer side of the sandbox's storage: the same SQLite database as the Webflow side
 * (its own tables) and the same crash-safe blob store, in `DATA_DIR/konifer/`. Like the Webflow
 * side it sweeps what a crash left behind: staging leftovers and bytes no asset names.
 *
 * @example
 * const konifer = openKoniferStore(store.db, config.dataDir);
 */
export function openKoniferStore(db: Db, dataDir: string): KoniferStore {
  migrateKonifer(db);
  const repo = createKoniferRepo(db);
  const blobs = createBlobStore(join(dataDir, 'konifer'));
  blobs.sweep((blobId) => repo.generationOf(blobId));
  return { repo, blobs };
}
