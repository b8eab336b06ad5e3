import type { DB, Tx } from './database.js';

export { openSqliteReadOnly as openReadOnly } from './sqliteEngine.js';

/** Runs `read` inside one read transaction, so several queries see the same committed state. */
export function readSnapshot<T>(db: DB, read: (tx: Tx) => Promise<T>): Promise<T> {
  return db.transaction(read, { behavior: 'deferred' });
}
