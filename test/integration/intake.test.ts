import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { intakeForm, SAMPLE_INTAKE } from '../../demo/forms.js';
import { type LocalStack, startLocalStack } from '../../demo/stack.js';
import { CAST } from '../../demo/cast.js';
import { renderMessage } from '../../emulator/index.js';
import { snapshot } from '../support/db.js';
import { tempDir } from '../support/processes.js';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { rawSql } from '../support/rawSql.js';

const NOW = new Date('2026-11-26T10:00:00Z');
let stack: LocalStack;
beforeEach(async () => {
  stack = await startLocalStack({ clock: () => NOW });
});
afterEach(() => stack.stop());

const field = (view: { blocks?: unknown } | undefined, id: string) =>
  ((view?.blocks ?? []) as { block_id?: string; element?: Record<string, any> }[]).find((b) => b.block_id === id)?.element;

async function joinWith(userId: string, answers = SAMPLE_INTAKE) {
  const person = stack.emulator.user(userId);
  await person.slash('/mentor join');
  await stack.settle();
  const result = await person.submit(intakeForm(answers));
  await stack.settle();
  return result;
}

describe('/mentor join', () => {
  it('opens the intake form within the trigger window, defaulting to the Slack profile time zone', async () => {
    const aiko = stack.emulator.user(CAST.aiko.id);
    await aiko.slash('/mentor join');
    await stack.settle();
    expect(stack.emulator.callsTo('views.open')).toEqual([expect.objectContaining({ ok: true })]);
    expect(aiko.modal()?.view.callback_id).toBe('intake_submit');
    expect(field(aiko.modal()?.view, 'timeZone')?.initial_value).toBe('Asia/Tokyo');
  });

  it('stores a valid intake: person, profile, skills, goals and availability', async () => {
    const result = await joinWith(CAST.chloe.id);
    expect(result.status).toBe(200);
    expect(result.errors).toBeUndefined();
    const rows = await snapshot(stack);
    expect(rows.people).toEqual([expect.objectContaining({ id: CAST.chloe.id, time_zone: 'Europe/Paris', department: 'Engineering', level: 5, location: 'Paris', status: 'active', joined_at: NOW.getTime(), display_name: 'Chloé Martin', email: 'chloe@example.com' })]);
    expect(rows.profiles).toEqual([expect.objectContaining({ capacity_mentees: 2, capacity_hours_per_month: 4, work_start_minute: 540, work_end_minute: 1050, format: 'video', work_days: '[1,2,3,4,5]' })]);
    // Roles and capacity are the person's part in the (default) program.
    expect(rows.enrollments).toEqual([expect.objectContaining({ program_id: 1, status: 'active', roles: '["mentor","mentee"]', capacity_mentees: 2, capacity_hours_per_month: 4, joined_at: NOW.getTime() })]);
    expect(rows.person_skills).toHaveLength(4);
    expect(rows.goals).toEqual([expect.objectContaining({ position: 1, aim: 'Lead my first cross-team project', due_on: '2027-06-30' })]);
    expect(rows.availability).toHaveLength(5);
    expect(stack.emulator.user(CAST.chloe.id).lastMessage()?.text).toContain('Welcome to the mentoring program');
    expect(JSON.stringify(stack.emulator.user(CAST.chloe.id).home()?.view)).toContain('Lead my first cross-team project');
  });

  it('answers an invalid submission with a message on each bad field, and stores nothing', async () => {
    const before = await snapshot(stack);
    const aiko = stack.emulator.user(CAST.aiko.id);
    await aiko.slash('/mentor join');
    await stack.settle();
    const result = await aiko.submit(
      intakeForm({
        ...SAMPLE_INTAKE,
        roles: [],
        timeZone: 'Mars/Olympus_Mons',
        goal1Aim: 'x'.repeat(301),
        goal1Due: '2025-01-01',
        workStart: '18:00',
        workEnd: '09:00',
        department: 'x'.repeat(81),
        consent: [],
      }),
    );
    expect(result.errors).toEqual({
      roles: 'Pick at least one way to take part.',
      timeZone: '"Mars/Olympus_Mons" is not a time zone we know. Use a name like Europe/Berlin or America/New_York.',
      goal1Aim: 'Goal 1 is too long; please keep it under 300 characters (nothing was cut).',
      goal1Due: 'Goal 1: the date has already passed; pick one from today on.',
      workEnd: 'Your working day must end after it starts.',
      department: 'The department is too long; please keep it under 80 characters (nothing was cut).',
      consent: 'Please agree before joining: we use your answers only for matching and anonymous program reports.',
    });
    // The modal stays open for correction, and nothing was written.
    expect(aiko.modal()?.view.callback_id).toBe('intake_submit');
    expect(await snapshot(stack)).toEqual(before);
    // The correction goes through.
    const fixed = await aiko.submit(intakeForm({ ...SAMPLE_INTAKE, timeZone: 'Asia/Tokyo' }));
    await stack.settle();
    expect(fixed.errors).toBeUndefined();
    expect((await snapshot(stack)).people).toHaveLength(1);
  });

  it('offers the same form, pre-filled, to a member; an edit keeps the join date', async () => {
    await joinWith(CAST.dev.id, { ...SAMPLE_INTAKE, timeZone: 'Asia/Kolkata' });
    const dev = stack.emulator.user(CAST.dev.id);
    await dev.slash('/mentor profile');
    const card = renderMessage(dev.lastMessage() ?? {}).join('\n');
    expect(card).toContain('Your mentoring profile');
    expect(card).toContain('Asia/Kolkata');
    await dev.click('profile_edit');
    await stack.settle();
    const modal = dev.modal()?.view;
    expect(modal?.title).toMatchObject({ text: 'Edit your profile' });
    expect(field(modal, 'goal1Aim')?.initial_value).toBe('Lead my first cross-team project');
    expect(field(modal, 'timeZone')?.initial_value).toBe('Asia/Kolkata');
    await dev.submit(intakeForm({ ...SAMPLE_INTAKE, timeZone: 'Asia/Kolkata', roles: ['mentee'], skillsOffered: [], capacityMentees: undefined, capacityHoursPerMonth: undefined, goal1Aim: 'Speak at a conference' }));
    await stack.settle();
    const rows = await snapshot(stack);
    expect(rows.profiles).toEqual([expect.objectContaining({ capacity_mentees: null })]);
    expect(rows.enrollments).toEqual([expect.objectContaining({ roles: '["mentee"]', capacity_mentees: null, joined_at: NOW.getTime() })]);
    expect(rows.goals).toEqual([expect.objectContaining({ aim: 'Speak at a conference' })]);
    expect(rows.people).toEqual([expect.objectContaining({ joined_at: NOW.getTime() })]);
    expect(dev.lastMessage()?.text).toContain('profile is updated');
  });

  it('tells someone who has not joined how to, when they ask for their profile', async () => {
    const emma = stack.emulator.user(CAST.emma.id);
    await emma.slash('/mentor profile');
    expect(emma.lastMessage()?.text).toContain("haven't joined");
    await emma.click('intake_open');
    await stack.settle();
    expect(emma.modal()?.view.callback_id).toBe('intake_submit');
  });

  it('does not ask roster-imported people for department, level and location, and keeps the roster values', async () => {
    await rawSql(stack.database).run(
      "insert into people (id, department, level, location, roster_imported_at, status) values (?, 'Finance', 3, 'Lagos', ?, 'active')",
      CAST.bruno.id,
      NOW.getTime(),
    );
    const bruno = stack.emulator.user(CAST.bruno.id);
    await bruno.slash('/mentor join');
    await stack.settle();
    expect(field(bruno.modal()?.view, 'department')).toBeUndefined();
    const { department: _d, level: _l, location: _loc, ...rest } = SAMPLE_INTAKE;
    const result = await bruno.submit(intakeForm({ ...rest, timeZone: 'America/Sao_Paulo' }));
    await stack.settle();
    expect(result.errors).toBeUndefined();
    expect((await snapshot(stack)).people).toEqual([expect.objectContaining({ department: 'Finance', level: 3, location: 'Lagos', joined_at: NOW.getTime() })]);
  });
});

