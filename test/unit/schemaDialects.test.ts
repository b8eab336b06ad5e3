import { type Column, getTableColumns, getTableName, is, type Table } from 'drizzle-orm';
import { getTableConfig as pgTableConfig, PgTable } from 'drizzle-orm/pg-core';
import { getTableConfig as sqliteTableConfig, SQLiteTable } from 'drizzle-orm/sqlite-core';
import { describe, expect, it } from 'vitest';
import { pgKit, sqliteKit } from '../../src/db/kits.js';
import * as schema from '../../src/db/schema.js';
import { defineSchema } from '../../src/db/tables.js';

/*
 * The schema is written once (src/db/tables.ts) and built for SQLite and
 * PostgreSQL; the repository layer reads both through the SQLite types, so
 * the two builds must agree on every name and flag the code can observe.
 */

const sqliteTables = defineSchema(sqliteKit);
const pgTables = defineSchema(pgKit);
const names = Object.keys(sqliteTables) as (keyof typeof sqliteTables)[];

function shape(table: Table) {
  return Object.fromEntries(
    Object.entries(getTableColumns(table) as Record<string, Column>).map(([key, column]) => [
      key,
      { name: column.name, primary: column.primary, notNull: column.notNull, hasDefault: column.hasDefault, enumValues: column.enumValues },
    ]),
  );
}

/** The JS type a column reads as; a pg instant is a custom type that reads as a Date. */
function jsType(column: Column): string {
  return column.dataType === 'custom' ? 'date' : column.dataType;
}

describe('the SQLite and PostgreSQL builds of the schema', () => {
  it('build every table in its own dialect', () => {
    expect(names.length).toBeGreaterThan(30);
    for (const name of names) {
      expect(is(sqliteTables[name], SQLiteTable), name).toBe(true);
      expect(is(pgTables[name], PgTable), name).toBe(true);
    }
  });

  it.each(names)('%s: same table name, columns, SQL names, keys and not-null flags', (name) => {
    const lite = sqliteTables[name];
    const pg = pgTables[name];
    expect(getTableName(pg)).toBe(getTableName(lite));
    expect(shape(pg)).toEqual(shape(lite));

    const liteColumns = getTableColumns(lite) as Record<string, Column>;
    const pgColumns = getTableColumns(pg) as Record<string, Column>;
    for (const [key, column] of Object.entries(liteColumns)) expect(jsType(pgColumns[key]!), `${name}.${key}`).toBe(jsType(column));

    const liteConfig = sqliteTableConfig(lite);
    const pgConfig = pgTableConfig(pg as unknown as PgTable);
    const keys = (config: { primaryKeys: { columns: Column[] }[] }) => config.primaryKeys.map((key) => key.columns.map((c) => c.name));
    expect(keys(pgConfig)).toEqual(keys(liteConfig));
    expect(pgConfig.indexes.map((i) => [i.config.name, i.config.unique])).toEqual(liteConfig.indexes.map((i) => [i.config.name, i.config.unique]));
    expect(pgConfig.checks.map((c) => c.name)).toEqual(liteConfig.checks.map((c) => c.name));
    // An unset action is undefined on SQLite and 'no action' on pg: the same rule.
    const references = (fks: { reference(): { columns: Column[]; foreignTable: Table; foreignColumns: Column[] }; onDelete?: string }[]) =>
      fks.map((fk) => {
        const { columns, foreignTable, foreignColumns } = fk.reference();
        return [columns.map((c) => c.name), getTableName(foreignTable), foreignColumns.map((c) => c.name), fk.onDelete ?? 'no action'];
      });
    expect(references(pgConfig.foreignKeys)).toEqual(references(liteConfig.foreignKeys));
  });

  it('autoincrement ids are identity columns on PostgreSQL', () => {
    const id = pgTables.programs.id as unknown as { generatedIdentity?: { type: string }; getSQLType(): string };
    expect(id.getSQLType()).toBe('bigint');
    expect(id.generatedIdentity?.type).toBe('byDefault');
  });

  it('a PostgreSQL instant is epoch milliseconds in the database and a Date in JS', () => {
    const at = new Date('2026-03-29T01:30:00.250Z');
    for (const column of [pgTables.matches.requestedAt, pgTables.outbox.notBefore, pgTables.people.createdAt]) {
      expect((column as unknown as { getSQLType(): string }).getSQLType()).toBe('bigint');
      expect(column.mapToDriverValue(at)).toBe(at.getTime());
      // node-postgres may hand int8 back as a string.
      expect(column.mapFromDriverValue(String(at.getTime()) as never)).toEqual(at);
      expect(column.mapFromDriverValue(at.getTime())).toEqual(at);
    }
    // The same column on SQLite stores the same number.
    expect(sqliteTables.matches.requestedAt.mapToDriverValue(at)).toBe(at.getTime());
  });

  it('schema.ts exports every table, as one engine’s build', () => {
    for (const name of names) {
      const live = (schema as unknown as Record<string, Table>)[name];
      expect(live, name).toBeDefined();
      expect(getTableName(live!)).toBe(getTableName(sqliteTables[name]));
      expect(is(live, SQLiteTable) || is(live, PgTable), name).toBe(true);
    }
  });
});
