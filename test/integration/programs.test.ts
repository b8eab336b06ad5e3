import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CAST, COORDINATOR_CHANNEL } from '../../demo/cast.js';
import type { ProgramInput } from '../../demo/forms.js';
import { type LocalStack, startLocalStack } from '../../demo/stack.js';
import { renderMessage } from '../../emulator/index.js';
import { snapshot } from '../support/db.js';
import { actionIds, join, joinProgram, MENTEE, MENTOR, submitProgram } from '../support/program.js';
import { rawSql } from '../support/rawSql.js';

/*
 * Programs through Slack: a workspace admin creates one from the form (and
 * every kind of bad input lands on its field, storing nothing), people find
 * it in /mentor programs and join it, applications go to its coordinators,
 * a full program keeps a waitlist, and closing one ends its mentorships kindly.
 */

const REVERSE_CHANNEL = { id: 'C0REVERSE1', name: 'reverse-mentoring' } as const;
const NO_BOT_CHANNEL = { id: 'C0RANDOM01', name: 'random' } as const;
const ADMIN = CAST.grace.id;
let now = new Date('2026-12-01T10:00:00Z');
let stack: LocalStack;

beforeEach(async () => {
  now = new Date('2026-12-01T10:00:00Z');
  stack = await startLocalStack({
    clock: () => now,
    channels: [
      { ...REVERSE_CHANNEL, members: [CAST.emma.id, CAST.aiko.id] },
      { ...NO_BOT_CHANNEL, members: [CAST.aiko.id], botIsMember: false },
    ],
  });
});
afterEach(() => stack.stop());

const user = (id: string) => stack.emulator.user(id);
const sql = () => rawSql(stack.database);
const rows = (query: string, ...params: unknown[]) => sql().all(query, ...params);
const lastDm = (id: string) => renderMessage(user(id).lastMessage() ?? {}).join('\n');
/** A mentee's part of a program's form: the role, and the goal every mentee needs. */
const MENTEE_PART = { roles: { roles: ['mentee'] }, goal1Aim: { goal1Aim: 'Grow as a leader' }, goal1Measure: { goal1Measure: 'My team says so' }, goal1Due: { goal1Due: '2027-06-01' } };

const createProgram = (answers: ProgramInput, by = ADMIN) => submitProgram(stack, by, answers);

describe('creating a program', () => {
  it('stores the program with its coordinators and channel, and tells the admin where it stands', async () => {
    const result = await createProgram({ name: 'Reverse mentoring for leaders', modes: ['reverse'], enrollment: 'application', coordinators: [CAST.emma.id], channel: REVERSE_CHANNEL.id, seats: '8', startsOn: '2027-01-04', endsOn: '2027-03-29', timeZone: 'Europe/London' });
    expect(result.errors).toBeUndefined();
    expect(await rows('select id, name, modes, enrollment, channel_id, seats, starts_on, ends_on, time_zone, status, created_by from programs where id > 1')).toEqual([
      { id: 2, name: 'Reverse mentoring for leaders', modes: '["reverse"]', enrollment: 'application', channel_id: REVERSE_CHANNEL.id, seats: 8, starts_on: '2027-01-04', ends_on: '2027-03-29', time_zone: 'Europe/London', status: 'active', created_by: ADMIN },
    ]);
    expect(await rows('select program_id, person_id from program_coordinators')).toEqual([{ program_id: 2, person_id: CAST.emma.id }]);
    expect(lastDm(ADMIN)).toContain('*Reverse mentoring for leaders* is created');
  });

  it('refuses bad input on its field and stores nothing', async () => {
    await join(stack, CAST.bruno.id, { ...MENTEE, department: 'Sales' });
    await createProgram({ name: 'Leadership cohort' });
    const before = await snapshot(stack);
    const cases: [ProgramInput, string, RegExp][] = [
      [{ name: '  leadership   COHORT ' }, 'name', /already exists/],
      [{ name: 'Spring', startsOn: '2027-03-01', endsOn: '2027-02-01' }, 'endsOn', /must come after the start/],
      [{ name: 'Spring', startsOn: '2027-03-01' }, 'endsOn', /both a start and an end/],
      [{ name: 'Sales only', departments: 'Salse' }, 'departments', /Nobody in the roster meets this rule/],
      [{ name: 'Ghosts', coordinators: ['U0NOBODY99'] }, 'coordinators', /U0NOBODY99 is not in this workspace/],
      [{ name: 'Elsewhere', channel: NO_BOT_CHANNEL.id }, 'channel', /I am not a member of it/],
      [{ name: 'Nothing', modes: [] }, 'modes', /at least one kind/],
      [{ name: 'Auto', matchingMode: 'automatic' }, 'roundDay', /Pick the day/],
      [{ name: 'Invited', enrollment: 'invitation' }, 'enrollment', /roster filter/],
    ];
    for (const [answers, field, message] of cases) {
      const result = await createProgram(answers);
      expect(result.errors?.[field] ?? `no ${field} error for ${JSON.stringify(answers)}: ${JSON.stringify(result.errors)}`).toMatch(message);
    }
    expect((await snapshot(stack)).programs).toEqual(before.programs);
    expect((await snapshot(stack)).program_coordinators).toEqual(before.program_coordinators);
  });

  it('is for workspace admins only', async () => {
    await user(CAST.aiko.id).slash('/mentor program new');
    await stack.settle();
    expect(lastDm(CAST.aiko.id)).toContain('Only workspace admins can use `/mentor program new`');
    expect(user(CAST.aiko.id).modal()).toBeUndefined();
  });
});

