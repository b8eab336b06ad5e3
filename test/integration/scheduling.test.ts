import { formatInTimeZone } from 'date-fns-tz';
import { afterEach, describe, expect, it } from 'vitest';
import { LOCAL_BOT_TOKEN, type LocalStack, startLocalStack } from '../../demo/stack.js';
import { CAST, COORDINATOR_CHANNEL } from '../../demo/cast.js';
import { renderMessage, type StoredMessage } from '../../emulator/index.js';
import { isWithinWindow, type WeeklyWindow } from '../../src/domain/localTime.js';
import { proposeReverseMonthly } from '../../src/jobs/reverseMonthly.js';
import { pickSlot } from '../../src/services/sessions.js';
import { runCheckIns } from '../../src/jobs/checkIns.js';
import { JOBS } from '../../src/jobs/index.js';
import { runJob } from '../../src/jobs/runner.js';
import { runStalledPairs } from '../../src/jobs/stalledPairs.js';
import { CHECK_IN_ACTIONS, GOAL_CHECK_IN_ACTIONS } from '../../src/views/checkInMessages.js';
import { PAIR_RESUME_PREFIX } from '../../src/views/pausedPairMessages.js';
import { SESSION_ACTIONS, SLOT_NONE_ACTION, SLOT_PICK_ACTION_PREFIX } from '../../src/views/sessionMessages.js';
import { STALL_ACTIONS } from '../../src/views/stalledPairMessages.js';
import { activePair, join, MENTEE, MENTOR } from '../support/program.js';
import { at, DAY, HOUR, job, MINUTE } from '../support/virtualTime.js';
import { runScript, tempDir } from '../support/processes.js';
import { runJobCli } from '../../src/cli/job.js';
import { rawSql } from '../support/rawSql.js';

/*
 * Scheduling over virtual time: the app runs for real behind the emulator,
 * the clock is a variable, and time moves because the test calls the jobs
 * with a later `now`, the way cron would.
 */

let now = new Date(0);
let stack: LocalStack | undefined;
afterEach(async () => {
  await stack?.stop();
  stack = undefined;
});

async function boot(at: string, options: { databasePath?: string; env?: Record<string, string> } = {}): Promise<LocalStack> {
  now = new Date(at);
  stack = await startLocalStack({ clock: () => now, ...options });
  return stack;
}

const s = (): LocalStack => {
  if (!stack) throw new Error('no stack');
  return stack;
};
const sql = () => rawSql(s().database);
const client = () => s().mentoring.app.client;
const user = (id: string) => s().emulator.user(id);

const run = (name: string, when: Date = now) => runJob(job(name), s().deps, client(), when);

/** Moves the clock and runs these jobs, in order, as cron would at that moment. */
async function tickAt(when: Date, ...names: string[]): Promise<void> {
  now = when;
  for (const name of names) await run(name);
  await s().settle();
}

const PEOPLE = {
  chloe: { ...MENTOR, timeZone: 'Europe/Paris', department: 'Engineering', level: '6' },
  dev: { ...MENTEE, timeZone: 'Asia/Kolkata', department: 'Support', level: '2' },
  emma: { ...MENTOR, timeZone: 'America/New_York', department: 'Sales', level: '8' },
  bruno: { ...MENTEE, timeZone: 'Europe/Berlin', department: 'Platform', level: '3' },
} as const;

/** An active pair decided at `decidedAt`, as a round or an accepted request would leave it. */
const pair = (mentorId: string, menteeId: string, decidedAt: Date, kind: 'mentoring' | 'reverse' = 'mentoring') => activePair(s(), mentorId, menteeId, decidedAt, kind);

interface MatchRow {
  id: number;
  status: string;
  resumed_at: number | null;
  ended_at: number | null;
  end_reason: string | null;
}
const matchRow = async (id: number) => (await sql().get<MatchRow>('select id, status, resumed_at, ended_at, end_reason from matches where id = ?', id))!;

interface CheckInRow {
  id: number;
  match_id: number;
  person_id: string;
  kind: string;
  due_at: number;
  answer: string | null;
  note: string | null;
  answered_at: number | null;
}
const checkInRows = (matchId: number) => sql().all<CheckInRow>('select * from check_ins where match_id = ? order by due_at, kind', matchId);

interface ProposalRow {
  id: number;
  match_id: number;
  proposed_by: string;
  proposed_to: string;
  reason: string;
  slots: { start: number; end: number }[];
  status: string;
}
const proposals = async () =>
  (await sql().all<Omit<ProposalRow, 'slots'> & { slots: string }>('select id, match_id, proposed_by, proposed_to, reason, slots, status from session_proposals order by id')).map(
    (p): ProposalRow => ({ ...p, slots: JSON.parse(p.slots) as ProposalRow['slots'] }),
  );
const sessionRows = () =>
  sql().all<{ id: number; proposal_id: number; starts_at: number; ends_at: number; status: string; sequence: number }>('select id, match_id, proposal_id, starts_at, ends_at, status, sequence from sessions order by id');

/** A person's hours as they gave them at intake, read back from the database. */
async function hoursOf(id: string): Promise<{ timeZone: string; working: WeeklyWindow; availability: WeeklyWindow[] }> {
  const row = (await sql().get<{ tz: string; days: string; start: number; end: number }>(
    'select pe.time_zone as tz, p.work_days as days, p.work_start_minute as start, p.work_end_minute as "end" from profiles p join people pe on pe.id = p.person_id where p.person_id = ?',
    id,
  ))!;
  const windows = await sql().all<{ weekday: number; start: number; end: number }>('select weekday, start_minute as start, end_minute as "end" from availability where person_id = ?', id);
  return {
    timeZone: row.tz,
    working: { days: JSON.parse(row.days) as number[], startMinute: row.start, endMinute: row.end },
    availability: windows.map((w) => ({ days: [w.weekday], startMinute: w.start, endMinute: w.end })),
  };
}

const inWorkingHours = async (id: string, instant: Date) => {
  const h = await hoursOf(id);
  return isWithinWindow(instant, h.working, h.timeZone);
};
const available = async (id: string, instant: Date) => {
  const h = await hoursOf(id);
  return isWithinWindow(instant, h.working, h.timeZone) && h.availability.some((w) => isWithinWindow(instant, w, h.timeZone));
};
/** A slot fits someone when its first and last minute are inside both their working hours and their availability. */
const fits = async (id: string, slot: { start: number; end: number }) => (await available(id, new Date(slot.start))) && (await available(id, new Date(slot.end - MINUTE)));

interface SentRow {
  key: string;
  recipient: string;
  sentAt: number;
}
/** DMs the bot started (not its answers to something a person just did, which go at once). */
const sentDms = async (): Promise<SentRow[]> =>
  (await sql().all<SentRow & { payload: string }>("select idempotency_key as key, recipient, sent_at as \"sentAt\", payload from outbox where status = 'sent' and recipient like 'U%' order by id"))
    .filter((r) => (JSON.parse(r.payload) as { reply?: unknown }).reply == null)
    .map(({ key, recipient, sentAt }) => ({ key, recipient, sentAt }));
