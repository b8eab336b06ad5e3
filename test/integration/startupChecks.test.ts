import { afterEach, describe, expect, it } from 'vitest';
import { CAST, COORDINATOR_CHANNEL } from '../../demo/cast.js';
import { type LocalStack, startLocalStack } from '../../demo/stack.js';
import { BOT_SCOPES, startupChecks } from '../../src/startupChecks.js';
import { createProgram } from '../support/program.js';

/*
 * Start-up self-checks against the emulator: the granted scopes (Slack's
 * x-oauth-scopes header) against manifest.yml's, and every coordinators'
 * channel, the workspace's and each program's. Missing scopes are fatal;
 * channel problems are one warning line each.
 */

let stack: LocalStack | undefined;
afterEach(() => stack?.stop());

describe('start-up self-checks', () => {
  it('finds nothing wrong with the scopes manifest.yml asks for and channels the bot is in', async () => {
    stack = await startLocalStack();
    // And who the bot is, for Bolt, so that it need not call auth.test again.
    const bot = stack.emulator.bot;
    expect(await startupChecks(stack.deps, stack.mentoring.app.client)).toEqual({ problems: [], fatal: [], identity: { botId: bot.botId, botUserId: bot.userId } });
  });

  it('refuses a token without a scope the code needs, naming every missing one', async () => {
    stack = await startLocalStack({ botScopes: BOT_SCOPES.filter((s) => s !== 'groups:write' && s !== 'users:read.email') });
    const report = await startupChecks(stack.deps, stack.mentoring.app.client);
    expect(report.fatal).toEqual([expect.stringMatching(/^SLACK_BOT_TOKEN lacks the scopes groups:write, users:read\.email, which manifest\.yml asks for/)]);
  });

  it("names each program whose coordinators' channel the bot is not in", async () => {
    const channel = { id: 'C0SPEAK001', name: 'speaking-club' };
    stack = await startLocalStack({ channels: [{ ...channel, members: [CAST.grace.id] }] });
    await createProgram(stack, CAST.grace.id, { name: 'Speaking club', channel: channel.id });
    const room = stack.emulator.workspace.channels.get(channel.id);
    if (room) room.members = room.members.filter((m) => m !== stack?.emulator.bot.userId);
    const report = await startupChecks(stack.deps, stack.mentoring.app.client);
    expect(report.fatal).toEqual([]);
    expect(report.problems).toEqual([expect.stringMatching(/^Program "Speaking club" \(coordinators' channel C0SPEAK001\): I am not a member of it/)]);
    expect(report.problems.join()).not.toContain(COORDINATOR_CHANNEL.id);
  });
});
