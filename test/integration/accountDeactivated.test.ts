import { afterEach, describe, expect, it } from 'vitest';
import { CAST } from '../../demo/cast.js';
import { type LocalStack, startLocalStack } from '../../demo/stack.js';
import { renderMessage } from '../../emulator/index.js';
import { activePair, join, MENTEE, MENTOR, suggestedTo } from '../support/program.js';
import { rawSql } from '../support/rawSql.js';

/*
 * Someone whose Slack account is deactivated (they left the company) leaves
 * the program. Reproduced on main: the app subscribed to no user_change
 * event, so a deactivated mentor stayed in every pool and round, kept a
 * mentee's request waiting a week for an answer that could never come, and
 * their active mentee went on getting check-ins and quiet-pair nudges.
 */

const NOW = new Date('2026-12-01T10:00:00Z');
let stack: LocalStack | undefined;
afterEach(() => stack?.stop());

const user = (id: string) => (stack as LocalStack).emulator.user(id);
const rows = (sql: string, ...params: unknown[]) => rawSql((stack as LocalStack).database).all<Record<string, unknown>>(sql, ...params);

describe.each(['http', 'socket'] as const)('a deactivated account (%s receiver)', (receiver) => {
  it('leaves the program: out of every pool, its request closed, its mentorship ended kindly for the partner', async () => {
    stack = await startLocalStack({ receiver, clock: () => NOW });
    const [mentor, mentee, asking, other] = [CAST.aiko.id, CAST.bruno.id, CAST.chloe.id, CAST.dev.id];
    await join(stack, mentor, { ...MENTOR, skillsOffered: ['people-management', 'public-speaking'], capacityMentees: '3' });
    for (const id of [mentee, asking, other]) await join(stack, id, MENTEE);
    await activePair(stack, mentor, mentee, NOW);
    await user(asking).slash('/mentor match');
    await stack.settle();
    expect(suggestedTo(stack, asking)).toContain(mentor);
    await user(asking).click(`request:${mentor}`);
    await stack.settle();
    expect(await rows("select status from matches where mentee_id = ? and mentor_id = ?", asking, mentor)).toEqual([{ status: 'requested' }]);

    const answer = await user(mentor).deactivate();
    await stack.settle();
    expect(answer.status).toBe(200);

    expect(await rows('select status from people where id = ?', mentor)).toEqual([{ status: 'left' }]);
    expect(await rows('select status from enrollments where person_id = ?', mentor)).toEqual([{ status: 'left' }]);
    expect(await rows('select mentee_id as mentee, status, end_reason as reason from matches where mentor_id = ? order by mentee_id', mentor)).toEqual(
      [
        { mentee, status: 'ended', reason: "partner's Slack account was deactivated" },
        { mentee: asking, status: expect.stringMatching(/^(expired|ended)$/), reason: expect.anything() },
      ].sort((a, b) => a.mentee.localeCompare(b.mentee)),
    );
    const told = user(mentee).messages().map((m) => renderMessage(m).join('\n'));
    expect(told.some((t) => t.includes('has ended, because their Slack account is no longer active'))).toBe(true);
    // Nobody is offered someone who can no longer answer.
    await user(other).slash('/mentor match');
    await stack.settle();
    expect(suggestedTo(stack, other)).not.toContain(mentor);
    // Nothing was sent to the deactivated person (Slack would refuse it, and coordinators would hear of every failure).
    expect(stack.emulator.calls.filter((c) => c.method === 'chat.postMessage' && c.ok === false)).toEqual([]);
  });

  it('changes nothing for an account the program never knew', async () => {
    stack = await startLocalStack({ receiver, clock: () => NOW });
    const before = await rows('select * from people order by id');
    expect((await user(CAST.dev.id).deactivate()).status).toBe(200);
    await stack.settle();
    expect(await rows('select * from people order by id')).toEqual(before);
  });
});
