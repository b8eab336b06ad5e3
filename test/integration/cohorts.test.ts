import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CAST } from '../../demo/cast.js';
import { type ProgramInput, programForm, SAMPLE_PROGRAM } from '../../demo/forms.js';
import { type LocalStack, startLocalStack } from '../../demo/stack.js';
import { renderMessage, validateBlocks } from '../../emulator/index.js';
import { findJob } from '../../src/jobs/index.js';
import { runJob } from '../../src/jobs/runner.js';
import { offerSuggestions } from '../../src/services/selfServe.js';
import { actionIds, createProgram as createProgramAs, join, joinProgram as joinProgramAs, MENTEE, MENTOR } from '../support/program.js';
import { rawSql } from '../support/rawSql.js';
import { addFailingTrigger, failedWith } from '../support/triggers.js';

/*
 * A cohort's life through Slack: created with `/mentor program new`, joined
 * from `/mentor programs`, driven by the cohorts job at injected instants.
 * The cohort runs Monday 4 January to Monday 29 March 2027 in Paris, whose
 * clocks go forward on 28 March: the kickoff is 09:00 CET (08:00Z) and the
 * close 09:00 CEST (07:00Z). Everyone works 09:00–17:30 in Paris.
 */

const CHANNEL = { id: 'C0SPRING01', name: 'spring-cohort' } as const;
const ADMIN = CAST.grace.id;
const COORDINATOR = CAST.emma.id;
const KICKOFF = new Date('2027-01-04T08:00:00Z');
const MIDPOINT = new Date('2027-02-15T08:00:00Z');
const ASK = new Date('2027-03-22T08:00:00Z');
const CLOSE = new Date('2027-03-29T07:00:00Z');
const REPORT = new Date('2027-04-05T07:00:00Z');
const minutes = (at: Date, n: number) => new Date(at.getTime() + n * 60_000);

let now: Date;
let stack: LocalStack;

beforeEach(async () => {
  now = new Date('2026-12-01T10:00:00Z');
  stack = await startLocalStack({ clock: () => now, channels: [{ ...CHANNEL, members: [COORDINATOR, ADMIN] }] });
});
afterEach(() => stack.stop());

const user = (id: string) => stack.emulator.user(id);
const rows = (query: string, ...params: unknown[]) => rawSql(stack.database).all(query, ...params);
const one = async (query: string, ...params: unknown[]) => (await rawSql(stack.database).get(query, ...params)) as Record<string, unknown>;
const dms = (id: string) => user(id).messages().map((m) => renderMessage(m).join('\n'));
const lastDm = (id: string) => dms(id).at(-1) ?? '';
const channelText = () => stack.emulator.channelMessages(CHANNEL.id).map((m) => renderMessage(m).join('\n'));
const cohortKeys = async () => (await one("select count(*) as n from outbox where idempotency_key like 'cohort:%'")).n as number;
const enrollmentOf = (id: string, programId = 2) => one('select * from enrollments where person_id = ? and program_id = ?', id, programId);

async function cohortJob(at: Date) {
  now = at;
  return runJob(findJob('cohorts')!, stack.deps, stack.mentoring.app.client, at);
}

const createProgram = (answers: ProgramInput) => createProgramAs(stack, ADMIN, answers);

const SPRING: ProgramInput = {
  name: 'Spring cohort',
  purpose: 'New managers learn to <lead> & give feedback.',
  tracks: ['leadership', 'communication'],
  startsOn: '2027-01-04',
  endsOn: '2027-03-29',
  timeZone: 'Europe/Paris',
  channel: CHANNEL.id,
  coordinators: [COORDINATOR],
};

const MENTEE_PART = (aim = 'Run a calm one-to-one') => ({ roles: { roles: ['mentee'] }, goal1Aim: { goal1Aim: aim }, goal1Measure: { goal1Measure: 'My team says so' }, goal1Due: { goal1Due: '2027-06-01' } });
const MENTOR_PART = { roles: { roles: ['mentor'] }, capacityMentees: { capacityMentees: '1' }, capacityHoursPerMonth: { capacityHoursPerMonth: '2' } };

