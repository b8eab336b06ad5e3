import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import * as schema from './schema.js';

/** Resolves to the repository's migrations/ both from src/ (tsx) and from dist/ (built). */
export const MIGRATIONS_FOLDER = fileURLToPath(new URL('../../migrations', import.meta.url));

export type DB = ReturnType<typeof drizzle<typeof schema>>;

export interface Database_ {
  db: DB;
  sqlite: Database.Database;
  close(): void;
}

/**
 * Opens (creating if needed) the SQLite file, sets the pragmas the app relies
 * on and applies pending migrations. Safe to call on an up-to-date database.
 */
export function openDatabase(path: string): Database_ {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const sqlite = new Database(path);
  // WAL lets the job runner read while a listener writes; the busy timeout
  // turns a brief lock into a short wait instead of SQLITE_BUSY.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('synchronous = NORMAL');
  const db = drizzle(sqlite, { schema });
  migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
  return { db, sqlite, close: () => sqlite.close() };
}
