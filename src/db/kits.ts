import { type HasDefault, type IsPrimaryKey, type NotNull, type SQL, sql, type Writable } from 'drizzle-orm';
import {
  bigint as pgBigint,
  boolean as pgBoolean,
  check as pgCheck,
  customType as pgCustomType,
  doublePrecision as pgDoublePrecision,
  index as pgIndex,
  jsonb as pgJsonb,
  pgTable,
  primaryKey as pgPrimaryKey,
  text as pgText,
  uniqueIndex as pgUniqueIndex,
} from 'drizzle-orm/pg-core';
import {
  check,
  index,
  integer,
  primaryKey,
  real,
  type SQLiteBooleanBuilderInitial,
  type SQLiteIntegerBuilderInitial,
  type SQLiteRealBuilderInitial,
  sqliteTable,
  type SQLiteTextBuilderInitial,
  type SQLiteTextJsonBuilderInitial,
  type SQLiteTimestampBuilderInitial,
  text,
  uniqueIndex,
} from 'drizzle-orm/sqlite-core';

/*
 * The column builders the schema (src/db/tables.ts) is written with, once
 * per dialect. Each kit maps a kind of column to the same JS type on both
 * engines: ids and integers are numbers, instants are Dates, flags are
 * booleans, JSON is parsed. Instants are epoch milliseconds on both engines
 * (sqlite integer, pg bigint), so hand-written SQL that compares an instant
 * column with a number of milliseconds means the same thing on either.
 */
export interface Kit {
  table: typeof sqliteTable;
  index: typeof index;
  uniqueIndex: typeof uniqueIndex;
  primaryKey: typeof primaryKey;
  check: typeof check;
  text<TName extends string, U extends string, T extends Readonly<[U, ...U[]]>>(
    name: TName,
    config?: { enum: T | Writable<T> },
  ): SQLiteTextBuilderInitial<TName, Writable<T>, number | undefined>;
  integer<TName extends string>(name: TName): SQLiteIntegerBuilderInitial<TName>;
  /** An autoincrement primary key. */
  id<TName extends string>(name: TName): IsPrimaryKey<HasDefault<NotNull<SQLiteIntegerBuilderInitial<TName>>>>;
  bool<TName extends string>(name: TName): SQLiteBooleanBuilderInitial<TName>;
  /** A point in time: epoch milliseconds in the database, a Date in JS. */
  instant<TName extends string>(name: TName): SQLiteTimestampBuilderInitial<TName>;
  real<TName extends string>(name: TName): SQLiteRealBuilderInitial<TName>;
  /** Give it its shape with `.$type<T>()`. */
  json<TName extends string>(name: TName): SQLiteTextJsonBuilderInitial<TName>;
  /** The column default for "now", in epoch milliseconds. */
  nowMs: SQL;
}

export const sqliteKit: Kit = {
  table: sqliteTable,
  index,
  uniqueIndex,
  primaryKey,
  check,
  text: (name, config) => text(name, config),
  integer: (name) => integer(name),
  id: (name) => integer(name).primaryKey({ autoIncrement: true }),
  bool: (name) => integer(name, { mode: 'boolean' }),
  instant: (name) => integer(name, { mode: 'timestamp_ms' }),
  real: (name) => real(name),
  json: (name) => text(name, { mode: 'json' }),
  nowMs: sql`(unixepoch('subsec') * 1000)`,
};

/** bigint epoch milliseconds (int4 would overflow); node-postgres may hand int8 back as a string, hence Number(). */
const pgInstant = pgCustomType<{ data: Date; driverData: number | string }>({
  dataType: () => 'bigint',
  toDriver: (value) => value.getTime(),
  fromDriver: (value) => new Date(Number(value)),
});

/** bigint, not integer: epoch milliseconds and other large values must not overflow int4; mode 'number' reads int8 as a JS number. */
const pgInteger = (name: string) => pgBigint(name, { mode: 'number' });

/*
 * Cast to Kit, so tables built with it type as SQLite tables: the repository
 * layer is written once, against one set of types, and at run time each
 * engine gets its own dialect's tables (src/db/schema.ts swaps them). Row
 * types stay true because each kit maps a column to the same JS type.
 */
export const pgKit = {
  table: pgTable,
  index: pgIndex,
  uniqueIndex: pgUniqueIndex,
  primaryKey: pgPrimaryKey,
  check: pgCheck,
  text: (name: string, config?: { enum: readonly [string, ...string[]] }) => pgText(name, config as { enum: [string, ...string[]] } | undefined),
  integer: pgInteger,
  id: (name: string) => pgInteger(name).primaryKey().generatedByDefaultAsIdentity(),
  bool: (name: string) => pgBoolean(name),
  instant: (name: string) => pgInstant(name),
  real: (name: string) => pgDoublePrecision(name),
  json: (name: string) => pgJsonb(name),
  nowMs: sql`(floor(extract(epoch from clock_timestamp()) * 1000))::bigint`,
} as unknown as Kit;