/** A member joins program `programId` the way Slack does: `/mentor programs`, Join, the program's part of the form. */
const joinProgram = (id: string, role: 'mentor' | 'mentee', programId = 2) => joinProgramAs(stack, id, programId, role === 'mentor' ? MENTOR_PART : MENTEE_PART(`Goal of ${id}`));

async function member(id: string, role: 'mentor' | 'mentee') {
  await join(stack, id, role === 'mentor' ? MENTOR : MENTEE);
}

async function rateBaseline(id: string, levels: { leadership: string; communication: string }) {
  await user(id).click('cohort_self_rate');
  await stack.settle();
  const result = await user(id).submit({ 'track:leadership': { 'track:leadership': levels.leadership }, 'track:communication': { 'track:communication': levels.communication } });
  await stack.settle();
  expect(result.errors).toBeUndefined();
}

async function pair(mentorId: string, menteeId: string): Promise<number> {
  const { lastId } = await rawSql(stack.database).run(
    "insert into matches (program_id, mentor_id, mentee_id, kind, status, source, requested_at, decided_at) values (2, ?, ?, 'mentoring', 'active', 'round', ?, ?) returning id",
    mentorId,
    menteeId,
    Date.parse('2027-01-10T10:00:00Z'),
    Date.parse('2027-01-10T10:00:00Z'),
  );
  return Number(lastId);
}

async function session(matchId: number, startsAt: string, status: 'held' | 'booked') {
  await rawSql(stack.database).run('insert into sessions (match_id, starts_at, ends_at, status) values (?, ?, ?, ?)', matchId, Date.parse(startsAt), Date.parse(startsAt) + 3_600_000, status);
}

describe('a cohort coordinator’s Home', () => {
  it('shows their own program, not Mentoring’s overview', async () => {
    // Reproduced on main: a coordinator of this cohort alone saw "Program overview" with Mentoring's numbers.
    await createProgram(SPRING);
    await stack.emulator.user(COORDINATOR).openHome();
    await stack.settle();
    const home = JSON.stringify(stack.emulator.user(COORDINATOR).home()?.view.blocks);
    expect(home).not.toContain('Program overview');
    expect(home).toContain('Spring cohort');
  });
});