describe('a taxonomy larger than a menu', () => {
  it('serves the skill options as people type, and stores what they picked', async () => {
    const dir = tempDir();
    const clusters = Array.from({ length: 3 }, (_, c) => ({ id: `area-${c}`, name: `Area ${c}`, skills: Array.from({ length: 50 }, (_, k) => ({ id: `skill-${c}-${k}`, name: `Craft ${c}-${k}` })) }));
    clusters[1]?.skills.push({ id: 'rust', name: 'Rust' });
    const path = join(dir, 'skills.yaml');
    writeFileSync(path, stringify({ clusters }));
    await stack.stop();
    stack = await startLocalStack({ clock: () => NOW, env: { SKILL_TAXONOMY_PATH: path } });
    const chloe = stack.emulator.user(CAST.chloe.id);
    await chloe.slash('/mentor join');
    await stack.settle();
    expect(field(chloe.modal()?.view, 'skillsOffered')?.type).toBe('multi_external_select');
    // The form stays small: the 151 skills are not in it.
    expect(JSON.stringify(chloe.modal()?.view).length).toBeLessThan(20_000);
    const options = await chloe.suggest('skillsOffered', 'rus');
    expect(options.map((o) => o.value)).toEqual(['rust']);
    await chloe.suggest('skillsWanted', 'craft 0-1');
    const result = await chloe.submit(intakeForm({ ...SAMPLE_INTAKE, skillsOffered: ['rust'], skillsWanted: ['skill-0-1'] }));
    await stack.settle();
    expect(result.errors).toBeUndefined();
    expect((await snapshot(stack)).person_skills).toEqual(
      expect.arrayContaining([expect.objectContaining({ skill_id: 'rust', direction: 'offered' }), expect.objectContaining({ skill_id: 'skill-0-1', direction: 'wanted' })]),
    );
  });
});
