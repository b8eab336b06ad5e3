import { addDays } from 'date-fns';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CAST } from '../../demo/cast.js';
import { type LocalStack, startLocalStack } from '../../demo/stack.js';
import { renderMessage } from '../../emulator/index.js';
import { runRequestFollowUps } from '../../src/jobs/requestFollowUps.js';
import { join, MENTEE, MENTOR } from '../support/program.js';
import { rawSql } from '../support/rawSql.js';

/*
 * A paused program matches nobody new, and that holds for self-serve
 * requests too: a Request pressed on a card sent before the pause starts
 * nothing, Accept on a request already sent waits for the program to
 * resume, and the follow-ups job neither reminds nor lapses a request
 * meanwhile. Its days count from the request, so one overdue when the
 * program resumes lapses at the next run, and the mentee is offered
 * someone else.
 */

// 08:00 UTC on a Monday: working hours in Tokyo and Paris.
const START = new Date('2026-11-30T08:00:00Z');
let now = START;
let stack: LocalStack;

beforeEach(async () => {
  now = START;
  stack = await startLocalStack({ clock: () => now });
  await join(stack, CAST.aiko.id, { ...MENTEE, timeZone: 'Asia/Tokyo', level: '3', skillsWanted: ['system-design'] });
  await join(stack, CAST.chloe.id, { ...MENTOR, timeZone: 'Europe/Paris', level: '6', skillsOffered: ['system-design'], capacityMentees: '2' });
});
afterEach(() => stack.stop());

const user = (id: string) => stack.emulator.user(id);
const lastDm = (id: string) => renderMessage(user(id).lastMessage() ?? {}).join('\n');
const matchRows = () => rawSql(stack.database).all('select mentor_id, mentee_id, status from matches order by id');
const aiko = () => user(CAST.aiko.id);
const chloe = () => user(CAST.chloe.id);
async function act(run: () => Promise<unknown>): Promise<void> {
  await run();
  await stack.settle();
}
const admin = (command: string) => act(() => user(CAST.grace.id).slash(command));
const followUps = (at: Date) => runRequestFollowUps(stack.deps, stack.mentoring.app.client, at);

describe('requests in a paused program', () => {
  it('refuses a Request pressed on a card sent before the pause, and takes it once the program resumes', async () => {
    await act(() => aiko().slash('/mentor match'));
    await admin('/mentor program pause Mentoring');
    await act(() => aiko().click(`request:${CAST.chloe.id}`));
    expect(await matchRows()).toEqual([]);
    expect(lastDm(CAST.aiko.id)).toContain('*Mentoring* is paused for now, so matching there is off.');
    expect(chloe().messages().map((m) => m.text).join('\n')).not.toContain('would like');

    await admin('/mentor program resume Mentoring');
    await act(() => aiko().click(`request:${CAST.chloe.id}`));
    expect(await matchRows()).toEqual([{ mentor_id: CAST.chloe.id, mentee_id: CAST.aiko.id, status: 'requested' }]);
  });

  it('holds a request sent before the pause: no Accept, no reminder, no lapse until it resumes; then its days count on', async () => {
    await act(() => aiko().slash('/mentor match'));
    await act(() => aiko().click(`request:${CAST.chloe.id}`));
    const chloeDms = () => chloe().messages().length;
    const before = chloeDms();
    await admin('/mentor program pause Mentoring');

    expect(await followUps(addDays(START, 3))).toEqual({ reminded: 0, expired: 0 });
    now = addDays(START, 7);
    expect(await followUps(now)).toEqual({ reminded: 0, expired: 0 });
    expect(chloeDms()).toBe(before);
    await act(() => chloe().click('request_accept'));
    expect(lastDm(CAST.chloe.id)).toContain('*Mentoring* is paused for now, so matching there is off. The request stays open: you can accept it once the program resumes.');
    expect(await matchRows()).toEqual([{ mentor_id: CAST.chloe.id, mentee_id: CAST.aiko.id, status: 'requested' }]);
    expect(await rawSql(stack.database).get("select count(*) as n from outbox where idempotency_key like 'match:%:intro%'")).toEqual({ n: 0 });

    // Resumed on day 8: the request is past its week, so the next run lapses it and Aiko hears of it.
    now = addDays(START, 8);
    await admin('/mentor program resume Mentoring');
    expect(await followUps(now)).toEqual({ reminded: 0, expired: 1 });
    expect(await matchRows()).toEqual([{ mentor_id: CAST.chloe.id, mentee_id: CAST.aiko.id, status: 'expired' }]);
    expect(lastDm(CAST.aiko.id)).toContain('lapsed after a week');
  });

  it('lets the mentor accept once the program resumes, and a request young enough is reminded on its day', async () => {
    await act(() => aiko().slash('/mentor match'));
    await act(() => aiko().click(`request:${CAST.chloe.id}`));
    await admin('/mentor program pause Mentoring');
    now = addDays(START, 1);
    await admin('/mentor program resume Mentoring');
    expect(await followUps(addDays(START, 3))).toEqual({ reminded: 1, expired: 0 });
    now = addDays(START, 3);
    await act(() => chloe().click('request_accept'));
    expect(await matchRows()).toEqual([{ mentor_id: CAST.chloe.id, mentee_id: CAST.aiko.id, status: 'active' }]);
  });
});
