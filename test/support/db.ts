import type { LocalStack } from '../../demo/stack.js';
import { rawSql } from './rawSql.js';

/** Every user table's rows (as rawSql gives them, in the order they were written), for "nothing changed" checks. */
export async function snapshot(stack: LocalStack): Promise<Record<string, unknown[]>> {
  const sql = rawSql(stack.database);
  const pg = stack.database.engine === 'pg';
  const tables = await sql.all<{ name: string }>(
    pg
      ? "select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1"
      : "select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name <> '__drizzle_migrations' order by 1",
  );
  const rows: Record<string, unknown[]> = {};
  for (const { name } of tables) rows[name] = await sql.all(`select * from "${name}" order by ${pg ? 'ctid' : 'rowid'}`);
  return rows;
}

/** Tables (and the rows in them) where this text appears in any column. */
export async function rowsMentioning(stack: LocalStack, text: string): Promise<Record<string, unknown[]>> {
  const found: Record<string, unknown[]> = {};
  for (const [table, rows] of Object.entries(await snapshot(stack))) {
    const hits = rows.filter((row) => JSON.stringify(row).includes(text));
    if (hits.length > 0) found[table] = hits;
  }
  return found;
}
