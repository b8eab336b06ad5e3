import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CAST } from '../../demo/cast.js';
import { type LocalStack, startLocalStack } from '../../demo/stack.js';
import { renderMessage } from '../../emulator/index.js';
import { ACCEPT_ACTION } from '../../src/views/matchMessages.js';
import { join, MENTEE, MENTOR, suggestedTo } from '../support/program.js';
import { rawSql } from '../support/rawSql.js';

/*
 * A request waiting for an answer follows what happened since it was sent.
 * Reproduced on main: a mentor who put the asker on their own "Not matched
 * with…" list still held the request (and was reminded of it); once they
 * pressed Accept it closed without a word to the mentee, who was never
 * offered anyone else. And a mentor accepting the request of a mentee who
 * had paused since was told "We've opened a group chat" while the intro
 * waited, as it must, for the mentee's return.
 */

let now: Date;
let stack: LocalStack;
const [MENTOR_ID, OTHER_MENTOR, ASKER] = [CAST.chloe.id, CAST.emma.id, CAST.dev.id];
beforeEach(async () => {
  now = new Date('2026-11-30T09:00:00Z');
  stack = await startLocalStack({ clock: () => now });
  for (const id of [MENTOR_ID, OTHER_MENTOR]) await join(stack, id, { ...MENTOR, skillsOffered: ['people-management', 'public-speaking'], timeZone: 'Europe/Paris' });
  await join(stack, ASKER, { ...MENTEE, timeZone: 'Europe/Paris' });
  await act(() => user(ASKER).slash('/mentor match'));
  expect(suggestedTo(stack, ASKER)).toContain(MENTOR_ID);
  await act(() => user(ASKER).click(`request:${MENTOR_ID}`));
});
afterEach(() => stack.stop());

const user = (id: string) => stack.emulator.user(id);
const request = () => rawSql(stack.database).get('select status from matches where mentor_id = ? and mentee_id = ?', MENTOR_ID, ASKER);
async function act(run: () => Promise<unknown>): Promise<void> {
  await run();
  await stack.settle();
}

describe('a waiting request', () => {
  it('closes when the mentor puts the asker on their own list, and the asker gets their next people at once, not told why', async () => {
    const before = user(ASKER).messages().length;
    await act(() => user(MENTOR_ID).slash('/mentor profile'));
    await act(() => user(MENTOR_ID).click('exclusions_edit'));
    await act(() => user(MENTOR_ID).submit({ not_with: { not_with: [ASKER] } }));
    expect(await request()).toEqual({ status: 'expired' });
    const told = user(ASKER).messages().slice(before);
    expect(told.map((m) => m.text)).toEqual([`Your request to <@${MENTOR_ID}> can no longer go ahead.`]);
    const offered = told.flatMap((m) => (m.blocks ?? []).map((b) => (b as { accessory?: { action_id?: string } }).accessory?.action_id)).filter(Boolean);
    expect(offered).toEqual([`request:${OTHER_MENTOR}`]);
    expect(renderMessage(told[0] ?? {}).join('\n')).not.toMatch(/list|excluded|apart/i);
  });

  it('from a mentee who paused since: accepted, and the mentor is told the intro waits for their return', async () => {
    await act(() => user(ASKER).slash('/mentor pause 8'));
    await act(() => user(MENTOR_ID).click(ACCEPT_ACTION));
    expect(await request()).toEqual({ status: 'active' });
    expect(user(MENTOR_ID).lastMessage()?.text).toBe(`You accepted <@${ASKER}>. They are paused right now, so the group chat with your intro and a suggested first agenda opens when they are back. Thank you!`);
    expect(stack.emulator.callsTo('conversations.open').filter((c) => String(c.args.users).includes(','))).toEqual([]);
  });
});
