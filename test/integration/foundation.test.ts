import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startLocalStack, type LocalStack } from '../../demo/stack.js';
import { CAST } from '../../demo/cast.js';
import { renderMessage } from '../../emulator/index.js';
import { APOLOGY } from '../../src/errorHandler.js';
import { SUBCOMMANDS } from '../../src/domain/subcommands.js';
import { snapshot } from '../support/db.js';

let stack: LocalStack;
beforeEach(async () => {
  stack = await startLocalStack();
});
afterEach(() => stack.stop());

const tableCounts = async (s: LocalStack) => Object.entries(await snapshot(s)).map(([name, rows]) => [name, rows.length]);

describe('the app against the local Slack', () => {
  it('confirms its token with auth.test before serving', () => {
    expect(stack.emulator.callsTo('auth.test')).toEqual([expect.objectContaining({ ok: true })]);
  });

  it('answers a signed /mentor help ephemerally, listing every subcommand', async () => {
    const aiko = stack.emulator.user(CAST.aiko.id);
    const delivery = await aiko.slash('/mentor help');
    expect(delivery.status).toBe(200);
    expect(delivery.json).toMatchObject({ response_type: 'ephemeral' });
    const seen = renderMessage(aiko.lastMessage() ?? {}).join('\n');
    for (const sub of SUBCOMMANDS) expect(seen).toContain(sub.usage);
    // Ephemeral: nobody else sees it and nothing was posted in the channel.
    expect(aiko.lastMessage()?.visibleTo).toBe(CAST.aiko.id);
    expect(stack.emulator.user(CAST.bruno.id).messages()).toHaveLength(0);
  });

  it('answers a bare /mentor and an unknown subcommand with the same help', async () => {
    const bruno = stack.emulator.user(CAST.bruno.id);
    await bruno.slash('/mentor');
    const bare = renderMessage(bruno.lastMessage() ?? {});
    await bruno.slash('/mentor frobnicate now');
    const unknown = renderMessage(bruno.lastMessage() ?? {}).join('\n');
    expect(unknown).toContain("I don't know `frobnicate`");
    for (const line of bare.slice(1)) expect(unknown).toContain(line);
  });

  it('rejects a forged signature and changes nothing', async () => {
    const before = await tableCounts(stack);
    const callsBefore = stack.emulator.calls.length;
    const delivery = await stack.emulator.user(CAST.aiko.id).slash('/mentor help', { signingSecret: 'not-the-real-secret' });
    await stack.settle();
    expect(delivery.status).toBe(401);
    expect(stack.emulator.calls.length).toBe(callsBefore);
    expect(stack.emulator.user(CAST.aiko.id).messages()).toHaveLength(0);
    expect(await tableCounts(stack)).toEqual(before);
  });

  it('rejects a request signed more than five minutes ago and changes nothing', async () => {
    const before = await tableCounts(stack);
    const stale = Math.floor(Date.now() / 1000) - 5 * 60 - 1;
    const home = await stack.emulator.user(CAST.aiko.id).openHome({ timestamp: stale });
    const command = await stack.emulator.user(CAST.aiko.id).slash('/mentor help', { timestamp: stale });
    await stack.settle();
    expect([home.status, command.status]).toEqual([401, 401]);
    expect(stack.emulator.callsTo('views.publish')).toHaveLength(0);
    expect(stack.emulator.user(CAST.aiko.id).messages()).toHaveLength(0);
    expect(await tableCounts(stack)).toEqual(before);
  });

  it('publishes the Home tab when a person opens it', async () => {
    const emma = stack.emulator.user(CAST.emma.id);
    await emma.openHome();
    await stack.settle();
    const text = JSON.stringify(emma.home()?.view.blocks);
    expect(text).toContain('/mentor help');
    expect(stack.emulator.callsTo('views.publish')).toEqual([expect.objectContaining({ ok: true })]);
  });

  it('apologises by DM when a listener fails, and logs the error', async () => {
    const logged: unknown[][] = [];
    const original = stack.logger.error.bind(stack.logger);
    stack.logger.error = (...msg: unknown[]) => void logged.push(msg);
    // Slack keeps failing views.publish, past the client's retries.
    stack.emulator.injectFault('views.publish', { status: 503 }, 5);
    const emma = stack.emulator.user(CAST.emma.id);
    await emma.openHome();
    await stack.settle();
    stack.logger.error = original;
    expect(emma.lastMessage()?.text).toBe(APOLOGY);
    expect(logged.some((m) => String(m[0]).includes('listener failed'))).toBe(true);
  });

  it('apologises through response_url when a command listener fails', async () => {
    stack.mentoring.app.command('/broken', async ({ ack }) => {
      await ack();
      throw new Error('database is on fire');
    });
    stack.logger.error = () => undefined;
    const dev = stack.emulator.user(CAST.dev.id);
    const delivery = await dev.slash('/broken');
    await stack.settle();
    expect(delivery.status).toBe(200);
    expect(dev.lastMessage()).toMatchObject({ text: APOLOGY, visibleTo: CAST.dev.id });
  });

  it('serves a health check that reads the database', async () => {
    const url = new URL('/healthz', stack.emulator.appUrl);
    const response = await fetch(url);
    expect(response.status).toBe(200);
    await stack.database.close();
    const down = await fetch(url);
    expect(down.status).toBe(503);
    stack.database.close = async () => undefined;
  });
});
