import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CAST, COORDINATOR_CHANNEL } from '../../demo/cast.js';
import { type LocalStack, startLocalStack } from '../../demo/stack.js';
import { renderMessage } from '../../emulator/index.js';
import { join, MENTEE, MENTOR } from '../support/program.js';
import { rawSql } from '../support/rawSql.js';

/*
 * A coordinator's control of a round before it goes out: "Change…" beside
 * each proposed pair opens a form to pin it, remove it, or swap the mentor
 * for one of the mentee's next-best (with fit and reasons); the rest of the
 * round is solved again around the pins, the preview is redrawn with what
 * changed and what it cost, and Publish sends the round as it then stands.
 */

const now = new Date('2026-11-30T09:00:00Z');
let stack: LocalStack;
const user = (id: string) => stack.emulator.user(id);
const grace = () => user(CAST.grace.id);
const sql = () => rawSql(stack.database);
const preview = () => stack.emulator.channelMessages(COORDINATOR_CHANNEL.id).map((m) => renderMessage(m).join('\n'))[0] ?? '';
const roundRow = async () => (await sql().get<{ id: number; status: string; proposal: string }>('select id, status, proposal from match_rounds order by id desc limit 1'))!;
const pairsOf = async () => (JSON.parse((await roundRow()).proposal) as { pairs: { receiverId: string; giverId: string; pinned?: boolean }[] }).pairs;
const mentorOf = async (menteeId: string) => (await pairsOf()).find((p) => p.receiverId === menteeId)?.giverId;
const modalText = () => JSON.stringify(grace().modal()?.view.blocks ?? []);

const { aiko, dev, bruno, chloe, emma } = CAST;
// Two mentees who want TypeScript; three mentors who offer it, one place each.
const GIVER = { ...MENTOR, skillsOffered: ['typescript'], capacityMentees: '1', department: 'Platform', level: '7' };

beforeEach(async () => {
  stack = await startLocalStack({ clock: () => now });
  await join(stack, aiko.id, { ...MENTEE, skillsWanted: ['typescript'], timeZone: 'Europe/Paris' });
  await join(stack, dev.id, { ...MENTEE, skillsWanted: ['typescript'], timeZone: 'Europe/Paris', department: 'Sales' });
  await join(stack, bruno.id, { ...GIVER, timeZone: 'Europe/Paris' });
  await join(stack, chloe.id, { ...GIVER, timeZone: 'Europe/Paris', department: 'Design' });
  // Emma works far away from both mentees: the worst fit, so never in the first proposal.
  await join(stack, emma.id, { ...GIVER, timeZone: 'Pacific/Auckland', department: 'Sales' });
  await grace().slash('/mentor round');
  await stack.settle();
});
afterEach(() => stack.stop());

async function change(menteeId: string, choice: string) {
  await grace().click(`round_pair:${menteeId}`);
  await stack.settle();
  const result = await grace().submit({ change: { change: choice } });
  await stack.settle();
  return result;
}

describe('changing a round before it is published', () => {
  it('swaps a mentor for one of the next-best, pins the new pair, re-solves and publishes it so', async () => {
    const first = await mentorOf(aiko.id) as string;
    expect([bruno.id, chloe.id]).toContain(first);
    await grace().click(`round_pair:${aiko.id}`);
    await stack.settle();
    // The form shows the pair and the next-best with their fit and why.
    expect(modalText()).toContain(`Next-best for <@${aiko.id}>`);
    expect(modalText()).toContain(`swap:mentoring:${emma.id}`);
    expect(modalText()).not.toContain(`swap:mentoring:${first}`);
    await grace().submit({ change: { change: `swap:mentoring:${emma.id}` } });
    await stack.settle();

    expect((await pairsOf()).find((p) => p.receiverId === aiko.id)).toMatchObject({ giverId: emma.id, pinned: true });
    // Dev is re-solved around the pin and still has a mentor; nobody has two.
    expect(await mentorOf(dev.id)).toBeDefined();
    expect(new Set((await pairsOf()).map((p) => p.giverId)).size).toBe(2);
    const text = preview();
    expect(text).toContain(`📌 @${aiko.id} ← @${emma.id}`);
    expect(text).toContain(`@${CAST.grace.id} swapped @${aiko.id} ← @${first} for @${emma.id}`);
    expect(text).toMatch(/below the first proposal's/);

    await grace().click('round_publish');
    await stack.settle();
    const matches = await sql().all("select mentee_id, mentor_id from matches where status = 'active' order by mentee_id");
    expect(matches).toContainEqual({ mentee_id: aiko.id, mentor_id: emma.id });
    expect(matches).toHaveLength(2);
  });

  it('removes a pair: the mentee gets someone else, and never the removed mentor, in this round', async () => {
    const first = await mentorOf(aiko.id) as string;
    await change(aiko.id, 'remove');
    expect(await mentorOf(aiko.id)).toBeDefined();
    expect(await mentorOf(aiko.id)).not.toBe(first);
    expect(preview()).toContain(`removed @${aiko.id} ← @${first}`);
    // Removing the new pair too, then the last: once nobody is left for her, the preview says why.
    await change(aiko.id, 'remove');
    await change(aiko.id, 'remove');
    expect(await mentorOf(aiko.id)).toBeUndefined();
    expect(preview()).toContain(`@${aiko.id}: their pairing was removed from this round and nobody else fits`);
  });

  it('keeps pinned pairs through later re-solves, and offers no swap to a mentor whose place is pinned', async () => {
    const devs = await mentorOf(dev.id) as string;
    await change(dev.id, 'pin');
    expect((await pairsOf()).find((p) => p.receiverId === dev.id)).toMatchObject({ giverId: devs, pinned: true });
    await change(aiko.id, 'remove');
    expect(await mentorOf(dev.id)).toBe(devs);
    await grace().click(`round_pair:${aiko.id}`);
    await stack.settle();
    expect(modalText()).not.toContain(`swap:mentoring:${devs}`);
  });

  it('refuses a change once the round is published, on the form, and keeps what was published', async () => {
    await grace().click(`round_pair:${aiko.id}`);
    await stack.settle();
    await grace().click('round_publish');
    await stack.settle();
    const published = (await roundRow()).proposal;
    const result = await grace().submit({ change: { change: 'remove' } });
    expect(result.errors?.change).toBe('This round has already been published or cancelled, so it can no longer be changed.');
    expect(await roundRow()).toMatchObject({ status: 'published', proposal: published });
  });

  it('lets only coordinators change a round', async () => {
    // Aiko is in the channel but coordinates nothing: refused, told who does, no form, nothing changed.
    stack.emulator.workspace.channels.get(COORDINATOR_CHANNEL.id)?.members.push(aiko.id);
    const before = (await roundRow()).proposal;
    await user(aiko.id).click(`round_pair:${dev.id}`);
    await stack.settle();
    expect(user(aiko.id).modal()).toBeUndefined();
    const told = user(aiko.id).messages().filter((m) => m.visibleTo === aiko.id).at(-1);
    expect(told?.text).toContain('Only program coordinators');
    expect(told?.text).toContain(`<@${CAST.grace.id}>`);
    expect((await roundRow()).proposal).toBe(before);
  });
});
