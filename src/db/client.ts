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
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('synchronous = NORMAL');
  const db = drizzle(sqlite, { schema });
  // drizzle-kit rebuilds a table to change a constraint (create, copy, drop,
  // rename). Migrations run in a transaction, where PRAGMA foreign_keys is
  // ignored, so with keys on the DROP would cascade into child rows. SQLite's
  // documented procedure: keys off, migrate, check, keys on.
  sqlite.pragma('foreign_keys = OFF');
  migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
  const broken = sqlite.pragma('foreign_key_check') as unknown[];
  if (broken.length > 0) throw new Error(`migration left ${broken.length} rows with dangling foreign keys`);
  sqlite.pragma('foreign_keys = ON');
  return { db, sqlite, close: () => sqlite.close() };
}
