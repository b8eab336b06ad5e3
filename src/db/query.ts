/*
 * The few result shapes that differ between the engines, read one way. Every
 * query is awaited (drizzle's builders are thenables on both engines); these
 * helpers keep repositories free of engine-specific calls such as SQLite's
 * synchronous `.get()` or node-postgres's `rowCount`.
 */

/** The first row a query returns, or undefined: what SQLite's `.get()` gave. */
export async function first<T>(rows: PromiseLike<T[]>): Promise<T | undefined> {
  return (await rows)[0];
}

/** How many rows a write without `returning()` touched, whichever engine ran it. */
export function rowsChanged(result: unknown): number {
  const r = result as { changes?: number; rowCount?: number | null };
  return r.changes ?? r.rowCount ?? 0;
}
