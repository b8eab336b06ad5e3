import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { MIGRATIONS_FOLDER, openDatabase } from '../../src/db/client.js';

/*
 * 0015_person_pause_spells: someone paused when the release arrives gets a
 * spell from when their row last changed (the pause or later, so never
 * longer than they were away), ending on the date they gave; nobody else
 * gets one.
 */

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'mentoring-0015-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

it('gives each person paused at the upgrade a spell, and nobody else', () => {
  const previous = join(dir, 'previous-migrations');
  cpSync(MIGRATIONS_FOLDER, previous, { recursive: true });
  const journal = JSON.parse(readFileSync(join(previous, 'meta/_journal.json'), 'utf8')) as { entries: { tag: string }[] };
  journal.entries = journal.entries.filter((e) => e.tag < '0015');
  writeFileSync(join(previous, 'meta/_journal.json'), JSON.stringify(journal));
  const path = join(dir, 'upgrade.db');
  const old = new Database(path);
  migrate(drizzle(old), { migrationsFolder: previous });
  old.exec(`insert into people (id, status, paused_until, joined_at, updated_at) values
    ('U1', 'paused', 9000, 100, 500), ('U2', 'paused', null, 100, null), ('U3', 'active', null, 100, 700), ('U4', 'left', null, 100, 800);`);
  old.close();
  const upgraded = openDatabase(path);
  expect(upgraded.sqlite.prepare('select person_id, paused_at, until, ended_at from person_pauses order by person_id').all()).toEqual([
    { person_id: 'U1', paused_at: 500, until: 9000, ended_at: null },
    { person_id: 'U2', paused_at: 100, until: null, ended_at: null },
  ]);
  expect(upgraded.sqlite.pragma('foreign_key_check')).toEqual([]);
  upgraded.close();
});