const sentTo = async (recipient: string, keyPrefix: string) => (await sentDms()).filter((r) => r.recipient === recipient && r.key.startsWith(keyPrefix));

/** Every DM the bot started (outbox, sent to a user), with the moment it went out, outside that person's working hours. */
async function dmsOutsideWorkingHours(): Promise<string[]> {
  // Coordinators are staff, not participants, and are told things as they happen.
  const coordinators = new Set(s().config.coordinatorUserIds);
  const outside: string[] = [];
  for (const r of (await sentDms()).filter((r) => !coordinators.has(r.recipient))) {
    if (await inWorkingHours(r.recipient, new Date(r.sentAt))) continue;
    outside.push(`${r.key} → ${r.recipient} at ${new Date(r.sentAt).toISOString()} (${formatInTimeZone(new Date(r.sentAt), (await hoursOf(r.recipient)).timeZone, 'EEE HH:mm zzz')})`);
  }
  return outside;
}

const keyOf = (m: StoredMessage) => (m.metadata as { event_payload?: { key?: string } } | undefined)?.event_payload?.key;
/** How many copies of the outbox message with this key Slack holds. */
const copiesOf = (key: string) => s().emulator.workspace.messages.filter((m) => keyOf(m) === key).length;
const rendered = (m: StoredMessage | undefined) => (m ? renderMessage(m).join('\n') : '');
const seen = (id: string) => user(id).messages().map(rendered).join('\n---\n');
const withText = (id: string, fragment: string) => user(id).messages().filter((m) => m.text.includes(fragment));
const buttonsOf = (m: StoredMessage, blockId: string) =>
  ((m.blocks ?? []) as { block_id?: string; elements?: { action_id?: string }[] }[]).find((b) => b.block_id === blockId)?.elements?.map((e) => e.action_id) ?? [];
const filesOf = (id: string) => user(id).messages().flatMap((m) => m.files ?? []).map((f) => ({ name: f.name, ics: f.content.toString('utf8') }));
const icsStamp = (instant: number) => `${new Date(instant).toISOString().replace(/[-:]/g, '').slice(0, 15)}Z`;

const FIVE_BUTTONS = Object.values(CHECK_IN_ACTIONS);

describe('check-ins over ten weeks of virtual time', () => {
  // Ten weeks of 15-minute ticks: 5 s alone, twice that inside a busy suite.
  it('asks each mentor every two weeks and each mentee monthly, once each, always inside their working hours, across both DST changes', { timeout: 60_000 }, async () => {
    // Wednesday 14 October 2026, 07:30 UTC: Europe is on summer time until 25 October, New York until 1 November.
    const start = new Date('2026-10-14T07:30:00Z');
    await boot(start.toISOString());
    for (const [name, answers] of Object.entries(PEOPLE)) await join(s(), CAST[name as keyof typeof PEOPLE].id, answers);
    // Chloé answers every check-in; Emma never does.
    const answering = await pair(CAST.chloe.id, CAST.dev.id, start);
    const silent = await pair(CAST.emma.id, CAST.bruno.id, start);
    const checkIns = job('check-ins');
    const deliveredUnanswered = (personId: string, kind: string) =>
      sql().all<{ id: number }>("select c.id from check_ins c join outbox o on o.idempotency_key = 'checkin:' || c.id where o.status = 'sent' and c.answered_at is null and c.person_id = ? and c.kind = ?", personId, kind);

    // Hour by hour for ten weeks and a morning: the job drains the outbox itself each time.
    for (let hour = 0; hour <= 70 * 24 + 12; hour += 1) {
      now = at(start, hour * HOUR);
      // A double tick (two schedulers, a retry) runs the job once for its slot.
      const ticks = await Promise.all([runJob(checkIns, s().deps, client(), now), runJob(checkIns, s().deps, client(), now)]);
      expect(ticks.filter((t) => t.ran)).toHaveLength(1);
      if (hour % (14 * 24) === 0) {
        // Running the job again at the same moment (outside the ledger) adds nothing.
        expect(await runCheckIns(s().deps, client(), now)).toEqual({ created: 0, paused: 0 });
      }
      for (const { id } of await deliveredUnanswered(CAST.chloe.id, 'mentor')) {
        await user(CAST.chloe.id).click(CHECK_IN_ACTIONS.goingWell);
        await s().settle();
        expect(user(CAST.chloe.id).modal()?.view.private_metadata).toBe(JSON.stringify({ checkInId: id, answer: 'goingWell' }));
        await user(CAST.chloe.id).submit({ note: { note: `week ${Math.round(hour / 168)}: all good` } });
        await s().settle();
      }
      for (const { id } of await deliveredUnanswered(CAST.dev.id, 'mentee_goals')) {
        await user(CAST.dev.id).click(GOAL_CHECK_IN_ACTIONS.onTrack, { value: String(id) });
        await s().settle();
      }
    }

    const days = (rows: CheckInRow[], kind: string) => rows.filter((r) => r.kind === kind).map((r) => (r.due_at - start.getTime()) / DAY);
    // The answering pair: every fortnight for the mentor, every 30 days for the mentee, each answered.
    const answered = await checkInRows(answering);
    expect(days(answered, 'mentor')).toEqual([14, 28, 42, 56, 70]);
    expect(days(answered, 'mentee_goals')).toEqual([30, 60]);
    expect(answered.map((r) => [r.kind, r.answer])).toEqual([
      ['mentor', 'going well'],
      ['mentor', 'going well'],
      ['mentee_goals', 'on track'],
      ['mentor', 'going well'],
      ['mentor', 'going well'],
      ['mentee_goals', 'on track'],
      ['mentor', 'going well'],
    ]);
    expect(answered[0]?.note).toBe('week 2: all good');
    // Each check-in reached its person exactly once, with the five answers.
    const chloeCheckIns = withText(CAST.chloe.id, `How is your mentorship with <@${CAST.dev.id}> going?`);
    expect(chloeCheckIns).toHaveLength(5);
    for (const m of chloeCheckIns) expect(buttonsOf(m, 'checkin_answer')).toEqual(FIVE_BUTTONS);
    for (const row of answered) expect(copiesOf(`checkin:${row.id}`)).toBe(1);
    // Dev's goal check-ins were answered in place: the buttons gave way to the reply.
    const goalKeys = new Set(answered.filter((r) => r.kind === 'mentee_goals').map((r) => `checkin:${r.id}`));
    expect(user(CAST.dev.id).messages().filter((m) => goalKeys.has(keyOf(m) ?? '')).map((m) => [m.text, m.blocks])).toEqual(Array(2).fill(['Thanks for checking in!', undefined]));

    // The silent pair: asked at 14, 28 and 42 days; the third gets its full fortnight, then reminders pause.
    const unanswered = await checkInRows(silent);
    expect(days(unanswered, 'mentor')).toEqual([14, 28, 42]);
    expect(days(unanswered, 'mentee_goals')).toEqual([30]);
    expect(unanswered.every((r) => r.answer === null)).toBe(true);
    expect((await matchRow(silent)).status).toBe('paused');
    const emmaCheckIns = withText(CAST.emma.id, `How is your mentorship with <@${CAST.bruno.id}> going?`);
    expect(emmaCheckIns).toHaveLength(3);
    for (const m of emmaCheckIns) expect(buttonsOf(m, 'checkin_answer')).toEqual(FIVE_BUTTONS);
    expect(withText(CAST.bruno.id, 'How are your mentoring goals coming along?')).toHaveLength(1);
    for (const person of [CAST.emma.id, CAST.bruno.id]) expect(await sentTo(person, `match:${silent}:silence:`)).toHaveLength(1);

    // Emma's check-ins went out at 09:30 in New York on both sides of 1 November: 13:30 UTC, then 14:30 UTC.
    const emmaSent = (await sentTo(CAST.emma.id, 'checkin:')).map((r) => new Date(r.sentAt));
    expect(emmaSent.map((d) => d.toISOString())).toEqual(['2026-10-28T13:30:00.000Z', '2026-11-11T14:30:00.000Z', '2026-11-25T14:30:00.000Z']);
    expect(emmaSent.map((d) => formatInTimeZone(d, 'America/New_York', 'HH:mm'))).toEqual(['09:30', '09:30', '09:30']);
    // Bruno's goal check-in fell due at 08:30 in Berlin (winter time by then) and waited for 09:00.
    expect((await sentTo(CAST.bruno.id, 'checkin:')).map((r) => formatInTimeZone(new Date(r.sentAt), 'Europe/Berlin', 'yyyy-MM-dd HH:mm'))).toEqual(['2026-11-13 09:30']);

    // Every note Chloé added went privately to the coordinator as it arrived.
    expect((await sentTo(CAST.grace.id, 'checkin:')).map((r) => r.key)).toEqual(answered.filter((r) => r.kind === 'mentor').map((r) => `checkin:${r.id}:goingWell:note:${CAST.grace.id}`));
    // Every DM the bot started reached its person inside their own working hours.
    expect((await sentDms()).filter((r) => r.recipient !== CAST.grace.id)).toHaveLength(13);
    expect(await dmsOutsideWorkingHours()).toEqual([]);
  });
});

