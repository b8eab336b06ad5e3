import { type Column, getTableColumns, sql, type Table } from 'drizzle-orm';
import type { DB, Tx } from './database.js';
import { engineInUse } from './database.js';

/*
 * Many rows into one table for a fan-out, skipping rows whose unique key is
 * taken, returning the chosen columns of the rows it inserted. SQLite runs
 * in-process, so one statement prepared once and run per row is its fastest
 * (multi-row statements cost more to build than they save: 1.5 s against
 * 0.6 s for the 10,000-pair fan-out). On PostgreSQL every statement is a
 * round trip, and a multi-row insert binds a parameter per value,
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
    // SQLite runs in-process: one prepared statement run per row is cheaper than building multi-row statements.
    const returns = Object.keys(options.returning).length > 0;
    // A placeholder cannot carry null into a timestamp column's mapper: a row's nulls are written as SQL NULL, one statement per pattern of them.
    const statements = new Map<string, { execute(values: Row): Promise<unknown> }>();
    const statementFor = (row: Row) => {
      const pattern = Object.keys(row).map((k) => (row[k] === null || row[k] === undefined ? '0' : '1')).join('');
      let statement = statements.get(pattern);
      if (!statement) {
        const values = Object.fromEntries(Object.keys(row).map((k) => [k, row[k] === null || row[k] === undefined ? sql`null` : sql.placeholder(k)]));
        const insert = db.insert(table as never).values(values as never);
        const skipping = options.conflictTarget ? insert.onConflictDoNothing({ target: options.conflictTarget as never }) : insert.onConflictDoNothing();
        statement = (returns ? skipping.returning(options.returning as never) : skipping).prepare() as unknown as { execute(values: Row): Promise<unknown> };
        statements.set(pattern, statement);
      }
      return statement;
    };
    const out: Out[] = [];
    for (const row of rows) {
      const result = await statementFor(row).execute(row);
      if (returns) out.push(...(result as Out[]));
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
