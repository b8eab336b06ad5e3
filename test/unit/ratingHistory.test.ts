import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client.js';
import { loadMatchingPool } from '../../src/repos/matchingPool.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

describe("a mentor's rating history in the matching pool", () => {
  it('is the average over sessions that happened, shown only from the anonymity threshold of distinct raters', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rating-history-'));
    dirs.push(dir);
    const { sqlite, db, close } = await openDatabase(join(dir, 'db.sqlite'));
    const t = Date.parse('2026-11-01T00:00:00Z');
    const person = sqlite.prepare("insert into people (id, time_zone, status, joined_at) values (?, 'UTC', 'active', ?)");
    const profile = sqlite.prepare('insert into profiles (person_id, capacity_mentees, consented_at) values (?, 3, ?)');
    const enrollment = sqlite.prepare("insert into enrollments (program_id, person_id, status, roles, capacity_mentees, applied_at, joined_at) values (1, ?, 'active', ?, 3, ?, ?)");
    for (const [id, roles] of [['M1', '["mentor"]'], ['M2', '["mentor"]'], ['E1', '["mentee"]'], ['E2', '["mentee"]'], ['E3', '["mentee"]']] as const) {
      person.run(id, t);
      profile.run(id, t);
      enrollment.run(id, roles, t, t);
    }
    const match = (mentor: string, mentee: string) =>
      Number(sqlite.prepare("insert into matches (mentor_id, mentee_id, kind, status, source, requested_at, decided_at) values (?, ?, 'mentoring', 'ended', 'round', ?, ?)").run(mentor, mentee, t, t).lastInsertRowid);
    const session = (matchId: number) => Number(sqlite.prepare("insert into sessions (match_id, starts_at, ends_at, status) values (?, 0, 1, 'held')").run(matchId).lastInsertRowid);
    const rate = (sessionId: number, rater: string, happened: boolean, score: number | null) =>
      sqlite.prepare('insert into ratings (session_id, rater_id, happened, usefulness, clarity, applicability) values (?, ?, ?, ?, ?, ?)').run(sessionId, rater, happened ? 1 : 0, score, score, score);
    // M1: three different mentees rate 5, 4 and 3; M1's own rating and a "didn't happen" do not count.
    for (const [mentee, score] of [['E1', 5], ['E2', 4], ['E3', 3]] as const) {
      const s = session(match('M1', mentee));
      rate(s, mentee, true, score);
      if (mentee === 'E3') rate(s, 'M1', true, 1);
    }
    rate(session(match('M1', 'E3')), 'E3', false, null);
    // M2: only two different raters, so no average is shown.
    for (const mentee of ['E1', 'E2']) rate(session(match('M2', mentee)), mentee, true, 5);
    const pool = await loadMatchingPool(db, new Date(t + 86_400_000), 6, 3);
    const byId = new Map(pool.participants.map((p) => [p.id, p.rating]));
    expect(byId.get('M1')).toBe(4);
    expect(byId.get('M2')).toBeNull();
    await close();
  });
});