describe('joining a cohort', () => {
  it('asks for a baseline on its tracks, and the kickoff reaches everyone enrolled at the start, once', async () => {
    await member(CAST.aiko.id, 'mentor');
    await member(CAST.bruno.id, 'mentee');
    await createProgram(SPRING);
    // An ongoing program with the same tracks asks for no baseline: it has no close to compare with.
    await createProgram({ name: 'Open office hours', tracks: ['leadership'] });
    await joinProgram(CAST.bruno.id, 'mentee', 3);
    expect(dms(CAST.bruno.id).join('\n')).not.toContain('Where do you stand today?');

    await joinProgram(CAST.bruno.id, 'mentee');
    expect(dms(CAST.bruno.id).join('\n')).toContain('*Where do you stand today?* *Spring cohort* focuses on Leadership, Communication');
    await user(CAST.bruno.id).click('cohort_self_rate');
    await stack.settle();
    expect(validateBlocks(user(CAST.bruno.id).modal()?.view.blocks, '/blocks', 100)).toEqual([]);
    // Every track needs a level; the error lands on the one left out, and nothing is stored.
    const partial = await user(CAST.bruno.id).submit({ 'track:leadership': { 'track:leadership': '2' } });
    expect(partial.errors).toEqual({ 'track:communication': 'Pick a level from 1 to 5.' });
    expect(await rows('select * from self_ratings')).toEqual([]);
    await user(CAST.bruno.id).submit({ 'track:leadership': { 'track:leadership': '2' }, 'track:communication': { 'track:communication': '3' } });
    await stack.settle();
    const bruno = await enrollmentOf(CAST.bruno.id);
    expect(await rows('select enrollment_id, track, phase, level from self_ratings order by track')).toEqual([
      { enrollment_id: bruno.id, track: 'communication', phase: 'baseline', level: 3 },
      { enrollment_id: bruno.id, track: 'leadership', phase: 'baseline', level: 2 },
    ]);
    expect(lastDm(CAST.bruno.id)).toContain('Your starting point in *Spring cohort* is saved');
    await joinProgram(CAST.aiko.id, 'mentor');

    // Before 09:00 in Paris nothing goes; at 09:00 CET everyone enrolled gets the kickoff, once.
    await cohortJob(minutes(KICKOFF, -15));
    expect(await cohortKeys()).toBe(2);
    await cohortJob(KICKOFF);
    await cohortJob(minutes(KICKOFF, 15));
    expect(await rows("select recipient from outbox where idempotency_key like 'cohort:2:kickoff:%' order by recipient")).toEqual([{ recipient: CAST.aiko.id }, { recipient: CAST.bruno.id }]);
    const brunoKickoff = lastDm(CAST.bruno.id);
    expect(brunoKickoff).toContain('Spring cohort starts today');
    expect(brunoKickoff).toContain('New managers learn to &lt;lead&gt; &amp; give feedback.');
    expect(brunoKickoff).toContain('`/mentor match` suggests people who fit your goals');
    expect(brunoKickoff).toContain('`/mentor schedule` finds a time');
    expect(brunoKickoff).not.toContain('Rate yourself');
    const aikoKickoff = user(CAST.aiko.id).lastMessage();
    expect(renderMessage(aikoKickoff ?? {}).join('\n')).toContain('Requests come to you here');
    // Aiko has not rated herself yet: her kickoff offers it.
    expect(actionIds(aikoKickoff?.blocks)).toEqual(['cohort_self_rate']);
    expect(validateBlocks(aikoKickoff?.blocks)).toEqual([]);
  });

  it('gives late joiners the kickoff as they join until the midpoint, and only the baseline prompt after it', async () => {
    await member(CAST.bruno.id, 'mentee');
    await createProgram(SPRING);
    await joinProgram(CAST.bruno.id, 'mentee');
    await cohortJob(KICKOFF);
    // A late joiner before the midpoint gets the baseline prompt and the kickoff as they join.
    now = new Date('2027-01-20T10:00:00Z');
    await member(CAST.chloe.id, 'mentee');
    await joinProgram(CAST.chloe.id, 'mentee');
    expect(dms(CAST.chloe.id).join('\n')).toContain('Welcome to Spring cohort');
    expect(dms(CAST.chloe.id).join('\n')).toContain('Where do you stand today?');
    // Someone joining after the midpoint is asked for a baseline, but gets no kickoff, then or later.
    now = new Date('2027-02-17T10:00:00Z');
    await member(CAST.dev.id, 'mentee');
    await joinProgram(CAST.dev.id, 'mentee');
    await cohortJob(new Date('2027-02-17T10:15:00Z'));
    expect(dms(CAST.dev.id).join('\n')).toContain('Where do you stand today?');
    expect(dms(CAST.dev.id).join('\n')).not.toMatch(/Welcome to Spring cohort|starts today|how is it going/);
    expect(await rows("select count(*) as n from outbox where idempotency_key like 'cohort:2:kickoff:%'")).toEqual([{ n: 2 }]);
    // Those who were there by the midpoint get its pulse.
    expect(await rows("select recipient from outbox where idempotency_key like 'cohort:2:pulse:%' order by recipient")).toEqual([{ recipient: CAST.bruno.id }, { recipient: CAST.chloe.id }]);
  });

  it('asks people approved from an application or promoted from the waitlist for their baseline too', async () => {
    await member(COORDINATOR, 'mentor');
    await member(CAST.bruno.id, 'mentee');
    await member(CAST.dev.id, 'mentee');
    await createProgram({ ...SPRING, enrollment: 'application', seats: '1' });
    for (const id of [CAST.bruno.id, CAST.dev.id]) await joinProgram(id, 'mentee');
    expect(await rows('select status from enrollments where program_id = 2 order by id')).toEqual([{ status: 'applied' }, { status: 'applied' }]);
    expect(dms(CAST.bruno.id).join('\n')).not.toContain('Where do you stand today?');
    for (const id of [CAST.bruno.id, CAST.dev.id]) {
      await user(COORDINATOR).click('application_approve', { value: String((await enrollmentOf(id)).id) });
      await stack.settle();
      await user(COORDINATOR).submit({ note: { note: '' } });
      await stack.settle();
    }
    expect(await rows('select person_id, status from enrollments where program_id = 2 order by id')).toEqual([
      { person_id: CAST.bruno.id, status: 'active' },
      { person_id: CAST.dev.id, status: 'waitlisted' },
    ]);
    expect(dms(CAST.bruno.id).join('\n')).toContain('Where do you stand today?');
    expect(dms(CAST.dev.id).join('\n')).not.toContain('Where do you stand today?');
    await user(CAST.bruno.id).slash('/mentor leave Spring cohort');
    await stack.settle();
    expect((await enrollmentOf(CAST.dev.id)).status).toBe('active');
    expect(dms(CAST.dev.id).join('\n')).toContain('Where do you stand today?');
  });

  it('asks nothing of people approved or promoted while the cohort is paused; the kickoff catches them up when it resumes', async () => {
    await member(CAST.bruno.id, 'mentee');
    await member(CAST.dev.id, 'mentee');
    await createProgram({ ...SPRING, enrollment: 'application', seats: '1' });
    for (const id of [CAST.bruno.id, CAST.dev.id]) await joinProgram(id, 'mentee');
    now = new Date('2027-01-05T10:00:00Z');
    await user(ADMIN).slash('/mentor program pause Spring cohort');
    await stack.settle();
    for (const id of [CAST.bruno.id, CAST.dev.id]) {
      await user(COORDINATOR).click('application_approve', { value: String((await enrollmentOf(id)).id) });
      await stack.settle();
      await user(COORDINATOR).submit({ note: { note: '' } });
      await stack.settle();
    }
    // A second place while paused: Dev is promoted from the waitlist.
    await user(ADMIN).slash('/mentor program edit Spring cohort');
    await stack.settle();
    expect((await user(ADMIN).submit(programForm({ ...SAMPLE_PROGRAM, ...SPRING, enrollment: 'application', seats: '2' }))).errors).toBeUndefined();
    await stack.settle();
    expect(await rows('select person_id, status from enrollments where program_id = 2 order by id')).toEqual([
      { person_id: CAST.bruno.id, status: 'active' },
      { person_id: CAST.dev.id, status: 'active' },
    ]);
    expect((await one('select status from programs where id = 2')).status).toBe('paused');
    expect(lastDm(CAST.bruno.id)).toContain("You're approved for *Spring cohort*!");
    expect(lastDm(CAST.dev.id)).toContain('A place opened in *Spring cohort*');
    await cohortJob(new Date('2027-01-06T08:00:00Z'));
    for (const id of [CAST.bruno.id, CAST.dev.id]) expect(dms(id).join('\n')).not.toMatch(/Where do you stand today\?|Welcome to Spring cohort|starts today/);
    expect(await cohortKeys()).toBe(0);

    now = new Date('2027-01-06T10:00:00Z');
    await user(ADMIN).slash('/mentor program resume Spring cohort');
    await stack.settle();
    await cohortJob(new Date('2027-01-07T08:00:00Z'));
    expect(await rows("select recipient from outbox where idempotency_key like 'cohort:2:kickoff:%' order by recipient")).toEqual([{ recipient: CAST.bruno.id }, { recipient: CAST.dev.id }]);
    for (const id of [CAST.bruno.id, CAST.dev.id]) {
      expect(lastDm(id)).toContain('Welcome to Spring cohort');
      // Nobody asked them for a baseline: the kickoff does.
      expect(actionIds(user(id).lastMessage()?.blocks)).toEqual(['cohort_self_rate']);
    }
  });

  it('asks someone let in while paused for their baseline when the cohort resumes after its midpoint', async () => {
    await member(CAST.bruno.id, 'mentee');
    await createProgram({ ...SPRING, enrollment: 'application' });
    await joinProgram(CAST.bruno.id, 'mentee');
    now = new Date('2027-01-05T10:00:00Z');
    await user(ADMIN).slash('/mentor program pause Spring cohort');
    await stack.settle();
    await user(COORDINATOR).click('application_approve', { value: String((await enrollmentOf(CAST.bruno.id)).id) });
    await stack.settle();
    await user(COORDINATOR).submit({ note: { note: '' } });
    await stack.settle();
    now = new Date('2027-02-22T10:00:00Z');
    await user(ADMIN).slash('/mentor program resume Spring cohort');
    await stack.settle();
    await cohortJob(new Date('2027-02-23T08:00:00Z'));
    // A kickoff is stale by now; the baseline prompt is what anyone joining this late gets.
    expect(dms(CAST.bruno.id).join('\n')).toContain('Where do you stand today?');
    expect(await rows("select count(*) as n from outbox where idempotency_key like 'cohort:2:kickoff:%'")).toEqual([{ n: 0 }]);
    await cohortJob(new Date('2027-02-24T08:00:00Z'));
    expect(await rows("select count(*) as n from outbox where idempotency_key like 'cohort:2:baseline:%'")).toEqual([{ n: 1 }]);
  });
});

