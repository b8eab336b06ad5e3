import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type LocalStack, startLocalStack } from '../../demo/stack.js';
import { CAST, COORDINATOR_CHANNEL } from '../../demo/cast.js';
import { renderMessage } from '../../emulator/index.js';
import { runJob } from '../../src/jobs/runner.js';
import { CHECK_IN_ACTIONS, type CheckInAnswer } from '../../src/views/checkInMessages.js';
import { activePair, join, MENTEE, MENTOR } from '../support/program.js';
import { at, DAY, job } from '../support/virtualTime.js';

/*
 * Every check-in form asks for "a note for the coordinators": every note
 * reaches them, privately, as it arrives; an answer without a note sends
 * them nothing (only "I could use some help" always does).
 */

let now = new Date('2026-11-30T09:00:00Z');
let stack: LocalStack;
beforeEach(async () => {
  now = new Date('2026-11-30T09:00:00Z');
  stack = await startLocalStack({ clock: () => now, env: { COORDINATOR_USER_IDS: `${CAST.grace.id},${CAST.aiko.id}` } });
  await join(stack, CAST.chloe.id, { ...MENTOR, timeZone: 'Europe/Paris' });
  await join(stack, CAST.dev.id, { ...MENTEE, timeZone: 'Asia/Kolkata' });
});
afterEach(() => stack.stop());

const user = (id: string) => stack.emulator.user(id);
const seenBy = (id: string) => user(id).messages().map((m) => renderMessage(m).join('\n')).join('\n---\n');

async function answer(choice: CheckInAnswer, note?: string): Promise<void> {
  await activePair(stack, CAST.chloe.id, CAST.dev.id, at(now, -14 * DAY));
  await runJob(job('check-ins'), stack.deps, stack.mentoring.app.client, now);
  await user(CAST.chloe.id).click(CHECK_IN_ACTIONS[choice]);
  await stack.settle();
  await user(CAST.chloe.id).submit(note ? { note: { note } } : {});
  await stack.settle();
}

describe('check-in notes', () => {
  it.for([
    ['goingWell', 'We meet every other Tuesday'],
    ['notMet', 'Our calendars never line up'],
    ['end', 'We reached the goal early'],
  ] as [CheckInAnswer, string][])('a note with "%s" goes privately to every coordinator as it arrives', async ([choice, note]) => {
    await answer(choice, note);
    for (const coordinator of [CAST.grace.id, CAST.aiko.id]) expect(seenBy(coordinator)).toContain(note);
    expect(seenBy(CAST.dev.id)).not.toContain(note);
    expect(stack.emulator.channelMessages(COORDINATOR_CHANNEL.id)).toEqual([]);
    expect(user(CAST.chloe.id).lastMessage()?.text).toMatch(/coordinators|closed/);
  });

  it('an answer without a note sends the coordinators nothing', async () => {
    await answer('goingWell');
    expect(user(CAST.grace.id).messages()).toEqual([]);
  });
});
