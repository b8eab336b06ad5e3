import type { DB, Tx } from './client.js';

/*
 * Statements the hot paths run thousands of times (every job tick, every
 * drain, every check-in of a fan-out, every queued message) are built and
 * prepared once per connection and reused: building a drizzle query and
 * preparing its SQL cost far more than running it.
 */

const caches = new WeakMap<object, Map<string, unknown>>();

/**
 * The connection a handle runs on. Drizzle's transactions (and their
 * savepoints) run on their database's own session, so a statement prepared
 * once serves the database and every transaction on it alike; the guard
 * test in test/unit/database.test.ts fails if a drizzle upgrade changes that.
 */
export function connectionOf(db: DB | Tx): object {
  return (db as unknown as { session?: object }).session ?? db;
}

/** The statement `name` on this connection, built by `build` the first time. */
export function prepared<T>(db: DB | Tx, name: string, build: (db: DB | Tx) => T): T {
  const connection = connectionOf(db);
  let cache = caches.get(connection);
  if (!cache) caches.set(connection, (cache = new Map()));
  let statement = cache.get(name) as T | undefined;
  if (statement === undefined) cache.set(name, (statement = build(db)));
  return statement;
}
