import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import type { DB, OpenDatabase } from './client.js';
import * as schema from './schema.js';

/**
 * A second, read-only connection to a database the app has already opened
 * and migrated: for work done off the main thread (a worker thread keeps a
 * matching pool), which must never write. WAL lets it read while the app
 * writes; each read it wraps in `readSnapshot` sees one committed state.
 */
export function openReadOnly(path: string): OpenDatabase {
  const sqlite = new Database(path, { readonly: true, fileMustExist: true });
  sqlite.pragma('busy_timeout = 5000');
  const db: DB = drizzle(sqlite, { schema });
  return { db, sqlite, close: () => sqlite.close() };
}

/** Runs `read` inside one read transaction, so several queries see the same committed state. */
export function readSnapshot<T>(db: DB, read: (tx: DB) => T): T {
  const sqlite = db.$client;
  if (sqlite.inTransaction) return read(db);
  sqlite.exec('BEGIN');
  try {
    const result = read(db);
    sqlite.exec('COMMIT');
    return result;
  } catch (error) {
    if (sqlite.inTransaction) sqlite.exec('ROLLBACK');
    throw error;
  }
}
