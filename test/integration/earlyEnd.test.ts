import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type LocalStack, startLocalStack } from '../../demo/stack.js';
import { CAST } from '../../demo/cast.js';
import { renderMessage } from '../../emulator/index.js';
import { runJob } from '../../src/jobs/runner.js';
import { CHECK_IN_ACTIONS } from '../../src/views/checkInMessages.js';
import { activePair, join, MENTEE, MENTOR, suggestedTo } from '../support/program.js';
import { at, DAY, job } from '../support/virtualTime.js';

/*
 * Issue 13, "Re-matching": when a mentorship ends early from the other side,
 * the mentee is offered their next-best people straight away, never the
 * partner they had, and the coordinators are told privately what was offered.
 */

let now: Date;
let stack: LocalStack;
beforeEach(async () => {
  now = new Date('2026-11-30T09:00:00Z');
  stack = await startLocalStack({ clock: () => now });
  for (const id of [CAST.chloe.id, CAST.aiko.id]) await join(stack, id, { ...MENTOR, timeZone: 'Europe/Paris', level: '7', skillsOffered: ['negotiation'] });
  await join(stack, CAST.dev.id, { ...MENTEE, timeZone: 'Europe/Paris', level: '3', skillsWanted: ['negotiation'] });
});
afterEach(() => stack.stop());

const user = (id: string) => stack.emulator.user(id);
const suggested = (id: string) => suggestedTo(stack, id);

describe('a mentorship that ends early', () => {
  it('offers the mentee the next-best people at once, not the former partner, and tells the coordinators what was offered', async () => {
    await activePair(stack, CAST.chloe.id, CAST.dev.id, at(now, -14 * DAY));
    await runJob(job('check-ins'), stack.deps, stack.mentoring.app.client, now);
    await user(CAST.chloe.id).click(CHECK_IN_ACTIONS.end);
    await stack.settle();
    await user(CAST.chloe.id).submit({});
    await stack.settle();
    expect(suggested(CAST.dev.id)).toEqual([CAST.aiko.id]);
    expect(renderMessage(user(CAST.dev.id).lastMessage() ?? {}).join('\n')).toContain(`@${CAST.chloe.id} has closed your mentorship`);
    const note = user(CAST.grace.id).messages().map((m) => m.text).find((t) => t.includes('ended early'));
    expect(note).toBe(`:arrows_counterclockwise: <@${CAST.dev.id}>'s mentorship with <@${CAST.chloe.id}> ended early. I offered them <@${CAST.aiko.id}> straight away.`);
  });
});
