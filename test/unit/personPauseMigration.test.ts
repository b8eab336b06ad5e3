import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client.js';
import { releaseBefore } from '../support/previousRelease.js';

/*
 * 0015_person_pause_spells: someone paused when the release arrives gets a
 * spell from when their row last changed (the pause or later, so never
 * longer than they were away), ending on the date they gave; nobody else
 * gets one, nor someone whose dated pause ran out before their row changed.
 */

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'mentoring-0015-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

it('gives each person paused at the upgrade a spell, and nobody else', async () => {
  const path = join(dir, 'upgrade.db');
  const old = releaseBefore('0015', dir, path);
  old.exec(`insert into people (id, status, paused_until, joined_at, updated_at) values
    ('U1', 'paused', 9000, 100, 500), ('U2', 'paused', null, 100, null), ('U3', 'active', null, 100, 700), ('U4', 'left', null, 100, 800),
    ('U5', 'paused', 600, 100, 650);
    insert into people (id, status) values ('U6', 'paused');`);
  old.close();
  const upgraded = await openDatabase(path);
  expect(upgraded.sqlite.prepare('select person_id, paused_at, until, ended_at from person_pauses order by person_id').all()).toEqual([
    { person_id: 'U1', paused_at: 500, until: 9000, ended_at: null },
    { person_id: 'U2', paused_at: 100, until: null, ended_at: null },
    // Only the row's creation to go by: a whole number of milliseconds, as every timestamp is.
    { person_id: 'U6', paused_at: expect.any(Number), until: null, ended_at: null },
  ]);
  const [created] = upgraded.sqlite.prepare("select paused_at from person_pauses where person_id = 'U6'").all() as { paused_at: number }[];
  expect(Number.isInteger(created?.paused_at)).toBe(true);
  expect(upgraded.sqlite.pragma('foreign_key_check')).toEqual([]);
  await upgraded.close();
});
