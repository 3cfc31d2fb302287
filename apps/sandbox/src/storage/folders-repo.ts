import type { Db } from './database.js';

/** A stored asset folder. */
export interface FolderRow {
  id: string;
  siteId: string;
  parentId: string | null;
  displayName: string;
  createdOn: string;
  lastUpdated: string;
}

/** Asset folders: a tree per site. */
export interface FoldersRepo {
  get(folderId: string): FolderRow | undefined;
  /** Every folder of a site, oldest first. */
  list(siteId: string): FolderRow[];
  insert(folder: FolderRow): void;
  /** Ids of the assets directly inside each folder, oldest first. */
  assetIds(folderIds: readonly string[]): Map<string, string[]>;
}

const COLUMNS =
  'id, site_id AS siteId, parent_id AS parentId, display_name AS displayName, created_on AS createdOn, last_updated AS lastUpdated';

/**
 * The folders table.
 *
 * @example
 * const folders = createFoldersRepo(db);
 * folders.insert({ id, siteId, parentId: null, displayName: 'icons', createdOn: now, lastUpdated: now });
 */
export function createFoldersRepo(db: Db): FoldersRepo {
  const get = db.prepare(`SELECT ${COLUMNS} FROM folders WHERE id = ?`);
  const list = db.prepare(`SELECT ${COLUMNS} FROM folders WHERE site_id = ? ORDER BY seq`);
  const insert = db.prepare(
    `INSERT INTO folders (id, site_id, parent_id, display_name, created_on, last_updated)
     VALUES (@id, @siteId, @parentId, @displayName, @createdOn, @lastUpdated)`,
  );
  const assets = db.prepare(
    'SELECT folder_id AS folderId, id FROM assets WHERE folder_id IN (SELECT value FROM json_each(?)) ORDER BY seq',
  );
  return {
    get: (folderId) => get.get(folderId) as FolderRow | undefined,
    list: (siteId) => list.all(siteId) as FolderRow[],
    insert: (folder) => {
      insert.run(folder);
    },
    assetIds: (folderIds) => {
      const out = new Map<string, string[]>(folderIds.map((id) => [id, []]));
      for (const row of assets.all(JSON.stringify(folderIds)) as { folderId: string; id: string }[]) {
        out.get(row.folderId)?.push(row.id);
      }
      return out;
    },
  };
}
