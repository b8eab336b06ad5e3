import { afterEach, describe, expect, it } from 'vitest';
import { type LocalStack, startLocalStack } from '../../demo/stack.js';
import { CAST, COORDINATOR_CHANNEL } from '../../demo/cast.js';
import { renderMessage } from '../../emulator/index.js';
import { runJob } from '../../src/jobs/runner.js';
import { CHECK_IN_ACTIONS } from '../../src/views/checkInMessages.js';
import { PAIR_RESUME_PREFIX } from '../../src/views/pausedPairMessages.js';
import { SCHEDULE_ACTION } from '../../src/views/sessionMessages.js';
import { actionIds, activePair, join, MENTEE, MENTOR } from '../support/program.js';
import { at, DAY, job } from '../support/virtualTime.js';
import { rawSql } from '../support/rawSql.js';
import { loadAuditRows } from '../../src/repos/biasAudit.js';
import { auditInput } from '../../src/services/biasAudit.js';
import { programById } from '../../src/services/programs.js';

/*
 * A pair paused from a check-in is never a dead end: the pause notice, the
 * pauser's own confirmation, Home, `/mentor resume`, `/mentor schedule` and
 * the Schedule buttons all say it is paused and offer the way back.
 */

// Monday 30 November 2026, 09:00 UTC: working hours in Paris, Kolkata and Tokyo.
let now = new Date('2026-11-30T09:00:00Z');
let stack: LocalStack;
afterEach(() => stack.stop());

async function boot(): Promise<LocalStack> {
  now = new Date('2026-11-30T09:00:00Z');
  stack = await startLocalStack({ clock: () => now });
  await join(stack, CAST.chloe.id, { ...MENTOR, timeZone: 'Europe/Paris', department: 'Engineering', level: '6' });
  await join(stack, CAST.dev.id, { ...MENTEE, timeZone: 'Asia/Kolkata', department: 'Support', level: '2' });
  return stack;
}

const user = (id: string) => stack.emulator.user(id);
const status = async (matchId: number) => (await rawSql(stack.database).get<{ status: string }>('select status from matches where id = ?', matchId))?.status;
const text = (id: string) => user(id).messages().map((m) => renderMessage(m).join('\n')).join('\n---\n');

async function pausedFromCheckIn(): Promise<number> {
  const matchId = await activePair(stack, CAST.chloe.id, CAST.dev.id, at(now, -30 * DAY));
  await runJob(job('check-ins'), stack.deps, stack.mentoring.app.client, now);
  await user(CAST.chloe.id).click(CHECK_IN_ACTIONS.pause);
  await stack.settle();
  await user(CAST.chloe.id).submit({ note: { note: 'Back in January' } });
  await stack.settle();
  expect(await status(matchId)).toBe('paused');
  return matchId;
}

