import { fileURLToPath } from 'node:url';
import type Database from 'better-sqlite3';
import type { drizzle } from 'drizzle-orm/better-sqlite3';
import type * as schema from './schema.js';
import { useEngine } from './schema.js';

/** Resolves to the repository's migrations/ both from src/ (tsx) and from dist/ (built). */
export const MIGRATIONS_FOLDER = fileURLToPath(new URL('../../migrations', import.meta.url));
export const PG_MIGRATIONS_FOLDER = fileURLToPath(new URL('../../migrations/pg', import.meta.url));

/**
 * The query handle every repository takes. It is typed as drizzle's SQLite
 * database because the repository layer is written once, against one set of
 * types; on PostgreSQL the same calls run on drizzle's node-postgres database
 * and its own dialect's tables (src/db/schema.ts swaps them), and every query
 * is awaited, so nothing engine-specific (`.get()`, `.run()`) is reachable.
 */
export type DB = ReturnType<typeof drizzle<typeof schema>>;
/** A transaction handle: repositories take `DB | Tx` so callers can group writes. */
export type Tx = Parameters<Parameters<DB['transaction']>[0]>[0];

export type Engine = 'sqlite' | 'pg';

export interface OpenDatabase {
  engine: Engine;
  db: DB;
  /** The SQLite connection (SQLite only: tests and the WAL checkpoint read it). */
  sqlite: Database.Database;
  close(): Promise<void>;
  /** Throws when the database cannot answer: what the readiness check asks. */
  ping(): Promise<void>;
  /**
   * After an erasure, makes sure the deleted rows are gone from the files on
   * disk too. False when it could not yet (another connection still reads an
   * older snapshot): try again once it is done.
   */
  purgeDeletedFromDisk(): Promise<boolean>;
  /** True when `handle` is inside a transaction: its writes are neither committed nor final yet. */
  inTransaction(handle: DB | Tx): boolean;
  /**
   * Calls `onWrite` for every row this connection writes in one of `tables`,
   * inside the statement. Returns a function that stops the calls. On
   * PostgreSQL there is no such hook: `othersCommits` then changes on every
   * call, so whatever is kept is read afresh.
   */
  watchWrites(tables: readonly string[], onWrite: () => void): () => void;
  /** Changes whenever another connection commits (always, where that cannot be known cheaply). */
  othersCommits(): number;
}

const engines = new WeakMap<object, OpenDatabase>();

/** The engine of the databases open now, and how many: the tables can serve only one engine at a time. */
const inUse: { engine: Engine | undefined; open: number } = { engine: undefined, open: 0 };

/**
 * Points the tables at `engine` before a database of it opens. A process
 * runs one engine; the test suite, which opens many databases in one
 * process, may change engine only once every database of the other is closed.
 */
export function claimEngine(engine: Engine): () => void {
  if (inUse.open > 0 && inUse.engine !== engine) {
    throw new Error(`cannot open a ${engine} database while ${inUse.open} ${inUse.engine} database(s) are open in this process: the tables serve one engine at a time`);
  }
  if (inUse.engine !== engine) useEngine(engine);
  inUse.engine = engine;
  inUse.open += 1;
  let released = false;
  return () => {
    if (!released) inUse.open -= 1;
    released = true;
  };
}

/** The engine the tables point at now (SQLite until a PostgreSQL database opens). */
export function engineInUse(): Engine {
  return inUse.engine ?? 'sqlite';
}

export function registerEngine(db: DB, database: OpenDatabase): OpenDatabase {
  engines.set(db, database);
  return database;
}

/** The open database a handle belongs to (a transaction handle resolves through its database). */
export function databaseOf(db: DB | Tx): OpenDatabase {
  const database = engines.get(db);
  if (!database) throw new Error('this handle was not opened by openDatabase');
  return database;
}

/**
 * The file holds a migration this release does not know: a newer release ran
 * on it (an upgrade rolled back, or an old replica left running). Its tables
 * may have changed in ways this code would misread or overwrite.
 */
export class NewerDatabaseError extends Error {
  constructor(where: string, applied: number, known: number) {
    const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
    super(
      `the database at ${where} was migrated by a newer release of the bot (its newest migration is from ${day(applied)}; this release knows them up to ${day(known)}). Running this release on it could misread or lose data: start the newer release again, or restore the backup taken before the upgrade.`,
    );
    this.name = 'NewerDatabaseError';
  }
}


/** DATABASE_URL names a server that did not answer or refused the connection. */
export class DatabaseUnreachableError extends Error {
  constructor(where: string, cause: unknown) {
    super(`cannot reach the PostgreSQL database at ${where} (DATABASE_URL): ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'DatabaseUnreachableError';
  }
}
