import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CAST } from '../../demo/cast.js';
import { type LocalStack, startLocalStack } from '../../demo/stack.js';
import { renderMessage } from '../../emulator/index.js';
import { createProgram, join, joinProgram, MENTEE, MENTOR } from '../support/program.js';

/*
 * Roles, capacity and goals belong to a program. Reproduced on main:
 * `/mentor profile` showed only Mentoring's, so a cohort member sent there
 * by the kickoff ("bring your goals to your first session") read another
 * program's goals, and someone who had left Mentoring still read
 * "Taking part as Mentee" with its old goal.
 */

const CH = { id: 'C0SALES001', name: 'sales-mentoring' } as const;
let stack: LocalStack;
const user = (id: string) => stack.emulator.user(id);
const lastCard = (id: string) => renderMessage(user(id).lastMessage() ?? {}).join('\n');
const PART = (aim: string) => ({ roles: { roles: ['mentee'] }, goal1Aim: { goal1Aim: aim }, goal1Measure: { goal1Measure: 'Signed' }, goal1Due: { goal1Due: '2027-06-01' } });

beforeEach(async () => {
  const now = new Date('2026-11-30T09:30:00Z');
  stack = await startLocalStack({ clock: () => now, channels: [{ ...CH, members: [CAST.emma.id] }] });
  await join(stack, CAST.aiko.id, { ...MENTOR, level: '7', capacityMentees: '2', skillsOffered: ['negotiation'] });
  await join(stack, CAST.bruno.id, { ...MENTEE, level: '3', skillsWanted: ['negotiation'], goal1Aim: 'Run my first team offsite' });
  await createProgram(stack, CAST.grace.id, { name: 'Sales <!here> mentoring', coordinators: [CAST.emma.id], channel: CH.id });
});
afterEach(() => stack.stop());

describe('the profile card', () => {
  it('says so when the person is in no program now', async () => {
    await user(CAST.bruno.id).slash('/mentor leave Mentoring');
    await stack.settle();
    await user(CAST.bruno.id).slash('/mentor profile');
    await stack.settle();
    const card = lastCard(CAST.bruno.id);
    expect(card).toContain('You are not in any program now');
    expect(card).not.toContain('Run my first team offsite');
  });

  it('shows each program a person is in with their roles and goals there', async () => {
    await joinProgram(stack, CAST.bruno.id, 2, PART('Close a big deal'));
    await user(CAST.bruno.id).slash('/mentor profile');
    await stack.settle();
    const card = lastCard(CAST.bruno.id);
    expect(card).toContain('Mentoring');
    expect(card).toContain('Run my first team offsite');
    expect(card).toContain('Sales &lt;!here&gt; mentoring');
    expect(card).toContain('Close a big deal');
    expect(card).not.toContain('<!here>');
  });

  it('no longer shows a program the person has left', async () => {
    await join(stack, CAST.chloe.id, { ...MENTEE, level: '3', skillsWanted: ['negotiation'], goal1Aim: 'An old Mentoring goal' });
    await user(CAST.chloe.id).slash('/mentor leave Mentoring');
    await stack.settle();
    await joinProgram(stack, CAST.chloe.id, 2, PART('Chloe’s sales goal'));
    await user(CAST.chloe.id).slash('/mentor profile');
    await stack.settle();
    const card = lastCard(CAST.chloe.id);
    expect(card).toContain('Chloe’s sales goal');
    expect(card).not.toContain('An old Mentoring goal');
    // The Home tab says the same.
    await user(CAST.chloe.id).openHome();
    await stack.settle();
    const home = renderMessage({ blocks: (user(CAST.chloe.id).home()?.view.blocks as unknown[]) ?? [] }).join('\n');
    expect(home).toContain('Chloe’s sales goal');
    expect(home).not.toContain('An old Mentoring goal');
  });
});
