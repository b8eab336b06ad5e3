import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CAST } from '../../demo/cast.js';
import { intakeForm, SAMPLE_INTAKE } from '../../demo/forms.js';
import { type LocalStack, startLocalStack } from '../../demo/stack.js';
import { renderMessage } from '../../emulator/index.js';
import { createProgram, join, joinProgram, MENTEE, MENTOR } from '../support/program.js';
import { rawSql } from '../support/rawSql.js';

/*
 * Editing a profile never enrols anyone anywhere. Reproduced on main: a
 * mentee who had left Mentoring (the default program) opened Edit profile,
 * changed only their time zone, and was back in Mentoring, matchable, told
 * only "Your mentoring profile is updated"; someone only in another program
 * was enrolled in Mentoring by the same edit; once Mentoring was closed,
 * nobody could save an edit at all; and a goal whose date had passed
 * refused every edit until they invented a new date.
 */

const ADMIN = CAST.grace.id;
let now: Date;
let stack: LocalStack;
beforeEach(async () => {
  now = new Date('2026-12-01T10:00:00Z');
  stack = await startLocalStack({ clock: () => now });
});
afterEach(() => stack.stop());

const user = (id: string) => stack.emulator.user(id);
const enrollments = (id: string) => rawSql(stack.database).all('select program_id as program, status from enrollments where person_id = ? order by program_id', id);
const zoneOf = async (id: string) => (await rawSql(stack.database).get<{ zone: string }>('select time_zone as zone from people where id = ?', id))!.zone;
const inputs = (id: string) => ((user(id).modal()?.view.blocks ?? []) as { type: string; block_id?: string }[]).filter((b) => b.type === 'input').map((b) => b.block_id);
const lastDm = (id: string) => renderMessage(user(id).lastMessage() ?? {}).join('\n');

async function openEdit(id: string): Promise<void> {
  await user(id).slash('/mentor profile');
  await stack.settle();
  await user(id).click('profile_edit');
  await stack.settle();
}

