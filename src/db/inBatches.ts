/**
 * An `IN (…)` list this long at most per query: well under SQLite's limit on
 * a statement's parameters, whatever else the query binds.
 */
export const IN_LIST_MAX = 500;

/** The items in runs of at most `size`, for queries that take them as an `IN (…)` list. */
export function inBatches<T>(items: readonly T[], size = IN_LIST_MAX): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
