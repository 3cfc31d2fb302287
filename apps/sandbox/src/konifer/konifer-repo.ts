import type { Db } from '../storage/database.js';
import type { StoredImage } from './konifer-image.js';

/** One stored Konifer asset: its original image (where its bytes are, what they are) and its metadata. */
export interface KoniferAsset extends StoredImage {
  id: number;
  path: string;
  entryId: number;
  alt: string | null;
  labels: Record<string, string>;
  tags: string[];
  source: 'upload';
  /** ms since the epoch */
  createdAt: number;
  modifiedAt: number;
}

/** What a store writes; the entry id is assigned by {@link KoniferRepo.insert}. */
export type NewKoniferAsset = Omit<KoniferAsset, 'id' | 'entryId'>;

/** Which assets a fetch or delete selects. */
export interface KoniferSelector {
  path: string;
  /** Also every path below `path` (`users` covers `users/123/avatar`). */
  recursive?: boolean;
  entryId?: number;
  /** Labels the asset must carry, each with exactly this value. */
  labels?: Readonly<Record<string, string>>;
  order?: 'new' | 'modified';
  /** `-1`: all. */
  limit?: number;
}

/** The metadata a PUT replaces. */
export interface KoniferMetadata {
  alt: string | null;
  labels: Record<string, string>;
  tags: string[];
}

/** The Konifer tables. */
export interface KoniferRepo {
  /** Stores an asset under the next entry id of its path (0, 1, 2, … never reused). */
  insert(asset: NewKoniferAsset): KoniferAsset;
  find(selector: KoniferSelector): KoniferAsset[];
  /** Replaces alt, labels and tags wholesale; `undefined` when the asset is gone. */
  replaceMetadata(id: number, metadata: KoniferMetadata, modifiedAt: number): KoniferAsset | undefined;
  /** Deletes the selected assets and returns them (their bytes are the caller's to remove). */
  remove(selector: KoniferSelector): KoniferAsset[];
  /** The live generation of a blob directory, or `undefined` if no asset names it. */
  generationOf(blobId: string): string | undefined;
}

interface AssetRow {
  id: number;
  path: string;
  entry_id: number;
  alt: string | null;
  tags: string;
  store_key: string;
  blob_id: string;
  blob_generation: string;
  width: number;
  height: number;
  format: string;
  page_count: number;
  loop: number;
  size: number;
  created_at: number;
  modified_at: number;
}

function where(selector: KoniferSelector): { sql: string; params: unknown[] } {
  const clauses = [selector.recursive ? "(a.path = ? OR substr(a.path, 1, length(?) + 1) = ? || '/')" : 'a.path = ?'];
  const params: unknown[] = selector.recursive ? [selector.path, selector.path, selector.path] : [selector.path];
  if (selector.entryId !== undefined) {
    clauses.push('a.entry_id = ?');
    params.push(selector.entryId);
  }
  for (const [key, value] of Object.entries(selector.labels ?? {})) {
    clauses.push('EXISTS (SELECT 1 FROM konifer_labels l WHERE l.asset_id = a.id AND l.key = ? AND l.value = ?)');
    params.push(key, value);
  }
  const order = selector.order === 'modified' ? 'a.modified_at DESC, a.id DESC' : 'a.created_at DESC, a.id DESC';
  params.push(selector.limit ?? -1);
  return { sql: `WHERE ${clauses.join(' AND ')} ORDER BY ${order} LIMIT ?`, params };
}

/**
 * The Konifer repository on the sandbox's SQLite database (tables from `konifer-schema.ts`).
 *
 * @example
 * const repo = createKoniferRepo(db);
 * repo.find({ path: 'users/123', order: 'new', limit: 1, labels: { department: 'engineering' } });
 */
