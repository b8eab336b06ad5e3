import { afterEach, describe, expect, it } from 'vitest';
import { type LocalStack, startLocalStack } from '../../demo/stack.js';
import { CAST } from '../../demo/cast.js';
import type { StoredMessage } from '../../emulator/index.js';
import { isWithinWindow, type WeeklyWindow } from '../../src/domain/localTime.js';
import { cancelSession } from '../../src/services/sessions.js';
import { saveRating } from '../../src/services/ratings.js';
import { runRatingPrompts } from '../../src/jobs/ratingPrompts.js';
import { runJob } from '../../src/jobs/runner.js';
import { RATE_ACTION, RATING_BLOCKS, RATING_CALLBACK } from '../../src/views/ratingMessages.js';
import { join, MENTEE, MENTOR } from '../support/program.js';
import { at, DAY, HOUR, job, MINUTE } from '../support/virtualTime.js';
import { rawSql } from '../support/rawSql.js';

/*
 * Ratings over virtual time: the app runs for real behind the emulator, the
 * clock is a variable, and the rating job runs with a later `now`, as cron would.
 */

let now = new Date(0);
let stack: LocalStack | undefined;
afterEach(async () => {
  await stack?.stop();
  stack = undefined;
});

const s = (): LocalStack => {
  if (!stack) throw new Error('no stack');
  return stack;
};
const sql = () => rawSql(s().database);
const client = () => s().mentoring.app.client;
const user = (id: string) => s().emulator.user(id);


/** Moves the clock and runs these jobs, in order, as cron would at that moment. */
async function tickAt(when: Date, ...names: string[]): Promise<void> {
  now = when;
  for (const name of names) await runJob(job(name), s().deps, client(), now);
  await s().settle();
}

const chloe = CAST.chloe.id;
const dev = CAST.dev.id;

/** Chloé (Paris) mentors Dev (Kolkata); Monday 30 November 2026, 08:00 UTC. Both work 09:00–17:30 local. */
async function chloeAndDev(): Promise<number> {
  now = new Date('2026-11-30T08:00:00Z');
  stack = await startLocalStack({ clock: () => now });
  await join(s(), chloe, { ...MENTOR, timeZone: 'Europe/Paris' });
  await join(s(), dev, { ...MENTEE, timeZone: 'Asia/Kolkata' });
  const result = await sql().run("insert into matches (mentor_id, mentee_id, kind, status, source, requested_at, decided_at) values (?, ?, 'mentoring', 'active', 'round', ?, ?) returning id", chloe, dev, at(now, -14 * DAY).getTime(), at(now, -14 * DAY).getTime());
  return Number(result.lastId);
}

/** A booked 45-minute session, as picking a slot leaves it. */
async function book(matchId: number, start: Date): Promise<number> {
  const result = await sql().run("insert into sessions (match_id, starts_at, ends_at, status) values (?, ?, ?, 'booked') returning id", matchId, start.getTime(), start.getTime() + 45 * MINUTE);
  return Number(result.lastId);
}

const sessionStatus = async (id: number) => (await sql().get<{ status: string }>('select status from sessions where id = ?', id))?.status;
interface RatingRow {
  id: number;
  session_id: number;
  rater_id: string;
  happened: number;
  usefulness: number | null;
  clarity: number | null;
  applicability: number | null;
  comment: string | null;
  created_at: number;
  updated_at: number | null;
}
const ratingRows = () => sql().all<RatingRow>('select * from ratings order by id');

interface OutboxRow {
  key: string;
  recipient: string;
  status: string;
  sentAt: number | null;
}
const ratingOutbox = () => sql().all<OutboxRow>(`select idempotency_key as key, recipient, status, sent_at as "sentAt" from outbox where idempotency_key like 'rating:%' order by id`);

async function hoursOf(id: string): Promise<{ timeZone: string; working: WeeklyWindow }> {
  const row = (await sql().get<{ tz: string; days: string; start: number; end: number }>(
    'select pe.time_zone as tz, p.work_days as days, p.work_start_minute as start, p.work_end_minute as "end" from profiles p join people pe on pe.id = p.person_id where p.person_id = ?',
    id,
  ))!;
  return { timeZone: row.tz, working: { days: JSON.parse(row.days) as number[], startMinute: row.start, endMinute: row.end } };
}
const inWorkingHours = async (id: string, instant: Date) => {
  const hours = await hoursOf(id);
  return isWithinWindow(instant, hours.working, hours.timeZone);
};

