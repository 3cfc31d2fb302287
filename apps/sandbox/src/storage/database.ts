import { join } from 'node:path';
import Database from 'better-sqlite3';
import { makeDirectory } from './make-directory.js';
import { MIGRATIONS } from './migrations.js';

/** The better-sqlite3 handle type. */
export type Db = Database.Database;

/**
 * Opens (creating if needed) the sandbox database in `dataDir`: WAL journal so readers never
 * wait for the writer, `synchronous=FULL` so a committed upload survives a power cut, foreign
 * keys on, a busy timeout for another connection (a `sqlite3` shell: no second sandbox opens it, see
 * `lockDataDir`), and the schema migrated to the latest version.
 *
 * @example
 * const db = openDatabase('/var/lib/sandbox');
 */
export function openDatabase(dataDir: string): Db {
  makeDirectory(dataDir);
  const db = new Database(join(dataDir, 'sandbox.sqlite'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db);
  return db;
}

function migrate(db: Db): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > MIGRATIONS.length) {
    throw new Error(
      `the data directory was written by a newer sandbox (schema ${current}, this one knows ${MIGRATIONS.length})`,
    );
  }
  db.transaction(() => {
    for (let version = current; version < MIGRATIONS.length; version++) {
      db.exec(MIGRATIONS[version] as string);
    }
    db.pragma(`user_version = ${MIGRATIONS.length}`);
  }).immediate();
}
