import { afterEach, describe, expect, it } from 'vitest';
import { type LocalStack, startLocalStack } from '../../demo/stack.js';
import { CAST, COORDINATOR_CHANNEL } from '../../demo/cast.js';
import { validateBlocks } from '../../emulator/index.js';
import { runJob } from '../../src/jobs/runner.js';
import { circleRatingForm } from '../../src/services/circleFeedback.js';
import { weeklyDigest } from '../../src/services/digest.js';
import { STALE_BUTTON } from '../../src/actions/reply.js';
import { CIRCLE_ATTENDANCE_ACTIONS, CIRCLE_FLAG_ACTIONS, CIRCLE_RATE_ACTION, CIRCLE_RATING_BLOCKS, CIRCLE_RATING_CALLBACK } from '../../src/views/circleFeedbackMessages.js';
import { actionIds, join, MENTEE, MENTOR } from '../support/program.js';
import { rawSql } from '../support/rawSql.js';
import { at, DAY, HOUR, job, MINUTE } from '../support/virtualTime.js';

/*
 * After circle sessions, through the emulator: the circle-feedback job holds
 * each ended session and asks its members, one click each, whether they were
 * there; those who were rate it in a form; a circle whose attendance falls or
 * that stops meeting is flagged to the coordinators, whose buttons nudge,
 * ask for a new time or close it. Circles are made with SQL here (their
 * creation flow is built elsewhere); members join the program for real.
 */

const CHLOE = CAST.chloe.id;
const DEV = CAST.dev.id;
const EMMA = CAST.emma.id;
const AIKO = CAST.aiko.id;
const BRUNO = CAST.bruno.id;
const GRACE = CAST.grace.id;
const MEMBERS = [DEV, EMMA, AIKO, BRUNO] as const;
const CIRCLE_CHANNEL = 'C0CIRCLE01';

// Monday 30 November 2026, 07:00 UTC. Sessions are on Tuesdays 08:00–09:00 UTC, inside everyone's hours (London to Berlin).
const T0 = new Date('2026-11-30T07:00:00Z');
const SESSION = (week: number) => at(new Date('2026-12-01T08:00:00Z'), week * 7 * DAY);

let now = T0;
let stack: LocalStack | undefined;
const flagTs = new Set<string>();
afterEach(async () => {
  await stack?.stop();
  stack = undefined;
  flagTs.clear();
});

const s = (): LocalStack => {
  if (!stack) throw new Error('no stack');
  return stack;
};
const sql = () => rawSql(s().database);
const user = (id: string) => s().emulator.user(id);
const client = () => s().mentoring.app.client;

async function tickAt(when: Date, ...names: string[]): Promise<unknown[]> {
  now = when;
  const results: unknown[] = [];
  for (const name of names) results.push(await runJob(job(name), s().deps, client(), now));
  await s().settle();
  return results;
}

async function act<T>(step: () => Promise<T>): Promise<T> {
  const result = await step();
  await s().settle();
  return result;
}

/** Chloé mentors (and facilitates); four members join program 1 through the real form, all in European zones. */
async function program(): Promise<void> {
  now = T0;
  stack = await startLocalStack({ clock: () => now, channels: [{ id: CIRCLE_CHANNEL, name: 'circle-mentoring-leadership', isPrivate: true, members: [...MEMBERS] }] });
  await join(s(), CHLOE, { ...MENTOR, timeZone: 'Europe/Paris' });
  const zones = ['Europe/London', 'Europe/Berlin', 'Europe/Madrid', 'Europe/Lisbon'];
  for (const [i, id] of MEMBERS.entries()) await join(s(), id, { ...MENTEE, timeZone: zones[i], department: i < 2 ? 'Support' : 'Sales', level: String(2 + i) });
}

