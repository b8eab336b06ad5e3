import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CAST, COORDINATOR_CHANNEL } from '../../demo/cast.js';
import { type LocalStack, startLocalStack } from '../../demo/stack.js';
import { renderMessage } from '../../emulator/index.js';
import { join, MENTEE, MENTOR } from '../support/program.js';
import { rawSql } from '../support/rawSql.js';

/*
 * How and how often people like to meet, from the intake to the round: the
 * form asks for a pace (optional), the profile keeps it, and a round prefers
 * the mentor who meets the mentee's way, saying so, without ruling the other
 * one out.
 */

const now = new Date('2026-11-30T09:00:00Z');
let stack: LocalStack;
const user = (id: string) => stack.emulator.user(id);
const sql = () => rawSql(stack.database);
const preview = () => stack.emulator.channelMessages(COORDINATOR_CHANNEL.id).map((m) => renderMessage(m).join('\n'))[0] ?? '';

const AIKO = { ...MENTEE, skillsWanted: ['typescript'], format: 'video', pace: 'weekly' };
// Bruno and Chloé are alike in everything matching weighs, except how and how often they like to meet.
const GIVER = { ...MENTOR, skillsOffered: ['typescript'], capacityMentees: '1', department: 'Platform', level: '7' };

beforeEach(async () => {
  stack = await startLocalStack({ clock: () => now });
  await join(stack, CAST.aiko.id, AIKO);
  await join(stack, CAST.bruno.id, { ...GIVER, format: 'async', pace: 'monthly' });
  await join(stack, CAST.chloe.id, { ...GIVER, format: 'video', pace: 'weekly' });
});
afterEach(() => stack.stop());

describe('format and learning pace', () => {
  it('keeps the pace from the form, and leaves it empty when skipped', async () => {
    await join(stack, CAST.dev.id, { ...MENTEE, pace: undefined });
    const rows = await sql().all<{ person_id: string; pace: string | null }>('select person_id, format, pace from profiles order by person_id');
    expect(rows.find((r) => r.person_id === CAST.aiko.id)).toEqual({ person_id: CAST.aiko.id, format: 'video', pace: 'weekly' });
    expect(rows.find((r) => r.person_id === CAST.dev.id)?.pace).toBeNull();
  });

  it('pairs the mentee with the mentor who meets her way, and the preview says why', async () => {
    await user(CAST.grace.id).slash('/mentor round');
    await stack.settle();
    const text = preview();
    expect(text).toContain(`@${CAST.aiko.id} ← @${CAST.chloe.id}`);
    expect(text).toMatch(/Both prefer video calls|Both want to meet every week/);
    expect(text).not.toContain(`← @${CAST.bruno.id}`);
  });

  it('still pairs her with the other mentor when he is the only one: a soft factor rules nobody out', async () => {
    await sql().run("update enrollments set status = 'left' where person_id = ?", CAST.chloe.id);
    await user(CAST.grace.id).slash('/mentor round');
    await stack.settle();
    expect(preview()).toContain(`@${CAST.aiko.id} ← @${CAST.bruno.id}`);
  });
});
