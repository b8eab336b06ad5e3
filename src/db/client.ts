import type { Config } from '../config.js';
import { openPostgres } from './pgEngine.js';
import { openSqlite } from './sqliteEngine.js';
import type { DB, OpenDatabase, Tx } from './database.js';
import { databaseOf } from './database.js';

export { type DB, DatabaseUnreachableError, type Engine, MIGRATIONS_FOLDER, NewerDatabaseError, type OpenDatabase, type Tx } from './database.js';

export type DatabaseLocation = Pick<Config, 'databasePath' | 'databaseUrl'>;

/**
 * Opens the database the configuration names, applying pending migrations:
 * PostgreSQL when DATABASE_URL is set, else the SQLite file at DATABASE_PATH
 * (created if needed). Safe to call on an up-to-date database.
 */
export async function openDatabase(location: DatabaseLocation | string): Promise<OpenDatabase> {
  const { databasePath, databaseUrl } = typeof location === 'string' ? { databasePath: location, databaseUrl: undefined } : location;
  return databaseUrl ? openPostgres(databaseUrl) : openSqlite(databasePath);
}

/** Throws when the database cannot answer: what the readiness check asks. */
export function ping(db: DB): Promise<void> {
  return databaseOf(db).ping();
}

/** See OpenDatabase.purgeDeletedFromDisk. */
export function purgeDeletedFromDisk(db: DB | Tx): Promise<boolean> {
  return databaseOf(db).purgeDeletedFromDisk();
}
