import { AsyncLocalStorage } from 'node:async_hooks';
import { sql } from 'drizzle-orm';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { drizzle } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import { claimEngine, DatabaseUnreachableError, type DB, NewerDatabaseError, type OpenDatabase, PG_MIGRATIONS_FOLDER, registerEngine } from './database.js';

/*
 * PostgreSQL, for more than one replica. The repository layer was written for
 * SQLite, where one writer holds the database at a time; rather than re-prove
 * every read-then-write rule under READ COMMITTED, each write transaction
 * takes one transaction-scoped advisory lock first, so writes serialise
 * across replicas exactly as they do on SQLite. Reads never wait for it, and
 * the outbox claims its rows with FOR UPDATE SKIP LOCKED outside it, so
 * sending, the part that scales, runs side by side.
 */

/** Keys of the advisory locks (any two fixed numbers this database uses for nothing else). */
const WRITE_LOCK = 7_311_001;
const MIGRATION_LOCK = 7_311_002;
/** A statement waiting this long for a row lock fails instead of hanging a replica. */
const LOCK_TIMEOUT_MS = 15_000;
/** How long start-up waits for the server before saying it cannot reach it. */
const CONNECT_TIMEOUT_MS = 10_000;
/** How long a starting replica waits for another that is migrating. */
const MIGRATION_WAIT_MS = 120_000;

type Behavior = { behavior?: 'deferred' | 'immediate' | 'exclusive' };
type PgDb = ReturnType<typeof drizzle>;
type PgTx = Parameters<Parameters<PgDb['transaction']>[0]>[0];

/**
 * int8 (bigint: ids, instants, count(*)) comes back as a number: every value
 * this app stores there is below 2^53. Set on pg's global parsers, because
 * drizzle's driver reads those, not a pool's own.
 */
pg.types.setTypeParser(pg.types.builtins.INT8, (value: string) => Number(value));

async function migrate(pool: pg.Pool, where: string): Promise<void> {
  const migrations = readMigrationFiles({ migrationsFolder: PG_MIGRATIONS_FOLDER });
  const client = await pool.connect().catch((error: unknown) => {
    throw new DatabaseUnreachableError(where, error);
  });
  try {
    // A second replica starting at the same moment waits here (as long as on SQLite), then finds nothing left to apply.
    await client.query(`set lock_timeout = ${MIGRATION_WAIT_MS}`);
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await client.query('reset lock_timeout');
    try {
      // drizzle-kit's own ledger, so the CLI and this agree on what the database holds.
      await client.query('create schema if not exists drizzle');
      await client.query('create table if not exists drizzle.__drizzle_migrations (id serial primary key, hash text not null, created_at bigint)');
      const last = (await client.query<{ created_at: number }>('select created_at from drizzle.__drizzle_migrations order by created_at desc limit 1')).rows[0];
      const newest = Math.max(0, ...migrations.map((m) => m.folderMillis));
      if (last && Number(last.created_at) > newest) throw new NewerDatabaseError(where, Number(last.created_at), newest);
      await client.query('begin');
      try {
        for (const migration of migrations) {
          if (last && Number(last.created_at) >= migration.folderMillis) continue;
          for (const statement of migration.sql) if (statement.trim()) await client.query(statement);
          await client.query('insert into drizzle.__drizzle_migrations (hash, created_at) values ($1, $2)', [migration.hash, migration.folderMillis]);
        }
        await client.query('commit');
      } catch (error) {
        await client.query('rollback');
        throw error;
      }
    } finally {
      await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    }
  } finally {
    client.release();
  }
}

/** The URL without its password, for messages. */
function redacted(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'DATABASE_URL';
  }
}

/**
 * The pool drizzle's database handle runs on. Code written for SQLite's one
 * connection may reach the database handle rather than the transaction's
 * from inside a transaction (a helper that reads a program, a lookup deep in
 * a service); on a pool that would run on another connection, which cannot
 * see the transaction's writes and may wait on its locks. Here such a query
 * runs on the transaction's connection, as it would on SQLite.
 */