describe('answering a check-in', () => {
  it('records the answer and note; help reaches the coordinators privately; pause and end change the match and tell the partner', async () => {
    // Monday 30 November 2026, 09:00 UTC: working hours in Paris (10:00) and Kolkata (14:30).
    // Two coordinators, neither of them taking part in the program.
    await boot('2026-11-30T09:00:00Z', { env: { COORDINATOR_USER_IDS: `${CAST.grace.id},${CAST.aiko.id}` } });
    await join(s(), CAST.chloe.id, PEOPLE.chloe);
    await join(s(), CAST.dev.id, PEOPLE.dev);
    const matchId = await pair(CAST.chloe.id, CAST.dev.id, at(now, -30 * DAY));
    expect((await run('check-ins')).ran).toBe(true);
    const [mentorCheckIn, goalCheckIn] = await checkInRows(matchId);
    expect([mentorCheckIn?.kind, goalCheckIn?.kind]).toEqual(['mentor', 'mentee_goals']);
    const chloe = user(CAST.chloe.id);
    const dev = user(CAST.dev.id);
    const grace = user(CAST.grace.id);

    // "I could use some help": a note form, then a private alert to each coordinator with the note made inert.
    await chloe.click(CHECK_IN_ACTIONS.needHelp);
    await s().settle();
    expect(chloe.modal()?.view.callback_id).toBe('checkin_note');
    expect(chloe.modal()?.view.title).toEqual({ type: 'plain_text', text: 'Ask for help' });
    const note = '<!channel> we *never* manage to meet & I am stuck';
    await chloe.submit({ note: { note } });
    await s().settle();
    expect((await checkInRows(matchId))[0]).toMatchObject({ answer: 'needs help', note });
    expect(chloe.lastMessage()?.text).toContain('A program coordinator will get in touch with you privately.');
    for (const coordinator of [grace, user(CAST.aiko.id)]) {
      const alerts = coordinator.messages().filter((m) => m.text.includes('asked for help'));
      expect(alerts.map((m) => m.text)).toEqual([`<@${CAST.chloe.id}> asked for help with their mentorship of <@${CAST.dev.id}>.`]);
      const alertBlocks = JSON.stringify(alerts[0]?.blocks);
      expect(alertBlocks).toContain('&lt;!channel&gt; we *never* manage to meet &amp; I am stuck');
      expect(alertBlocks).not.toContain('<!channel>');
    }
    // Privately: not in the coordinators' channel, not to the mentee.
    expect(s().emulator.channelMessages(COORDINATOR_CHANNEL.id)).toEqual([]);
    expect(seen(CAST.dev.id)).not.toContain('never manage');

    // The mentee's goal check-in: one click records it.
    await dev.click(GOAL_CHECK_IN_ACTIONS.stuck);
    await s().settle();
    expect((await checkInRows(matchId))[1]).toMatchObject({ kind: 'mentee_goals', answer: 'stuck', note: null, answered_at: now.getTime() });

    // "Pause for a while" pauses the pair and tells the partner.
    await chloe.click(CHECK_IN_ACTIONS.pause);
    await s().settle();
    await chloe.submit({ note: { note: 'Back in January' } });
    await s().settle();
    expect((await matchRow(matchId)).status).toBe('paused');
    expect((await checkInRows(matchId))[0]).toMatchObject({ answer: 'pause', note: 'Back in January' });
    expect(dev.lastMessage()?.text).toBe(`<@${CAST.chloe.id}> has paused your mentorship for now; check-ins stop until one of you resumes it. Nothing for you to do.`);
    // A paused pair gets no check-ins.
    expect(await runCheckIns(s().deps, client(), at(now, 14 * DAY))).toEqual({ created: 0, paused: 0 });

    // "End mentorship" closes it and tells the partner kindly.
    await chloe.click(CHECK_IN_ACTIONS.end);
    await s().settle();
    await chloe.submit({});
    await s().settle();
    expect(await matchRow(matchId)).toMatchObject({ status: 'ended', ended_at: now.getTime(), end_reason: 'closed at a check-in' });
    expect((await checkInRows(matchId))[0]).toMatchObject({ answer: 'end', note: null });
    expect(dev.lastMessage()?.text).toContain(`<@${CAST.chloe.id}> has closed your mentorship.`);
    expect(chloe.lastMessage()?.text).toBe('Your mentorship is closed. Thank you for mentoring!');
    // Each partner message went once.
    expect(copiesOf(`checkin:${mentorCheckIn?.id}:paused`)).toBe(1);
    expect(copiesOf(`checkin:${mentorCheckIn?.id}:ended`)).toBe(1);
  });
});