/** A circle in program 1, as a formation or a coordinator would leave it, with these members seated a day before T0. */
async function circle(o: { style: 'facilitated' | 'peer'; members: readonly string[]; facilitator?: string; channelId?: string | null; name?: string }): Promise<number> {
  const id = Number(
    (
      await sql().run(
        `insert into circles (program_id, topic, intent, style, facilitator_id, size_min, size_max, cadence, session_minutes, slot_weekday, slot_minute, zone, starts_on, channel_name, channel_id, created_by, created_at)
         values (1, 'leadership', 'Lead with confidence', ?, ?, 3, 6, 'weekly', 60, 2, 480, 'UTC', '2026-12-01', ?, ?, ?, ?) returning id`,
        o.style,
        o.facilitator ?? null,
        o.name ?? 'circle-mentoring-leadership',
        o.channelId === undefined ? CIRCLE_CHANNEL : o.channelId,
        GRACE,
        T0.getTime(),
      )
    ).lastId,
  );
  for (const person of o.members) {
    await sql().run("insert into circle_members (circle_id, person_id, status, asked_at, joined_at) values (?, ?, 'member', ?, ?)", id, person, at(T0, -DAY).getTime(), at(T0, -DAY).getTime());
  }
  return id;
}

/** The circle's planned sessions, week by week from Tuesday 1 December. */
async function plan(circleId: number, weeks: number, hosts: (string | null)[] = []): Promise<number[]> {
  const ids: number[] = [];
  for (let week = 0; week < weeks; week += 1) {
    const { lastId } = await sql().run(
      "insert into circle_sessions (circle_id, seq, starts_at, ends_at, topic, host_id, status) values (?, ?, ?, ?, ?, ?, 'planned') returning id",
      circleId,
      week,
      SESSION(week).getTime(),
      at(SESSION(week), HOUR).getTime(),
      week === 0 ? 'Giving <!channel> feedback' : null,
      hosts[week] ?? null,
    );
    ids.push(Number(lastId));
  }
  return ids;
}

const status = async (sessionId: number) => (await sql().get<{ status: string }>('select status from circle_sessions where id = ?', sessionId))!.status;
const attendance = (sessionId: number) =>
  sql().all<{ person: string; attended: number }>('select person_id as person, attended from circle_attendance where session_id = ? order by person_id', sessionId);
const circleRatings = () => sql().all('select session_id as "sessionId", rater_id as rater, usefulness, clarity, applicability, comment from circle_ratings order by id');
const outbox = (pattern: string) =>
  sql().all<{
    key: string;
    recipient: string;
    status: string;
    hours: number;
    expiresAt: number | null;
  }>('select idempotency_key as key, recipient, status, working_hours_only as hours, expires_at as "expiresAt" from outbox where idempotency_key like ? order by id', pattern);
const prompts = (id: string) => user(id).messages().filter((m) => !m.visibleTo && m.text.startsWith('Were you at the'));
const ephemerals = (id: string) => user(id).messages().filter((m) => m.visibleTo === id);
/** The flags posted in the coordinators' channel, as they stand now (a button may have redrawn them). */
const flags = () =>
  s()
    .emulator.channelMessages(COORDINATOR_CHANNEL.id)
    .filter((m) => {
      if (m.text.includes('may need a hand')) flagTs.add(m.ts);
      return flagTs.has(m.ts);
    });
/** Every text in a message as Slack holds it (mrkdwn, mentions and dates as tokens), one per line. */
function text(m: { text?: string; blocks?: unknown[] } | undefined): string {
  const out: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node)) {
      if (key === 'text' && typeof value === 'string') out.push(value);
      else walk(value);
    }
  };
  if (m?.text) out.push(m.text);
  walk(m?.blocks ?? []);
  return out.join('\n');
}

const rating = (u: string, c: string, a: string, comment?: string) => ({
  [CIRCLE_RATING_BLOCKS.usefulness]: { [CIRCLE_RATING_BLOCKS.usefulness]: u },
  [CIRCLE_RATING_BLOCKS.clarity]: { [CIRCLE_RATING_BLOCKS.clarity]: c },
  [CIRCLE_RATING_BLOCKS.applicability]: { [CIRCLE_RATING_BLOCKS.applicability]: a },
  ...(comment ? { [CIRCLE_RATING_BLOCKS.comment]: { [CIRCLE_RATING_BLOCKS.comment]: comment } } : {}),
});

