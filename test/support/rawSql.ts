import type pg from 'pg';
import type { OpenDatabase } from '../../src/db/client.js';

/*
 * Hand-written SQL in tests (setting up a state no flow reaches quickly,
 * reading a column no repository returns), on either engine. Statements use
 * `?` placeholders and SQL both engines read (true/false for booleans);
 * on PostgreSQL the placeholders become $1, $2… Rows read come back as
 * SQLite gives them, so one expectation holds on both: booleans as 1 or 0,
 * JSON columns as JSON text.
 */

/** A PostgreSQL row as SQLite would give it. */
function asSqlite(row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) {
    out[key] = typeof value === 'boolean' ? Number(value) : value !== null && typeof value === 'object' && !(value instanceof Date) ? JSON.stringify(value) : value;
  }
  return out;
}

export interface RawSql {
  all<T = Record<string, unknown>>(text: string, ...params: unknown[]): Promise<T[]>;
  get<T = Record<string, unknown>>(text: string, ...params: unknown[]): Promise<T | undefined>;
  /** `returning id` in an insert gives `lastId`. */
  run(text: string, ...params: unknown[]): Promise<{ changes: number; lastId: number | undefined }>;
}

/** `?` outside quotes, numbered for PostgreSQL. */
function numbered(text: string): string {
  let n = 0;
  let quote: string | undefined;
  let out = '';
  for (const ch of text) {
    if (quote) {
      if (ch === quote) quote = undefined;
    } else if (ch === "'" || ch === '"') quote = ch;
    else if (ch === '?') {
      out += `$${++n}`;
      continue;
    }
    out += ch;
  }
  return out;
}

export function rawSql(database: OpenDatabase): RawSql {
  if (database.engine === 'sqlite') {
    const { sqlite } = database;
    return {
      all: async <T>(text: string, ...params: unknown[]) => sqlite.prepare(text).all(...params) as T[],
      get: async <T>(text: string, ...params: unknown[]) => sqlite.prepare(text).get(...params) as T | undefined,
      run: async (text, ...params) => {
        const statement = sqlite.prepare(text);
        if (statement.reader) {
          const row = statement.get(...params) as { id?: number } | undefined;
          return { changes: row ? 1 : 0, lastId: row?.id };
        }
        const result = statement.run(...params);
        return { changes: result.changes, lastId: Number(result.lastInsertRowid) };
      },
    };
  }
  const pool = (database.db as unknown as { $client: pg.Pool }).$client;
  const query = (text: string, params: unknown[]) => pool.query<Record<string, unknown>>(numbered(text), params);
  return {
    all: async <T>(text: string, ...params: unknown[]) => (await query(text, params)).rows.map(asSqlite) as T[],
    get: async <T>(text: string, ...params: unknown[]) => (await query(text, params)).rows.map(asSqlite)[0] as T | undefined,
    run: async (text, ...params) => {
      const result = await query(text, params);
      return { changes: result.rowCount ?? 0, lastId: (result.rows[0] as { id?: number } | undefined)?.id };
    },
  };
}