describe('the midpoint pulse', () => {
  it('asks everyone once; "I need help" goes privately to the program’s coordinators', async () => {
    await member(COORDINATOR, 'mentor');
    await member(CAST.bruno.id, 'mentee');
    await member(CAST.dev.id, 'mentee');
    await createProgram(SPRING);
    for (const id of [CAST.bruno.id, CAST.dev.id]) await joinProgram(id, 'mentee');
    await cohortJob(minutes(MIDPOINT, -15));
    expect(await rows("select count(*) as n from outbox where idempotency_key like 'cohort:2:pulse:%'")).toEqual([{ n: 0 }]);
    await cohortJob(MIDPOINT);
    await cohortJob(minutes(MIDPOINT, 15));
    expect(await rows("select recipient from outbox where idempotency_key like 'cohort:2:pulse:%' order by recipient")).toEqual([{ recipient: CAST.bruno.id }, { recipient: CAST.dev.id }]);
    const pulse = user(CAST.bruno.id).lastMessage();
    expect(actionIds(pulse?.blocks)).toEqual(['cohort_pulse_going_well', 'cohort_pulse_could_be_better', 'cohort_pulse_need_help']);
    expect(validateBlocks(pulse?.blocks)).toEqual([]);

    await user(CAST.bruno.id).click('cohort_pulse_going_well');
    await stack.settle();
    expect(lastDm(CAST.bruno.id)).toContain('Glad to hear *Spring cohort* is going well');
    await user(CAST.dev.id).click('cohort_pulse_need_help');
    await stack.settle();
    expect(lastDm(CAST.dev.id)).toContain('A coordinator of *Spring cohort* will reach out to you privately soon');
    expect(await rows('select person_id, pulse from enrollments where program_id = 2 order by person_id')).toEqual([
      { person_id: CAST.bruno.id, pulse: 'going_well' },
      { person_id: CAST.dev.id, pulse: 'need_help' },
    ]);
    for (const coordinator of [COORDINATOR, ADMIN]) {
      expect(dms(coordinator).filter((t) => t.includes('I need help'))).toEqual([expect.stringContaining(`@${CAST.dev.id} answered the midpoint pulse of *Spring cohort*`)]);
    }
    // The channel does not hear of it.
    expect(channelText().join('\n')).not.toContain('need help');
  });
});