describe('joining programs', () => {
  beforeEach(async () => {
    // Someone in Sales for the eligibility rule to meet.
    await join(stack, CAST.bruno.id, { ...MENTEE, department: 'Sales', level: '3' });
  });

  it('lists what a person may join, and the program part of the form enrolls a member', async () => {
    await createProgram({ name: 'Sales mentoring', departments: 'Sales', seats: '2' });
    await createProgram({ name: 'Engineering only', departments: 'Engineering', levelMin: '5' });
    await user(CAST.bruno.id).slash('/mentor programs');
    await stack.settle();
    const list = lastDm(CAST.bruno.id);
    expect(list).toContain('*Sales mentoring*');
    expect(list).toContain('2 places left');
    expect(list).not.toContain('Engineering only');
    await user(CAST.bruno.id).click('program_join:2', { value: '2' });
    await stack.settle();
    const modal = user(CAST.bruno.id).modal()?.view as { blocks: { block_id?: string }[] } | undefined;
    // Only the program's part: no skills, hours or consent again.
    expect(modal?.blocks.map((b) => b.block_id).filter(Boolean)).not.toContain('skillsWanted');
    expect(modal?.blocks.map((b) => b.block_id)).toContain('roles');
    const result = await user(CAST.bruno.id).submit({ roles: { roles: ['mentee'] }, goal1Aim: { goal1Aim: 'Close my first enterprise deal' }, goal1Measure: { goal1Measure: 'Signed' }, goal1Due: { goal1Due: '2027-06-01' } });
    await stack.settle();
    expect(result.errors).toBeUndefined();
    expect(await rows('select program_id, status, roles from enrollments where person_id = ? order by program_id', CAST.bruno.id)).toEqual([
      { program_id: 1, status: 'active', roles: '["mentee"]' },
      { program_id: 2, status: 'active', roles: '["mentee"]' },
    ]);
    // Goals belong to the program; the default program's goals are untouched.
    expect(await rows('select program_id, aim from goals where person_id = ? order by program_id', CAST.bruno.id)).toEqual([
      { program_id: 1, aim: 'Lead my first cross-team project' },
      { program_id: 2, aim: 'Close my first enterprise deal' },
    ]);
    expect(lastDm(CAST.bruno.id)).toContain("You're in *Sales mentoring*!");
  });

  it('sends applications to the program coordinators, who alone decide; the person hears with the note', async () => {
    await createProgram({ name: 'By application', enrollment: 'application', coordinators: [CAST.emma.id], channel: REVERSE_CHANNEL.id });
    await user(CAST.bruno.id).slash('/mentor programs');
    await stack.settle();
    await user(CAST.bruno.id).click('program_join:2', { value: '2' });
    await stack.settle();
    await user(CAST.bruno.id).submit(MENTEE_PART);
    await stack.settle();
    expect(await rows('select status from enrollments where program_id = 2')).toEqual([{ status: 'applied' }]);
    expect(lastDm(CAST.bruno.id)).toContain('Your application to *By application* is with its coordinators');
    const application = stack.emulator.channelMessages(REVERSE_CHANNEL.id).at(-1);
    expect(renderMessage(application ?? {}).join('\n')).toContain(`@${CAST.bruno.id} applied to *By application*`);
    expect(actionIds(application?.blocks)).toEqual(['application_approve', 'application_decline']);
    const enrollmentId = String(((await rows('select id from enrollments where program_id = 2'))[0] as { id: number }).id);

    // Aiko coordinates nothing: refused, and told who does.
    await user(CAST.aiko.id).click('application_approve', { value: enrollmentId });
    await stack.settle();
    expect(lastDm(CAST.aiko.id)).toContain(`Only program coordinators can use this button. The coordinators are @${CAST.emma.id}`);
    expect(await rows('select status from enrollments where program_id = 2')).toEqual([{ status: 'applied' }]);

    await user(CAST.emma.id).click('application_approve', { value: enrollmentId });
    await stack.settle();
    const decided = await user(CAST.emma.id).submit({ note: { note: 'Welcome aboard: <!channel> first session is on us' } });
    expect(decided.errors).toBeUndefined();
    await stack.settle();
    expect(await rows('select status, decided_by, decision_note from enrollments where program_id = 2')).toEqual([{ status: 'active', decided_by: CAST.emma.id, decision_note: 'Welcome aboard: <!channel> first session is on us' }]);
    const told = user(CAST.bruno.id).lastMessage();
    expect(renderMessage(told ?? {}).join('\n')).toContain("You're approved for *By application*!");
    // The note is theirs to read, never a live mention.
    expect(told?.text).toContain('&lt;!channel&gt;');
    expect(renderMessage(stack.emulator.channelMessages(REVERSE_CHANNEL.id).at(-1) ?? {}).join('\n')).toContain(`@${CAST.emma.id} approved @${CAST.bruno.id}'s application`);
  });

  it("sends an application in a program without a channel to each of its coordinators, and its own coordinator decides it from their DM", async () => {
    await createProgram({ name: 'No channel', enrollment: 'application', coordinators: [CAST.emma.id] });
    await joinProgram(stack, CAST.bruno.id, 2, MENTEE_PART);
    expect(await rows('select status from enrollments where program_id = 2')).toEqual([{ status: 'applied' }]);
    const applicationTo = (id: string) => user(id).messages().find((m) => renderMessage(m).join('\n').includes(`@${CAST.bruno.id} applied to *No channel*`));
    // Emma coordinates only this program (she is no workspace admin); the admin hears of it too.
    const application = applicationTo(CAST.emma.id);
    expect(actionIds(application?.blocks)).toEqual(['application_approve', 'application_decline']);
    expect(applicationTo(ADMIN)).toBeDefined();
    expect(applicationTo(CAST.aiko.id)).toBeUndefined();
    await user(CAST.emma.id).click('application_approve', { value: String(((await rows('select id from enrollments where program_id = 2'))[0] as { id: number }).id) });
    await stack.settle();
    expect((await user(CAST.emma.id).submit({ note: { note: '' } })).errors).toBeUndefined();
    await stack.settle();
    expect(await rows('select status, decided_by from enrollments where program_id = 2')).toEqual([{ status: 'active', decided_by: CAST.emma.id }]);
    expect(lastDm(CAST.bruno.id)).toContain("You're approved for *No channel*!");
  });

  it('keeps a waitlist when full and gives a freed place to the first in line', async () => {
    await join(stack, CAST.chloe.id, { ...MENTEE, department: 'Sales', level: '3' });
    await join(stack, CAST.dev.id, { ...MENTEE, department: 'Sales', level: '3' });
    await createProgram({ name: 'Small group', seats: '1' });
    for (const id of [CAST.bruno.id, CAST.chloe.id, CAST.dev.id]) {
      await user(id).slash('/mentor programs');
      await stack.settle();
      await user(id).click('program_join:2', { value: '2' });
      await stack.settle();
      await user(id).submit(MENTEE_PART);
      await stack.settle();
    }
    expect(await rows('select person_id, status from enrollments where program_id = 2 order by id')).toEqual([
      { person_id: CAST.bruno.id, status: 'active' },
      { person_id: CAST.chloe.id, status: 'waitlisted' },
      { person_id: CAST.dev.id, status: 'waitlisted' },
    ]);
    expect(lastDm(CAST.dev.id)).toContain("you're on its waitlist, number 2");
    await user(CAST.dev.id).slash('/mentor programs');
    await stack.settle();
    expect(lastDm(CAST.dev.id)).toContain('You are on the waitlist, number 2.');

    await user(CAST.bruno.id).slash('/mentor leave Small group');
    await stack.settle();
    expect(await rows('select person_id, status from enrollments where program_id = 2 order by id')).toEqual([
      { person_id: CAST.bruno.id, status: 'left' },
      { person_id: CAST.chloe.id, status: 'active' },
      { person_id: CAST.dev.id, status: 'waitlisted' },
    ]);
    expect(lastDm(CAST.chloe.id)).toContain('A place opened in *Small group*');
    // Leaving one program is not leaving the others.
    expect(await rows('select status from people where id = ?', CAST.bruno.id)).toEqual([{ status: 'active' }]);
  });

  it('gives the place of someone who deletes their data to the first in line, told as on a leave', async () => {
    await join(stack, CAST.chloe.id, { ...MENTEE, department: 'Sales', level: '3' });
    await createProgram({ name: 'Small group', seats: '1' });
    await joinProgram(stack, CAST.bruno.id, 2, MENTEE_PART);
    await joinProgram(stack, CAST.chloe.id, 2, MENTEE_PART);
    expect(await rows('select person_id, status from enrollments where program_id = 2 order by id')).toEqual([
      { person_id: CAST.bruno.id, status: 'active' },
      { person_id: CAST.chloe.id, status: 'waitlisted' },
    ]);
    await user(CAST.bruno.id).slash('/mentor delete-my-data');
    await stack.settle();
    await user(CAST.bruno.id).click('delete_confirm');
    await stack.settle();
    // Bruno's rows are gone, in both programs; his place in the full one is Chloé's now.
    expect(await rows('select person_id, program_id, status from enrollments order by program_id, id')).toEqual([
      { person_id: CAST.chloe.id, program_id: 1, status: 'active' },
      { person_id: CAST.chloe.id, program_id: 2, status: 'active' },
    ]);
    expect(lastDm(CAST.chloe.id)).toContain('A place opened in *Small group*');
  });
});

