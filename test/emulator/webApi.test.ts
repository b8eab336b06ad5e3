import { WebClient } from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CAST, COORDINATOR_CHANNEL, castUsers } from '../../emulator/cast.js';
import { SlackEmulator } from '../../emulator/index.js';

const token = 'xoxb-test-token';
let emulator: SlackEmulator;
let client: WebClient;
let clockSkew = 0;

beforeEach(async () => {
  clockSkew = 0;
  emulator = await new SlackEmulator({
    botToken: token,
    signingSecret: 'test-signing-secret',
    users: castUsers,
    channels: [{ ...COORDINATOR_CHANNEL, members: [CAST.grace.id] }],
    now: () => Date.now() + clockSkew,
  }).start();
  client = new WebClient(token, { slackApiUrl: emulator.apiUrl, retryConfig: { retries: 0 } });
});
afterEach(() => emulator.stop());

const section = (text: string) => ({ type: 'section', text: { type: 'mrkdwn', text } });
const modal = (blocks: unknown[]) => ({ type: 'modal', title: { type: 'plain_text', text: 'Join' }, blocks }) as never;

describe('the emulated Web API', () => {
  it('answers auth.test and rejects a wrong token as Slack does', async () => {
    await expect(client.auth.test()).resolves.toMatchObject({ ok: true, user_id: 'U0BOT00001', team_id: 'T0EMULATED' });
    const stranger = new WebClient('xoxb-wrong', { slackApiUrl: emulator.apiUrl, retryConfig: { retries: 0 } });
    await expect(stranger.auth.test()).rejects.toMatchObject({ data: { ok: false, error: 'invalid_auth' } });
  });

  it('records every call with its arguments', async () => {
    await client.chat.postMessage({ channel: CAST.aiko.id, text: 'hello' });
    expect(emulator.callsTo('chat.postMessage')).toEqual([
      expect.objectContaining({ ok: true, args: expect.objectContaining({ channel: CAST.aiko.id, text: 'hello' }) }),
    ]);
  });

  it('delivers a message to a user ID into their DM', async () => {
    const res = await client.chat.postMessage({ channel: CAST.aiko.id, text: 'hi', blocks: [section('*hi*')] as never });
    expect(res.channel).toMatch(/^D/);
    expect(emulator.user(CAST.aiko.id).lastMessage()).toMatchObject({ text: 'hi', ts: res.ts });
  });

  it('refuses unknown users and channels', async () => {
    await expect(client.users.info({ user: 'U0NOBODY01' })).rejects.toMatchObject({ data: { error: 'user_not_found' } });
    await expect(client.conversations.open({ users: 'U0NOBODY01' })).rejects.toMatchObject({ data: { error: 'user_not_found' } });
    await expect(client.chat.postMessage({ channel: 'C0NOWHERE1', text: 'x' })).rejects.toMatchObject({ data: { error: 'channel_not_found' } });
    await expect(client.chat.postMessage({ channel: CAST.aiko.id } as never)).rejects.toMatchObject({ data: { error: 'no_text' } });
  });

  it('reports the profile time zone in users.info and pages users.list', async () => {
    const info = await client.users.info({ user: CAST.dev.id });
    expect(info.user).toMatchObject({ tz: 'Asia/Kolkata', tz_offset: 19_800 });
    const first = await client.users.list({ limit: 4 });
    expect(first.members).toHaveLength(4);
    const second = await client.users.list({ limit: 4, cursor: first.response_metadata?.next_cursor });
    expect(second.members).toHaveLength(castUsers.length - 4);
    expect(second.response_metadata?.next_cursor).toBe('');
  });

  it('opens a DM and a group DM', async () => {
    const dm = await client.conversations.open({ users: CAST.aiko.id });
    const group = await client.conversations.open({ users: `${CAST.aiko.id},${CAST.bruno.id}` });
    expect(dm.channel?.id).toMatch(/^D/);
    expect(group.channel?.id).toMatch(/^G/);
    await client.chat.postMessage({ channel: group.channel?.id as string, text: 'intro' });
    expect(emulator.channelMessages(group.channel?.id as string)).toHaveLength(1);
  });

  describe('Block Kit limits', () => {
    it('rejects more than 50 blocks in a message', async () => {
      const blocks = Array.from({ length: 51 }, (_, i) => section(`line ${i}`));
      await expect(client.chat.postMessage({ channel: CAST.aiko.id, text: 'x', blocks: blocks as never })).rejects.toMatchObject({
        data: { error: 'invalid_blocks', errors: [expect.stringContaining('no more than 50 items')] },
      });
    });

    it('rejects section text over 3000 characters, a long button and duplicate IDs', async () => {
      await expect(client.chat.postMessage({ channel: CAST.aiko.id, text: 'x', blocks: [section('a'.repeat(3001))] as never })).rejects.toMatchObject({
        data: { error: 'invalid_blocks', errors: [expect.stringContaining('/blocks/0/text/text')] },
      });
      const button = (id: string, text: string) => ({ type: 'button', action_id: id, text: { type: 'plain_text', text } });
      const blocks = [
        { type: 'actions', block_id: 'a', elements: [button('go', 'b'.repeat(76))] },
        { type: 'actions', block_id: 'a', elements: [button('go', 'ok')] },
      ];
      const error = await client.chat.postMessage({ channel: CAST.aiko.id, text: 'x', blocks: blocks as never }).catch((e: { data: { errors: string[] } }) => e.data.errors);
      expect(error).toEqual(
        expect.arrayContaining([
          expect.stringContaining('more than 75 characters'),
          expect.stringContaining('duplicate block_id "a"'),
          expect.stringContaining('duplicate action_id "go"'),
        ]),
      );
    });

    it('rejects a modal title over 24 characters and more than 100 blocks on Home', async () => {
      const trigger = emulator.workspace.issueTrigger(CAST.aiko.id);
      const view = { type: 'modal', title: { type: 'plain_text', text: 'A title that is far too long' }, blocks: [section('x')] };
      await expect(client.views.open({ trigger_id: trigger, view: view as never })).rejects.toMatchObject({ data: { error: 'invalid_blocks' } });
      const home = { type: 'home', blocks: Array.from({ length: 101 }, () => ({ type: 'divider' })) };
      await expect(client.views.publish({ user_id: CAST.aiko.id, view: home as never })).rejects.toMatchObject({ data: { error: 'invalid_blocks' } });
    });
  });

  describe('views', () => {
    it('opens a modal with a fresh trigger, once', async () => {
      const trigger = emulator.workspace.issueTrigger(CAST.aiko.id);
      const opened = await client.views.open({ trigger_id: trigger, view: modal([section('hello')]) });
      expect(opened.view?.id).toMatch(/^V/);
      expect(emulator.user(CAST.aiko.id).modal()?.id).toBe(opened.view?.id);
      await expect(client.views.open({ trigger_id: trigger, view: modal([section('again')]) })).rejects.toMatchObject({ data: { error: 'invalid_trigger_id' } });
    });

    it('answers expired_trigger_id after three seconds', async () => {
      const trigger = emulator.workspace.issueTrigger(CAST.aiko.id);
      clockSkew = 3_001;
      await expect(client.views.open({ trigger_id: trigger, view: modal([section('late')]) })).rejects.toMatchObject({ data: { error: 'expired_trigger_id' } });
    });

    it('updates by view ID with hash checks, and pushes at most three deep', async () => {
      const opened = await client.views.open({ trigger_id: emulator.workspace.issueTrigger(CAST.aiko.id), view: modal([section('one')]) });
      const id = opened.view?.id as string;
      await expect(client.views.update({ view_id: id, hash: 'stale', view: modal([section('two')]) })).rejects.toMatchObject({ data: { error: 'hash_conflict' } });
      await client.views.update({ view_id: id, hash: opened.view?.hash, view: modal([section('two')]) });
      for (let i = 0; i < 2; i += 1) await client.views.push({ trigger_id: emulator.workspace.issueTrigger(CAST.aiko.id), view: modal([section(`push ${i}`)]) });
      await expect(client.views.push({ trigger_id: emulator.workspace.issueTrigger(CAST.aiko.id), view: modal([section('too deep')]) })).rejects.toMatchObject({ data: { error: 'push_limit_reached' } });
    });

    it('publishes a Home tab per user', async () => {
      await client.views.publish({ user_id: CAST.emma.id, view: { type: 'home', blocks: [section('welcome')] } as never });
      expect(emulator.user(CAST.emma.id).home()?.view.blocks).toEqual([section('welcome')]);
    });
  });

  describe('faults', () => {
    it('answers 429 with Retry-After and keeps refusing until it has passed', async () => {
      const client = new WebClient(token, { slackApiUrl: emulator.apiUrl, rejectRateLimitedCalls: true });
      emulator.injectFault('chat.postMessage', { status: 429, retryAfter: 1 });
      await expect(client.chat.postMessage({ channel: CAST.aiko.id, text: 'now' })).rejects.toMatchObject({ code: 'slack_webapi_rate_limited_error', retryAfter: 1 });
      await expect(client.chat.postMessage({ channel: CAST.aiko.id, text: 'too soon' })).rejects.toMatchObject({ retryAfter: 1 });
      clockSkew = 1_000;
      await expect(client.chat.postMessage({ channel: CAST.aiko.id, text: 'later' })).resolves.toMatchObject({ ok: true });
      expect(emulator.callsTo('chat.postMessage').map((c) => c.status)).toEqual([429, 429, 200]);
    });

    it('lets the real client succeed by honouring Retry-After on its own', async () => {
      // One retry only: an early retry would be refused again and the call would fail.
      const retrying = new WebClient(token, { slackApiUrl: emulator.apiUrl, retryConfig: { retries: 1, minTimeout: 0, maxTimeout: 0 } });
      emulator.injectFault('chat.postMessage', { status: 429, retryAfter: 1 });
      await retrying.chat.postMessage({ channel: CAST.aiko.id, text: 'eventually' });
      expect(emulator.callsTo('chat.postMessage').map((c) => c.status)).toEqual([429, 200]);
      expect(emulator.user(CAST.aiko.id).messages()).toHaveLength(1);
    });

    it('answers 5xx', async () => {
      emulator.injectFault('users.info', { status: 503 });
      await expect(client.users.info({ user: CAST.aiko.id })).rejects.toBeDefined();
      expect(emulator.callsTo('users.info')[0]).toMatchObject({ status: 503, ok: false });
      await expect(client.users.info({ user: CAST.aiko.id })).resolves.toMatchObject({ ok: true });
    });
  });

  it('accepts the files upload flow and posts the file into the DM', async () => {
    await client.filesUploadV2({ channel_id: (await client.conversations.open({ users: CAST.aiko.id })).channel?.id as string, filename: 'data.json', content: '{"a":1}', initial_comment: 'your data' });
    const message = emulator.user(CAST.aiko.id).lastMessage();
    expect(message?.text).toBe('your data');
    expect(message?.files?.[0]?.content.toString()).toBe('{"a":1}');
  });
});