describe('editing the profile every program shares', () => {
  it('after leaving Mentoring: edits skills, zone and hours only, and leaves them out of Mentoring', async () => {
    await join(stack, CAST.bruno.id, MENTEE);
    await createProgram(stack, ADMIN, { name: 'Leadership cohort' });
    await user(CAST.bruno.id).slash('/mentor leave Mentoring');
    await stack.settle();
    expect(await enrollments(CAST.bruno.id)).toEqual([{ program: 1, status: 'left' }]);

    await openEdit(CAST.bruno.id);
    // Nothing on the form belongs to a program they are not in.
    expect(inputs(CAST.bruno.id)).not.toContain('roles');
    expect(inputs(CAST.bruno.id)).not.toContain('goal1Aim');
    expect(inputs(CAST.bruno.id)).toContain('timeZone');
    const result = await user(CAST.bruno.id).submit(intakeForm({ ...SAMPLE_INTAKE, ...MENTEE, timeZone: 'America/New_York' }));
    await stack.settle();
    expect(result.errors).toBeUndefined();
    expect(await zoneOf(CAST.bruno.id)).toBe('America/New_York');
    expect(await enrollments(CAST.bruno.id)).toEqual([{ program: 1, status: 'left' }]);
    expect(lastDm(CAST.bruno.id)).toContain('Your mentoring profile is updated');
  });

  it('in another program only: the edit does not enrol them in Mentoring, and a mentor there still needs skills to offer', async () => {
    await createProgram(stack, ADMIN, { name: 'Leadership cohort' });
    await join(stack, CAST.aiko.id, MENTOR);
    await joinProgram(stack, CAST.aiko.id, 2, { roles: { roles: ['mentor'] }, capacityMentees: { capacityMentees: '2' }, capacityHoursPerMonth: { capacityHoursPerMonth: '4' } });
    await user(CAST.aiko.id).slash('/mentor leave Mentoring');
    await stack.settle();

    await openEdit(CAST.aiko.id);
    expect(inputs(CAST.aiko.id)).toEqual(expect.arrayContaining(['skillsOffered', 'capacityMentees']));
    const noSkills = await user(CAST.aiko.id).submit(intakeForm({ ...SAMPLE_INTAKE, ...MENTOR, skillsOffered: [] }));
    expect(noSkills.errors).toEqual({ skillsOffered: 'Mentors, peer mentors and reverse mentors need at least one skill here.' });
    const saved = await user(CAST.aiko.id).submit(intakeForm({ ...SAMPLE_INTAKE, ...MENTOR, workEnd: '18:00' }));
    await stack.settle();
    expect(saved.errors).toBeUndefined();
    expect(await enrollments(CAST.aiko.id)).toEqual([
      { program: 1, status: 'left' },
      { program: 2, status: 'active' },
    ]);
  });

  it('with Mentoring closed, people can still change their hours', async () => {
    await createProgram(stack, ADMIN, { name: 'Leadership cohort' });
    await join(stack, CAST.bruno.id, MENTEE);
    await user(ADMIN).slash('/mentor program close Mentoring');
    await stack.settle();
    await openEdit(CAST.bruno.id);
    const result = await user(CAST.bruno.id).submit(intakeForm({ ...SAMPLE_INTAKE, ...MENTEE, timeZone: 'Asia/Tokyo' }));
    await stack.settle();
    expect(result.errors).toBeUndefined();
    expect(await zoneOf(CAST.bruno.id)).toBe('Asia/Tokyo');
  });

  it('a form opened to edit Mentoring and sent after leaving it saves nothing and says why', async () => {
    await join(stack, CAST.bruno.id, MENTEE);
    await createProgram(stack, ADMIN, { name: 'Leadership cohort' });
    await openEdit(CAST.bruno.id);
    expect(inputs(CAST.bruno.id)).toContain('roles');
    // Another tab: they leave while the form is open.
    await user(CAST.bruno.id).slash('/mentor leave Mentoring');
    await stack.settle();
    const result = await user(CAST.bruno.id).submit(intakeForm({ ...SAMPLE_INTAKE, ...MENTEE, timeZone: 'America/New_York' }));
    expect(result.errors?.roles).toMatch(/^You have left this program since the form opened, so nothing was saved/);
    expect(await enrollments(CAST.bruno.id)).toEqual([{ program: 1, status: 'left' }]);
    expect(await zoneOf(CAST.bruno.id)).not.toBe('America/New_York');
  });

  it('/mentor join after leaving Mentoring asks only for Mentoring\'s own part, and says where they stand', async () => {
    await join(stack, CAST.bruno.id, MENTEE);
    await createProgram(stack, ADMIN, { name: 'Leadership cohort' });
    await user(CAST.bruno.id).slash('/mentor leave Mentoring');
    await stack.settle();
    await user(CAST.bruno.id).slash('/mentor join');
    await stack.settle();
    expect(inputs(CAST.bruno.id)).toContain('roles');
    expect(inputs(CAST.bruno.id)).not.toContain('timeZone');
    const result = await user(CAST.bruno.id).submit(intakeForm({ ...SAMPLE_INTAKE, ...MENTEE }));
    await stack.settle();
    expect(result.errors).toBeUndefined();
    expect(await enrollments(CAST.bruno.id)).toEqual([{ program: 1, status: 'active' }]);
    expect(lastDm(CAST.bruno.id)).not.toContain('profile is updated');
  });
});

describe('a goal whose date has passed', () => {
  it('does not stop an edit of the rest; a new or changed goal must still look ahead', async () => {
    await join(stack, CAST.bruno.id, { ...MENTEE, goal1Due: '2026-12-15' });
    now = new Date('2027-01-10T10:00:00Z');
    await openEdit(CAST.bruno.id);
    const moved = await user(CAST.bruno.id).submit(intakeForm({ ...SAMPLE_INTAKE, ...MENTEE, goal1Due: '2026-12-20' }));
    expect(moved.errors).toEqual({ goal1Due: 'Goal 1: the date has already passed; pick one from today on.' });
    const kept = await user(CAST.bruno.id).submit(intakeForm({ ...SAMPLE_INTAKE, ...MENTEE, goal1Due: '2026-12-15', workEnd: '18:00' }));
    await stack.settle();
    expect(kept.errors).toBeUndefined();
    expect(await rawSql(stack.database).get('select work_end_minute as "end" from profiles where person_id = ?', CAST.bruno.id)).toEqual({ end: 18 * 60 });
  });
});
