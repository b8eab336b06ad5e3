import type { LocalStack } from '../../demo/stack.js';

/** Every user table's rows, for "nothing changed" checks. */
export function snapshot(stack: LocalStack): Record<string, unknown[]> {
  const { sqlite } = stack.database;
  const tables = sqlite.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name <> '__drizzle_migrations'").all() as { name: string }[];
  return Object.fromEntries(tables.map(({ name }) => [name, sqlite.prepare(`select * from "${name}" order by rowid`).all()]));
}

/** Tables (and the rows in them) where this text appears in any column. */
export function rowsMentioning(stack: LocalStack, text: string): Record<string, unknown[]> {
  const found: Record<string, unknown[]> = {};
  for (const [table, rows] of Object.entries(snapshot(stack))) {
    const hits = rows.filter((row) => JSON.stringify(row).includes(text));
    if (hits.length > 0) found[table] = hits;
  }
  return found;
}