describe('a pair paused from a check-in', () => {
  it('tells both people how to resume it, with a button, and the note reaches the coordinators', async () => {
    await boot();
    const matchId = await pausedFromCheckIn();
    const resume = `${PAIR_RESUME_PREFIX}${matchId}`;
    const notice = user(CAST.dev.id).lastMessage();
    expect(notice?.text).toContain(`<@${CAST.chloe.id}> has paused your mentorship for now`);
    expect(actionIds(notice?.blocks)).toEqual([resume]);
    const reply = user(CAST.chloe.id).lastMessage();
    expect(reply?.text).toContain(`Your mentorship with <@${CAST.dev.id}> is paused`);
    expect(actionIds(reply?.blocks)).toEqual([resume]);
    // The pause form asked for "a note for the coordinators": it reached them, privately.
    expect(text(CAST.grace.id)).toContain('Back in January');
    expect(stack.emulator.channelMessages(COORDINATOR_CHANNEL.id)).toEqual([]);
    expect(text(CAST.dev.id)).not.toContain('Back in January');

    // Dev resumes from the notice; Chloé hears who did.
    await user(CAST.dev.id).click(resume);
    await stack.settle();
    expect(await status(matchId)).toBe('active');
    expect(user(CAST.chloe.id).lastMessage()?.text).toContain(`<@${CAST.dev.id}> resumed your mentorship`);
  });

  it('explains the pause wherever scheduling is tried, and offers Resume there', async () => {
    await boot();
    const matchId = await pausedFromCheckIn();
    const resume = `${PAIR_RESUME_PREFIX}${matchId}`;
    await user(CAST.dev.id).slash('/mentor schedule');
    await stack.settle();
    const fromCommand = user(CAST.dev.id).lastMessage();
    expect(fromCommand?.text).toContain('paused, so there is nothing to schedule yet');
    expect(actionIds(fromCommand?.blocks)).toEqual([resume]);
    // The check-in's own "Schedule a session" button, pressed after the pause.
    await user(CAST.chloe.id).click(SCHEDULE_ACTION);
    await stack.settle();
    const fromButton = user(CAST.chloe.id).lastMessage();
    expect(fromButton?.text).toContain('This mentorship is paused');
    expect(actionIds(fromButton?.blocks)).toEqual([resume]);
    expect(fromButton?.text).not.toContain('not active');
  });

  it('shows the paused pair on Home with a Resume button that works from there', async () => {
    await boot();
    const matchId = await pausedFromCheckIn();
    await user(CAST.dev.id).openHome();
    await stack.settle();
    const home = user(CAST.dev.id).home()?.view as { blocks: unknown[] };
    expect(JSON.stringify(home.blocks)).toContain('(paused)');
    expect(actionIds(home.blocks)).toContain(`${PAIR_RESUME_PREFIX}${matchId}`);
    await user(CAST.dev.id).click(`${PAIR_RESUME_PREFIX}${matchId}`);
    await stack.settle();
    expect(await status(matchId)).toBe('active');
    // Home has no message to answer under: the tab is redrawn and the answer goes to the DM.
    expect(actionIds((user(CAST.dev.id).home()?.view as { blocks: unknown[] }).blocks)).not.toContain(`${PAIR_RESUME_PREFIX}${matchId}`);
    expect(user(CAST.dev.id).lastMessage()?.text).toBe('Your mentorship is active again; check-ins start afresh.');
  });

  it('/mentor resume resumes the one paused pair, and asks which when there are several', async () => {
    await boot();
    await join(stack, CAST.aiko.id, { ...MENTOR, timeZone: 'Asia/Tokyo', department: 'Product', level: '1', roles: ['reverse_mentor'] });
    const first = await pausedFromCheckIn();
    await user(CAST.dev.id).slash('/mentor resume');
    await stack.settle();
    expect(user(CAST.dev.id).lastMessage()?.text).toBe('Your mentorship is active again; check-ins start afresh.');
    expect(await status(first)).toBe('active');

    // Two paused pairs: the answer lists both and resumes nothing by itself.
    const second = await activePair(stack, CAST.aiko.id, CAST.dev.id, at(now, -30 * DAY), 'reverse');
    await rawSql(stack.database).run("update matches set status = 'paused' where id in (?, ?)", first, second);
    await user(CAST.dev.id).slash('/mentor resume');
    await stack.settle();
    const ask = user(CAST.dev.id).lastMessage();
    expect(ask?.text).toContain('Which would you like to resume?');
    expect(actionIds(ask?.blocks)).toEqual([`${PAIR_RESUME_PREFIX}${first}`, `${PAIR_RESUME_PREFIX}${second}`]);
    expect([await status(first), await status(second)]).toEqual(['paused', 'paused']);
    await user(CAST.dev.id).click(`${PAIR_RESUME_PREFIX}${second}`);
    await stack.settle();
    expect([await status(first), await status(second)]).toEqual(['paused', 'active']);
  });

  it('someone outside the pair cannot resume it', async () => {
    await boot();
    const matchId = await pausedFromCheckIn();
    await join(stack, CAST.aiko.id, { ...MENTEE, timeZone: 'Asia/Tokyo' });
    const outcome = await import('../../src/services/checkIns.js').then((m) => m.resumePair(stack.deps, stack.mentoring.app.client, CAST.aiko.id, matchId));
    expect(outcome).toEqual({ ok: false, message: 'That mentorship is not one of yours, so there is nothing to resume.' });
    expect(await status(matchId)).toBe('paused');
  });
});

describe('a pair paused by agreement, in the bias audit', () => {
  it('is not counted as stalled for the weeks it spent paused, and is once it goes quiet after resuming', async () => {
    await boot();
    const matchId = await pausedFromCheckIn();
    const program = await programById(stack.deps, 1) as NonNullable<Awaited<ReturnType<typeof programById>>>;
    const stalled = async (asOf: Date) => auditInput(await loadAuditRows(stack.database.db, 1, false, asOf), program, asOf).mentorships.map((m) => m.stalled);
    // Ten weeks paused, then Dev resumes it: the audit at the next quarter's start sees a pair that never went quiet.
    now = at(now, 70 * DAY);
    await user(CAST.dev.id).click(`${PAIR_RESUME_PREFIX}${matchId}`);
    await stack.settle();
    expect(await status(matchId)).toBe('active');
    expect(await stalled(at(now, 7 * DAY))).toEqual([false]);
    // The spell, kept for the audit, ended as the pair resumed.
    expect(await rawSql(stack.database).all('select ended_at from match_pauses where match_id = ?', matchId)).toEqual([{ ended_at: now.getTime() }]);
    // Quiet for seven weeks after the resume: that is a stall.
    expect(await stalled(at(now, 49 * DAY))).toEqual([true]);
  });
});

