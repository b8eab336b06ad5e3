import { describe, expect, it } from 'vitest';
import { CAST } from '../../demo/cast.js';
import { startLocalStack } from '../../demo/stack.js';
import { acceptRequest } from '../../src/services/selfServe.js';
import { pickSlot } from '../../src/services/sessions.js';
import { join, MENTEE, MENTOR } from '../support/program.js';
import { rawSql } from '../support/rawSql.js';

/*
 * Two answers at the same moment (two people, two replicas, one Socket Mode
 * batch): a rule checked before the transaction that writes must be checked
 * again inside it, or both answers pass the check and both write.
 */
describe('two answers at once', () => {
  const now = new Date('2026-11-30T10:00:00Z');

  it('book one session when two reverse mentors pick the same office-hours time: the second is told it was just taken', async () => {
    const stack = await startLocalStack({ clock: () => now });
    try {
      await join(stack, CAST.chloe.id, { ...MENTEE, roles: ['reverse_mentee'], skillsWanted: ['digital-tools'], timeZone: 'Europe/Paris', level: '9', availabilityStart: '09:00', availabilityEnd: '17:00' });
      await join(stack, CAST.dev.id, { ...MENTOR, roles: ['reverse_mentor'], skillsOffered: ['digital-tools'], timeZone: 'Asia/Kolkata', level: '2' });
      await join(stack, CAST.aiko.id, { ...MENTOR, roles: ['reverse_mentor'], skillsOffered: ['emerging-tech'], timeZone: 'Asia/Tokyo', level: '2' });
      for (const mentor of [CAST.dev.id, CAST.aiko.id]) {
        await rawSql(stack.database).run("insert into matches (mentor_id, mentee_id, kind, status, source, requested_at, decided_at) values (?, ?, 'reverse', 'active', 'round', ?, ?)", mentor, CAST.chloe.id, now.getTime(), now.getTime());
      }
      await stack.emulator.user(CAST.chloe.id).slash('/mentor office-hours');
      await stack.settle();
      const proposals = await rawSql(stack.database).all<{ id: number; proposed_to: string }>("select id, proposed_to from session_proposals where reason = 'office_hours' order by id");
      expect(proposals).toHaveLength(2);
      const client = stack.mentoring.app.client;
      const outcomes = await Promise.all(proposals.map((p) => pickSlot(stack.deps, client, p.proposed_to, p.id, 0)));
      expect(outcomes.map((o) => o.ok).sort()).toEqual([false, true]);
      expect(outcomes.find((o) => !o.ok)?.message).toMatch(/^That time has just been taken/);
      expect(await rawSql(stack.database).all("select id from sessions where status = 'booked'")).toHaveLength(1);
    } finally {
      await stack.stop();
    }
  });

  it('let a mentor with room for one accept only one of two requests accepted at once', async () => {
    const stack = await startLocalStack({ clock: () => now });
    try {
      await join(stack, CAST.grace.id, { ...MENTOR, skillsOffered: ['public-speaking'], capacityMentees: '1' });
      await join(stack, CAST.dev.id, { ...MENTEE, skillsWanted: ['public-speaking'] });
      await join(stack, CAST.aiko.id, { ...MENTEE, skillsWanted: ['public-speaking'] });
      const ids: number[] = [];
      for (const mentee of [CAST.dev.id, CAST.aiko.id]) {
        const { lastId } = await rawSql(stack.database).run("insert into matches (mentor_id, mentee_id, kind, status, source, requested_at) values (?, ?, 'mentoring', 'requested', 'self_serve', ?) returning id", CAST.grace.id, mentee, now.getTime());
        ids.push(Number(lastId));
      }
      const outcomes = await Promise.all(ids.map((id) => acceptRequest(stack.deps, stack.mentoring.app.client, CAST.grace.id, id)));
      expect(outcomes.map((o) => o.ok).sort()).toEqual([false, true]);
      expect(outcomes.find((o) => !o.ok)?.message).toMatch(/^You are already mentoring 1 person, your capacity/);
      expect(await rawSql(stack.database).all("select id from matches where mentor_id = ? and status = 'active'", CAST.grace.id)).toHaveLength(1);
    } finally {
      await stack.stop();
    }
  });
});