describe('the close', () => {
  it('asks each pair a week before; keeps pairs where both said yes, ends the others kindly, completes the cohort once', async () => {
    for (const id of [CAST.aiko.id, CAST.chloe.id]) await member(id, 'mentor');
    for (const id of [CAST.bruno.id, CAST.dev.id]) await member(id, 'mentee');
    await createProgram({ ...SPRING, seats: '2' });
    for (const id of [CAST.aiko.id, CAST.chloe.id]) await joinProgram(id, 'mentor');
    for (const id of [CAST.bruno.id, CAST.dev.id]) await joinProgram(id, 'mentee');
    await member(COORDINATOR, 'mentee');
    await joinProgram(COORDINATOR, 'mentee'); // on the waitlist: the program is full
    const kept = await pair(CAST.aiko.id, CAST.bruno.id);
    const ending = await pair(CAST.chloe.id, CAST.dev.id);
    await session(ending, '2027-04-02T10:00:00Z', 'booked');

    await cohortJob(minutes(ASK, -15));
    expect(await rows("select count(*) as n from outbox where idempotency_key like 'cohort:2:continue:%'")).toEqual([{ n: 0 }]);
    await cohortJob(ASK);
    expect(await rows("select count(*) as n from outbox where idempotency_key like 'cohort:2:continue:%'")).toEqual([{ n: 4 }]);
    const question = user(CAST.bruno.id).lastMessage();
    expect(renderMessage(question ?? {}).join('\n')).toContain(`Would you like your mentorship with @${CAST.aiko.id} to carry on`);
    expect(validateBlocks(question?.blocks)).toEqual([]);
    for (const id of [CAST.aiko.id, CAST.bruno.id, CAST.chloe.id]) {
      await user(id).click('cohort_continue_yes');
      await stack.settle();
    }
    await user(CAST.dev.id).click('cohort_continue_no');
    await stack.settle();
    expect(lastDm(CAST.dev.id)).toContain('wraps up with *Spring cohort*');
    expect(await rows('select id, mentor_continues, mentee_continues from matches order by id')).toEqual([
      { id: kept, mentor_continues: 1, mentee_continues: 1 },
      { id: ending, mentor_continues: 1, mentee_continues: 0 },
    ]);

    // 08:59 CEST on the last day: still running. 09:00 CEST: closed.
    await cohortJob(minutes(CLOSE, -1));
    expect((await one('select status from programs where id = 2')).status).toBe('active');
    // A crash in the middle of the close leaves nothing half done: no status changed, nothing queued.
    const snapshotOfClose = async () => ({ outbox: await cohortKeys(), matches: await rows('select * from matches order by id'), enrollments: await rows('select * from enrollments order by id') });
    const before = await snapshotOfClose();
    const dropTrigger = await addFailingTrigger(stack.database, { name: 'crash_at_close', table: 'enrollments', on: 'before update of status', when: "new.status = 'completed'", message: 'simulated crash' });
    await expect(cohortJob(CLOSE)).rejects.toSatisfy(failedWith('simulated crash'));
    await dropTrigger();
    expect((await one('select status from programs where id = 2')).status).toBe('active');
    expect(await snapshotOfClose()).toEqual(before);
    // The next run closes it whole, and later runs add nothing.
    await cohortJob(minutes(CLOSE, 15));
    const outboxAfterClose = await cohortKeys();
    await cohortJob(minutes(CLOSE, 30));
    await cohortJob(minutes(CLOSE, 60));
    expect(await cohortKeys()).toBe(outboxAfterClose);
    expect(await one('select status, closed_at from programs where id = 2')).toEqual({ status: 'closed', closed_at: minutes(CLOSE, 15).getTime() });
    expect(await rows('select id, status, end_reason from matches order by id')).toEqual([
      { id: kept, status: 'active', end_reason: null },
      { id: ending, status: 'ended', end_reason: 'cohort ended' },
    ]);
    expect(await rows('select status from sessions')).toEqual([{ status: 'cancelled' }]);
    expect(await rows('select person_id, status from enrollments where program_id = 2 order by id')).toEqual([
      { person_id: CAST.aiko.id, status: 'completed' },
      { person_id: CAST.chloe.id, status: 'completed' },
      { person_id: CAST.bruno.id, status: 'completed' },
      { person_id: CAST.dev.id, status: 'completed' },
      { person_id: COORDINATOR, status: 'left' },
    ]);
    expect(dms(CAST.aiko.id).join('\n')).toContain(`you and @${CAST.bruno.id} both chose to keep going`);
    expect(dms(CAST.bruno.id).join('\n')).toContain(`you and @${CAST.aiko.id} both chose to keep going`);
    for (const [id, partner] of [[CAST.chloe.id, CAST.dev.id], [CAST.dev.id, CAST.chloe.id]] as const) {
      expect(dms(id).join('\n')).toContain(`your mentorship with @${partner} ends with it. Thank you for the time and care`);
    }
    expect(dms(COORDINATOR).join('\n')).toContain('has closed before a place opened for you');
    // Everyone who completed it gets the survey; once.
    expect(await rows("select recipient from outbox where idempotency_key like 'cohort:2:survey:%' order by recipient")).toHaveLength(4);
    expect(actionIds(user(CAST.dev.id).messages().find((m) => m.text.includes('come to a close'))?.blocks)).toEqual(['cohort_survey']);
    const note = channelText().find((t) => t.includes('closed today'));
    expect(note).toContain('4 people completed it. 1 pair chose to keep going; 1 pair ended with the cohort');
    // Should the pair that kept going end later, its program has nobody new to offer: Bruno is told so, and promised nothing.
    const offered = await offerSuggestions(stack.deps, stack.database.db, { menteeId: CAST.bruno.id, programId: 2 }, 'test:after-close', 'Your mentorship has ended.', minutes(CLOSE, 90));
    expect(offered.offered).toBe(0);
    const told = (await one("select payload from outbox where idempotency_key = 'test:after-close'")).payload as string;
    expect(told).toContain('has ended, so it has nobody new to suggest');
    expect(told).not.toContain("We'll message you");
    expect(note).toContain('Monday 5 April 2027');
  });
});