describe('silence', () => {
  it('pauses a pair after three unanswered mentor check-ins, tells both with a resume button, and resuming starts afresh', async () => {
    // Monday 2 November 2026, 09:00 UTC; every check below lands on a Monday at 10:00 in Paris, 14:30 in Kolkata.
    const start = new Date('2026-11-02T09:00:00Z');
    await boot(start.toISOString());
    await join(s(), CAST.chloe.id, PEOPLE.chloe);
    await join(s(), CAST.dev.id, PEOPLE.dev);
    const matchId = await pair(CAST.chloe.id, CAST.dev.id, start);
    for (const day of [14, 28, 42]) await tickAt(at(start, day * DAY), 'check-ins');
    expect((await checkInRows(matchId)).filter((r) => r.kind === 'mentor')).toHaveLength(3);
    expect(withText(CAST.chloe.id, 'How is your mentorship')).toHaveLength(3);

    // The third check-in has only just arrived: Chloé gets her fortnight to answer it.
    await tickAt(at(start, 42 * DAY + 15 * MINUTE), 'check-ins');
    await tickAt(at(start, 49 * DAY), 'check-ins');
    expect((await matchRow(matchId)).status).toBe('active');

    // When the fourth would be due, the pair is paused instead, and both are told.
    await tickAt(at(start, 56 * DAY), 'check-ins');
    expect((await matchRow(matchId)).status).toBe('paused');
    // Paused by the bot for silence, not by the pair: no spell, so the bias audit still counts the quiet.
    expect(await sql().get('select count(*) as n from match_pauses where match_id = ?', matchId)).toEqual({ n: 0 });
    expect((await checkInRows(matchId)).filter((r) => r.kind === 'mentor')).toHaveLength(3);
    for (const [person, partner] of [
      [CAST.chloe.id, CAST.dev.id],
      [CAST.dev.id, CAST.chloe.id],
    ]) {
      const notice = withText(person as string, "We've paused reminders");
      expect(notice).toHaveLength(1);
      expect(notice[0]?.text).toBe(`We've paused reminders for your mentorship with <@${partner}>.`);
      expect(buttonsOf(notice[0] as StoredMessage, 'pair_resume')).toEqual([`${PAIR_RESUME_PREFIX}${matchId}`]);
    }
    // Running again changes nothing: already paused, nobody told twice.
    await tickAt(at(start, 56 * DAY + HOUR), 'check-ins', 'stalled-pairs');
    expect(withText(CAST.chloe.id, "We've paused reminders")).toHaveLength(1);

    // Dev resumes it.
    now = at(start, 57 * DAY);
    await user(CAST.dev.id).click(`${PAIR_RESUME_PREFIX}${matchId}`);
    await s().settle();
    expect(await matchRow(matchId)).toMatchObject({ status: 'active', resumed_at: now.getTime() });
    expect(user(CAST.dev.id).lastMessage()?.text).toBe('Your mentorship is active again; check-ins start afresh.');
    // The old streak is behind them: no new pause, no nudge, no check-in until a fortnight from the resume.
    const resumedAt = now;
    await tickAt(at(resumedAt, HOUR), 'check-ins', 'stalled-pairs', 'outbox');
    await tickAt(at(resumedAt, 7 * DAY), 'check-ins', 'stalled-pairs', 'outbox');
    expect((await matchRow(matchId)).status).toBe('active');
    expect((await checkInRows(matchId)).filter((r) => r.kind === 'mentor')).toHaveLength(3);
    await tickAt(at(resumedAt, 14 * DAY), 'check-ins');
    expect((await checkInRows(matchId)).filter((r) => r.kind === 'mentor').map((r) => r.due_at)).toContain(at(resumedAt, 14 * DAY).getTime());
    expect((await matchRow(matchId)).status).toBe('active');
    // Chloé's resume button now has nothing to resume.
    await user(CAST.chloe.id).click(`${PAIR_RESUME_PREFIX}${matchId}`);
    await s().settle();
    expect(user(CAST.chloe.id).lastMessage()?.text).toBe('That mentorship is not paused: it is already active.');
    expect(await dmsOutsideWorkingHours()).toEqual([]);
  });
});

