import { type Column, getTableColumns, sql, type Table } from 'drizzle-orm';
import type { DB, Tx } from './database.js';
import { engineInUse } from './database.js';
import { inBatches } from './inBatches.js';

/*
 * Many rows into one table for a fan-out, skipping rows whose unique key is
 * taken, returning the chosen columns of the rows it inserted. SQLite takes
 * drizzle's multi-row inserts in batches under its limit on bound
 * parameters. On PostgreSQL a multi-row insert binds a parameter per value,
 * and drizzle spent as long building 10,000 rows' statements as the server
 * spent storing them: there the rows go as one array per column through
 * unnest(), a handful of parameters whatever the number of rows.
 */

type Row = Record<string, unknown>;

export async function insertMany<R extends Record<string, Column>>(
  db: DB | Tx,
  table: Table,
  rows: readonly Row[],
  options: { conflictTarget?: Column; returning: R },
): Promise<{ [K in keyof R]: R[K]['_']['data'] }[]> {
  type Out = { [K in keyof R]: R[K]['_']['data'] };
  if (rows.length === 0) return [];
  if (engineInUse() !== 'pg') {
    const out: Out[] = [];
    for (const batch of inBatches(rows)) {
      const insert = db.insert(table as never).values(batch as never);
      const skipping = options.conflictTarget ? insert.onConflictDoNothing({ target: options.conflictTarget as never }) : insert.onConflictDoNothing();
      if (Object.keys(options.returning).length === 0) await skipping;
      else out.push(...((await skipping.returning(options.returning as never)) as Out[]));
    }
    return out;
  }
  const columns = getTableColumns(table);
  const keys = Object.keys(rows[0] as Row);
  const arrays = keys.map((key) => {
    const column = columns[key] as Column;
    return { column, values: rows.map((row) => (row[key] === null || row[key] === undefined ? null : column.mapToDriverValue(row[key]))) };
  });
  const names = sql.join(
    arrays.map(({ column }) => sql.identifier(column.name)),
    sql`, `,
  );
  const unnested = sql.join(
    arrays.map(({ column, values }) => sql`${sql.param(values)}::${sql.raw(column.getSQLType())}[]`),
    sql`, `,
  );
  const conflict = options.conflictTarget ? sql`(${sql.identifier(options.conflictTarget.name)})` : sql``;
  const returned = Object.entries(options.returning);
  const returning =
    returned.length === 0
      ? sql``
      : sql`returning ${sql.join(
          returned.map(([alias, column]) => sql`${sql.identifier(column.name)} as ${sql.identifier(alias)}`),
          sql`, `,
        )}`;
  const result = (await (db as unknown as { execute: (q: unknown) => Promise<{ rows: Row[] }> }).execute(
    sql`insert into ${table} (${names}) select * from unnest(${unnested}) on conflict ${conflict} do nothing ${returning}`,
  )) as { rows: Row[] };
  return result.rows.map((row) => Object.fromEntries(returned.map(([alias, column]) => [alias, row[alias] === null ? null : column.mapFromDriverValue(row[alias])])) as Out);
}
