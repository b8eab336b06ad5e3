import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { COORDINATOR_CHANNEL } from '../../demo/cast.js';
import { type LocalStack, startLocalStack } from '../../demo/stack.js';
import { join, MENTEE, MENTOR } from '../support/program.js';
import { rawSql } from '../support/rawSql.js';

/*
 * A round acts on the program and the people as they stand when it is
 * published. Reproduced on main: a paused or closed program still made
 * matches from its round; someone paired by hand after the preview was
 * still told the round "didn't find you a partner"; and after Cancel,
 * `/mentor round` pointed at the cancelled preview for five minutes.
 */

let now: Date;
let stack: LocalStack;
const [MENTOR1, MENTOR2, MENTEE1, MENTEE2] = ['U0MENTOR01', 'U0MENTOR02', 'U0MENTEE01', 'U0MENTEE02'];
beforeEach(async () => {
  now = new Date('2026-11-30T09:00:00Z');
  stack = await startLocalStack({ clock: () => now });
  for (const id of [MENTOR1, MENTOR2, MENTEE1, MENTEE2]) stack.emulator.addUser({ id, name: id.toLowerCase(), realName: id, tz: 'Europe/Paris' });
  await join(stack, MENTOR1, { ...MENTOR, capacityMentees: '1', skillsOffered: ['system-design'], level: '7' });
  for (const id of [MENTEE1, MENTEE2]) await join(stack, id, { ...MENTEE, skillsWanted: ['system-design'], level: '3' });
});
afterEach(() => stack.stop());

const grace = () => stack.emulator.user('U0GRACE001');
const sql = () => rawSql(stack.database);
const matches = () => sql().all<{ mentor: string | null; mentee: string | null; status: string }>('select mentor_id as mentor, mentee_id as mentee, status from matches order by id');
const waitingNotes = (id: string) => stack.emulator.user(id).messages().filter((m) => m.text.includes("didn't find you a partner"));
async function act(run: () => Promise<unknown>): Promise<void> {
  await run();
  await stack.settle();
}

describe('a round as things stand', () => {
  it('is neither previewed nor published while its program is paused, and closing the program withdraws its preview', async () => {
    await act(() => grace().slash('/mentor round'));
    await act(() => grace().slash('/mentor program pause Mentoring'));
    await act(() => grace().click('round_publish'));
    expect(await matches()).toEqual([]);
    expect(grace().lastMessage()?.text).toMatch(/^\*Mentoring\* is paused, so it makes no matches: resume it with `\/mentor program resume Mentoring` first\./);
    now = new Date(now.getTime() + 10 * 60_000);
    await act(() => grace().slash('/mentor round'));
    expect(grace().lastMessage()?.text).toMatch(/is paused, so it makes no matches/);
    expect(await sql().get('select count(*) as n from match_rounds')).toEqual({ n: 1 });

    await act(() => grace().slash('/mentor program resume Mentoring'));
    await act(() => grace().slash('/mentor program close Mentoring'));
    // Withdrawn, and its Publish button gone with it.
    expect(await sql().all('select status from match_rounds')).toEqual([{ status: 'cancelled' }]);
    expect(JSON.stringify(stack.emulator.channelMessages(COORDINATOR_CHANNEL.id)[0]?.blocks)).not.toContain('round_publish');
    expect(await matches()).toEqual([]);
    for (const id of [MENTEE1, MENTEE2]) expect(waitingNotes(id)).toEqual([]);
  });

  it('tells nobody paired since the preview that they are still waiting', async () => {
    await act(() => grace().slash('/mentor round'));
    // A second mentor joins, and the coordinator pairs the mentee the preview left waiting by hand.
    await join(stack, MENTOR2, { ...MENTOR, capacityMentees: '1', skillsOffered: ['system-design'], level: '7' });
    await act(() => grace().slash('/mentor pair'));
    const preview = (await sql().get<{ proposal: string }>('select proposal from match_rounds'))!;
    const left = (JSON.parse(preview.proposal) as { unmatched: { id: string }[] }).unmatched.map((u) => u.id);
    expect(left).toHaveLength(1);
    const result = await grace().submit({ giver: { giver: MENTOR2 }, receiver: { receiver: left[0] as string }, kind: { kind: 'mentoring' } });
    await stack.settle();
    expect(result.errors).toBeUndefined();
    await act(() => grace().click('round_publish'));
    expect((await matches()).filter((m) => m.status === 'active')).toHaveLength(2);
    expect(waitingNotes(left[0] as string)).toEqual([]);
    expect(stack.emulator.channelMessages(COORDINATOR_CHANNEL.id)[0]?.text).toContain('0 people told why they are waiting');
  });

  it('two /mentor round at once make one preview', async () => {
    await Promise.all([grace().slash('/mentor round'), grace().slash('/mentor round')]);
    await stack.settle();
    expect(await sql().get('select count(*) as n from match_rounds')).toEqual({ n: 1 });
  });

  it('after Cancel, /mentor round previews a new round instead of pointing at the cancelled one', async () => {
    await act(() => grace().slash('/mentor round'));
    await act(() => grace().click('round_cancel'));
    now = new Date(now.getTime() + 60_000);
    await act(() => grace().slash('/mentor round'));
    expect(await sql().all('select status from match_rounds order by id')).toEqual([{ status: 'cancelled' }, { status: 'preview' }]);
    expect(grace().messages().some((m) => m.text.includes('a moment ago'))).toBe(false);
  });
});
