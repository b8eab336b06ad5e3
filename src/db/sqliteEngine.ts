import { mkdirSync, realpathSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { ConnectionGate, gatePreparedQuery } from './connectionGate.js';
import { claimEngine, type DB, MIGRATIONS_FOLDER, NewerDatabaseError, type OpenDatabase, registerEngine } from './database.js';
import * as schema from './schema.js';

/** How long a write waits for another connection's lock before SQLITE_BUSY. */
const BUSY_TIMEOUT_MS = 5_000;

/**
 * Writes the WAL back into the database file and truncates it, so the old
 * page images there (which still hold deleted rows) are gone from disk too.
 * Part of erasing a person; cheap when the WAL is small. Returns false when
 * another connection (`npm run job` in its own process, a backup) was still
 * reading an older snapshot after the busy timeout: SQLite then leaves the
 * old pages where they are, so the caller must try again once it is done.
 */
function purgeDeletedFromDisk(sqlite: Database.Database): boolean {
  const [result] = sqlite.pragma('wal_checkpoint(TRUNCATE)') as { busy: number; log: number; checkpointed: number }[];
  return (result?.busy ?? 0) === 0;
}

/**
 * One gate per database file in this process. Two connections to one file
 * in one process (two stacks in a test, the job runner beside the app)
 * would otherwise deadlock: one holds the write lock across an await while
 * the other's BEGIN waits for it synchronously, and the thread that would
 * release it never runs. Queued on one gate, the second waits its turn
 * instead. Other processes are waited for by the busy timeout as before.
 */
const gates = new Map<string, { gate: ConnectionGate; users: number }>();

function gateFor(sqlite: Database.Database): ConnectionGate {
  if (sqlite.memory) return new ConnectionGate();
  const key = realpathSync(sqlite.name);
  const shared = gates.get(key) ?? { gate: new ConnectionGate(), users: 0 };
  shared.users += 1;
  gates.set(key, shared);
  const close = sqlite.close.bind(sqlite);
  let closed = false;
  sqlite.close = () => {
    // Once per connection: a second close must not take the gate from another connection still open.
    if (!closed && --shared.users === 0) gates.delete(key);
    closed = true;
    return close();
  };
  return shared.gate;
}

/** Points the tables at SQLite for this connection; a connection that cannot have them is closed again. */
function claimTables(sqlite: Database.Database): () => void {
  try {
    return claimEngine('sqlite');
  } catch (error) {
    sqlite.close();
    throw error;
  }
}

/**
 * Every transaction takes the write lock when it begins unless it asks for
 * less. With another process on the file (a second replica, `npm run job`), a
 * deferred transaction that has read and then writes fails at once with
 * SQLITE_BUSY_SNAPSHOT if the other wrote in between: the busy timeout cannot
 * help it. Begun immediately, it waits its turn instead. A read-only snapshot
 * passes `{ behavior: 'deferred' }`.
 *
 * Transactions are async (the data layer is the same on PostgreSQL), so the
 * connection's gate keeps every other statement out of an open one; a
 * transaction begun inside another becomes a savepoint.
 */
function asyncTransactions(db: DB, sqlite: Database.Database, gate: ConnectionGate): DB {
  const session = (db as unknown as { session: { prepareQuery: (...args: unknown[]) => object } }).session;
  const prepareQuery = session.prepareQuery.bind(session);
  session.prepareQuery = (...args) => gatePreparedQuery(prepareQuery(...args), gate);
  let savepoints = 0;
  const transaction = async <T>(run: (tx: DB) => Promise<T>, config?: { behavior?: 'deferred' | 'immediate' | 'exclusive' }): Promise<T> => {
    if (gate.inside()) {
      const name = `sp${++savepoints}`;
      sqlite.exec(`SAVEPOINT ${name}`);
      try {
        const result = await run(db);
        sqlite.exec(`RELEASE ${name}`);
        return result;
      } catch (error) {
        // SQLite may have rolled the whole transaction back already (a constraint's ON CONFLICT ROLLBACK): the error that did it is the one to report.
        if (sqlite.inTransaction) {
          sqlite.exec(`ROLLBACK TO ${name}`);
          sqlite.exec(`RELEASE ${name}`);
        }
        throw error;
      } finally {
        savepoints--;
      }
    }
    return gate.exclusive(async () => {
      sqlite.exec(`BEGIN ${(config?.behavior ?? 'immediate').toUpperCase()}`);
      try {
        const result = await run(db);
        sqlite.exec('COMMIT');
        return result;
      } catch (error) {
        if (sqlite.inTransaction) sqlite.exec('ROLLBACK');
        throw error;
      }
    });
  };
  db.transaction = transaction as unknown as DB['transaction'];
  return db;
}

const WRITE_FUNCTION = 'mentoring_watched_write';

/**
 * Calls the listeners for every row this connection inserts, updates or
 * deletes in a watched table, inside the statement (so before any later
 * read). TEMP triggers live in the connection only: nothing is added to the
 * database file, and other connections are seen through `data_version`.
 */
function writeWatcher(sqlite: Database.Database): OpenDatabase['watchWrites'] {
  let listeners: Set<() => void> | undefined;
  return (tables, onWrite) => {
    if (!listeners) {
      const installed = new Set<() => void>();
      listeners = installed;
      sqlite.function(WRITE_FUNCTION, { deterministic: false }, () => {
        for (const listener of installed) listener();
        return null;
      });
    }
    for (const table of tables) {
      for (const event of ['INSERT', 'UPDATE', 'DELETE']) {
        sqlite.exec(`CREATE TEMP TRIGGER IF NOT EXISTS "watch_${table}_${event.toLowerCase()}" AFTER ${event} ON main."${table}" BEGIN SELECT ${WRITE_FUNCTION}(); END`);
      }
    }
    const set = listeners;
    set.add(onWrite);
    return () => set.delete(onWrite);
  };
}

/** The parts of OpenDatabase every SQLite connection has alike. */
function sqliteDatabase(db: DB, sqlite: Database.Database, gate: ConnectionGate, release: () => void, purge: () => boolean): OpenDatabase {
  const dataVersion = sqlite.prepare('PRAGMA data_version').pluck();
  return registerEngine(db, {
    engine: 'sqlite',
    db,
    sqlite,
    close: async () => {
      release();
      sqlite.close();
    },
    ping: async () => {
      sqlite.prepare('select 1').get();
    },
    // The checkpoint waits its turn at the gate: run while another request's transaction is open, SQLite refuses it.
    // Inside a transaction it cannot run at all; the caller tries again once it has committed.
    purgeDeletedFromDisk: async () => (gate.inside() ? false : gate.exclusive(async () => purge())),
    inTransaction: () => gate.inside(),
    watchWrites: writeWatcher(sqlite),
    othersCommits: () => dataVersion.get() as number,
  });
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

/**
 * Opens (creating if needed) the SQLite file, sets the pragmas the app relies
 * on and applies pending migrations. Safe to call on an up-to-date database.
 */
export function openSqlite(path: string): OpenDatabase {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const sqlite = new Database(path);
  const release = claimTables(sqlite);
  // WAL lets the job runner read while a listener writes; the busy timeout
  // turns a brief lock into a short wait instead of SQLITE_BUSY.
  // The timeout first: switching a new file to WAL takes a lock another starting process may hold.
  sqlite.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  // Deleted content is overwritten with zeros, so "delete my data" leaves nothing readable in the file's free pages.
  sqlite.pragma('secure_delete = ON');
  const gate = gateFor(sqlite);
  const db = asyncTransactions(drizzle(sqlite, { schema }), sqlite, gate);
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
    release();
    throw error;
  }
  const broken = sqlite.pragma('foreign_key_check') as unknown[];
  if (broken.length > 0) {
    sqlite.close();
    release();
    throw new Error(`migration left ${broken.length} rows with dangling foreign keys`);
  }
  sqlite.pragma('foreign_keys = ON');
  return sqliteDatabase(db, sqlite, gate, release, () => purgeDeletedFromDisk(sqlite));
}

/**
 * A second, read-only connection to a database the app has already opened
 * and migrated: for work done off the main thread (a worker thread keeps a
 * matching pool), which must never write. WAL lets it read while the app
 * writes; each read it wraps in a deferred transaction sees one committed state.
 */
export function openSqliteReadOnly(path: string): OpenDatabase {
  const sqlite = new Database(path, { readonly: true, fileMustExist: true });
  const release = claimTables(sqlite);
  sqlite.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  const gate = gateFor(sqlite);
  const db = asyncTransactions(drizzle(sqlite, { schema }), sqlite, gate);
  return sqliteDatabase(db, sqlite, gate, release, () => true);
}
