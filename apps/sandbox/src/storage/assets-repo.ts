import type { Db } from './database.js';

/** A stored asset. `blobGeneration` is null until its bytes are uploaded. */
export interface AssetRow {
  id: string;
  siteId: string;
  folderId: string | null;
  fileName: string;
  displayName: string;
  contentType: string;
  fileHash: string;
  size: number;
  blobGeneration: string | null;
  createdOn: string;
  lastUpdated: string;
}

/** A stored responsive variant of an asset. */
export interface VariantRow {
  assetId: string;
  width: number;
  height: number;
  format: string;
  fileName: string;
  size: number;
  quality: number;
}

/** What an upload commits: the real size and type of the bytes, where they are, and their variants. */
export interface UploadCommit {
  size: number;
  contentType: string;
  generation: string;
  variants: readonly Omit<VariantRow, 'assetId'>[];
}

/** Assets, their variants and their per-locale alt texts. */
export interface AssetsRepo {
  get(assetId: string): AssetRow | undefined;
  /** A page of a site's assets, oldest first; with `folderId`, that folder and all its descendants. */
  page(
    siteId: string,
    options: { folderId?: string; offset: number; limit: number },
  ): { rows: AssetRow[]; total: number };
  insert(asset: AssetRow): void;
  variants(assetIds: readonly string[]): Map<string, VariantRow[]>;
  /** Alt texts of the given assets for the given locales: assetId → localeId → text. */
  altTexts(assetIds: readonly string[]): Map<string, Map<string, string>>;
  /** Changes the display name and/or the alt text of one locale, in one transaction. */
  update(
    assetId: string,
    change: { displayName?: string; altText?: { localeId: string; text: string } },
    now: string,
  ): boolean;
  /** Deletes an asset (variants and alt texts cascade); returns its blob generation, or false if it was not there. */
  remove(assetId: string): { blobGeneration: string | null } | false;
  /** Records an upload atomically; returns the generation it replaced, or false if the asset is gone. */
  commitUpload(assetId: string, commit: UploadCommit, now: string): { previousGeneration: string | null } | false;
}

const COLUMNS = `id, site_id AS siteId, folder_id AS folderId, file_name AS fileName, display_name AS displayName,
  content_type AS contentType, file_hash AS fileHash, size, blob_generation AS blobGeneration,
  created_on AS createdOn, last_updated AS lastUpdated`;

const TREE = `WITH RECURSIVE tree(id) AS (
  SELECT id FROM folders WHERE id = @folderId
  UNION SELECT f.id FROM folders f JOIN tree t ON f.parent_id = t.id)`;

/**
 * The assets tables. Every multi-statement change runs in one transaction, so concurrent
 * requests never see (or leave) half an update.
 *
 * @example
 * const assets = createAssetsRepo(db);
 * assets.page(siteId, { offset: 0, limit: 100 }); // { rows, total }
 */
