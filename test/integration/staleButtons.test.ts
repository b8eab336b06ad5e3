import { addDays } from 'date-fns';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type LocalStack, startLocalStack } from '../../demo/stack.js';
import { CAST } from '../../demo/cast.js';
import { createLogger } from '../../src/logger.js';
import { runRequestFollowUps } from '../../src/jobs/requestFollowUps.js';
import { join, MENTEE, MENTOR } from '../support/program.js';
import { rawSql } from '../support/rawSql.js';

/*
 * Buttons outlive the moment they were sent for, and can be pressed by
 * someone else (a forwarded message, a shared screen). Each press is told
 * what is really the case, and changes nothing it should not.
 */

let now = new Date('2026-11-30T08:00:00Z');
let stack: LocalStack;
const warnings: string[] = [];
beforeEach(async () => {
  now = new Date('2026-11-30T08:00:00Z');
  warnings.length = 0;
  stack = await startLocalStack({ clock: () => now });
  // Listener warnings (a damaged value) are part of what is checked.
  const logger = createLogger('warn');
  logger.warn = (...args: unknown[]) => void warnings.push(args.map(String).join(' '));
  stack.deps.logger = logger;
  await join(stack, CAST.aiko.id, { ...MENTEE, timeZone: 'Asia/Tokyo', department: 'Product', level: '3', skillsWanted: ['system-design', 'public-speaking'] });
  await join(stack, CAST.bruno.id, { ...MENTOR, timeZone: 'America/Sao_Paulo', department: 'Platform', level: '7', skillsOffered: ['system-design'], capacityMentees: '1' });
  await join(stack, CAST.chloe.id, { ...MENTOR, timeZone: 'Europe/Paris', department: 'Engineering', level: '6', skillsOffered: ['public-speaking', 'system-design'], capacityMentees: '2' });
});
afterEach(() => stack.stop());

const user = (id: string) => stack.emulator.user(id);
const matchRows = () => rawSql(stack.database).all<{ id: number; status: string }>('select id, mentor_id, mentee_id, status from matches order by id');

async function requestChloe(): Promise<number> {
  await user(CAST.aiko.id).slash('/mentor match');
  await stack.settle();
  await user(CAST.aiko.id).click(`request:${CAST.chloe.id}`);
  await stack.settle();
  return ((await matchRows())[0] as { id: number }).id;
}

/** Someone forwards Chloé's request to Bruno, buttons and all. */
function forwardRequestTo(userId: string): void {
  const request = user(CAST.chloe.id).messages().find((m) => m.text.includes('would like you as their mentor'));
  stack.emulator.workspace.methods['chat.postMessage']?.({ channel: userId, text: request?.text, blocks: JSON.stringify(request?.blocks) });
}

describe('request buttons', () => {
  it('Accept on a request that lapsed says it lapsed and what happened since, not "already answered"', async () => {
    await requestChloe();
    await runRequestFollowUps(stack.deps, stack.mentoring.app.client, addDays(now, 7));
    await user(CAST.chloe.id).click('request_accept');
    await stack.settle();
    const answer = user(CAST.chloe.id).lastMessage()?.text ?? '';
    expect(answer).toContain('This request lapsed on');
    expect(answer).toContain(`<@${CAST.aiko.id}> has been offered other mentors`);
    expect(answer).not.toContain('already been answered');
    expect(await matchRows()).toEqual([expect.objectContaining({ status: 'expired' })]);
  });

  it('Accept and Decline pressed by someone the request was not sent to say so, and change nothing', async () => {
    await requestChloe();
    forwardRequestTo(CAST.bruno.id);
    await user(CAST.bruno.id).click('request_accept');
    await stack.settle();
    expect(user(CAST.bruno.id).lastMessage()?.text).toBe(`This request was sent to <@${CAST.chloe.id}>, so only they can answer it. Nothing was changed.`);
    await user(CAST.bruno.id).click('request_decline');
    await stack.settle();
    expect(user(CAST.bruno.id).modal()).toBeUndefined();
    expect(user(CAST.bruno.id).lastMessage()?.text).toContain('only they can answer it');
    expect(await matchRows()).toEqual([expect.objectContaining({ status: 'requested' })]);
  });

  it('a damaged button value gets a polite answer and a log line, and writes nothing', async () => {
    await user(CAST.aiko.id).slash('/mentor match');
    await stack.settle();
    await user(CAST.aiko.id).click(`request:${CAST.chloe.id}`, { value: '{"giver":"<!channel>","kind":"mentoring"' });
    await stack.settle();
    expect(user(CAST.aiko.id).lastMessage()?.text).toContain('That button is out of date or was damaged on the way, so nothing was changed.');
    expect(warnings.join('\n')).toMatch(/refused request:U0CHLOE001 from U0AIKO0001: its value .* does not parse/);
    await user(CAST.aiko.id).click(`request:${CAST.chloe.id}`, { value: JSON.stringify({ giver: CAST.chloe.id, kind: 'friendship' }) });
    await stack.settle();
    expect(await matchRows()).toEqual([]);
  });

  it('a damaged form (private_metadata) keeps the form open with a message and stores nothing', async () => {
    const matchId = await requestChloe();
    await user(CAST.chloe.id).click('request_decline');
    await stack.settle();
    const modal = user(CAST.chloe.id).modal();
    if (!modal) throw new Error('no decline form');
    modal.view.private_metadata = 'DROP TABLE matches';
    const result = await user(CAST.chloe.id).submit({ note: { note: 'Sorry' } });
    expect(result.errors?.note).toContain('This form is out of date or was damaged');
    expect(await matchRows()).toEqual([expect.objectContaining({ id: matchId, status: 'requested' })]);
  });
});

describe('Home buttons after leaving', () => {
  it('Resume and Leave on a stale Home tab say the person is not in the program', async () => {
    await user(CAST.aiko.id).slash('/mentor pause');
    await user(CAST.aiko.id).openHome();
    await stack.settle();
    const staleHome = structuredClone(user(CAST.aiko.id).home()?.view);
    await user(CAST.aiko.id).slash('/mentor leave');
    await user(CAST.aiko.id).click('leave_confirm');
    await stack.settle();
    // The tab on another device was drawn before they left.
    const showStale = () => {
      const home = user(CAST.aiko.id).home();
      if (!home || !staleHome) throw new Error('no Home');
      home.view = staleHome;
    };
    showStale();
    await user(CAST.aiko.id).click('home_resume');
    await stack.settle();
    const afterResume = user(CAST.aiko.id).lastMessage()?.text ?? '';
    expect(afterResume).toContain('You are not in the mentoring program right now');
    expect(afterResume).not.toContain('Welcome back');
    showStale();
    await user(CAST.aiko.id).click('home_leave');
    await stack.settle();
    expect(user(CAST.aiko.id).lastMessage()?.text).toContain('You are not in the mentoring program right now');
    expect((await rawSql(stack.database).get<{ status: string }>('select status from people where id = ?', CAST.aiko.id))!.status).toBe('left');
  });
});