describe('sessions', () => {
  /** Chloé (Paris) and Dev (Kolkata), paired a fortnight ago; Monday 30 November 2026, 08:00 UTC (09:00 Paris, 13:30 Kolkata). */
  async function chloeAndDev() {
    await boot('2026-11-30T08:00:00Z');
    await join(s(), CAST.chloe.id, PEOPLE.chloe);
    await join(s(), CAST.dev.id, PEOPLE.dev);
    return await pair(CAST.chloe.id, CAST.dev.id, at(now, -14 * DAY));
  }

  async function proposeAndBook() {
    await user(CAST.chloe.id).slash('/mentor schedule');
    await s().settle();
    const [proposal] = await proposals();
    if (!proposal) throw new Error('no proposal');
    await user(CAST.dev.id).click(`${SLOT_PICK_ACTION_PREFIX}0`);
    await s().settle();
    const [session] = await sessionRows();
    if (!session) throw new Error('nothing booked');
    return { proposal, session };
  }

  it('never offers a time one of them spends in their circle', async () => {
    // Reproduced on main: slot finding knew only the pair's own sessions, so Dev was offered the hour of his weekly circle.
    const matchId = await chloeAndDev();
    await user(CAST.chloe.id).slash('/mentor schedule');
    await s().settle();
    const first = (await proposals())[0]?.slots[0] as { start: number; end: number };
    // Dev sits in a circle that meets exactly then; the offer is withdrawn and asked for again.
    const circle = Number(
      (
        await sql().run(
          "insert into circles (program_id, topic, intent, style, size_min, size_max, cadence, session_minutes, slot_weekday, slot_minute, zone, starts_on, channel_name, created_by, created_at) values (1, 'leadership', 'Lead', 'peer', 3, 6, 'weekly', 60, 1, 0, 'UTC', '2026-12-01', 'circle-x', ?, ?) returning id",
          CAST.grace.id,
          now.getTime(),
        )
      ).lastId,
    );
    await sql().run("insert into circle_members (circle_id, person_id, status, asked_at, joined_at) values (?, ?, 'member', ?, ?)", circle, CAST.dev.id, now.getTime(), now.getTime());
    await sql().run("insert into circle_sessions (circle_id, seq, starts_at, ends_at, status) values (?, 0, ?, ?, 'planned')", circle, first.start - 15 * MINUTE, first.start + 45 * MINUTE);
    await sql().run("update session_proposals set status = 'declined' where match_id = ?", matchId);
    now = at(now, 10 * MINUTE);
    await user(CAST.chloe.id).slash('/mentor schedule');
    await s().settle();
    const again = (await proposals()).at(-1)?.slots ?? [];
    expect(again.length).toBeGreaterThan(0);
    expect(again.filter((slot) => slot.start < first.start + 45 * MINUTE && first.start - 15 * MINUTE < slot.end)).toEqual([]);
  });

  it('proposes times inside both people’s hours; picking one books it once, confirms with a calendar file, and reminds a day and an hour before', async () => {
    const matchId = await chloeAndDev();
    const chloe = user(CAST.chloe.id);
    const dev = user(CAST.dev.id);
    await chloe.slash('/mentor schedule');
    await s().settle();
    const [proposal] = await proposals();
    expect(proposal).toMatchObject({ match_id: matchId, proposed_by: CAST.chloe.id, proposed_to: CAST.dev.id, reason: 'requested', status: 'open' });
    const slots = proposal?.slots ?? [];
    expect(slots.length).toBeGreaterThanOrEqual(1);
    expect(slots.length).toBeLessThanOrEqual(3);
    for (const slot of slots) {
      expect(slot.end - slot.start).toBe(45 * MINUTE);
      expect([await fits(CAST.chloe.id, slot), await fits(CAST.dev.id, slot)], new Date(slot.start).toISOString()).toEqual([true, true]);
    }
    expect(chloe.lastMessage()?.text).toBe(`I've offered <@${CAST.dev.id}> ${slots.length} times that fit you both; you'll hear when they pick one.`);
    const offer = dev.lastMessage();
    expect(offer?.text).toBe(`<@${CAST.chloe.id}> proposed times to meet`);
    expect(buttonsOf(offer as StoredMessage, `slots_${proposal?.id}`)).toEqual([...slots.map((_, i) => `${SLOT_PICK_ACTION_PREFIX}${i}`), SLOT_NONE_ACTION]);

    // Dev picks option 1 with a double click: one booking; the second click is told it was already answered.
    await Promise.all([dev.click(`${SLOT_PICK_ACTION_PREFIX}0`), dev.click(`${SLOT_PICK_ACTION_PREFIX}0`)]);
    await s().settle();
    expect(withText(CAST.dev.id, 'Booked. A confirmation and a calendar file are in your messages.')).toHaveLength(1);
    expect(withText(CAST.dev.id, 'This has already been answered.')).toHaveLength(1);
    // Another option, from a device still showing the offer: nothing more.
    expect(await pickSlot(s().deps, client(), CAST.dev.id, proposal?.id ?? 0, 1)).toEqual({ ok: false, message: 'This has already been answered.' });
    const sessions = await sessionRows();
    expect(sessions).toHaveLength(1);
    const session = sessions[0] as (typeof sessions)[number];
    expect(session).toMatchObject({ proposal_id: proposal?.id, status: 'booked', sequence: 0, starts_at: slots[0]?.start, ends_at: slots[0]?.end });
    // Tuesday 10:00 in Paris, 14:30 in Kolkata.
    expect(new Date(session.starts_at).toISOString()).toBe('2026-12-01T09:00:00.000Z');
    expect((await proposals())[0]?.status).toBe('accepted');

    // Both get a confirmation and a calendar file, once.
    for (const [person, partner] of [
      [CAST.chloe.id, CAST.dev.id],
      [CAST.dev.id, CAST.chloe.id],
    ] as const) {
      const confirmations = withText(person, `Your session with <@${partner}> is booked for`);
      expect(confirmations).toHaveLength(1);
      expect(buttonsOf(confirmations[0] as StoredMessage, `session_${session.id}`)).toEqual([SESSION_ACTIONS.reschedule, SESSION_ACTIONS.cancel]);
      const files = filesOf(person);
      expect(files.map((f) => f.name)).toEqual(['mentoring-session.ics']);
      const ics = files[0]?.ics ?? '';
      expect(ics).toContain('BEGIN:VEVENT');
      expect(ics).toContain('METHOD:REQUEST');
      expect(ics).toContain(`UID:session-${session.id}@mentoring-bot`);
      expect(ics).toContain('DTSTART:20261201T090000Z');
      expect(ics).toContain(`DTEND:${icsStamp(session.ends_at)}`);
    }
    expect(s().emulator.callsTo('files.completeUploadExternal').filter((c) => c.ok)).toHaveLength(2);

    // Reminders: a day before and an hour before, one each per person, none once it has started.
    const reminders = (person: string) => ({
      day: withText(person, 'Reminder: your session with').length,
      hour: withText(person, 'starts in an hour').length,
    });
    const start = new Date(session.starts_at);
    await tickAt(at(start, -25 * HOUR), 'outbox');
    expect([reminders(CAST.chloe.id), reminders(CAST.dev.id)]).toEqual([
      { day: 0, hour: 0 },
      { day: 0, hour: 0 },
    ]);
    await tickAt(at(start, -24 * HOUR), 'outbox');
    await tickAt(at(start, -24 * HOUR + MINUTE), 'outbox');
    expect([reminders(CAST.chloe.id), reminders(CAST.dev.id)]).toEqual([
      { day: 1, hour: 0 },
      { day: 1, hour: 0 },
    ]);
    await tickAt(at(start, -HOUR), 'outbox');
    await tickAt(at(start, -HOUR + MINUTE), 'outbox');
    await tickAt(at(start, MINUTE), 'outbox');
    await tickAt(at(start, 2 * DAY), 'outbox');
    expect([reminders(CAST.chloe.id), reminders(CAST.dev.id)]).toEqual([
      { day: 1, hour: 1 },
      { day: 1, hour: 1 },
    ]);
    expect((await sentTo(CAST.dev.id, `session:${session.id}:0:remind:1:`))[0]?.sentAt).toBe(at(start, -HOUR).getTime());
    expect(await dmsOutsideWorkingHours()).toEqual([]);
  });

  it('"None of these work" tells the proposer; slots stay inside both people’s hours across the DST changes', async () => {
    // Thursday 22 October 2026, 13:00 UTC: 15:00 in Paris (summer time), 09:00 in New York.
    await boot('2026-10-22T13:00:00Z');
    await join(s(), CAST.chloe.id, PEOPLE.chloe);
    await join(s(), CAST.emma.id, { ...MENTEE, timeZone: 'America/New_York', availabilityStart: '09:00', availabilityEnd: '17:00' });
    await pair(CAST.chloe.id, CAST.emma.id, at(now, -14 * DAY));
    const emma = user(CAST.emma.id);
    const chloe = user(CAST.chloe.id);
    await emma.slash('/mentor schedule');
    await s().settle();
    await chloe.click(SLOT_NONE_ACTION);
    await s().settle();
    expect((await proposals())[0]?.status).toBe('declined');
    expect(chloe.lastMessage()?.text).toBe('Thanks, I let them know none of those times work.');
    expect(emma.lastMessage()?.text).toBe(`None of the times you offered work for <@${CAST.chloe.id}>. Try \`/mentor schedule\` again later, or agree a time in your chat.`);
    expect(await sessionRows()).toEqual([]);

    // A week later, after Europe's change and just before New York's.
    now = new Date('2026-10-29T13:00:00Z');
    await emma.slash('/mentor schedule');
    await s().settle();
    const all = await proposals();
    expect(all).toHaveLength(2);
    const starts = all.flatMap((p) => p.slots);
    for (const slot of starts) expect([await fits(CAST.chloe.id, slot), await fits(CAST.emma.id, slot)], new Date(slot.start).toISOString()).toEqual([true, true]);
    // The shared hour moves in UTC as the clocks change: 13:00 UTC while New York is on summer time, 14:00 after.
    expect(starts.map((slot) => new Date(slot.start).toISOString())).toEqual([
      '2026-10-23T13:00:00.000Z',
      '2026-10-26T13:00:00.000Z',
      '2026-10-27T13:00:00.000Z',
      '2026-10-30T13:00:00.000Z',
      '2026-11-02T14:00:00.000Z',
      '2026-11-03T14:00:00.000Z',
    ]);
  });

  it('reminds an hour before a session that starts with someone’s working day', async () => {
    // Monday 26 October 2026, 13:00 UTC: 14:00 in Paris (winter time already), 09:00 in New York (summer time still).
    await boot('2026-10-26T13:00:00Z');
    await join(s(), CAST.chloe.id, PEOPLE.chloe);
    await join(s(), CAST.emma.id, { ...MENTEE, timeZone: 'America/New_York', availabilityStart: '09:00', availabilityEnd: '17:00' });
    await pair(CAST.chloe.id, CAST.emma.id, at(now, -14 * DAY));
    await user(CAST.chloe.id).slash('/mentor schedule');
    await s().settle();
    await user(CAST.emma.id).click(`${SLOT_PICK_ACTION_PREFIX}1`);
    await s().settle();
    const [session] = await sessionRows();
    const start = new Date(session?.starts_at ?? 0);
    // Emma's working day starts at 09:00, when the session does: an hour before, she is not at work yet.
    expect(formatInTimeZone(start, 'America/New_York', 'EEE HH:mm')).toBe('Wed 09:00');
    for (const offset of [-24 * HOUR, -HOUR, 0, MINUTE]) await tickAt(at(start, offset), 'outbox');
    for (const person of [CAST.chloe.id, CAST.emma.id]) {
      expect([withText(person, 'Reminder: your session with').length, withText(person, 'starts in an hour').length], person).toEqual([1, 1]);
    }
    // It went an hour before, not at 09:00 when it would have expired unsent.
    expect((await sentTo(CAST.emma.id, `session:${session?.id}:0:remind:1:`)).map((r) => r.sentAt)).toEqual([at(start, -HOUR).getTime()]);
  });

  it('cancelling tells the partner, sends a cancelling calendar file, and withdraws the reminders', async () => {
    await chloeAndDev();
    const { session } = await proposeAndBook();
    await user(CAST.chloe.id).click(SESSION_ACTIONS.cancel);
    await s().settle();
    expect((await sessionRows())[0]).toMatchObject({ id: session.id, status: 'cancelled', sequence: 1 });
    expect(user(CAST.chloe.id).lastMessage()?.text).toBe('Cancelled. Your partner has been told and your calendars updated.');
    expect(withText(CAST.dev.id, `<@${CAST.chloe.id}> cancelled your session on`)).toHaveLength(1);
    for (const person of [CAST.chloe.id, CAST.dev.id]) {
      const cancelled = filesOf(person).filter((f) => f.name === 'mentoring-session-cancelled.ics');
      expect(cancelled).toHaveLength(1);
      expect(cancelled[0]?.ics).toContain('METHOD:CANCEL');
      expect(cancelled[0]?.ics).toContain('STATUS:CANCELLED');
      expect(cancelled[0]?.ics).toContain(`UID:session-${session.id}@mentoring-bot`);
      expect(cancelled[0]?.ics).toContain('SEQUENCE:1');
    }
    // Cancelling twice does nothing more.
    await user(CAST.chloe.id).click(SESSION_ACTIONS.cancel);
    await s().settle();
    expect(user(CAST.chloe.id).lastMessage()?.text).toBe('That session is no longer booked.');
    expect(withText(CAST.dev.id, 'cancelled your session')).toHaveLength(1);
    // The queued reminders never go out.
    const start = new Date(session.starts_at);
    for (const offset of [-24 * HOUR, -HOUR, MINUTE]) await tickAt(at(start, offset), 'outbox');
    for (const person of [CAST.chloe.id, CAST.dev.id]) {
      expect(withText(person, 'Reminder: your session')).toEqual([]);
      expect(withText(person, 'starts in an hour')).toEqual([]);
    }
    const withdrawn = await sql().all('select status, last_error from outbox where idempotency_key like ?', `session:${session.id}:0:remind:%`);
    expect(withdrawn).toEqual(Array(4).fill({ status: 'failed', last_error: 'withdrawn' }));
  });

  it('rescheduling takes the old time off and offers new ones; the pick moves the same session and calendar entry', async () => {
    await chloeAndDev();
    const { session } = await proposeAndBook();
    await user(CAST.dev.id).click(SESSION_ACTIONS.reschedule);
    await s().settle();
    // The old time is off (no reminders, no clash), but the session is the same one, waiting for its new time.
    expect(await sessionRows()).toEqual([expect.objectContaining({ id: session.id, status: 'proposed', sequence: 0 })]);
    const [, fresh] = await proposals();
    expect(fresh).toMatchObject({ proposed_by: CAST.dev.id, proposed_to: CAST.chloe.id, status: 'open' });
    for (const slot of fresh?.slots ?? []) expect([await fits(CAST.chloe.id, slot), await fits(CAST.dev.id, slot)]).toEqual([true, true]);
    const offer = user(CAST.chloe.id).lastMessage();
    expect(offer?.text).toBe(`<@${CAST.dev.id}> would like to move your session`);
    expect(rendered(offer)).toContain("can't make your session on");
    expect(rendered(offer)).toContain('that time is off');
    expect(user(CAST.dev.id).lastMessage()?.text).toContain(`I've offered <@${CAST.chloe.id}>`);
    // No cancelling file: the entry is moved when a new time is picked, not deleted and made again.
    expect(filesOf(CAST.chloe.id).map((f) => f.name)).toEqual(['mentoring-session.ics']);
    await user(CAST.chloe.id).click(`${SLOT_PICK_ACTION_PREFIX}0`);
    await s().settle();
    expect(await sessionRows()).toEqual([expect.objectContaining({ id: session.id, status: 'booked', sequence: 1, starts_at: fresh?.slots[0]?.start })]);
    for (const person of [CAST.chloe.id, CAST.dev.id]) {
      const files = filesOf(person);
      expect(files.map((f) => f.name)).toEqual(['mentoring-session.ics', 'mentoring-session.ics']);
      // Same UID, higher SEQUENCE: calendars move the entry they already have.
      expect(files[1]?.ics).toContain(`UID:session-${session.id}@mentoring-bot`);
      expect(files[1]?.ics).toContain('SEQUENCE:1');
      expect(files[1]?.ics).toContain('METHOD:REQUEST');
      expect(withText(person, 'is moved to')).toHaveLength(1);
    }
    // The old time's reminders never go out; the new time's do.
    const old = new Date(session.starts_at);
    await tickAt(at(old, -24 * HOUR), 'outbox');
    expect((await sentDms()).filter((r) => r.key.startsWith(`session:${session.id}:0:remind`))).toEqual([]);
    expect(await sql().get('select count(*) as n from outbox where idempotency_key like ?', `session:${session.id}:1:remind:%`)).toEqual({ n: 4 });
  });

  it('a move nobody answers is off once every offered time has begun: both told, and a late pick books nothing', async () => {
    // Reproduced on main: the session waited for a pick forever, still on both calendars at its old time.
    await chloeAndDev();
    const { session } = await proposeAndBook();
    await user(CAST.dev.id).click(SESSION_ACTIONS.reschedule);
    await s().settle();
    const move = (await proposals()).at(-1);
    const last = Math.max(...(move?.slots ?? []).map((slot) => slot.start));
    await tickAt(at(new Date(last), -MINUTE), 'rating-prompts');
    expect((await sessionRows())[0]?.status).toBe('proposed');
    await tickAt(at(new Date(last), MINUTE), 'rating-prompts', 'outbox');
    expect(await sessionRows()).toEqual([expect.objectContaining({ id: session.id, status: 'cancelled', sequence: 1 })]);
    expect((await proposals()).at(-1)?.status).toBe('expired');
    // Both hear it in their own working hours. (Its calendar entry is cancelled too while its old time is ahead;
    // here that time has passed, so the cancelling file lapses unsent rather than arrive about the past.)
    await tickAt(at(new Date(last), 24 * HOUR), 'outbox');
    for (const [person, partner] of [[CAST.chloe.id, CAST.dev.id], [CAST.dev.id, CAST.chloe.id]] as const) {
      expect(withText(person, `No new time was picked for your session with <@${partner}>`)).toHaveLength(1);
    }
    // Too late to pick one of those times now.
    await user(CAST.chloe.id).click(`${SLOT_PICK_ACTION_PREFIX}0`);
    await s().settle();
    expect((await sessionRows())[0]?.status).toBe('cancelled');
  });

  it('"None of these work" for a move calls the session off and cancels the calendar entry', async () => {
    await chloeAndDev();
    const { session } = await proposeAndBook();
    await user(CAST.dev.id).click(SESSION_ACTIONS.reschedule);
    await s().settle();
    await user(CAST.chloe.id).click(SLOT_NONE_ACTION);
    await s().settle();
    expect(await sessionRows()).toEqual([expect.objectContaining({ id: session.id, status: 'cancelled', sequence: 1 })]);
    expect(user(CAST.dev.id).lastMessage()?.text).toContain('so the session is off');
    for (const person of [CAST.chloe.id, CAST.dev.id]) {
      const cancelled = filesOf(person).find((f) => f.name === 'mentoring-session-cancelled.ics');
      expect(cancelled?.ics).toContain(`UID:session-${session.id}@mentoring-bot`);
      expect(cancelled?.ics).toContain('METHOD:CANCEL');
      expect(cancelled?.ics).toContain('SEQUENCE:1');
    }
  });

  it('tells someone without an active mentorship that there is nothing to schedule', async () => {
    await boot('2026-11-30T08:00:00Z');
    await join(s(), CAST.aiko.id, { ...MENTEE, timeZone: 'Asia/Tokyo' });
    await user(CAST.aiko.id).slash('/mentor schedule');
    await s().settle();
    expect(user(CAST.aiko.id).lastMessage()?.text).toBe('You have no active mentorship to schedule a session in. `/mentor match` finds you someone.');
    expect(await proposals()).toEqual([]);
  });
});

