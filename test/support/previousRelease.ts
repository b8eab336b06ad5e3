import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { MIGRATIONS_FOLDER } from '../../src/db/client.js';

/**
 * A database at `path` as the release before migration `tag` left it: every
 * migration before that one, applied by drizzle's own migrator, from a copy
 * of the migrations folder in `dir`. Open, for the caller to seed and close.
 */
export function releaseBefore(tag: string, dir: string, path: string): Database.Database {
  const previous = mkdtempSync(join(dir, 'previous-migrations-'));
  cpSync(MIGRATIONS_FOLDER, previous, { recursive: true });
  const journal = JSON.parse(readFileSync(join(previous, 'meta/_journal.json'), 'utf8')) as { entries: { tag: string }[] };
  journal.entries = journal.entries.filter((e) => e.tag < tag);
  writeFileSync(join(previous, 'meta/_journal.json'), JSON.stringify(journal));
  const old = new Database(path);
  migrate(drizzle(old), { migrationsFolder: previous });
  return old;
}