export function createKoniferRepo(db: Db): KoniferRepo {
  const labelsOf = (ids: number[]): Map<number, Record<string, string>> => {
    const out = new Map<number, Record<string, string>>(ids.map((id) => [id, {}]));
    if (ids.length === 0) {
      return out;
    }
    const rows = db
      .prepare(
        `SELECT asset_id, key, value FROM konifer_labels WHERE asset_id IN (${ids.map(() => '?').join(',')}) ORDER BY rowid`,
      )
      .all(...ids) as { asset_id: number; key: string; value: string }[];
    for (const row of rows) {
      Object.defineProperty(out.get(row.asset_id), row.key, {
        value: row.value,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return out;
  };
  const hydrate = (rows: AssetRow[]): KoniferAsset[] => {
    const labels = labelsOf(rows.map((r) => r.id));
    return rows.map((r) => ({
      id: r.id,
      path: r.path,
      entryId: r.entry_id,
      alt: r.alt,
      labels: labels.get(r.id) ?? {},
      tags: JSON.parse(r.tags) as string[],
      source: 'upload',
      storeKey: r.store_key,
      blobId: r.blob_id,
      blobGeneration: r.blob_generation,
      width: r.width,
      height: r.height,
      format: r.format,
      pageCount: r.page_count,
      loop: r.loop,
      size: r.size,
      createdAt: r.created_at,
      modifiedAt: r.modified_at,
    }));
  };
  const select = (selector: KoniferSelector) => {
    const { sql, params } = where(selector);
    return db.prepare(`SELECT a.* FROM konifer_assets a ${sql}`).all(...params) as AssetRow[];
  };
  const nextEntry = db.prepare(
    `INSERT INTO konifer_paths (path, next_entry_id) VALUES (?, 1)
     ON CONFLICT (path) DO UPDATE SET next_entry_id = next_entry_id + 1 RETURNING next_entry_id - 1 AS entry_id`,
  );
  const insertAsset = db.prepare(
    `INSERT INTO konifer_assets (path, entry_id, alt, tags, source, store_key, blob_id, blob_generation, width, height,
       format, page_count, loop, size, created_at, modified_at)
     VALUES (@path, @entryId, @alt, @tags, @source, @storeKey, @blobId, @blobGeneration, @width, @height,
       @format, @pageCount, @loop, @size, @createdAt, @modifiedAt)`,
  );
  const insertLabel = db.prepare('INSERT INTO konifer_labels (asset_id, key, value) VALUES (?, ?, ?)');
  const writeLabels = (id: number, labels: Record<string, string>) => {
    db.prepare('DELETE FROM konifer_labels WHERE asset_id = ?').run(id);
    for (const [key, value] of Object.entries(labels)) {
      insertLabel.run(id, key, value);
    }
  };
  const byId = (id: number) =>
    hydrate(db.prepare('SELECT * FROM konifer_assets WHERE id = ?').all(id) as AssetRow[])[0];

  return {
    insert: db.transaction((asset: NewKoniferAsset) => {
      const { entry_id: entryId } = nextEntry.get(asset.path) as { entry_id: number };
      const { lastInsertRowid } = insertAsset.run({ ...asset, entryId, tags: JSON.stringify(asset.tags) });
      writeLabels(Number(lastInsertRowid), asset.labels);
      return byId(Number(lastInsertRowid)) as KoniferAsset;
    }),
    find: (selector) => hydrate(select(selector)),
    replaceMetadata: db.transaction((id: number, metadata: KoniferMetadata, modifiedAt: number) => {
      const { changes } = db
        .prepare('UPDATE konifer_assets SET alt = ?, tags = ?, modified_at = ? WHERE id = ?')
        .run(metadata.alt, JSON.stringify(metadata.tags), modifiedAt, id);
      if (changes === 0) {
        return undefined;
      }
      writeLabels(id, metadata.labels);
      return byId(id);
    }),
    remove: db.transaction((selector: KoniferSelector) => {
      const doomed = hydrate(select(selector));
      const remove = db.prepare('DELETE FROM konifer_assets WHERE id = ?');
      for (const asset of doomed) {
        remove.run(asset.id);
      }
      return doomed;
    }),
    generationOf: (blobId) =>
      (
        db.prepare('SELECT blob_generation FROM konifer_assets WHERE blob_id = ?').get(blobId) as
          | { blob_generation: string }
          | undefined
      )?.blob_generation,
  };
}