describe('stalled pairs', () => {
  it('nudges both at four weeks, flags the pair to the coordinators at six, and only a coordinator may act on the flag', async () => {
    // Monday 2 November 2026, 09:00 UTC; the checks below are Mondays too.
    const start = new Date('2026-11-02T09:00:00Z');
    await boot(start.toISOString());
    await join(s(), CAST.chloe.id, PEOPLE.chloe);
    await join(s(), CAST.dev.id, PEOPLE.dev);
    await join(s(), CAST.aiko.id, { ...MENTEE, timeZone: 'Asia/Tokyo' });
    const matchId = await pair(CAST.chloe.id, CAST.dev.id, start);
    const nudges = (person: string) => withText(person, 'since you and');
    const channel = () => s().emulator.channelMessages(COORDINATOR_CHANNEL.id);

    await tickAt(at(start, 27 * DAY), 'stalled-pairs');
    expect([nudges(CAST.chloe.id), nudges(CAST.dev.id), channel()]).toEqual([[], [], []]);
    await tickAt(at(start, 28 * DAY), 'stalled-pairs');
    expect(await runStalledPairs(s().deps, client(), now)).toEqual({ nudged: 0, flagged: 0 });
    await tickAt(at(start, 35 * DAY), 'stalled-pairs', 'outbox');
    for (const [person, partner] of [
      [CAST.chloe.id, CAST.dev.id],
      [CAST.dev.id, CAST.chloe.id],
    ] as const) {
      expect(nudges(person).map((m) => m.text)).toEqual([`It has been 4 weeks since you and <@${partner}> last caught up.`]);
      expect(buttonsOf(nudges(person)[0] as StoredMessage, 'stalled_nudge')).toEqual(['session_schedule']);
    }
    expect(channel()).toEqual([]);

    await tickAt(at(start, 42 * DAY), 'stalled-pairs');
    await tickAt(at(start, 42 * DAY + HOUR), 'stalled-pairs');
    expect(channel()).toHaveLength(1);
    const flag = channel()[0] as StoredMessage;
    expect(flag.text).toBe(`<@${CAST.chloe.id}> and <@${CAST.dev.id}> have been quiet for 6 weeks.`);
    expect(buttonsOf(flag, `stalled_${matchId}`)).toEqual([STALL_ACTIONS.nudge, STALL_ACTIONS.rematch, STALL_ACTIONS.close]);
    expect(nudges(CAST.chloe.id)).toHaveLength(1);

    // Someone in the channel who is not a coordinator is refused.
    s().emulator.workspace.channels.get(COORDINATOR_CHANNEL.id)?.members.push(CAST.aiko.id);
    await user(CAST.aiko.id).click(STALL_ACTIONS.close);
    await s().settle();
    expect(user(CAST.aiko.id).lastMessage()?.text).toContain('Only program coordinators can use this button');
    expect((await matchRow(matchId)).status).toBe('active');

    // Grace closes it: the match ends, both are told, the flag says who did it.
    await user(CAST.grace.id).click(STALL_ACTIONS.close);
    await s().settle();
    expect(await matchRow(matchId)).toMatchObject({ status: 'ended', ended_at: now.getTime(), end_reason: 'closed by a coordinator' });
    for (const person of [CAST.chloe.id, CAST.dev.id]) expect(withText(person, 'Your mentorship has been closed after a long quiet spell.')).toHaveLength(1);
    expect(channel()[0]?.text).toBe(`<@${CAST.grace.id}> closed the mentorship of <@${CAST.chloe.id}> and <@${CAST.dev.id}>; both were told kindly.`);
    expect(await dmsOutsideWorkingHours()).toEqual([]);
  });
});

