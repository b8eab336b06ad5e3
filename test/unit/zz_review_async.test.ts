import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type LocalStack, startLocalStack } from '../../demo/stack.js';
import { CAST } from '../../demo/cast.js';
import { join, MENTEE, MENTOR } from '../support/program.js';
import { rawSql } from '../support/rawSql.js';
import { pickSlot } from '../../src/services/sessions.js';
import { acceptRequest } from '../../src/services/selfServe.js';

let now = new Date('2026-11-30T10:00:00Z');
let stack: LocalStack;
beforeEach(async () => {
  now = new Date('2026-11-30T10:00:00Z');
  stack = await startLocalStack({ clock: () => now, env: { CHECK_IN_EVERY_DAYS: '7' } });
});
afterEach(() => stack.stop());

describe('review: read-then-write outside the transaction', () => {
  it('office hours: two reverse mentors picking the same time at once', async () => {
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
    const later = <T>(f: () => Promise<T>) => new Promise<T>((resolve, reject) => setImmediate(() => f().then(resolve, reject)));
    const [a, b] = proposals as [{ id: number; proposed_to: string }, { id: number; proposed_to: string }];
    const outcomes = process.env.STAGGER ? await Promise.all([pickSlot(stack.deps, client, a.proposed_to, Number(a.id), 0), later(() => pickSlot(stack.deps, client, b.proposed_to, Number(b.id), 0))]) : await Promise.all(proposals.map((p) => pickSlot(stack.deps, client, p.proposed_to, Number(p.id), 0)));
    const booked = await rawSql(stack.database).all("select s.starts_at as at, m.mentor_id as who from sessions s join matches m on m.id = s.match_id where s.status = 'booked' order by s.id");
    console.log('office hours outcomes', outcomes.map((o) => o.message), booked);
    expect(booked).toHaveLength(1);
  });

  it('accept: a mentor with room for one accepts two requests at once', async () => {
    await join(stack, CAST.grace.id, { ...MENTOR, skillsOffered: ['public-speaking'], capacityMentees: '1' });
    await join(stack, CAST.dev.id, { ...MENTEE, skillsWanted: ['public-speaking'] });
    await join(stack, CAST.aiko.id, { ...MENTEE, skillsWanted: ['public-speaking'] });
    const ids: number[] = [];
    for (const mentee of [CAST.dev.id, CAST.aiko.id]) {
      const { lastId } = await rawSql(stack.database).run("insert into matches (mentor_id, mentee_id, kind, status, source, requested_at) values (?, ?, 'mentoring', 'requested', 'self_serve', ?) returning id", CAST.grace.id, mentee, now.getTime());
      ids.push(Number(lastId));
    }
    const client = stack.mentoring.app.client;
    // One by one, the second is refused: the capacity rule.
    const later = <T>(f: () => Promise<T>) => new Promise<T>((resolve, reject) => setImmediate(() => f().then(resolve, reject)));
    const outcomes = process.env.STAGGER ? await Promise.all([acceptRequest(stack.deps, client, CAST.grace.id, ids[0]!), later(() => acceptRequest(stack.deps, client, CAST.grace.id, ids[1]!))]) : process.env.SEQ ? [await acceptRequest(stack.deps, client, CAST.grace.id, ids[0]!), await acceptRequest(stack.deps, client, CAST.grace.id, ids[1]!)] : await Promise.all(ids.map((id) => acceptRequest(stack.deps, client, CAST.grace.id, id)));
    const active = await rawSql(stack.database).all("select id from matches where mentor_id = ? and status = 'active'", CAST.grace.id);
    console.log('accept outcomes', outcomes.map((o) => (o.ok ? 'ok' : o.message)), active);
    expect(active).toHaveLength(1);
  });
});
