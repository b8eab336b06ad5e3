import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client.js';
import { releaseBefore } from '../support/previousRelease.js';

/*
 * 0013_fresh_start_requests: a fresh-start request becomes a `requested`
 * match row naming the mentorship it would replace. The migration adds two
 * columns and swaps a partial unique index; a database from the release
 * before keeps every match, session and foreign key.
 */

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'mentoring-0013-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A database as the release before 0013 left it, with a quiet pair, an ended one, a pending request and sessions. */
function previousRelease(path: string): void {
  const old = releaseBefore('0013', dir, path);
  old.exec(`insert into people (id) values ('U1'), ('U2'), ('U3'), ('U4');
    insert into matches (id, program_id, mentor_id, mentee_id, kind, status, source, requested_at, decided_at, end_reason) values
      (1, 1, 'U1', 'U2', 'mentoring', 'active', 'self_serve', 10, 20, null),
      (2, 1, 'U3', 'U2', 'mentoring', 'ended', 'round', 5, 6, 'program closed'),
      (3, 1, 'U1', 'U4', 'peer', 'requested', 'self_serve', 30, null, null);
    insert into sessions (match_id, starts_at, ends_at, status) values (1, 100, 200, 'booked'), (2, 50, 60, 'held');`);
  old.close();
}

describe('upgrading to fresh-start requests', () => {
  it('keeps every match and its sessions, with the new columns empty, and the foreign keys whole', async () => {
    const path = join(dir, 'upgrade.db');
    previousRelease(path);
    const upgraded = await openDatabase(path);
    const q = (sql: string) => upgraded.sqlite.prepare(sql).all();
    expect(q('select id, mentor_id, mentee_id, kind, status, requested_at, end_reason, replaces_match_id, rematch_via from matches order by id')).toEqual([
      { id: 1, mentor_id: 'U1', mentee_id: 'U2', kind: 'mentoring', status: 'active', requested_at: 10, end_reason: null, replaces_match_id: null, rematch_via: null },
      { id: 2, mentor_id: 'U3', mentee_id: 'U2', kind: 'mentoring', status: 'ended', requested_at: 5, end_reason: 'program closed', replaces_match_id: null, rematch_via: null },
      { id: 3, mentor_id: 'U1', mentee_id: 'U4', kind: 'peer', status: 'requested', requested_at: 30, end_reason: null, replaces_match_id: null, rematch_via: null },
    ]);
    expect(q('select match_id, status from sessions order by id')).toEqual([
      { match_id: 1, status: 'booked' },
      { match_id: 2, status: 'held' },
    ]);
    expect(upgraded.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(upgraded.sqlite.pragma('foreign_key_check')).toEqual([]);
    // The self-reference lets go of a deleted row rather than blocking its deletion.
    expect(q("select \"table\", \"from\", \"to\", on_delete from pragma_foreign_key_list('matches') where \"from\" = 'replaces_match_id'")).toEqual([
      { table: 'matches', from: 'replaces_match_id', to: 'id', on_delete: 'SET NULL' },
    ]);
    await upgraded.close();
  });

  it('lets one pending fresh-start request sit beside the mentorship it replaces, and never two', async () => {
    const path = join(dir, 'upgrade.db');
    previousRelease(path);
    const upgraded = await openDatabase(path);
    const insert = upgraded.sqlite.prepare(
      "insert into matches (program_id, mentor_id, mentee_id, kind, status, source, requested_at, replaces_match_id, rematch_via) values (1, ?, 'U2', 'mentoring', 'requested', 'self_serve', 40, ?, 'quiet')",
    );
    insert.run('U3', 1);
    expect(() => insert.run('U4', 1)).toThrow(/UNIQUE constraint failed: matches\.replaces_match_id/);
    // An ordinary request still counts against the mentee's one open place of the kind.
    expect(() => insert.run('U4', null)).toThrow(/UNIQUE constraint failed: matches\.program_id, matches\.mentee_id, matches\.kind/);
    // Once it is answered (here declined), the next may be sent.
    upgraded.sqlite.prepare("update matches set status = 'declined' where replaces_match_id = 1").run();
    insert.run('U4', 1);
    // Accepted, it counts like any mentorship: it may not open while the one it replaces is still open.
    expect(() => upgraded.sqlite.prepare("update matches set status = 'active' where replaces_match_id = 1 and status = 'requested'").run()).toThrow(/UNIQUE/);
    upgraded.sqlite.prepare("update matches set status = 'ended' where id = 1").run();
    upgraded.sqlite.prepare("update matches set status = 'active' where replaces_match_id = 1 and status = 'requested'").run();
    await upgraded.close();
  });
});