describe('reverse mentoring', () => {
  it('proposes one protected slot a month to the leader, inside both people’s hours, however often the job runs', async () => {
    const start = new Date('2026-10-14T12:00:00Z');
    await boot(start.toISOString());
    // Bruno (São Paulo) is the junior reverse mentor; Emma (New York) the leader.
    await join(s(), CAST.bruno.id, { ...MENTOR, roles: ['reverse_mentor'], timeZone: 'America/Sao_Paulo' });
    await join(s(), CAST.emma.id, { ...MENTEE, roles: ['reverse_mentee'], timeZone: 'America/New_York' });
    const matchId = await pair(CAST.bruno.id, CAST.emma.id, start, 'reverse');
    const reverse = job('reverse-monthly');
    // Every six hours for seven weeks, each tick doubled; the job drains the outbox itself.
    for (let hour = 0; hour <= 50 * 24; hour += 6) {
      now = at(start, hour * HOUR);
      const ticks = await Promise.all([runJob(reverse, s().deps, client(), now), runJob(reverse, s().deps, client(), now)]);
      expect(ticks.filter((t) => t.ran)).toHaveLength(1);
    }
    expect(await proposeReverseMonthly(s().deps, client(), now)).toEqual({ proposed: 0 });

    const offered = await proposals();
    expect(offered.map((p) => [p.match_id, p.proposed_by, p.proposed_to, p.reason, p.slots.length])).toEqual(
      Array(3).fill([matchId, CAST.bruno.id, CAST.emma.id, 'reverse_monthly', 1]),
    );
    // October offers a November slot, November a December one, December (from the 1st) a January one.
    expect(offered.map((p) => new Date(p.slots[0]?.start ?? 0).toISOString().slice(0, 7))).toEqual(['2026-11', '2026-12', '2027-01']);
    expect((await sentTo(CAST.emma.id, 'reverse:')).map((r) => [r.key, new Date(r.sentAt).toISOString().slice(0, 7)])).toEqual([
      [`reverse:${matchId}:2026-11`, '2026-10'],
      [`reverse:${matchId}:2026-12`, '2026-11'],
      [`reverse:${matchId}:2027-01`, '2026-12'],
    ]);
    for (const slot of offered.flatMap((p) => p.slots)) expect([await fits(CAST.bruno.id, slot), await fits(CAST.emma.id, slot)], new Date(slot.start).toISOString()).toEqual([true, true]);
    const received = withText(CAST.emma.id, `Time for your monthly reverse-mentoring session with <@${CAST.bruno.id}>`);
    expect(received).toHaveLength(3);
    expect(buttonsOf(received[0] as StoredMessage, `slots_${offered[0]?.id}`)).toEqual([`${SLOT_PICK_ACTION_PREFIX}0`, SLOT_NONE_ACTION]);
    expect(withText(CAST.bruno.id, 'reverse-mentoring')).toEqual([]);
    expect(await dmsOutsideWorkingHours()).toEqual([]);
  });
});