describe('closing a program', () => {
  it('asks first when it has open mentorships, then ends them and tells both people', async () => {
    await join(stack, CAST.aiko.id, { ...MENTOR, level: '7' });
    await join(stack, CAST.bruno.id, { ...MENTEE, level: '3' });
    await createProgram({ name: 'Short lived' });
    for (const [id, roles] of [[CAST.aiko.id, ['mentor']], [CAST.bruno.id, ['mentee']]] as const) {
      await user(id).slash('/mentor programs');
      await stack.settle();
      await user(id).click('program_join:2', { value: '2' });
      await stack.settle();
      await user(id).submit(roles[0] === 'mentor' ? { roles: { roles: ['mentor'] }, capacityMentees: { capacityMentees: '1' }, capacityHoursPerMonth: { capacityHoursPerMonth: '2' } } : MENTEE_PART);
      await stack.settle();
    }
    await sql().run("insert into matches (program_id, mentor_id, mentee_id, kind, status, source, requested_at, decided_at) values (2, ?, ?, 'mentoring', 'active', 'round', ?, ?)", CAST.aiko.id, CAST.bruno.id, now.getTime(), now.getTime());

    await user(ADMIN).slash('/mentor program close short LIVED');
    await stack.settle();
    expect(lastDm(ADMIN)).toContain('*Short lived* has 1 open mentorship');
    expect(await rows('select status from programs where id = 2')).toEqual([{ status: 'active' }]);
    await user(ADMIN).click('program_close_confirm', { value: '2' });
    await stack.settle();
    expect(await rows('select status from programs where id = 2')).toEqual([{ status: 'closed' }]);
    expect(await rows('select status, end_reason from matches where program_id = 2')).toEqual([{ status: 'ended', end_reason: 'program closed' }]);
    expect(lastDm(CAST.aiko.id)).toContain(`*Short lived* has closed, so your mentorship with @${CAST.bruno.id} there has ended`);
    expect(lastDm(CAST.bruno.id)).toContain(`your mentorship with @${CAST.aiko.id} there has ended`);
    // The default program's life goes on.
    expect(await rows('select status from programs where id = 1')).toEqual([{ status: 'active' }]);
    expect(stack.emulator.channelMessages(COORDINATOR_CHANNEL.id)).toHaveLength(0);
  });

  it('closes a pending request as a request: neither side is told a mentorship ended, and it is not counted as one', async () => {
    await join(stack, CAST.aiko.id, { ...MENTOR, level: '7' });
    await join(stack, CAST.bruno.id, { ...MENTEE, level: '3' });
    await createProgram({ name: 'Short lived' });
    await sql().run("insert into matches (program_id, mentor_id, mentee_id, kind, status, source, requested_at) values (2, ?, ?, 'mentoring', 'requested', 'self_serve', ?)", CAST.aiko.id, CAST.bruno.id, now.getTime());
    await user(ADMIN).slash('/mentor program close short lived');
    await stack.settle();
    // Nothing to confirm: no mentorship would end.
    expect(lastDm(ADMIN)).toBe('*Short lived* is closed.');
    expect(lastDm(CAST.bruno.id)).toBe(`*Short lived* has closed, so your request to @${CAST.aiko.id} there is closed.`);
    expect(lastDm(CAST.aiko.id)).toBe(`*Short lived* has closed, so @${CAST.bruno.id}'s request for you to be their mentor there is closed with it. Nothing is needed from you.`);
  });
});
