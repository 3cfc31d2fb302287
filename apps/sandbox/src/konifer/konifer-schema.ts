import type { Db } from '../storage/database.js';

/**
 * The Konifer side's tables, one entry per version. They live in the sandbox's one SQLite
 * database beside the Webflow tables, but are versioned on their own (`konifer_schema`), so
 * neither API's migrations have to know about the other's. Append, never edit.
 */
export const KONIFER_MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE konifer_paths (
    path TEXT PRIMARY KEY,
    next_entry_id INTEGER NOT NULL
  );
  CREATE TABLE konifer_assets (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    path TEXT NOT NULL,
    entry_id INTEGER NOT NULL,
    alt TEXT,
    tags TEXT NOT NULL,
    source TEXT NOT NULL,
    store_key TEXT NOT NULL UNIQUE,
    blob_id TEXT NOT NULL UNIQUE,
    blob_generation TEXT NOT NULL,
    width INTEGER NOT NULL,
    height INTEGER NOT NULL,
    format TEXT NOT NULL,
    page_count INTEGER NOT NULL,
    loop INTEGER NOT NULL,
    size INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    modified_at INTEGER NOT NULL,
    UNIQUE (path, entry_id)
  );
  CREATE INDEX konifer_assets_modified ON konifer_assets(path, modified_at);
  CREATE TABLE konifer_labels (
    asset_id INTEGER NOT NULL REFERENCES konifer_assets(id) ON DELETE CASCADE,
    key TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (asset_id, key)
  );
  CREATE INDEX konifer_labels_pair ON konifer_labels(key, value);
  `,
];

/**
 * Brings the Konifer tables to the latest version, in one transaction.
 *
 * @example
 * migrateKonifer(store.db);
 */
export function migrateKonifer(db: Db): void {
  db.transaction(() => {
    db.exec('CREATE TABLE IF NOT EXISTS konifer_schema (version INTEGER NOT NULL)');
    const row = db.prepare('SELECT version FROM konifer_schema').get() as { version: number } | undefined;
    const current = row?.version ?? 0;
    if (current > KONIFER_MIGRATIONS.length) {
      throw new Error(
        `the data directory was written by a newer sandbox (Konifer schema ${current}, this one knows ${KONIFER_MIGRATIONS.length})`,
      );
    }
    for (let version = current; version < KONIFER_MIGRATIONS.length; version++) {
      db.exec(KONIFER_MIGRATIONS[version] as string);
    }
    db.prepare('DELETE FROM konifer_schema').run();
    db.prepare('INSERT INTO konifer_schema (version) VALUES (?)').run(KONIFER_MIGRATIONS.length);
  }).immediate();
}
