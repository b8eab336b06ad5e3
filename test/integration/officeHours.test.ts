import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type LocalStack, startLocalStack } from '../../demo/stack.js';
import { CAST } from '../../demo/cast.js';
import { isWithinWindow } from '../../src/domain/localTime.js';
import { findJob } from '../../src/jobs/index.js';
import { runJob } from '../../src/jobs/runner.js';
import { join, MENTEE, MENTOR } from '../support/program.js';
import { rawSql } from '../support/rawSql.js';

// Monday 2026-11-30 10:00 UTC: a working hour in Paris, Berlin-like zones and Kolkata.
let now = new Date('2026-11-30T10:00:00Z');
let stack: LocalStack;
beforeEach(async () => {
  now = new Date('2026-11-30T10:00:00Z');
  stack = await startLocalStack({ clock: () => now, env: { CHECK_IN_EVERY_DAYS: '7' } });
  // Chloé (Paris) leads; Dev (Kolkata) and Aiko (Tokyo) are her reverse mentors.
  await join(stack, CAST.chloe.id, { ...MENTEE, roles: ['reverse_mentee'], skillsWanted: ['digital-tools'], timeZone: 'Europe/Paris', level: '9', availabilityStart: '09:00', availabilityEnd: '17:00' });
  await join(stack, CAST.dev.id, { ...MENTOR, roles: ['reverse_mentor'], skillsOffered: ['digital-tools'], timeZone: 'Asia/Kolkata', level: '2' });
  await join(stack, CAST.aiko.id, { ...MENTOR, roles: ['reverse_mentor'], skillsOffered: ['emerging-tech'], timeZone: 'Asia/Tokyo', level: '2' });
  const pair = (mentor: string) =>
    rawSql(stack.database).run("insert into matches (mentor_id, mentee_id, kind, status, source, requested_at, decided_at) values (?, ?, 'reverse', 'active', 'round', ?, ?)", mentor, CAST.chloe.id, now.getTime(), now.getTime());
  await pair(CAST.dev.id);
  await pair(CAST.aiko.id);
});
afterEach(() => stack.stop());

const outbox = () => runJob(findJob('outbox')!, stack.deps, stack.mentoring.app.client, now);

describe('/mentor office-hours', () => {
  it("offers the leader's free times to each reverse mentor; the first to book a time gets it", async () => {
    const chloe = stack.emulator.user(CAST.chloe.id);
    await chloe.slash('/mentor office-hours');
    await stack.settle();
    expect(chloe.lastMessage()?.text).toBe('Office hours opened: 3 times offered to your 2 reverse mentors.');
    const proposals = await rawSql(stack.database).all<{ proposed_to: string; slots: string }>("select proposed_to, slots from session_proposals where reason = 'office_hours' order by id");
    expect(proposals.map((p) => p.proposed_to)).toEqual([CAST.dev.id, CAST.aiko.id]);
    const paris = { days: [1, 2, 3, 4, 5], startMinute: 9 * 60, endMinute: 17 * 60 };
    for (const slot of JSON.parse(proposals[0]?.slots ?? '[]') as { start: number; end: number }[]) {
      expect(isWithinWindow(new Date(slot.start), paris, 'Europe/Paris')).toBe(true);
      expect(isWithinWindow(new Date(slot.end - 60_000), paris, 'Europe/Paris')).toBe(true);
    }
    // Tokyo's working day is over at 10:00 UTC: Aiko's offer waits for her morning.
    now = new Date('2026-12-01T01:00:00Z');
    await outbox();
    const dev = stack.emulator.user(CAST.dev.id);
    const aiko = stack.emulator.user(CAST.aiko.id);
    expect(JSON.stringify(dev.messages().map((m) => m.blocks))).toContain('has opened office hours');
    await dev.click('slot_pick:0');
    await stack.settle();
    await aiko.click('slot_pick:0');
    await stack.settle();
    expect(aiko.lastMessage()?.text).toBe('That time has just been taken. Pick another option, or use `/mentor schedule`.');
    await aiko.click('slot_pick:1');
    await stack.settle();
    const booked = await rawSql(stack.database).all("select m.mentor_id as who from sessions s join matches m on m.id = s.match_id where s.status = 'booked' order by s.starts_at");
    expect(booked).toEqual([{ who: CAST.dev.id }, { who: CAST.aiko.id }]);
  });

  it('tells someone without reverse mentors what office hours are for', async () => {
    const dev = stack.emulator.user(CAST.dev.id);
    await dev.slash('/mentor office-hours');
    await stack.settle();
    expect(dev.lastMessage()?.text).toContain('Office hours are for leaders with reverse mentors');
  });
});

describe('a configured check-in cadence', () => {
  it('sends mentor check-ins every CHECK_IN_EVERY_DAYS days', async () => {
    const checkIns = findJob('check-ins')!;
    for (const day of [6, 7, 13, 14]) {
      now = new Date(Date.parse('2026-11-30T10:00:00Z') + day * 86_400_000);
      await runJob(checkIns, stack.deps, stack.mentoring.app.client, now);
    }
    const due = await rawSql(stack.database).all<{ due_at: number }>("select due_at from check_ins where kind = 'mentor' and person_id = ? order by due_at", CAST.dev.id);
    expect(due.map((d) => new Date(d.due_at).toISOString())).toEqual(['2026-12-07T10:00:00.000Z', '2026-12-14T10:00:00.000Z']);
  });
});

describe('the Home tab after booking', () => {
  it('shows the booked session under Upcoming sessions', async () => {
    const chloe = stack.emulator.user(CAST.chloe.id);
    await chloe.slash('/mentor office-hours');
    await stack.settle();
    const dev = stack.emulator.user(CAST.dev.id);
    await dev.click('slot_pick:0');
    await stack.settle();
    await dev.openHome();
    await stack.settle();
    const home = JSON.stringify(dev.home()?.view);
    expect(home).toContain('*Upcoming sessions*');
    expect(home).toMatch(new RegExp(`<!date\\^\\d+\\^\\{date_long\\} \\{time\\}\\|[^>]+> with <@${CAST.chloe.id}>`));
  });
});
