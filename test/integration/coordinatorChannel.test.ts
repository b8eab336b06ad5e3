import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type LocalStack, startLocalStack } from '../../demo/stack.js';
import { CAST, COORDINATOR_CHANNEL } from '../../demo/cast.js';
import { APOLOGY } from '../../src/errorHandler.js';
import { channelProblems } from '../../src/startupChecks.js';
import { rawSql } from '../support/rawSql.js';

/*
 * A wrong or uninvited COORDINATOR_CHANNEL_ID is said plainly: one line at
 * start-up naming the setting, and the real reason to a coordinator who runs
 * `/mentor round`, instead of "the preview will appear in #…" and an apology.
 */

let stack: LocalStack;
beforeEach(async () => {
  stack = await startLocalStack({ clock: () => new Date('2026-11-30T09:00:00Z') });
});
afterEach(() => stack.stop());

const grace = () => stack.emulator.user(CAST.grace.id);
const uninvite = () => {
  const channel = stack.emulator.workspace.channels.get(COORDINATOR_CHANNEL.id);
  if (channel) channel.members = channel.members.filter((m) => m !== stack.emulator.bot.userId);
};

describe("the coordinators' channel", () => {
  it('is checked at start-up: fine, uninvited, or not there at all', async () => {
    const client = stack.mentoring.app.client;
    expect(await channelProblems(stack.deps, client)).toEqual([]);
    uninvite();
    expect(await channelProblems(stack.deps, client)).toEqual([expect.stringMatching(/^COORDINATOR_CHANNEL_ID C0COORD001: I am not a member of it\. Invite me with \/invite @Mentoring/)]);
    expect(await channelProblems({ ...stack.deps, config: { ...stack.config, coordinatorChannelId: 'C0NOWHERE1' } }, client)).toEqual([expect.stringMatching(/^COORDINATOR_CHANNEL_ID C0NOWHERE1: no such channel/)]);
    expect(await channelProblems({ ...stack.deps, config: { ...stack.config, coordinatorChannelId: undefined } }, client)).toEqual([expect.stringMatching(/^COORDINATOR_CHANNEL_ID is not set/)]);
  });

  it('/mentor round tells the coordinator the real reason when the bot is not in the channel', async () => {
    uninvite();
    await grace().slash('/mentor round');
    await stack.settle();
    const said = grace().messages().map((m) => m.text);
    expect(said.at(-1)).toContain(`I can't post the round preview in <#${COORDINATOR_CHANNEL.id}>: I am not a member of it. Invite me with \`/invite @Mentoring\``);
    expect(said).not.toContain(APOLOGY);
    expect(await rawSql(stack.database).get('select count(*) as n from match_rounds')).toEqual({ n: 0 });
  });
});
