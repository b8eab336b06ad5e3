import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type LocalStack, startLocalStack } from '../../demo/stack.js';
import { COORDINATOR_CHANNEL } from '../../demo/cast.js';
import { renderMessage } from '../../emulator/index.js';
import type { RoundProposal } from '../../src/domain/matching/round.js';
import { join, MENTEE, MENTOR } from '../support/program.js';
import { rawSql } from '../support/rawSql.js';
import { addFailingTrigger } from '../support/triggers.js';

/*
 * Publishing a round is all or nothing: every match and every message is
 * one transaction, delivered by the outbox afterwards. And the reasons a
 * round gives are true of the round's own assignment.
 */

let now = new Date('2026-11-30T09:00:00Z');
let stack: LocalStack;
const MENTORS = ['U0MENTOR01', 'U0MENTOR02', 'U0MENTOR03'];
const MENTEES = ['U0MENTEE01', 'U0MENTEE02', 'U0MENTEE03', 'U0MENTEE04', 'U0MENTEE05', 'U0MENTEE06'];

beforeEach(async () => {
  now = new Date('2026-11-30T09:00:00Z');
  stack = await startLocalStack({ clock: () => now });
  for (const [i, id] of [...MENTORS, ...MENTEES].entries()) stack.emulator.addUser({ id, name: `p${i}`, realName: `Person ${i}`, tz: 'Europe/Paris' });
  // Mentors with room for two each, and mentees who all want what they offer: six pairs.
  for (const id of MENTORS) await join(stack, id, { ...MENTOR, timeZone: 'Europe/Paris', department: 'Engineering', level: '7', capacityMentees: '2', skillsOffered: ['system-design'] });
  // Mentees 4.5 hours east of their mentors: a fact about each pair, not a reason for it.
  for (const id of MENTEES) await join(stack, id, { ...MENTEE, timeZone: 'Asia/Kolkata', department: 'Sales', level: '3', skillsWanted: ['system-design'] });
});
afterEach(() => stack.stop());

const grace = () => stack.emulator.user('U0GRACE001');
const sql = () => rawSql(stack.database);
const count = async (query: string) => (await sql().get<{ n: number }>(query))!.n;
const preview = () => renderMessage(stack.emulator.channelMessages(COORDINATOR_CHANNEL.id)[0] ?? {}).join('\n');

describe('publishing a round', () => {
  it('a crash in the middle publishes nothing; Publish again publishes everything, once', async () => {
    await grace().slash('/mentor round');
    await stack.settle();
    expect(preview()).toContain('*6 pairs* for 6 people looking');
    // The process dies while writing the sixth match (a trigger stands in for the crash).
    const dropTrigger = await addFailingTrigger(stack.database, {
      name: 'crash_mid_publish',
      table: 'matches',
      on: 'before insert',
      when: "(select count(*) from matches where source = 'round') >= 5",
      message: 'simulated crash',
    });
    await grace().click('round_publish');
    await stack.settle();
    expect(await count('select count(*) as n from matches')).toBe(0);
    expect(await count("select count(*) as n from outbox where idempotency_key like 'match:%:intro' or idempotency_key like 'round:%'")).toBe(0);
    expect(await sql().get('select status from match_rounds')).toEqual({ status: 'preview' });
    expect(preview()).toContain('[ Publish ] [ Cancel ]');

    // Back up: Publish works and sends every intro exactly once.
    await dropTrigger();
    await grace().click('round_publish');
    await stack.settle();
    expect(await count("select count(*) as n from matches where status = 'active'")).toBe(6);
    expect(await count("select count(*) as n from outbox where idempotency_key like 'match:%:intro' and status = 'sent'")).toBe(6);
    const intros = stack.emulator.workspace.messages.filter((m) => m.text.includes(', meet <@'));
    expect(intros).toHaveLength(6);
    expect(preview()).toContain('Published by');
  });

  it("gives reasons that are true after the round's own assignment", async () => {
    await grace().slash('/mentor round');
    await stack.settle();
    const proposal = (await sql().get<{ proposal: string }>('select proposal from match_rounds'))!.proposal;
    const { pairs } = JSON.parse(proposal) as RoundProposal;
    const perMentor = new Map<string, number>();
    for (const p of pairs) perMentor.set(p.giverId, (perMentor.get(p.giverId) ?? 0) + 1);
    expect([...perMentor.values()].sort()).toEqual([2, 2, 2]);
    // Each mentor is given two mentees: neither is told "mentoring nobody else".
    for (const p of pairs) expect(p.reasons.map((r) => r.factor)).not.toContain('capacity');
    expect(preview()).not.toContain('nobody else');
    expect(preview()).not.toContain('Not mentoring anyone yet');
    expect(preview()).not.toMatch(/hours apart/);
    // The reasons that are there are true of each pair.
    expect(preview()).toContain('Offers System design and architecture');
  });
});
