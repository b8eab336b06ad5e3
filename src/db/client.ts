import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import * as schema from './schema.js';

/** Resolves to the repository's migrations/ both from src/ (tsx) and from dist/ (built). */
export const MIGRATIONS_FOLDER = fileURLToPath(new URL('../../migrations', import.meta.url));

/** How long a write waits for another connection's lock before SQLITE_BUSY. */
const BUSY_TIMEOUT_MS = 5_000;

export type DB = ReturnType<typeof drizzle<typeof schema>>;
/** A transaction handle: repositories take `DB | Tx` so callers can group writes. */
export type Tx = Parameters<Parameters<DB['transaction']>[0]>[0];

/** Throws when the database cannot answer: what the health check asks. */
export function ping(db: DB): void {
  db.$client.prepare('select 1').get();
}

/**
 * Writes the WAL back into the database file and truncates it, so the old
 * page images there (which still hold deleted rows) are gone from disk too.
 * Part of erasing a person; cheap when the WAL is small. Returns false when
 * another connection (`npm run job` in its own process, a backup) was still
 * reading an older snapshot after the busy timeout: SQLite then leaves the
 * old pages where they are, so the caller must try again once it is done.
 */
export function purgeDeletedFromDisk(db: DB): boolean {
  const [result] = db.$client.pragma('wal_checkpoint(TRUNCATE)') as { busy: number; log: number; checkpointed: number }[];
  return (result?.busy ?? 0) === 0;
}

/**
 * Every transaction takes the write lock when it begins unless it asks for
 * less. With another process on the file (a second replica, `npm run job`), a
 * deferred transaction that has read and then writes fails at once with
 * SQLITE_BUSY_SNAPSHOT if the other wrote in between: the busy timeout cannot
 * help it. Begun immediately, it waits its turn instead. A read-only snapshot
 * passes `{ behavior: 'deferred' }`.
 */
function immediateByDefault(db: DB): DB {
  const transaction = db.transaction.bind(db);
  db.transaction = ((run, config) => transaction(run, { behavior: 'immediate', ...config })) as DB['transaction'];
  return db;
}

/**
 * The file holds a migration this release does not know: a newer release ran
 * on it (an upgrade rolled back, or an old replica left running). Its tables
 * may have changed in ways this code would misread or overwrite.
 */
export class NewerDatabaseError extends Error {
  constructor(path: string, applied: number, known: number) {
    const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
    super(
      `the database at ${path} was migrated by a newer release of the bot (its newest migration is from ${day(applied)}; this release knows them up to ${day(known)}). Running this release on it could misread or lose data: start the newer release again, or restore the backup taken before the upgrade.`,
    );
    this.name = 'NewerDatabaseError';
  }
}

/** How long a starting replica waits for another that is migrating the same file. */
const MIGRATION_WAIT_MS = 120_000;

/**
 * Applies pending migrations under the write lock, taken before reading
 * which ones were applied. Drizzle's migrator reads that first and locks
 * after, so a second replica starting at the same moment applied everything
 * again and stopped. The ledger is drizzle's own table and rule (a migration
 * is pending when it is newer than the last applied), so drizzle-kit and this
 * agree on what a database holds.
 */
function migrateUnderLock(sqlite: Database.Database): void {
  const migrations = readMigrationFiles({ migrationsFolder: MIGRATIONS_FOLDER });
  sqlite.pragma(`busy_timeout = ${MIGRATION_WAIT_MS}`);
  try {
    // Creating it when it exists takes no lock; on a new file the replica that comes second waits here.
    sqlite.exec('CREATE TABLE IF NOT EXISTS "__drizzle_migrations" (id SERIAL PRIMARY KEY, hash text NOT NULL, created_at numeric)');
    sqlite.exec('BEGIN IMMEDIATE');
    try {
      const last = sqlite.prepare('SELECT created_at FROM "__drizzle_migrations" ORDER BY created_at DESC LIMIT 1').get() as { created_at: number | string } | undefined;
      // The largest, not the last: the journal's order is drizzle-kit's, its times the machine's.
      const newest = Math.max(0, ...migrations.map((m) => m.folderMillis));
      if (last && Number(last.created_at) > newest) throw new NewerDatabaseError(sqlite.name, Number(last.created_at), newest);
      const record = sqlite.prepare('INSERT INTO "__drizzle_migrations" ("hash", "created_at") VALUES (?, ?)');
      for (const migration of migrations) {
        if (last && Number(last.created_at) >= migration.folderMillis) continue;
        // One statement per chunk, as drizzle runs them (prepare refuses a chunk holding two).
        for (const statement of migration.sql) sqlite.prepare(statement).run();
        record.run(migration.hash, migration.folderMillis);
      }
      sqlite.exec('COMMIT');
    } catch (error) {
      sqlite.exec('ROLLBACK');
      throw error;
    }
  } finally {
    sqlite.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  }
}

export interface OpenDatabase {
  db: DB;
  sqlite: Database.Database;
  close(): void;
}

/**
 * Opens (creating if needed) the SQLite file, sets the pragmas the app relies
 * on and applies pending migrations. Safe to call on an up-to-date database.
 */
export function openDatabase(path: string): OpenDatabase {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const sqlite = new Database(path);
  // WAL lets the job runner read while a listener writes; the busy timeout
  // turns a brief lock into a short wait instead of SQLITE_BUSY.
  // The timeout first: switching a new file to WAL takes a lock another starting process may hold.
  sqlite.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  // Deleted content is overwritten with zeros, so "delete my data" leaves nothing readable in the file's free pages.
  sqlite.pragma('secure_delete = ON');
  const db = immediateByDefault(drizzle(sqlite, { schema }));
  // drizzle-kit rebuilds a table to change a constraint (create, copy, drop,
  // rename). Migrations run in a transaction, where PRAGMA foreign_keys is
  // ignored, so with keys on the DROP would cascade into child rows. SQLite's
  // documented procedure: keys off, migrate, check, keys on.
  sqlite.pragma('foreign_keys = OFF');
  try {
    migrateUnderLock(sqlite);
  } catch (error) {
    // Nothing may go on using a connection that could not migrate (and has its keys off).
    sqlite.close();
    throw error;
  }
  const broken = sqlite.pragma('foreign_key_check') as unknown[];
  if (broken.length > 0) throw new Error(`migration left ${broken.length} rows with dangling foreign keys`);
  sqlite.pragma('foreign_keys = ON');
  return { db, sqlite, close: () => sqlite.close() };
}