const withText = (id: string, fragment: string) => user(id).messages().filter((m) => m.text.includes(fragment));
const prompts = (id: string) => withText(id, 'How was your session with');
const reminders = (id: string) => withText(id, 'Reminder: how was your session with');
const rateButton = (m: StoredMessage) =>
  ((m.blocks ?? []) as { type: string; elements?: { action_id?: string; value?: string }[] }[]).find((b) => b.type === 'actions')?.elements?.find((e) => e.action_id === RATE_ACTION);

const GOOD = {
  [RATING_BLOCKS.happened]: { [RATING_BLOCKS.happened]: 'yes' },
  [RATING_BLOCKS.usefulness]: { [RATING_BLOCKS.usefulness]: '4' },
  [RATING_BLOCKS.clarity]: { [RATING_BLOCKS.clarity]: '5' },
  [RATING_BLOCKS.applicability]: { [RATING_BLOCKS.applicability]: '3' },
  [RATING_BLOCKS.comment]: { [RATING_BLOCKS.comment]: 'Very practical.' },
};

/** Clicks the newest Rate button and submits the form with these answers. */
async function rate(person: string, input: Record<string, Record<string, string>>) {
  await user(person).click(RATE_ACTION);
  await s().settle();
  expect(user(person).modal()?.view.callback_id).toBe(RATING_CALLBACK);
  const result = await user(person).submit(input);
  await s().settle();
  return result;
}

