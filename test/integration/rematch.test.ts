import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type LocalStack, startLocalStack } from '../../demo/stack.js';
import { CAST, COORDINATOR_CHANNEL } from '../../demo/cast.js';
import { renderMessage } from '../../emulator/index.js';
import { runJob } from '../../src/jobs/runner.js';
import { STALL_ACTIONS } from '../../src/views/stalledPairMessages.js';
import { DIGEST_REMATCH_PREFIX } from '../../src/views/digestMessage.js';
import { actionIds, activePair, join, MENTEE, MENTOR } from '../support/program.js';
import { at, DAY, job } from '../support/virtualTime.js';
import { rawSql } from '../support/rawSql.js';

/*
 * "Suggest a rematch" on a quiet mentorship: it ends kindly for both, the
 * mentee gets fresh suggestions straight away (never the old partner), and
 * the coordinator is told exactly what happened.
 */

// Monday 30 November 2026, 01:00 UTC: 10:00 in Tokyo, where the mentee works.
let now = new Date('2026-11-30T01:00:00Z');
let stack: LocalStack;
let matchId = 0;
beforeEach(async () => {
  now = new Date('2026-11-30T01:00:00Z');
  stack = await startLocalStack({ clock: () => now, env: { DIGEST_TIMEZONE: 'Asia/Tokyo' } });
  await join(stack, CAST.aiko.id, { ...MENTEE, timeZone: 'Asia/Tokyo', department: 'Product', level: '3', skillsWanted: ['system-design'] });
  await join(stack, CAST.chloe.id, { ...MENTOR, timeZone: 'Europe/Paris', department: 'Engineering', level: '6', skillsOffered: ['system-design'] });
  matchId = await activePair(stack, CAST.chloe.id, CAST.aiko.id, at(now, -43 * DAY));
});
afterEach(() => stack.stop());

const user = (id: string) => stack.emulator.user(id);
const flag = () => stack.emulator.channelMessages(COORDINATOR_CHANNEL.id).find((m) => actionIds(m.blocks).includes(STALL_ACTIONS.rematch) || m.text.includes('closed the mentorship'));
const shown = (id: string) => user(id).messages().map((m) => renderMessage(m).join('\n')).join('\n---\n');
const ended = () => rawSql(stack.database).get('select status, end_reason from matches where id = ?', matchId);

describe('a coordinator rematch', () => {
  it('from the stalled flag: ends the mentorship kindly, sends fresh suggestions, and says so exactly', async () => {
    await join(stack, CAST.bruno.id, { ...MENTOR, timeZone: 'Asia/Tokyo', department: 'Platform', level: '7', skillsOffered: ['system-design'] });
    await runJob(job('stalled-pairs'), stack.deps, stack.mentoring.app.client, now);
    expect(actionIds(flag()?.blocks)).toContain(STALL_ACTIONS.rematch);
    await user(CAST.grace.id).click(STALL_ACTIONS.rematch);
    await stack.settle();
    expect(await ended()).toEqual({ status: 'ended', end_reason: 'coordinator suggested a re-match' });

    const toMentee = user(CAST.aiko.id).lastMessage();
    expect(toMentee?.text).toContain(`Your mentorship with <@${CAST.chloe.id}> has come to a close`);
    expect(shown(CAST.aiko.id)).not.toContain('lapsed');
    // Fresh suggestions, really sent: Bruno, never Chloé again.
    expect(actionIds(toMentee?.blocks)).toEqual([`request:${CAST.bruno.id}`]);
    expect(await rawSql(stack.database).get("select status from outbox where idempotency_key = ?", `match:${matchId}:rematch`)).toEqual({ status: 'sent' });
    // The mentor is told too, kindly; Paris is asleep, so it waits for their morning.
    expect(await rawSql(stack.database).get("select status from outbox where idempotency_key = ?", `match:${matchId}:closed:${CAST.chloe.id}`)).toEqual({ status: 'pending' });
    // The flag says exactly what happened.
    expect(flag()?.text).toBe(
      `<@${CAST.grace.id}> closed the mentorship of <@${CAST.chloe.id}> and <@${CAST.aiko.id}> for a fresh start; both were told kindly, and <@${CAST.aiko.id}> gets 1 fresh suggestion in their DM now.`,
    );
  });

  it('from the digest, with nobody else to suggest: says that, not "offered a new match"', async () => {
    await user(CAST.grace.id).slash('/mentor digest');
    await stack.settle();
    await user(CAST.grace.id).click(`${DIGEST_REMATCH_PREFIX}${matchId}`);
    await stack.settle();
    expect(await ended()).toEqual({ status: 'ended', end_reason: 'coordinator suggested a re-match' });
    const confirmation = user(CAST.grace.id).lastMessage()?.text ?? '';
    expect(confirmation).toContain(`nobody else fits <@${CAST.aiko.id}> right now`);
    expect(confirmation).not.toContain('offered');
    expect(user(CAST.aiko.id).lastMessage()?.text).toContain("We'll message you when there is someone new for you.");
  });
});
