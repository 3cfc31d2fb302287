/**
 * The database schema, one entry per version (`PRAGMA user_version`). Append, never edit: an
 * existing data directory is upgraded by running the entries it has not seen yet.
 */
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE sites (
    id TEXT PRIMARY KEY,
    created_on TEXT NOT NULL
  );
  CREATE TABLE locales (
    site_id TEXT NOT NULL REFERENCES sites(id),
    id TEXT NOT NULL,
    tag TEXT NOT NULL,
    is_primary INTEGER NOT NULL,
    PRIMARY KEY (site_id, id)
  );
  CREATE TABLE folders (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    site_id TEXT NOT NULL REFERENCES sites(id),
    parent_id TEXT REFERENCES folders(id),
    display_name TEXT NOT NULL,
    created_on TEXT NOT NULL,
    last_updated TEXT NOT NULL
  );
  CREATE INDEX folders_site ON folders(site_id, seq);
  CREATE INDEX folders_parent ON folders(parent_id);
  CREATE TABLE assets (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    site_id TEXT NOT NULL REFERENCES sites(id),
    folder_id TEXT REFERENCES folders(id),
    file_name TEXT NOT NULL,
    display_name TEXT NOT NULL,
    content_type TEXT NOT NULL,
    file_hash TEXT NOT NULL,
    size INTEGER NOT NULL DEFAULT 0,
    blob_generation TEXT,
    created_on TEXT NOT NULL,
    last_updated TEXT NOT NULL
  );
  CREATE INDEX assets_site ON assets(site_id, seq);
  CREATE INDEX assets_folder ON assets(folder_id, seq);
  CREATE TABLE asset_variants (
    asset_id TEXT NOT NULL REFERENCES assets(id) ON DELETE CASCADE,
    width INTEGER NOT NULL,
    height INTEGER NOT NULL,
    format TEXT NOT NULL,
    file_name TEXT NOT NULL,
    size INTEGER NOT NULL,
    quality INTEGER NOT NULL,
    PRIMARY KEY (asset_id, width)
  );
  CREATE TABLE asset_alt_texts (
    asset_id TEXT NOT NULL REFERENCES assets(id) ON DELETE CASCADE,
    locale_id TEXT NOT NULL,
    alt_text TEXT NOT NULL,
    PRIMARY KEY (asset_id, locale_id)
  );
  `,
];
