import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CAST } from '../../demo/cast.js';
import { type LocalStack, startLocalStack } from '../../demo/stack.js';
import { renderMessage } from '../../emulator/index.js';
import { runJob } from '../../src/jobs/runner.js';
import { CHECK_IN_ACTIONS } from '../../src/views/checkInMessages.js';
import { SLOT_PICK_ACTION_PREFIX } from '../../src/views/sessionMessages.js';
import { STALL_ACTIONS } from '../../src/views/stalledPairMessages.js';
import { activePair, join, MENTEE, MENTOR } from '../support/program.js';
import { rawSql } from '../support/rawSql.js';
import { at, DAY, HOUR, job, MINUTE } from '../support/virtualTime.js';

/*
 * A mentorship that ends takes its booked sessions with it. Reproduced on
 * main: Chloé and Dev booked a session, then Chloé closed the mentorship
 * at a check-in; the session stayed booked, both were reminded a day and
 * an hour before, asked "How was your session with …?" after it, it
 * counted as held, and it stayed in their calendars.
 */

let now: Date;
let stack: LocalStack;
beforeEach(async () => {
  now = new Date('2026-11-30T08:00:00Z');
  stack = await startLocalStack({ clock: () => now });
  await join(stack, CAST.chloe.id, { ...MENTOR, timeZone: 'Europe/Paris' });
  await join(stack, CAST.dev.id, { ...MENTEE, timeZone: 'Asia/Kolkata' });
});
afterEach(() => stack.stop());

const user = (id: string) => stack.emulator.user(id);
const sql = () => rawSql(stack.database);
async function tickAt(when: Date, ...names: string[]): Promise<void> {
  now = when;
  for (const name of names) await runJob(job(name), stack.deps, stack.mentoring.app.client, now);
  await stack.settle();
}
const calendarFiles = (id: string) => user(id).messages().flatMap((m) => m.files ?? []).map((f) => f.content.toString('utf8'));

describe('a mentorship closed at a check-in', () => {
  it('cancels its booked session: no reminders, no rating prompt, a cancelling calendar file to both', async () => {
    await activePair(stack, CAST.chloe.id, CAST.dev.id, at(now, -14 * DAY));
    await user(CAST.chloe.id).slash('/mentor schedule');
    await stack.settle();
    await user(CAST.dev.id).click(`${SLOT_PICK_ACTION_PREFIX}0`);
    await stack.settle();
    const session = (await sql().get<{ id: number; startsAt: number; endsAt: number; status: string }>('select id, starts_at as "startsAt", ends_at as "endsAt", status from sessions'))!;
    expect(session.status).toBe('booked');

    await runJob(job('check-ins'), stack.deps, stack.mentoring.app.client, now);
    await user(CAST.chloe.id).click(CHECK_IN_ACTIONS.end);
    await stack.settle();
    await user(CAST.chloe.id).submit({});
    await stack.settle();
    expect(await sql().get('select status from matches')).toEqual({ status: 'ended' });
    expect(await sql().get('select status from sessions')).toEqual({ status: 'cancelled' });

    const heardBefore = { chloe: user(CAST.chloe.id).messages().length, dev: user(CAST.dev.id).messages().length };
    await tickAt(new Date(session.startsAt - 24 * HOUR + MINUTE), 'outbox');
    await tickAt(new Date(session.startsAt - HOUR + MINUTE), 'outbox');
    await tickAt(new Date(session.endsAt + MINUTE), 'rating-prompts', 'outbox');
    await tickAt(new Date(session.endsAt + 20 * HOUR), 'outbox');
    for (const [id, before] of [[CAST.chloe.id, heardBefore.chloe], [CAST.dev.id, heardBefore.dev]] as const) {
      const later = user(id).messages().slice(before).map((m) => renderMessage(m).join('\n'));
      expect(later.filter((t) => /session|How was/i.test(t)), id).toEqual([]);
    }
    expect(await sql().get("select count(*) as n from outbox where idempotency_key like 'rating:%'")).toEqual({ n: 0 });
    for (const id of [CAST.chloe.id, CAST.dev.id]) expect(calendarFiles(id).some((ics) => ics.includes('METHOD:CANCEL')), id).toBe(true);
  });

  it('closed by a coordinator from the quiet-pair flag: the session booked since is cancelled with it', async () => {
    await activePair(stack, CAST.chloe.id, CAST.dev.id, at(now, -43 * DAY));
    await tickAt(now, 'stalled-pairs');
    await user(CAST.chloe.id).slash('/mentor schedule');
    await stack.settle();
    await user(CAST.dev.id).click(`${SLOT_PICK_ACTION_PREFIX}0`);
    await stack.settle();
    expect(await sql().get('select status from sessions')).toEqual({ status: 'booked' });
    await user(CAST.grace.id).click(STALL_ACTIONS.close);
    await stack.settle();
    expect(await sql().get('select status from matches')).toEqual({ status: 'ended' });
    expect(await sql().get('select status from sessions')).toEqual({ status: 'cancelled' });
  });

  it('closed by a coordinator after the pair met again: nobody is told it was for a long quiet spell', async () => {
    // Reproduced on main: the digest lists pairs for low ratings too, and a flagged pair may meet before anyone
    // presses a button; either way both were told their mentorship closed "after a long quiet spell".
    const matchId = await activePair(stack, CAST.chloe.id, CAST.dev.id, at(now, -43 * DAY));
    await tickAt(now, 'stalled-pairs');
    await sql().run("insert into sessions (match_id, starts_at, ends_at, status) values (?, ?, ?, 'held')", matchId, at(now, -2 * HOUR).getTime(), at(now, -HOUR).getTime());
    await user(CAST.grace.id).click(STALL_ACTIONS.close);
    await tickAt(at(now, DAY), 'outbox');
    for (const id of [CAST.chloe.id, CAST.dev.id]) {
      const closed = user(id).messages().map((m) => m.text).filter((t) => t.startsWith('Your mentorship has been closed'));
      expect(closed, id).toEqual(['Your mentorship has been closed by the program coordinators. Thank you for the time you gave it; nothing for you to do.']);
    }
  });

  it('a session left booked after its mentorship ended (an older release) is not held, rated or reminded', async () => {
    const matchId = await activePair(stack, CAST.chloe.id, CAST.dev.id, at(now, -14 * DAY));
    const start = at(now, 2 * DAY);
    await sql().run("insert into sessions (match_id, starts_at, ends_at, status) values (?, ?, ?, 'booked')", matchId, start.getTime(), start.getTime() + 45 * MINUTE);
    await sql().run("update matches set status = 'ended', ended_at = ?, end_reason = 'closed at a check-in' where id = ?", now.getTime(), matchId);
    await tickAt(new Date(start.getTime() + HOUR), 'rating-prompts', 'outbox');
    expect(await sql().get('select status from sessions')).toEqual({ status: 'cancelled' });
    expect(await sql().get("select count(*) as n from outbox where idempotency_key like 'rating:%'")).toEqual({ n: 0 });
  });
});
