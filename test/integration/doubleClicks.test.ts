import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type LocalStack, startLocalStack } from '../../demo/stack.js';
import { CAST, COORDINATOR_CHANNEL } from '../../demo/cast.js';
import { runJob } from '../../src/jobs/runner.js';
import { SCHEDULE_ACTION } from '../../src/views/sessionMessages.js';
import { STALL_ACTIONS } from '../../src/views/stalledPairMessages.js';
import { activePair, join, MENTEE, MENTOR } from '../support/program.js';
import { at, DAY, job } from '../support/virtualTime.js';
import { rawSql } from '../support/rawSql.js';

/*
 * A press repeated within a short window (a double click, an impatient
 * third try, two tabs) repeats no work: one nudge, one offer of times, one
 * round preview; the later presses are told what the first did.
 */

// Monday 30 November 2026, 09:00 UTC.
let now = new Date('2026-11-30T09:00:00Z');
let stack: LocalStack;
beforeEach(async () => {
  now = new Date('2026-11-30T09:00:00Z');
  stack = await startLocalStack({ clock: () => now });
  await join(stack, CAST.chloe.id, { ...MENTOR, timeZone: 'Europe/Paris', department: 'Engineering', level: '6' });
  await join(stack, CAST.dev.id, { ...MENTEE, timeZone: 'Asia/Kolkata', department: 'Support', level: '2' });
});
afterEach(() => stack.stop());

const user = (id: string) => stack.emulator.user(id);
const count = async (sql: string, ...args: unknown[]) => (await rawSql(stack.database).get<{ n: number }>(sql, ...args))!.n;

describe('double clicks', () => {
  it("the coordinator's Nudge pressed twice nudges once", async () => {
    await activePair(stack, CAST.chloe.id, CAST.dev.id, at(now, -42 * DAY));
    await runJob(job('stalled-pairs'), stack.deps, stack.mentoring.app.client, now);
    await Promise.all([user(CAST.grace.id).click(STALL_ACTIONS.nudge), user(CAST.grace.id).click(STALL_ACTIONS.nudge)]);
    await stack.settle();
    // One nudge to each of the two people, not two each.
    expect(await count("select count(*) as n from outbox where idempotency_key like 'stall:%:coordinator-nudge:%'")).toBe(2);
    expect(user(CAST.grace.id).messages().map((m) => m.text)).toContainEqual(expect.stringContaining('You did that a moment ago'));
  });

  it('Schedule pressed three times offers times once', async () => {
    const matchId = await activePair(stack, CAST.chloe.id, CAST.dev.id, at(now, -14 * DAY));
    await runJob(job('check-ins'), stack.deps, stack.mentoring.app.client, now);
    await Promise.all([1, 2, 3].map(() => user(CAST.chloe.id).click(SCHEDULE_ACTION)));
    await stack.settle();
    expect(await count('select count(*) as n from session_proposals where match_id = ?', matchId)).toBe(1);
    expect(user(CAST.dev.id).messages().filter((m) => m.text.includes('proposed times to meet'))).toHaveLength(1);
    expect(user(CAST.chloe.id).messages().filter((m) => m.text.includes('You offered'))).toHaveLength(2);
  });

  it('/mentor round three times posts one preview', async () => {
    for (let i = 0; i < 3; i += 1) await user(CAST.grace.id).slash('/mentor round');
    await stack.settle();
    expect(stack.emulator.channelMessages(COORDINATOR_CHANNEL.id).filter((m) => m.text.startsWith('Matching round'))).toHaveLength(1);
    expect(await count('select count(*) as n from match_rounds')).toBe(1);
    expect(user(CAST.grace.id).lastMessage()?.text).toContain('You asked for a round a moment ago');
  });
});
