/**
 * The row an `insert … returning()` (or an upsert's) gives back. Such a write
 * either stores its row or throws, so there is always one: what SQLite's
 * `.get()` was typed as. Not for `onConflictDoNothing()`, which may return none.
 */
export async function inserted<T>(rows: PromiseLike<T[]>): Promise<T> {
  const row = (await rows)[0];
  if (row === undefined) throw new Error('an insert … returning() gave back no row');
  return row;
}
