import { type Column, type SQL, sql, type Table } from 'drizzle-orm';
import { engineInUse } from './database.js';

/*
 * The few SQL fragments the engines spell differently, for the hot queries
 * that pass a list of values as one JSON parameter: one prepared statement
 * then serves any number of values (SQLite caps bound parameters, and a
 * statement per list length would never be reused).
 */

/** The SQL type PostgreSQL compares the column as. */
function pgTypeOf(column: Column): string {
  return column.getSQLType();
}

/** `column IN (the values of the JSON array in the placeholder)`. */
export function inJsonList(column: Column, placeholder: string): SQL {
  if (engineInUse() === 'pg') {
    return sql`${column} in (select (value #>> '{}')::${sql.raw(pgTypeOf(column))} from jsonb_array_elements(${sql.placeholder(placeholder)}::jsonb))`;
  }
  return sql`${column} in (select value from json_each(${sql.placeholder(placeholder)}))`;
}

/** Rows of (`first` placeholder, each value of the JSON array in `list`), for an INSERT … SELECT. */
export function withEachOf(first: string, list: string, listType: 'text' | 'bigint'): SQL {
  if (engineInUse() === 'pg') {
    return sql`select ${sql.placeholder(first)}::bigint, (value #>> '{}')::${sql.raw(listType)} from jsonb_array_elements(${sql.placeholder(list)}::jsonb)`;
  }
  return sql`select ${sql.placeholder(first)}, value from json_each(${sql.placeholder(list)})`;
}

/** A JSON column as text, for a LIKE over what it holds (PostgreSQL's jsonb has no LIKE). */
export function asText(column: Column): SQL {
  return engineInUse() === 'pg' ? sql`${column}::text` : sql`${column}`;
}

/** A condition that holds for no row, on either engine. */
export const never = sql`1 = 0`;

/**
 * The order rows were written in: SQLite's rowid; PostgreSQL's ctid, which
 * follows it for rows that are only ever inserted and deleted, as a
 * person's skills are (an edit replaces them).
 */
export function insertionOrder(table: Table): SQL {
  return engineInUse() === 'pg' ? sql`${table}.ctid` : sql`${table}.rowid`;
}

/**
 * The row of `table` that `condition` picks, for an UPDATE that claims it.
 * On PostgreSQL it is locked FOR UPDATE SKIP LOCKED in a subquery, so a
 * replica never waits behind another's claim of the same row: it skips it
 * and goes on to the next. SQLite has one writer at a time, so there the
 * condition itself is enough.
 */
export function claimable(id: Column, table: Table, condition: SQL | undefined): SQL | undefined {
  if (engineInUse() !== 'pg') return condition;
  return sql`${id} = (select ${id} from ${table} where ${condition} for update skip locked)`;
}
