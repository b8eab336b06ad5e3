import type { DB } from './client.js';

/*
 * Statements the hot paths run thousands of times (every job tick, every
 * drain, every check-in of a fan-out) are built and prepared once per
 * connection and reused: building a drizzle query and preparing its SQL cost
 * far more than running it.
 */

const caches = new WeakMap<DB, Map<string, unknown>>();

/** The statement `name` on this connection, built by `build` the first time. */
export function prepared<T>(db: DB, name: string, build: (db: DB) => T): T {
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = new Map()));
  let statement = cache.get(name) as T | undefined;
  if (statement === undefined) cache.set(name, (statement = build(db)));
  return statement;
}