describe('rating prompts', () => {
  it('marks an ended session held and asks both people once each, inside their own working hours', async () => {
    const matchId = await chloeAndDev();
    // Tuesday 1 December, 12:00–12:45 UTC: 13:00 in Paris, 17:30 in Kolkata, so it ends after Dev's day.
    const start = new Date('2026-12-01T12:00:00Z');
    const sessionId = await book(matchId, start);

    // Before the end: nothing.
    await tickAt(at(start, 30 * MINUTE), 'rating-prompts');
    expect(await sessionStatus(sessionId)).toBe('booked');
    expect(await ratingOutbox()).toEqual([]);

    await tickAt(at(start, 45 * MINUTE), 'rating-prompts');
    expect(await sessionStatus(sessionId)).toBe('held');
    expect((await ratingOutbox()).map((r) => r.key)).toEqual([`rating:${sessionId}:${chloe}:prompt`, `rating:${sessionId}:${dev}:prompt`]);
    // Chloé is at work: hers goes now. Dev's evening has started: his waits for his morning.
    expect(prompts(chloe).map((m) => m.text)).toEqual([`How was your session with <@${dev}>?`]);
    expect(prompts(dev)).toEqual([]);

    // Running again, in the same slot and in later ones, adds nothing.
    expect(await runRatingPrompts(s().deps, client(), now)).toEqual({ held: 0, prompted: 0, reminded: 0, lapsedMoves: 0 });
    for (const minutes of [60, 75]) await tickAt(at(start, minutes * MINUTE), 'rating-prompts', 'outbox');
    expect(prompts(dev)).toEqual([]);
    // 09:00 on Wednesday in Kolkata.
    await tickAt(new Date('2026-12-02T03:30:00Z'), 'rating-prompts', 'outbox');
    expect(await ratingOutbox()).toHaveLength(2);

    expect(prompts(chloe)).toHaveLength(1);
    expect(prompts(dev).map((m) => m.text)).toEqual([`How was your session with <@${chloe}>?`]);
    for (const m of [...prompts(chloe), ...prompts(dev)]) expect(rateButton(m)).toMatchObject({ value: String(sessionId) });
    for (const row of await ratingOutbox()) {
      expect(row.status).toBe('sent');
      expect(await inWorkingHours(row.recipient, new Date(row.sentAt ?? 0)), `${row.key} at ${new Date(row.sentAt ?? 0).toISOString()}`).toBe(true);
    }
    // Dev's went at 09:00 the next morning in Kolkata.
    expect(new Date((await ratingOutbox())[1]?.sentAt ?? 0).toISOString()).toBe('2026-12-02T03:30:00.000Z');
  });

  it('never asks about a cancelled session', async () => {
    const matchId = await chloeAndDev();
    const start = new Date('2026-12-01T09:00:00Z');
    const sessionId = await book(matchId, start);
    expect((await cancelSession(s().deps, client(), chloe, sessionId)).ok).toBe(true);
    await tickAt(at(start, 2 * HOUR), 'rating-prompts');
    await tickAt(at(start, 3 * DAY), 'rating-prompts', 'outbox');
    expect(await sessionStatus(sessionId)).toBe('cancelled');
    expect(await ratingOutbox()).toEqual([]);
    expect([prompts(chloe), prompts(dev)]).toEqual([[], []]);
  });

  it('asks nothing of someone who left, and holds a paused person’s prompt until they are back', async () => {
    const matchId = await chloeAndDev();
    const start = new Date('2026-12-01T09:00:00Z');
    const sessionId = await book(matchId, start);
    now = at(start, 30 * MINUTE);
    await user(dev).slash('/mentor leave');
    await s().settle();
    await user(dev).click('leave_confirm');
    await s().settle();

    await tickAt(at(start, HOUR), 'rating-prompts');
    await tickAt(at(start, 3 * DAY), 'rating-prompts', 'outbox');
    expect(await sessionStatus(sessionId)).toBe('held');
    expect(prompts(dev)).toEqual([]);
    expect((await ratingOutbox()).filter((r) => r.recipient === dev)).toEqual([]);
    expect(prompts(chloe)).toHaveLength(1);

    // A second session, with Chloé paused when it ends: her prompt waits. (The pair is open again for it:
    // a session booked after its mentorship ended is nobody's to rate, see endedPairSessions.test.ts.)
    await sql().run("update matches set status = 'active', ended_at = null where id = ?", matchId);
    const later = new Date('2026-12-08T09:00:00Z');
    const second = await book(matchId, later);
    await sql().run("update people set status = 'paused', paused_until = ? where id = ?", at(later, 7 * DAY).getTime(), chloe);
    await tickAt(at(later, HOUR), 'rating-prompts');
    await tickAt(at(later, 3 * DAY), 'rating-prompts', 'outbox');
    expect(await sessionStatus(second)).toBe('held');
    expect((await ratingOutbox()).find((r) => r.key === `rating:${second}:${chloe}:prompt`)?.status).toBe('pending');
    expect(prompts(chloe)).toHaveLength(1);
    // No reminder either, since she never got the prompt.
    expect((await ratingOutbox()).filter((r) => r.key.endsWith(':reminder') && r.key.startsWith(`rating:${second}:`))).toEqual([]);
  });

  it('reminds once, 48 hours after the prompt, only those who have not rated', async () => {
    const matchId = await chloeAndDev();
    // Tuesday 1 December, 09:00–09:45 UTC: both at work when it ends.
    const start = new Date('2026-12-01T09:00:00Z');
    const sessionId = await book(matchId, start);
    const ended = at(start, 45 * MINUTE);
    await tickAt(ended, 'rating-prompts');
    expect([prompts(chloe), prompts(dev)].map((p) => p.length)).toEqual([1, 1]);

    // Chloé rates the next day; Dev does not.
    now = at(ended, DAY);
    await rate(chloe, GOOD);

    await tickAt(at(ended, 48 * HOUR - 15 * MINUTE), 'rating-prompts');
    expect([reminders(chloe), reminders(dev)]).toEqual([[], []]);
    await tickAt(at(ended, 48 * HOUR), 'rating-prompts');
    expect(reminders(chloe)).toEqual([]);
    expect(reminders(dev).map((m) => m.text)).toEqual([`Reminder: how was your session with <@${chloe}>?`]);
    expect(rateButton(reminders(dev)[0] as StoredMessage)).toMatchObject({ value: String(sessionId) });
    // Only one, however often the job runs after that.
    for (const hours of [49, 72, 96, 24 * 8]) await tickAt(at(ended, hours * HOUR), 'rating-prompts', 'outbox');
    expect(reminders(dev)).toHaveLength(1);
    expect(reminders(chloe)).toEqual([]);
    expect((await ratingOutbox()).map((r) => r.key)).toEqual([`rating:${sessionId}:${chloe}:prompt`, `rating:${sessionId}:${dev}:prompt`, `rating:${sessionId}:${dev}:reminder`]);
    for (const row of await ratingOutbox()) expect(await inWorkingHours(row.recipient, new Date(row.sentAt ?? 0))).toBe(true);

    // The reminder's button works like the prompt's.
    await rate(dev, { [RATING_BLOCKS.happened]: { [RATING_BLOCKS.happened]: 'no' } });
    expect((await ratingRows()).map((r) => [r.rater_id, r.happened])).toEqual([
      [chloe, 1],
      [dev, 0],
    ]);
  });
});