export function createAssetsRepo(db: Db): AssetsRepo {
  const get = db.prepare(`SELECT ${COLUMNS} FROM assets WHERE id = ?`);
  const pageAll = db.prepare(
    `SELECT ${COLUMNS} FROM assets WHERE site_id = @siteId ORDER BY seq LIMIT @limit OFFSET @offset`,
  );
  const countAll = db.prepare('SELECT COUNT(*) FROM assets WHERE site_id = @siteId').pluck();
  const pageTree = db.prepare(
    `${TREE} SELECT ${COLUMNS} FROM assets WHERE site_id = @siteId AND folder_id IN (SELECT id FROM tree)
     ORDER BY seq LIMIT @limit OFFSET @offset`,
  );
  const countTree = db
    .prepare(`${TREE} SELECT COUNT(*) FROM assets WHERE site_id = @siteId AND folder_id IN (SELECT id FROM tree)`)
    .pluck();
  const insert = db.prepare(
    `INSERT INTO assets (id, site_id, folder_id, file_name, display_name, content_type, file_hash, size,
       blob_generation, created_on, last_updated)
     VALUES (@id, @siteId, @folderId, @fileName, @displayName, @contentType, @fileHash, @size, @blobGeneration,
       @createdOn, @lastUpdated)`,
  );
  const variants = db.prepare(
    `SELECT asset_id AS assetId, width, height, format, file_name AS fileName, size, quality
     FROM asset_variants WHERE asset_id IN (SELECT value FROM json_each(?)) ORDER BY width`,
  );
  const altTexts = db.prepare(
    `SELECT asset_id AS assetId, locale_id AS localeId, alt_text AS altText
     FROM asset_alt_texts WHERE asset_id IN (SELECT value FROM json_each(?))`,
  );
  const setName = db.prepare('UPDATE assets SET display_name = ?, last_updated = ? WHERE id = ?');
  const touch = db.prepare('UPDATE assets SET last_updated = ? WHERE id = ?');
  const setAlt = db.prepare(
    `INSERT INTO asset_alt_texts (asset_id, locale_id, alt_text) VALUES (?, ?, ?)
     ON CONFLICT (asset_id, locale_id) DO UPDATE SET alt_text = excluded.alt_text`,
  );
  const remove = db.prepare('DELETE FROM assets WHERE id = ? RETURNING blob_generation AS blobGeneration');
  const generation = db.prepare('SELECT blob_generation FROM assets WHERE id = ?').pluck();
  const setUpload = db.prepare(
    'UPDATE assets SET size = ?, content_type = ?, blob_generation = ?, last_updated = ? WHERE id = ?',
  );
  const clearVariants = db.prepare('DELETE FROM asset_variants WHERE asset_id = ?');
  const addVariant = db.prepare(
    `INSERT INTO asset_variants (asset_id, width, height, format, file_name, size, quality)
     VALUES (@assetId, @width, @height, @format, @fileName, @size, @quality)`,
  );

  const update = db.transaction((assetId: string, change: Parameters<AssetsRepo['update']>[1], now: string) => {
    if (!get.get(assetId)) {
      return false;
    }
    if (change.displayName === undefined && change.altText === undefined) {
      return true;
    }
    if (change.displayName !== undefined) {
      setName.run(change.displayName, now, assetId);
    }
    if (change.altText !== undefined) {
      setAlt.run(assetId, change.altText.localeId, change.altText.text);
    }
    touch.run(now, assetId);
    return true;
  });
  const commitUpload = db.transaction((assetId: string, commit: UploadCommit, now: string) => {
    const previous = generation.get(assetId) as string | null | undefined;
    if (previous === undefined) {
      return false;
    }
    setUpload.run(commit.size, commit.contentType, commit.generation, now, assetId);
    clearVariants.run(assetId);
    for (const variant of commit.variants) {
      addVariant.run({ assetId, ...variant });
    }
    return { previousGeneration: previous };
  });

  return {
    get: (assetId) => get.get(assetId) as AssetRow | undefined,
    page: (siteId, { folderId, offset, limit }) => {
      const params = { siteId, folderId, offset, limit };
      return folderId === undefined
        ? { rows: pageAll.all(params) as AssetRow[], total: countAll.get(params) as number }
        : { rows: pageTree.all(params) as AssetRow[], total: countTree.get(params) as number };
    },
    insert: (asset) => {
      insert.run(asset);
    },
    variants: (assetIds) => {
      const out = new Map<string, VariantRow[]>();
      for (const row of variants.all(JSON.stringify(assetIds)) as VariantRow[]) {
        out.set(row.assetId, [...(out.get(row.assetId) ?? []), row]);
      }
      return out;
    },
    altTexts: (assetIds) => {
      const out = new Map<string, Map<string, string>>();
      for (const row of altTexts.all(JSON.stringify(assetIds)) as {
        assetId: string;
        localeId: string;
        altText: string;
      }[]) {
        const byLocale = out.get(row.assetId) ?? new Map<string, string>();
        byLocale.set(row.localeId, row.altText);
        out.set(row.assetId, byLocale);
      }
      return out;
    },
    update: (assetId, change, now) => update.immediate(assetId, change, now),
    remove: (assetId) => {
      const row = remove.get(assetId) as { blobGeneration: string | null } | undefined;
      return row ?? false;
    },
    commitUpload: (assetId, commit, now) => commitUpload.immediate(assetId, commit, now),
  };
}
