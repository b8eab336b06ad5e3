import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CAST } from '../../demo/cast.js';
import { type LocalStack, startLocalStack } from '../../demo/stack.js';
import { join, MENTEE, MENTOR } from '../support/program.js';
import { rawSql } from '../support/rawSql.js';

/*
 * Issue 13, "Coordinator control": `/mentor pair` pairs two people by hand.
 * Capacity, roles, exclusions and an open pairing refuse it on their field;
 * a soft rule (seniority, a shared skill) may be set aside with a reason,
 * which the round log keeps; the pair gets its intro like any other.
 */

let now: Date;
let stack: LocalStack;
const GRACE = CAST.grace.id;
const AIKO = CAST.aiko.id;
const BRUNO = CAST.bruno.id;
const DEV = CAST.dev.id;

beforeEach(async () => {
  now = new Date('2026-11-30T09:30:00Z');
  stack = await startLocalStack({ clock: () => now });
  await join(stack, AIKO, { ...MENTOR, timeZone: 'Europe/Paris', level: '7', skillsOffered: ['negotiation'], capacityMentees: '1' });
  await join(stack, BRUNO, { ...MENTEE, timeZone: 'Europe/Paris', level: '3', skillsWanted: ['public-speaking'] });
  await join(stack, DEV, { ...MENTEE, timeZone: 'Europe/Paris', level: '3', skillsWanted: ['negotiation'] });
});
afterEach(() => stack.stop());

const user = (id: string) => stack.emulator.user(id);
const rows = (query: string, ...params: unknown[]) => rawSql(stack.database).all<Record<string, unknown>>(query, ...params);
const form = (giver: string, receiver: string, reason?: string) => ({ giver: { giver }, receiver: { receiver }, kind: { kind: 'mentoring' }, ...(reason === undefined ? {} : { reason: { reason } }) });

async function submit(input: Record<string, unknown>) {
  if (!user(GRACE).modal()) {
    await user(GRACE).slash('/mentor pair');
    await stack.settle();
  }
  const result = await user(GRACE).submit(input as never);
  await stack.settle();
  return result.errors;
}

describe('/mentor pair', () => {
  it('checks every rule, asks a reason to set a soft one aside, logs it, and sends the intro', async () => {
    await user(DEV).slash('/mentor pair');
    await stack.settle();
    expect(user(DEV).modal()).toBeUndefined();

    expect(await submit(form(BRUNO, DEV))).toEqual({ giver: 'They do not take part in this kind of mentoring as the one who gives, in this program.' });
    // Aiko offers nothing Bruno wants: a soft rule, so a reason is asked, and kept.
    expect(await submit(form(AIKO, BRUNO))).toEqual({ reason: expect.stringContaining('the mentor offers nothing the mentee wants') });
    expect(await rows('select count(*) as n from matches')).toEqual([{ n: 0 }]);
    expect(await submit(form(AIKO, BRUNO, 'Bruno asked for Aiko by name: she coached his team lead'))).toBeUndefined();
    expect(await rows("select mentor_id, mentee_id, status, source from matches")).toEqual([{ mentor_id: AIKO, mentee_id: BRUNO, status: 'active', source: 'round' }]);
    const log = (await rows('select created_by, status, proposal from match_rounds'))[0] as { created_by: string; status: string; proposal: string };
    expect(log).toMatchObject({ created_by: GRACE, status: 'published' });
    expect(JSON.parse(log.proposal).manual).toEqual({ setAside: ['no_common_ground'], reason: 'Bruno asked for Aiko by name: she coached his team lead' });
    expect(stack.emulator.workspace.messages.filter((m) => m.text.includes(', meet <@'))).toHaveLength(1);
    expect(user(GRACE).lastMessage()?.text).toContain('records the rule you set aside and why');

    // Aiko's one place is taken now: capacity is never overridden, whatever the reason.
    expect(await submit(form(AIKO, DEV, 'Please'))).toEqual({ giver: 'They have no room: their mentees already fill the capacity they gave.' });
  });
});