/** "I was there", then the form it opens, sent. */
async function wasThere(id: string, scores: Record<string, Record<string, string>>): Promise<void> {
  await act(() => user(id).click(CIRCLE_ATTENDANCE_ACTIONS.attended));
  expect(user(id).modal()?.view.callback_id).toBe(CIRCLE_RATING_CALLBACK);
  const sent = await act(() => user(id).submit(scores));
  expect(sent.errors).toBeUndefined();
}

describe('after a circle session', () => {
  it('holds it once, asks each member once in their hours, and records "there" (with a rating) and "couldn’t make it"', async () => {
    await program();
    const circleId = await circle({ style: 'facilitated', facilitator: CHLOE, members: MEMBERS });
    const [first] = await plan(circleId, 3);

    // Before the end: nothing.
    await tickAt(at(SESSION(0), 59 * MINUTE), 'circle-feedback');
    expect(await status(first as number)).toBe('planned');
    expect(await outbox('circle-session:%')).toEqual([]);

    const [run] = await tickAt(at(SESSION(0), HOUR), 'circle-feedback');
    expect(run).toMatchObject({ ran: true, result: { held: 1, prompted: 4, flagged: 0 } });
    expect(await status(first as number)).toBe('held');
    const queued = await outbox('circle-session:%');
    expect(queued.map((r) => r.key)).toEqual(MEMBERS.map((m) => `circle-session:${first}:attendance:${m}`));
    expect(queued.every((r) => r.hours === 1 && r.status === 'sent' && r.expiresAt === at(SESSION(0), HOUR + 7 * DAY).getTime())).toBe(true);
    // The facilitator is no member and is not asked; the session's own topic is shown, inert.
    expect(prompts(CHLOE)).toEqual([]);
    expect(text(prompts(DEV)[0])).toContain('Giving &lt;!channel&gt; feedback');
    expect(actionIds(prompts(DEV)[0]?.blocks)).toEqual([CIRCLE_ATTENDANCE_ACTIONS.attended, CIRCLE_ATTENDANCE_ACTIONS.missed]);
    for (const m of prompts(DEV)) expect(validateBlocks(m.blocks)).toEqual([]);

    // Later ticks ask nobody again.
    const [again] = await tickAt(at(SESSION(0), HOUR + 15 * MINUTE), 'circle-feedback');
    expect(again).toMatchObject({ result: { held: 0, prompted: 0 } });
    expect(MEMBERS.map((m) => prompts(m).length)).toEqual([1, 1, 1, 1]);

    // Dev was there: the answer replaces the question, and the rating form opens at once.
    now = at(SESSION(0), 2 * HOUR);
    await act(() => user(DEV).click(CIRCLE_ATTENDANCE_ACTIONS.attended));
    expect(await attendance(first as number)).toEqual([{ person: DEV, attended: 1 }]);
    expect(user(DEV).modal()?.view.callback_id).toBe(CIRCLE_RATING_CALLBACK);
    expect(validateBlocks(user(DEV).modal()?.view.blocks)).toEqual([]);
    const dm = user(DEV).messages().filter((m) => !m.visibleTo);
    expect(prompts(DEV)).toEqual([]);
    expect(text(dm.at(-1))).toContain('glad you were at the');
    expect(actionIds(dm.at(-1)?.blocks)).toEqual([CIRCLE_RATE_ACTION]);
    const sent = await act(() => user(DEV).submit(rating('4', '5', '3', 'Loved the role play')));
    expect(sent.errors).toBeUndefined();
    expect(await circleRatings()).toEqual([{ sessionId: first, rater: DEV, usefulness: 4, clarity: 5, applicability: 3, comment: 'Loved the role play' }]);
    expect(user(DEV).lastMessage()?.text).toContain('Thanks for rating the');

    // Changing it within 48 hours updates the one rating; after that, the form no longer opens.
    now = at(SESSION(0), 20 * HOUR);
    await act(() => user(DEV).click(CIRCLE_RATE_ACTION));
    expect(user(DEV).modal()?.view.submit).toMatchObject({ text: 'Update' });
    await act(() => user(DEV).submit(rating('5', '5', '4')));
    expect(await circleRatings()).toEqual([{ sessionId: first, rater: DEV, usefulness: 5, clarity: 5, applicability: 4, comment: null }]);
    expect(user(DEV).lastMessage()?.text).toContain('is updated');
    now = at(SESSION(0), 3 * DAY);
    await act(() => user(DEV).click(CIRCLE_RATE_ACTION));
    expect(user(DEV).modal()).toBeUndefined();
    expect(ephemerals(DEV).at(-1)?.text).toContain('more than 48 hours ago');

    // Emma couldn't make it, and double-clicks: one answer, one thank-you in place of the question, a kind note for the repeat.
    now = at(SESSION(0), 3 * HOUR);
    await act(() => Promise.all([user(EMMA).click(CIRCLE_ATTENDANCE_ACTIONS.missed), user(EMMA).click(CIRCLE_ATTENDANCE_ACTIONS.missed)]));
    expect(await attendance(first as number)).toEqual([
      { person: DEV, attended: 1 },
      { person: EMMA, attended: 0 },
    ]);
    expect(user(EMMA).messages().filter((m) => !m.visibleTo).slice(1).map((m) => m.text)).toEqual([expect.stringContaining('Thanks for letting us know')]);
    expect(text(user(EMMA).messages().at(-1))).toContain(`The next one is <!date^${SESSION(1).getTime() / 1000}^`);
    expect(ephemerals(EMMA).map((m) => m.text)).toEqual([expect.stringContaining('You told us already that you couldn’t make')]);
    expect(user(EMMA).modal()).toBeUndefined();

    // Aiko double-clicks "I was there": one answer, one form.
    await act(() => Promise.all([user(AIKO).click(CIRCLE_ATTENDANCE_ACTIONS.attended), user(AIKO).click(CIRCLE_ATTENDANCE_ACTIONS.attended)]));
    expect((await attendance(first as number)).filter((a) => a.person === AIKO)).toEqual([{ person: AIKO, attended: 1 }]);
    expect(s().emulator.callsTo('views.open').filter((c) => (c.args as { view?: string }).view?.includes(CIRCLE_RATING_CALLBACK))).toHaveLength(3);
    expect(ephemerals(AIKO).map((m) => m.text)).toEqual([expect.stringContaining('You told us already that you were at the')]);

    // Bruno left the circle after the question reached him: a clear refusal, nothing recorded.
    await sql().run("update circle_members set status = 'left', left_at = ? where circle_id = ? and person_id = ?", now.getTime(), circleId, BRUNO);
    await act(() => user(BRUNO).click(CIRCLE_ATTENDANCE_ACTIONS.attended));
    expect(ephemerals(BRUNO).at(-1)?.text).toContain('You left the *Leadership* circle');
    expect((await attendance(first as number)).some((a) => a.person === BRUNO)).toBe(false);
    expect(user(BRUNO).modal()).toBeUndefined();

    // A damaged button, and a session that is not one of theirs, change nothing.
    await act(() => user(BRUNO).click(CIRCLE_ATTENDANCE_ACTIONS.attended, { value: 'not-a-session' }));
    expect(ephemerals(BRUNO).at(-1)?.text).toBe(STALE_BUTTON);
    await act(() => user(BRUNO).click(CIRCLE_ATTENDANCE_ACTIONS.missed, { value: '9999' }));
    expect(ephemerals(BRUNO).at(-1)?.text).toContain('not one of your circles');
    expect(await attendance(first as number)).toHaveLength(3);

    // Only those who were there rate: Emma, who was not, has no form to open.
    expect(await circleRatingForm(s().deps, EMMA, first as number)).toEqual({ ok: false, message: expect.stringContaining('Only people who were at the session rate it') });
  });

  it('shows the circles section in the digest, its rating only from three different raters', async () => {
    await program();
    const circleId = await circle({ style: 'facilitated', facilitator: CHLOE, members: MEMBERS });
    const [first] = await plan(circleId, 3);
    await tickAt(at(SESSION(0), HOUR), 'circle-feedback');
    now = at(SESSION(0), 2 * HOUR);
    await wasThere(DEV, rating('4', '4', '4', 'Useful'));
    await wasThere(AIKO, rating('5', '5', '5'));
    await act(() => user(EMMA).click(CIRCLE_ATTENDANCE_ACTIONS.missed));

    const monday = new Date('2026-12-07T09:00:00Z');
    const twoRaters = await weeklyDigest(s().deps, monday);
    expect(twoRaters.digest.circles).toMatchObject({
      active: 1,
      seats: { filled: 4, of: 6 },
      attendance: { sessions: 1, answered: 3, attended: 2 },
      rating: { value: null, n: 2 },
      needingAttention: [],
      reach: { people: 4 },
    });
    const rendered = async () => text((await weeklyDigest(s().deps, monday)).message);
    expect(await rendered()).toContain('*Circle rating*\n— (2 raters; shown from 3)');
    expect(await rendered()).toContain('*Seats filled*\n4 of 6 (67%)');
    expect(await rendered()).toContain('67% (2 of 3 answers, 1 session)');

    now = at(SESSION(0), 3 * HOUR);
    await wasThere(BRUNO, rating('3', '3', '3'));
    const three = await weeklyDigest(s().deps, monday);
    expect(three.digest.circles?.rating).toEqual({ value: 4, n: 3 });
    expect(await rendered()).toContain('*Circle rating*\n4.0 / 5 (3 raters)');
    // Nothing per person: no rater, comment or attendance of anyone in the digest.
    expect(JSON.stringify(three.digest.circles)).not.toMatch(/U0DEV|U0AIKO|U0BRUNO|U0EMMA|Useful/);
    expect(validateBlocks(three.message.blocks)).toEqual([]);
    expect(await status(first as number)).toBe('held');
  });
});