describe('the closing survey and the cohort report', () => {
  it('records goals, rating and the closing self-rating; recognises completers, invites mentees, and reports above the threshold', async () => {
    await member(CAST.aiko.id, 'mentor');
    for (const id of [CAST.bruno.id, CAST.chloe.id, CAST.dev.id]) await member(id, 'mentee');
    await createProgram(SPRING);
    await joinProgram(CAST.aiko.id, 'mentor');
    const baselines = { [CAST.bruno.id]: '1', [CAST.chloe.id]: '2', [CAST.dev.id]: '2' };
    for (const id of [CAST.bruno.id, CAST.chloe.id, CAST.dev.id]) {
      await joinProgram(id, 'mentee');
      await rateBaseline(id, { leadership: baselines[id] as string, communication: '3' });
    }
    await session(await pair(CAST.aiko.id, CAST.bruno.id), '2027-02-01T10:00:00Z', 'held');
    // The weekly digest, while the cohort runs, shows what it has: baselines, no figures.
    now = new Date('2027-01-11T08:00:00Z');
    await runJob(findJob('weekly-digest')!, stack.deps, stack.mentoring.app.client, now);
    const digest = channelText().find((t) => t.includes('Spring cohort digest'));
    expect(digest).toContain('*Cohort outcomes so far*');
    expect(digest).toContain('• Leadership: 3 people rated themselves at the start');

    await cohortJob(CLOSE);
    const fill = async (id: string, leadership: string, outcome: string, rating: string, comment: string) => {
      const goal = (await one('select id from goals where person_id = ? and program_id = 2', id)).id as number;
      return user(id).submit({
        [`goal:${goal}`]: { [`goal:${goal}`]: outcome },
        closing_rating: { closing_rating: rating },
        closing_comment: { closing_comment: comment },
        'track:leadership': { 'track:leadership': leadership },
        'track:communication': { 'track:communication': '4' },
      });
    };
    const answers = async (id: string, leadership: string, outcome: string, rating: string, comment: string) => {
      await user(id).click('cohort_survey');
      await stack.settle();
      const result = await fill(id, leadership, outcome, rating, comment);
      await stack.settle();
      expect(result.errors).toBeUndefined();
    };
    await user(CAST.bruno.id).click('cohort_survey');
    await stack.settle();
    const modal = user(CAST.bruno.id).modal()?.view;
    expect(validateBlocks(modal?.blocks, '/blocks', 100)).toEqual([]);
    expect(renderMessage({ blocks: modal?.blocks as unknown[] }).join('\n')).toContain(`Goal 1: Goal of ${CAST.bruno.id}`);
    // A missing goal outcome and rating keep the form open and store nothing.
    const missing = await user(CAST.bruno.id).submit({ 'track:leadership': { 'track:leadership': '3' }, 'track:communication': { 'track:communication': '4' } });
    expect(Object.keys(missing.errors ?? {}).sort()).toEqual(['closing_rating', expect.stringMatching(/^goal:\d+$/)]);
    expect((await enrollmentOf(CAST.bruno.id)).closing_answered_at).toBeNull();
    expect((await fill(CAST.bruno.id, '4', 'achieved', '5', 'It changed how I run <!here> meetings')).errors).toBeUndefined();
    await stack.settle();
    // Limits count what a person sees: 150 coder emoji are 150 characters, though 1,050 UTF-16 units.
    const emoji = '👩🏽‍💻'.repeat(150);
    await answers(CAST.chloe.id, '3', 'partly', '4', `Good pace ${emoji}`);
    expect((await enrollmentOf(CAST.chloe.id)).closing_comment).toBe(`Good pace ${emoji}`);
    expect(await enrollmentOf(CAST.bruno.id)).toMatchObject({ closing_rating: 5, closing_comment: 'It changed how I run <!here> meetings' });
    expect(await rows("select level from self_ratings where phase = 'close' and track = 'leadership' order by enrollment_id")).toEqual([{ level: 4 }, { level: 3 }]);
    // Bruno held a session: recognition. Chloe did not: thanks. Both are mentees: the invitation.
    expect(dms(CAST.bruno.id).join('\n')).toContain('Congratulations on completing *Spring cohort*! 1 session held');
    expect(dms(CAST.chloe.id).join('\n')).toContain('Thank you for your survey answers for *Spring cohort*!');
    expect(dms(CAST.chloe.id).join('\n')).not.toContain('Congratulations');
    const invite = user(CAST.bruno.id).lastMessage();
    expect(actionIds(invite?.blocks)).toEqual(['cohort_mentor_next']);
    expect(validateBlocks(invite?.blocks)).toEqual([]);
    await user(CAST.bruno.id).click('cohort_mentor_next');
    await stack.settle();
    expect(lastDm(CAST.bruno.id)).toContain('Wonderful, thank you!');
    expect((await enrollmentOf(CAST.bruno.id)).mentor_next_cohort).toBe(1);
    // Answering again updates the answers and sends no second recognition or invitation.
    await answers(CAST.bruno.id, '5', 'achieved', '5', 'It changed how I run <!here> meetings');
    expect(lastDm(CAST.bruno.id)).toContain('Your survey answers for *Spring cohort* are updated');
    expect(dms(CAST.bruno.id).filter((t) => t.includes('Congratulations'))).toHaveLength(1);
    await answers(CAST.dev.id, '3', 'not_yet', '3', '');
    expect(await rows('select person_id, outcome from goals where program_id = 2 order by person_id')).toEqual([
      { person_id: CAST.bruno.id, outcome: 'achieved' },
      { person_id: CAST.chloe.id, outcome: 'partly' },
      { person_id: CAST.dev.id, outcome: 'not_yet' },
    ]);
    expect(await rows("select count(*) as n from outbox where idempotency_key like 'cohort:2:mentor-invite:%'")).toEqual([{ n: 3 }]);

    // The report waits for the survey to close, a week on; then it is posted once.
    await cohortJob(minutes(REPORT, -15));
    expect(channelText().some((t) => t.includes('Spring cohort: cohort report'))).toBe(false);
    await cohortJob(REPORT);
    await cohortJob(minutes(REPORT, 15));
    expect(await rows("select count(*) as n from outbox where idempotency_key like 'cohort:2:report:%'")).toEqual([{ n: 1 }]);
    const posted = stack.emulator.channelMessages(CHANNEL.id).at(-1);
    expect(validateBlocks(posted?.blocks)).toEqual([]);
    const report = renderMessage(posted ?? {}).join('\n');
    expect(report).toContain('4 people saw it through, 2 of them with at least one session held');
    expect(report).toContain('• Leadership: 1.7 → 3.7 (▲ 2.0, 3 people)');
    expect(report).toContain('• Communication: 3.0 → 4.0 (▲ 1.0, 3 people)');
    expect(report).toContain('_Goals:_ 1 achieved · 1 partly · 1 not yet (3 people)');
    expect(report).toContain('_Program rating:_ 4.0 / 5 (3 people)');
    expect(report).toContain('_Mentoring next cohort:_ 1 mentee said yes');
    // Two comments are too few to show: a count only.
    expect(report).toContain('2 comments; shown once 3 or more people have written one.');
    expect(report).not.toContain('It changed how I run');
    // The survey has closed.
    await user(CAST.bruno.id).click('cohort_survey');
    await stack.settle();
    expect(lastDm(CAST.bruno.id)).toContain('The survey for *Spring cohort* has closed');
  });
});