class TransactionAwarePool extends pg.Pool {
  /** The open transaction's connection; `open` turns false when it ends, so work left running after it (its connection back in the pool, perhaps in another's transaction) runs on the pool. */
  readonly inTransaction = new AsyncLocalStorage<OpenTransaction>();

  override query(...args: unknown[]): never {
    type Query = (...a: unknown[]) => never;
    const open = this.inTransaction.getStore();
    return open?.open ? (open.client.query as Query).apply(open.client, args) : (super.query as Query).apply(this, args);
  }
}

interface OpenTransaction {
  tx: PgTx;
  client: pg.PoolClient;
  open: boolean;
}

/** The connection drizzle's transaction runs on. */
const clientOf = (tx: PgTx) => (tx as unknown as { session: { client: pg.PoolClient } }).session.client;

/**
 * Transactions as on SQLite: a write transaction holds the write lock, a
 * deferred one reads one snapshot, and one begun inside another (on the
 * database handle rather than the transaction's) becomes a savepoint of it
 * instead of waiting on another connection for a lock it holds itself.
 */
function lockingTransactions(db: PgDb, pool: TransactionAwarePool, register: (tx: PgTx) => void): void {
  const transaction = db.transaction.bind(db);
  // This process's writers queue here, not each on a pooled connection waiting for the lock: reads keep the rest of the pool.
  let writers: Promise<unknown> = Promise.resolve();
  const run = async <T>(work: (tx: PgTx) => Promise<T>, config?: Behavior): Promise<T> => {
    const open = pool.inTransaction.getStore();
    if (open?.open)
      return open.tx.transaction(async (inner) => {
        register(inner);
        return work(inner);
      });
    const readOnly = config?.behavior === 'deferred';
    const begin = () =>
      transaction(
        async (tx) => {
          register(tx);
          // The write lock waits as long as it must (a replica's long transaction), not the statements' lock_timeout.
          if (!readOnly) await tx.execute(sql`select set_config('lock_timeout', '0', true), pg_advisory_xact_lock(${WRITE_LOCK})`);
          const state: OpenTransaction = { tx, client: clientOf(tx), open: true };
          try {
            return await pool.inTransaction.run(state, () => work(tx));
          } finally {
            state.open = false;
          }
        },
        readOnly ? { isolationLevel: 'repeatable read', accessMode: 'read only' } : undefined,
      );
    if (readOnly) return begin();
    const turn = writers.then(begin, begin);
    writers = turn.catch(() => undefined);
    return turn;
  };
  db.transaction = run as unknown as PgDb['transaction'];
}

export async function openPostgres(url: string): Promise<OpenDatabase> {
  const release = claimEngine('pg');
  const where = redacted(url);
  const pool = new TransactionAwarePool({ connectionString: url, options: `-c lock_timeout=${LOCK_TIMEOUT_MS}`, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  // An idle connection the server dropped must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  try {
    await migrate(pool, where);
  } catch (error) {
    await pool.end();
    release();
    throw error;
  }
  const pgDb = drizzle(pool);
  const db = pgDb as unknown as DB;
  let reads = 0;
  const database: OpenDatabase = {
    engine: 'pg',
    db,
    get sqlite(): never {
      throw new Error('this database is PostgreSQL: there is no SQLite connection');
    },
    close: async () => {
      release();
      await pool.end();
    },
    ping: async () => {
      await (pool as pg.Pool).query('select 1');
    },
    inTransaction: (handle) => handle !== db,
    watchWrites: () => () => undefined,
    // Nothing cheap tells another replica's commit apart from any other write: report a change on every call.
    othersCommits: () => ++reads,
    // VACUUM marks the deleted rows' space free for reuse; it cannot run inside a transaction.
    purgeDeletedFromDisk: async () => {
      await (pool as pg.Pool).query('vacuum');
      return true;
    },
  };
  lockingTransactions(pgDb, pool, (tx) => registerEngine(tx as unknown as DB, database));
  return registerEngine(db, database);
}