describe('circles needing attention', () => {
  /** Week 0: three of four there; week 1: one of four. */
  async function fallingCircle(): Promise<{ circleId: number; sessions: number[] }> {
    await program();
    const circleId = await circle({ style: 'facilitated', facilitator: CHLOE, members: MEMBERS });
    const sessions = await plan(circleId, 4);
    await tickAt(at(SESSION(0), HOUR), 'circle-feedback');
    now = at(SESSION(0), 2 * HOUR);
    for (const id of [DEV, AIKO, BRUNO]) await act(() => user(id).click(CIRCLE_ATTENDANCE_ACTIONS.attended));
    await act(() => user(EMMA).click(CIRCLE_ATTENDANCE_ACTIONS.missed));
    await tickAt(at(SESSION(1), HOUR), 'circle-feedback');
    now = at(SESSION(1), 2 * HOUR);
    await act(() => user(DEV).click(CIRCLE_ATTENDANCE_ACTIONS.attended));
    expect(flags()).toEqual([]);
    for (const id of [EMMA, AIKO, BRUNO]) await act(() => user(id).click(CIRCLE_ATTENDANCE_ACTIONS.missed));
    return { circleId, sessions };
  }

  it('flags a circle whose attendance falls, once a week, and only coordinators may act on it', async () => {
    const { circleId } = await fallingCircle();
    const [run] = await tickAt(at(SESSION(1), 3 * HOUR), 'circle-feedback');
    expect(run).toMatchObject({ result: { flagged: 1 } });
    expect(flags()).toHaveLength(1);
    const flag = flags()[0];
    expect(text(flag)).toContain('attendance fell to 1 of 4 at the last session (75% before)');
    expect(text(flag)).toContain(`Facilitated by <@${CHLOE}>`);
    expect(actionIds(flag?.blocks)).toEqual([CIRCLE_FLAG_ACTIONS.nudge, CIRCLE_FLAG_ACTIONS.newTime, CIRCLE_FLAG_ACTIONS.close]);
    expect(validateBlocks(flag?.blocks)).toEqual([]);
    // Later that week, nothing more.
    await tickAt(at(SESSION(1), 2 * DAY), 'circle-feedback');
    await tickAt(at(SESSION(1), 6 * DAY), 'circle-feedback');
    expect(flags()).toHaveLength(1);
    expect(await outbox('circle:%:flag:%')).toHaveLength(1);

    // Chloé is in the channel but coordinates nothing: refused, told who does, nothing sent.
    s().emulator.workspace.channels.get(COORDINATOR_CHANNEL.id)?.members.push(CHLOE);
    now = at(SESSION(1), 6 * DAY + HOUR);
    const before = (await outbox('circle:%')).length;
    await act(() => user(CHLOE).click(CIRCLE_FLAG_ACTIONS.nudge));
    await act(() => user(CHLOE).click(CIRCLE_FLAG_ACTIONS.close));
    expect(ephemerals(CHLOE).map((m) => m.text)).toEqual([expect.stringContaining('Only program coordinators'), expect.stringContaining('Only program coordinators')]);
    expect(ephemerals(CHLOE)[0]?.text).toContain(`<@${GRACE}>`);
    expect(await outbox('circle:%')).toHaveLength(before);
    expect(await sql().get('select status from circles where id = ?', circleId)).toEqual({ status: 'active' });

    // Grace nudges the facilitator: a DM to Chloé, and the flag says so, its buttons still there.
    await act(() => user(GRACE).click(CIRCLE_FLAG_ACTIONS.nudge));
    const nudge = user(CHLOE).messages().filter((m) => !m.visibleTo).at(-1);
    expect(text(nudge)).toContain('Your Leadership circle could use a lift');
    expect(text(nudge)).toContain('attendance fell to 1 of 4');
    expect(text(flags()[0])).toContain(`nudged the facilitator, <@${CHLOE}>`);
    expect(actionIds(flags()[0]?.blocks)).toEqual([CIRCLE_FLAG_ACTIONS.nudge, CIRCLE_FLAG_ACTIONS.newTime, CIRCLE_FLAG_ACTIONS.close]);
    // Pressed again at once: nothing twice.
    await act(() => user(GRACE).click(CIRCLE_FLAG_ACTIONS.nudge));
    expect(ephemerals(GRACE).at(-1)?.text).toContain('You did that a moment ago');
    expect(await outbox(`circle:${circleId}:coordinator-nudge:%`)).toHaveLength(1);

    // Propose a new time: the facilitator is asked to use the command.
    await act(() => user(GRACE).click(CIRCLE_FLAG_ACTIONS.newTime));
    const ask = user(CHLOE).messages().filter((m) => !m.visibleTo).at(-1);
    expect(text(ask)).toContain(`\`/mentor circles time ${circleId}\``);
    expect(text(ask)).toContain('coordinators asked me to help find a new time');
    expect(text(flags()[0])).toContain(`asked the facilitator, <@${CHLOE}>, to find a new time`);

    // Close, after the confirm dialog: ended once, planned sessions cancelled, a closing note in the circle's channel.
    expect(JSON.stringify(flags()[0]?.blocks)).toContain('Close this circle?');
    await act(() => user(GRACE).click(CIRCLE_FLAG_ACTIONS.close));
    expect(await sql().get('select status, end_reason as reason from circles where id = ?', circleId)).toEqual({ status: 'ended', reason: 'closed by a coordinator' });
    expect(await sql().get("select count(*) as n from circle_sessions where circle_id = ? and status = 'planned'", circleId)).toEqual({ n: 0 });
    expect(await sql().get("select count(*) as n from circle_sessions where circle_id = ? and status = 'cancelled'", circleId)).toEqual({ n: 2 });
    expect(await outbox(`circle:${circleId}:closed`)).toEqual([expect.objectContaining({ recipient: CIRCLE_CHANNEL, status: 'sent' })]);
    expect(s().emulator.channelMessages(CIRCLE_CHANNEL).map((m) => m.text)).toEqual([expect.stringContaining('has come to an end')]);
    expect(text(flags()[0])).toContain('is closed: 2 planned sessions cancelled');
    expect(actionIds(flags()[0]?.blocks)).toEqual([]);

    // An ended circle is flagged no more, and its members are not asked about sessions that were never held.
    await tickAt(at(SESSION(3), 2 * HOUR), 'circle-feedback');
    expect(flags()).toHaveLength(1);
    expect((await outbox('circle-session:%')).filter((r) => r.key.startsWith(`circle-session:`))).toHaveLength(8);
  });

  it('flags a peer circle nobody has been at for two cadences; its nudge reaches the next host; closing twice closes once', async () => {
    await program();
    const circleId = await circle({ style: 'peer', members: MEMBERS, channelId: null, name: 'circle-peer' });
    await plan(circleId, 5, [DEV, EMMA, AIKO, BRUNO, DEV]);
    // Two sessions held, their questions sent; nobody says they were there (Emma says she wasn't).
    await tickAt(at(SESSION(0), HOUR), 'circle-feedback');
    now = at(SESSION(0), 2 * HOUR);
    await act(() => user(EMMA).click(CIRCLE_ATTENDANCE_ACTIONS.missed));
    await tickAt(at(SESSION(1), HOUR), 'circle-feedback');
    // Not yet: members still have time to answer for the second, and the circle has not run two cadences.
    await tickAt(at(SESSION(1), DAY), 'circle-feedback');
    expect(flags()).toEqual([]);
    // Two weeks from the first session, while the third is under way.
    const [run] = await tickAt(at(SESSION(2), 45 * MINUTE), 'circle-feedback');
    expect(run).toMatchObject({ result: { flagged: 1 } });
    expect(text(flags()[0])).toContain('nobody has said “I was there” in 2 weeks (2 sessions held)');
    expect(text(flags()[0])).toContain('Peer-led');
    expect(actionIds(flags()[0]?.blocks)).toEqual([CIRCLE_FLAG_ACTIONS.nudge, CIRCLE_FLAG_ACTIONS.newTime, CIRCLE_FLAG_ACTIONS.close]);

    // The next session (week 3) is Bruno's to host: the nudge goes to him alone; the flag does not name him.
    await act(() => user(GRACE).click(CIRCLE_FLAG_ACTIONS.nudge));
    expect((await outbox(`circle:${circleId}:coordinator-nudge:%`)).map((r) => r.recipient)).toEqual([BRUNO]);
    // 08:45 in Lisbon: it waits for his working day.
    await tickAt(at(SESSION(2), HOUR), 'outbox');
    expect(text(user(BRUNO).messages().filter((m) => !m.visibleTo).at(-1))).toContain('You host the next Leadership circle session');
    expect(text(flags()[0])).toContain('nudged the host of the next session');
    expect(JSON.stringify(flags()[0]?.blocks)).not.toContain(BRUNO);

    // Two quick presses of Close: closed once; with no channel yet, each member gets the closing note.
    await act(() => Promise.all([user(GRACE).click(CIRCLE_FLAG_ACTIONS.close), user(GRACE).click(CIRCLE_FLAG_ACTIONS.close)]));
    expect(await sql().get('select status from circles where id = ?', circleId)).toEqual({ status: 'ended' });
    expect((await outbox(`circle:${circleId}:closed%`)).map((r) => r.recipient).sort()).toEqual([...MEMBERS].sort());
    expect(ephemerals(GRACE).at(-1)?.text).toMatch(/You did that a moment ago|ended already/);
    expect(text(flags()[0])).toContain('is closed: 3 planned sessions cancelled');
    expect(MEMBERS.map((m) => user(m).messages().filter((x) => x.text.includes('has come to an end')).length)).toEqual([1, 1, 1, 1]);
  });
});
