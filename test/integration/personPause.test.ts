import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type LocalStack, startLocalStack } from '../../demo/stack.js';
import { CAST, COORDINATOR_CHANNEL } from '../../demo/cast.js';
import { runJob } from '../../src/jobs/runner.js';
import { loadAuditRows } from '../../src/repos/biasAudit.js';
import { auditInput } from '../../src/services/biasAudit.js';
import { weeklyDigest } from '../../src/services/digest.js';
import { programById } from '../../src/services/programs.js';
import { activePair, join, MENTEE, MENTOR } from '../support/program.js';
import { at, DAY, HOUR, job } from '../support/virtualTime.js';
import { rawSql } from '../support/rawSql.js';

/*
 * A person's own `/mentor pause` is quiet by agreement, like a pair's: the
 * bot asks nothing of them meanwhile, so the weeks it lasts are not weeks
 * the pair went quiet. The quiet-pair nudge and flag, and the bias audit's
 * stall rate, count only the time both people were meant to be meeting: the
 * clock stops for the pause and goes on from where it was.
 */

// Monday 30 November 2026, 01:00 UTC: 10:00 in Tokyo.
let now: Date;
let stack: LocalStack;
const aiko = CAST.aiko.id;
const chloe = CAST.chloe.id;
const WEEK = 7 * DAY;

beforeEach(async () => {
  now = new Date('2026-11-30T01:00:00Z');
  stack = await startLocalStack({ clock: () => now });
  await join(stack, aiko, { ...MENTEE, timeZone: 'Asia/Tokyo' });
  await join(stack, chloe, { ...MENTOR, timeZone: 'Asia/Tokyo' });
  // The pair began ten days ago and has been quiet since.
  await activePair(stack, chloe, aiko, at(now, -10 * DAY));
});
afterEach(() => stack.stop());

const user = (id: string) => stack.emulator.user(id);
const keys = async () => (await rawSql(stack.database).all<{ key: string }>("select idempotency_key as key from outbox where idempotency_key like 'stall:%' order by id")).map((r) => r.key);
async function stalledPairs(): Promise<void> {
  await runJob(job('stalled-pairs'), stack.deps, stack.mentoring.app.client, now);
  await stack.settle();
}

describe("a person's own pause", () => {
  it('a dated pause: no nudge or flag when it ends, and the quiet clock goes on from the ten days before it', async () => {
    await user(aiko).slash('/mentor pause 6');
    now = at(now, 6 * WEEK + HOUR);
    await stalledPairs();
    expect(await keys()).toEqual([]);
    // Nor do the coordinators read of a quiet pair in their digest.
    expect((await weeklyDigest(stack.deps, now)).digest.stalledPairs).toEqual([]);
    // 10 days before the pause and 17 after: 27 quiet days, short of the 28-day nudge.
    now = at(now, 17 * DAY);
    await stalledPairs();
    expect(await keys()).toEqual([]);
    // Two more: 29 days, a nudge to each and no flag yet.
    now = at(now, 2 * DAY);
    await stalledPairs();
    expect((await keys()).filter((k) => k.includes(':nudge:'))).toHaveLength(2);
    expect((await keys()).filter((k) => k.endsWith(':flag') || k.endsWith(':rematch'))).toEqual([]);
    expect(user(aiko).messages().map((m) => m.text).join('\n')).not.toMatch(/quiet for [5-9] weeks/);
  });

  it("an open pause ended by `/mentor resume`, the mentor's: the same", async () => {
    await user(chloe).slash('/mentor pause');
    now = at(now, 5 * WEEK);
    await user(chloe).slash('/mentor resume');
    await stalledPairs();
    expect(await keys()).toEqual([]);
    now = at(now, 19 * DAY);
    await stalledPairs();
    expect((await keys()).filter((k) => k.includes(':nudge:'))).toHaveLength(2);
  });

  it('a quiet spell before the pause still counts: six weeks quiet, an hour paused, then the flag', async () => {
    now = at(now, 32 * DAY);
    await user(aiko).slash('/mentor pause');
    now = at(now, HOUR);
    await user(aiko).slash('/mentor resume');
    now = at(now, HOUR);
    await stalledPairs();
    expect((await keys()).filter((k) => k.endsWith(':flag') || k.endsWith(':rematch')).length).toBeGreaterThan(0);
  });

  it('the flag that does come, later, counts only the quiet weeks and says how many were paused', async () => {
    await user(aiko).slash('/mentor pause 3');
    // 10 days before, three weeks paused, then 33 days: 43 quiet days, past the 42-day flag.
    now = at(now, 3 * WEEK + 33 * DAY);
    await stalledPairs();
    const flag = stack.emulator.channelMessages(COORDINATOR_CHANNEL.id).find((m) => m.text.includes('have been quiet for'));
    expect(flag?.text).toBe(`<@${chloe}> and <@${aiko}> have been quiet for 6 weeks.`);
    expect(JSON.stringify(flag?.blocks)).toContain('(since then, 3 weeks on a pause of their own, not counted)');
  });

  it("is not a stall in the bias audit: the pair's quiet time leaves the pause out", async () => {
    await user(aiko).slash('/mentor pause 8');
    // The audit at the quarter after: eight weeks paused, then 20 days of the pair's own quiet.
    const asOf = at(now, 8 * WEEK + 20 * DAY);
    const program = await programById(stack.deps, 1);
    if (!program) throw new Error('no default program');
    const input = auditInput(await loadAuditRows(stack.deps.db, program.id, false, asOf), program, asOf);
    expect(input.mentorships).toEqual([{ menteeId: aiko, stalled: false }]);
    // Without the pause the same stretch is a stall: the audit is not blind to quiet.
    await rawSql(stack.database).run('delete from person_pauses');
    const unpaused = auditInput(await loadAuditRows(stack.deps.db, program.id, false, asOf), program, asOf);
    expect(unpaused.mentorships).toEqual([{ menteeId: aiko, stalled: true }]);
  });
});