describe('the operator CLI', () => {
  it('lists the jobs, runs one for a slot once (now by default), refuses a bad --now, and needs no signing secret', async () => {
    await boot('2026-12-01T09:00:00Z');
    await join(s(), CAST.chloe.id, PEOPLE.chloe);
    await join(s(), CAST.dev.id, PEOPLE.dev);
    const matchId = await pair(CAST.chloe.id, CAST.dev.id, at(now, -14 * DAY));
    // A job sends and never receives: the bot token, not the signing secret.
    // The stack's own database, on whichever engine the run uses.
    const { databasePath, databaseUrl } = s().config;
    const database = { DATABASE_PATH: databasePath, ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}) };
    const env = { SLACK_BOT_TOKEN: LOCAL_BOT_TOKEN, SLACK_API_URL: s().emulator.apiUrl, ...database, LOG_LEVEL: 'error' };
    // One real process holds the command's contract: exit code and stdout.
    const first = runScript('src/cli/job.ts', ['check-ins', '--now', '2026-12-01T09:00:00Z'], env, tempDir());
    expect(await first.exited).toBe(0);
    expect(first.stdoutText().trim()).toBe('check-ins ran for 2026-12-01T09:00:00.000Z: {"created":1,"paused":0}');
    expect(await checkInRows(matchId)).toEqual([expect.objectContaining({ kind: 'mentor', person_id: CAST.chloe.id })]);
    expect(withText(CAST.chloe.id, `How is your mentorship with <@${CAST.dev.id}> going?`)).toHaveLength(1);

    // The rest in-process: the same function the program runs.
    const cli = async (args: string[], clock = new Date('2026-12-01T09:07:00Z')) => {
      const out: string[] = [];
      const err: string[] = [];
      const code = await runJobCli(args, env, { stdout: (l) => out.push(l), stderr: (l) => err.push(l), now: () => clock });
      return { code, out: out.join('\n'), err: err.join('\n') };
    };
    const list = await cli(['list']);
    expect(list.code).toBe(0);
    for (const j of JOBS) expect(list.out).toMatch(new RegExp(`^${j.name}\\s+every\\s+${j.everyMinutes} min`, 'm'));
    const bad = await cli(['check-ins', '--now', '2026-12-01 09:00']);
    expect(bad).toMatchObject({ code: 1, err: '--now must be an ISO-8601 instant with a zone, such as 2026-12-01T09:00:00Z (got "2026-12-01 09:00").' });
    // Without --now it acts as of the current time: the same quarter hour, so nothing runs again.
    expect(await cli(['check-ins'])).toMatchObject({ code: 0, out: 'check-ins did not run for 2026-12-01T09:00:00.000Z: already ran for this slot' });
    expect(await checkInRows(matchId)).toHaveLength(1);
    expect(withText(CAST.chloe.id, 'How is your mentorship')).toHaveLength(1);
    expect(await cli(['check-ins', '--status'])).toMatchObject({ code: 1, err: expect.stringContaining('--status is for the outbox') });
    // What is queued and what went: counts only, nothing is sent.
    const status = await cli(['outbox', '--status']);
    expect(status.code).toBe(0);
    expect(status.out).toMatch(/^\s*pending\s+\d+/m);
    expect(status.out).toMatch(/^\s*sent\s+\d+/m);
    // Counting talks to no Slack, so an operator can run it with the database alone.
    const refused: string[] = [];
    const offline = await runJobCli(['outbox', '--status'], { ...database, LOG_LEVEL: 'error' }, { stdout: () => {}, stderr: (l) => refused.push(l), now: () => new Date('2026-12-01T09:07:00Z') });
    expect({ offline, refused }).toEqual({ offline: 0, refused: [] });
  }, 60_000);
});
