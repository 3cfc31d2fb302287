import type { SandboxConfig } from '../config.js';
import { SANDBOX_DEFAULTS } from '../defaults.js';
import { type AssetsRepo, createAssetsRepo } from './assets-repo.js';
import { type BlobStore, createBlobStore } from './blob-store.js';
import { lockDataDir } from './data-dir-lock.js';
import { type Db, openDatabase } from './database.js';
import { createFoldersRepo, type FoldersRepo } from './folders-repo.js';
import { createSitesRepo, type SitesRepo } from './sites-repo.js';
import { loadUploadSecret } from './upload-secret.js';

/** Everything the sandbox keeps: the database, its repositories and the uploaded files. */
export interface Store {
  db: Db;
  sites: SitesRepo;
  assets: AssetsRepo;
  folders: FoldersRepo;
  blobs: BlobStore;
  uploadSecret: string;
  close(): void;
}

/**
 * Opens the store in the configured data directory, which it holds until `close()` (another
 * sandbox on it is refused, naming the holder: {@link lockDataDir}): migrates the database, seeds the
 * configured sites (the default one with its documented locales), loads the upload secret and
 * sweeps files a crash left behind.
 *
 * @example
 * const store = openStore(config);
 * store.assets.get(assetId);
 */
export function openStore(
  config: Pick<SandboxConfig, 'dataDir' | 'siteId' | 'siteIds' | 'uploadSecret'>,
  now: number = Date.now(),
): Store {
  // First: the sweep below takes another sandbox's uploads in progress for a crash's leftovers.
  const lock = lockDataDir(config.dataDir);
  let db: Db;
  try {
    db = openDatabase(config.dataDir);
  } catch (error) {
    lock.release();
    throw error;
  }
  const close = () => {
    db.close();
    lock.release();
  };
  try {
    const sites = createSitesRepo(db);
    const { primary, secondary } = SANDBOX_DEFAULTS.locales;
    const defaultLocales = [{ ...primary, primary: true }, ...secondary.map((l) => ({ ...l, primary: false }))];
    sites.seed(
      config.siteIds.map((id) => (id === config.siteId ? { id, locales: defaultLocales } : { id })),
      now,
    );
    const assets = createAssetsRepo(db);
    const blobs = createBlobStore(config.dataDir);
    blobs.sweep((assetId) => (/^[0-9a-f]{24}$/.test(assetId) ? assets.get(assetId)?.blobGeneration : undefined));
    return {
      db,
      sites,
      assets,
      folders: createFoldersRepo(db),
      blobs,
      uploadSecret: loadUploadSecret(config.dataDir, config.uploadSecret),
      close,
    };
  } catch (error) {
    close();
    throw error;
  }
}