describe('rating a session', () => {
  async function heldSession(): Promise<{ sessionId: number; ended: Date }> {
    const matchId = await chloeAndDev();
    const start = new Date('2026-12-01T09:00:00Z');
    const sessionId = await book(matchId, start);
    const ended = at(start, 45 * MINUTE);
    await tickAt(ended, 'rating-prompts');
    return { sessionId, ended };
  }

  it('stores one rating through the button and form; a second submit updates it; after 48 hours it is closed', async () => {
    const { sessionId, ended } = await heldSession();
    const firstAt = at(ended, 2 * HOUR);
    now = firstAt;
    const first = await rate(dev, GOOD);
    expect(first.errors).toBeUndefined();
    expect(user(dev).modal()).toBeUndefined();
    expect(await ratingRows()).toEqual([
      {
        id: expect.any(Number) as number,
        session_id: sessionId,
        rater_id: dev,
        happened: 1,
        usefulness: 4,
        clarity: 5,
        applicability: 3,
        comment: 'Very practical.',
        created_at: firstAt.getTime(),
        updated_at: firstAt.getTime(),
      },
    ]);
    expect(user(dev).lastMessage()?.text).toBe(`Thanks for rating your session with <@${chloe}>! You can change it for 48 hours.`);

    // Opening it again shows the rating as given; changing it updates the same row.
    now = at(firstAt, 47 * HOUR);
    await user(dev).click(RATE_ACTION);
    await s().settle();
    const blocks = (user(dev).modal()?.view.blocks ?? []) as { block_id?: string; element?: { initial_option?: { value: string }; initial_value?: string } }[];
    const initial = (id: string) => blocks.find((b) => b.block_id === id)?.element;
    expect(initial(RATING_BLOCKS.happened)?.initial_option?.value).toBe('yes');
    expect(initial(RATING_BLOCKS.usefulness)?.initial_option?.value).toBe('4');
    expect(initial(RATING_BLOCKS.comment)?.initial_value).toBe('Very practical.');
    const second = await user(dev).submit({ ...GOOD, [RATING_BLOCKS.usefulness]: { [RATING_BLOCKS.usefulness]: '2' }, [RATING_BLOCKS.comment]: { [RATING_BLOCKS.comment]: '' } });
    await s().settle();
    expect(second.errors).toBeUndefined();
    const rows = await ratingRows();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ usefulness: 2, clarity: 5, comment: null, created_at: firstAt.getTime(), updated_at: now.getTime() });
    expect(user(dev).lastMessage()?.text).toBe(`Your rating of your session with <@${chloe}> is updated. Thank you!`);

    // A form opened inside the window but sent after it is refused, and nothing changes.
    await user(dev).click(RATE_ACTION);
    await s().settle();
    now = at(firstAt, 48 * HOUR + MINUTE);
    const late = await user(dev).submit({ ...GOOD, [RATING_BLOCKS.usefulness]: { [RATING_BLOCKS.usefulness]: '1' } });
    await s().settle();
    expect(late.errors).toEqual({ [RATING_BLOCKS.happened]: expect.stringContaining('more than 48 hours ago') as string });
    expect(await ratingRows()).toEqual(rows);
    // The button now says so instead of opening the form.
    s().emulator.workspace.closeModals(dev); // Dev gives up and closes the form.
    await user(dev).click(RATE_ACTION);
    await s().settle();
    expect(user(dev).modal()).toBeUndefined();
    expect(user(dev).lastMessage()?.text).toBe('You rated this session more than 48 hours ago, so it can no longer be changed. Thank you for rating it!');
    expect(await ratingRows()).toEqual(rows);
  });

  it('refuses a form without scores for a session that happened, or with an over-long comment, and stores nothing', async () => {
    const { sessionId, ended } = await heldSession();
    now = at(ended, HOUR);
    const noScores = await rate(chloe, { [RATING_BLOCKS.happened]: { [RATING_BLOCKS.happened]: 'yes' }, [RATING_BLOCKS.clarity]: { [RATING_BLOCKS.clarity]: '3' } });
    expect(Object.keys(noScores.errors ?? {}).sort()).toEqual([RATING_BLOCKS.applicability, RATING_BLOCKS.usefulness].sort());
    expect(user(chloe).modal()?.view.callback_id).toBe(RATING_CALLBACK);

    const longComment = await user(chloe).submit({ ...GOOD, [RATING_BLOCKS.comment]: { [RATING_BLOCKS.comment]: 'x'.repeat(1001) } });
    await s().settle();
    expect(longComment.errors).toEqual({ [RATING_BLOCKS.comment]: 'Please keep the comment to 1000 characters (nothing was cut).' });

    const nothing = await user(chloe).submit({});
    await s().settle();
    expect(Object.keys(nothing.errors ?? {})).toContain(RATING_BLOCKS.happened);
    expect(await ratingRows()).toEqual([]);
    expect(withText(chloe, 'Thanks for rating')).toEqual([]);

    // Exactly 1000 characters is fine; a session that did not happen needs no scores, and any given are not kept.
    const fine = await user(chloe).submit({ ...GOOD, [RATING_BLOCKS.comment]: { [RATING_BLOCKS.comment]: 'y'.repeat(1000) } });
    await s().settle();
    expect(fine.errors).toBeUndefined();
    expect((await ratingRows()).map((r) => r.comment?.length)).toEqual([1000]);
    now = at(ended, 2 * HOUR);
    await rate(chloe, { [RATING_BLOCKS.happened]: { [RATING_BLOCKS.happened]: 'no' }, [RATING_BLOCKS.usefulness]: { [RATING_BLOCKS.usefulness]: '5' } });
    expect(await ratingRows()).toEqual([expect.objectContaining({ session_id: sessionId, rater_id: chloe, happened: 0, usefulness: null, clarity: null, applicability: null, comment: null })]);
  });

  it('only the two people in a held session may rate it', async () => {
    const { sessionId } = await heldSession();
    expect(await saveRating(s().deps, CAST.aiko.id, sessionId, { happened: 'no' })).toMatchObject({ ok: false, message: 'That session is not one of yours to rate.' });
    expect(await saveRating(s().deps, dev, sessionId + 1, { happened: 'no' })).toMatchObject({ ok: false });
    expect(await saveRating(s().deps, dev, sessionId, { happened: 'maybe' })).toMatchObject({ ok: false, errors: { [RATING_BLOCKS.happened]: expect.any(String) as string } });
    expect(await saveRating(s().deps, dev, sessionId, { happened: 'yes', usefulness: '6', clarity: '2.5', applicability: '1' })).toMatchObject({
      ok: false,
      errors: { [RATING_BLOCKS.usefulness]: 'Pick a score from 1 to 5.', [RATING_BLOCKS.clarity]: 'Pick a score from 1 to 5.' },
    });
    // A session not yet ended cannot be rated.
    const matchId = (await sql().get<{ match_id: number }>('select match_id from sessions where id = ?', sessionId))!.match_id;
    const upcoming = await book(matchId, at(now, 2 * DAY));
    expect(await saveRating(s().deps, dev, upcoming, { happened: 'no' })).toMatchObject({ ok: false, message: expect.stringContaining('has not happened yet') as string });
    expect(await ratingRows()).toEqual([]);
  });
});
