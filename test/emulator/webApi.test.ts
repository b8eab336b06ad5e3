import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, HTTPReceiver, LogLevel } from '@slack/bolt';
import { WebClient } from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CAST, COORDINATOR_CHANNEL, castUsers } from '../../demo/cast.js';
import { SlackEmulator, type VisibleEvent } from '../../emulator/index.js';

const token = 'xoxb-test-token';
const signingSecret = 'test-signing-secret';
/** A public channel the bot was never added to. */
const PUBLIC_ELSEWHERE = { id: 'C0RANDOM01', name: 'random' } as const;
/** A private channel without the bot: invisible to it. */
const PRIVATE_ELSEWHERE = { id: 'C0SECRET01', name: 'secret-plans' } as const;
/** A private channel the bot is in. */
const PRIVATE_WITH_BOT = { id: 'C0PRIVATE1', name: 'mentors-only' } as const;
let emulator: SlackEmulator;
let client: WebClient;
let clockSkew = 0;

beforeEach(async () => {
  clockSkew = 0;
  emulator = await new SlackEmulator({
    botToken: token,
    signingSecret,
    users: castUsers,
    channels: [
      { ...COORDINATOR_CHANNEL, members: [CAST.grace.id] },
      { ...PUBLIC_ELSEWHERE, members: [CAST.aiko.id], botIsMember: false },
      { ...PRIVATE_ELSEWHERE, members: [CAST.bruno.id], botIsMember: false, isPrivate: true },
      { ...PRIVATE_WITH_BOT, members: [CAST.chloe.id], isPrivate: true },
    ],
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

  it('speaks as the team and bot it was given', async () => {
    const team = { id: 'T0ACME0001', name: 'Acme', domain: 'acme' };
    const bot = { userId: 'U0ACMEBOT1', botId: 'B0ACMEBOT1', appId: 'A0ACMEAPP1', name: 'acmebot' };
    const acme = await new SlackEmulator({ botToken: token, signingSecret, users: castUsers, team, bot }).start();
    try {
      const acmeClient = new WebClient(token, { slackApiUrl: acme.apiUrl, retryConfig: { retries: 0 } });
      await expect(acmeClient.auth.test()).resolves.toMatchObject({ user_id: bot.userId, bot_id: bot.botId, team_id: team.id, team: team.name, url: 'https://acme.slack.com/' });
      const { channel } = await acmeClient.conversations.open({ users: CAST.aiko.id });
      const posted = await acmeClient.chat.postMessage({ channel: channel?.id as string, text: 'hello' });
      expect(posted.message?.bot_id).toBe(bot.botId);
    } finally {
      await acme.stop();
    }
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

  it('lists public channels, and private ones only when the bot is in them, a page at a time', async () => {
    const names = async (types?: string) => ((await client.conversations.list(types ? { types } : {})).channels ?? []).map((c) => c.name).sort();
    expect(await names()).toEqual([COORDINATOR_CHANNEL.name, PUBLIC_ELSEWHERE.name].sort());
    expect(await names('private_channel')).toEqual([PRIVATE_WITH_BOT.name]);
    const first = await client.conversations.list({ types: 'public_channel,private_channel', limit: 2 });
    const second = await client.conversations.list({ types: 'public_channel,private_channel', limit: 2, cursor: first.response_metadata?.next_cursor });
    expect([...(first.channels ?? []), ...(second.channels ?? [])].map((c) => c.id).sort()).toEqual([COORDINATOR_CHANNEL.id, PUBLIC_ELSEWHERE.id, PRIVATE_WITH_BOT.id].sort());
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
  describe('chat.delete', () => {
    it('deletes a message the bot posted, once, and shows the deletion', async () => {
      const posted = await client.chat.postMessage({ channel: CAST.aiko.id, text: 'oops' });
      const channel = posted.channel as string;
      const seen: VisibleEvent[] = [];
      emulator.on('visible', (e) => seen.push(e));
      await expect(client.chat.delete({ channel, ts: posted.ts as string })).resolves.toMatchObject({ ok: true, channel, ts: posted.ts });
      expect(emulator.user(CAST.aiko.id).messages()).toEqual([]);
      expect(emulator.messagesIn(channel)).toEqual([]);
      expect(emulator.messagesIn(channel, { includeDeleted: true })).toEqual([expect.objectContaining({ ts: posted.ts, deleted: true })]);
      expect(seen).toEqual([expect.objectContaining({ kind: 'delete', channel, audience: [CAST.aiko.id], message: expect.objectContaining({ text: 'oops' }) })]);
      expect((await client.conversations.history({ channel })).messages).toEqual([]);
      await expect(client.chat.delete({ channel, ts: posted.ts as string })).rejects.toMatchObject({ data: { error: 'message_not_found' } });
    });

    it('answers message_not_found, channel_not_found and cant_delete_message as Slack does', async () => {
      const posted = await client.chat.postMessage({ channel: COORDINATOR_CHANNEL.id, text: 'digest' });
      await expect(client.chat.delete({ channel: COORDINATOR_CHANNEL.id, ts: '1.000001' })).rejects.toMatchObject({ data: { error: 'message_not_found' } });
      await expect(client.chat.delete({ channel: 'C0NOWHERE1', ts: posted.ts as string })).rejects.toMatchObject({ data: { error: 'channel_not_found' } });
      await expect(client.chat.delete({ channel: PRIVATE_ELSEWHERE.id, ts: posted.ts as string })).rejects.toMatchObject({ data: { error: 'channel_not_found' } });
      const written = emulator.user(CAST.grace.id).say('thanks, bot', COORDINATOR_CHANNEL.id);
      await expect(client.chat.delete({ channel: COORDINATOR_CHANNEL.id, ts: written.ts })).rejects.toMatchObject({ data: { error: 'cant_delete_message' } });
      await expect(client.chat.update({ channel: COORDINATOR_CHANNEL.id, ts: written.ts, text: 'edited' })).rejects.toMatchObject({ data: { error: 'cant_update_message' } });
      const history = await client.conversations.history({ channel: COORDINATOR_CHANNEL.id });
      expect(history.messages).toEqual([
        expect.objectContaining({ ts: written.ts, user: CAST.grace.id, text: 'thanks, bot' }),
        expect.objectContaining({ ts: posted.ts, bot_id: 'B0BOT00001' }),
      ]);
      expect(history.messages?.[0]).not.toHaveProperty('bot_id');
    });

    it('shows delete_original through a response_url as a deletion too', async () => {
      const posted = await client.chat.postMessage({ channel: CAST.aiko.id, text: 'pick one' });
      const seen: VisibleEvent[] = [];
      emulator.on('visible', (e) => seen.push(e));
      const url = emulator.issueResponseUrl(CAST.aiko.id, posted.channel as string, posted.ts);
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ delete_original: true }) });
      expect(res.status).toBe(200);
      expect(seen).toEqual([expect.objectContaining({ kind: 'delete', message: expect.objectContaining({ ts: posted.ts }) })]);
      expect(emulator.user(CAST.aiko.id).messages()).toEqual([]);
    });
  });

  describe('files', () => {
    const upload = async (filename: string) => {
      const channel = (await client.conversations.open({ users: CAST.aiko.id })).channel?.id as string;
      await client.filesUploadV2({ channel_id: channel, filename, title: `${filename} export`, content: 'a,b\n1,2', initial_comment: 'your export' });
      const message = emulator.user(CAST.aiko.id).lastMessage();
      return { channel, message, fileId: message?.files?.[0]?.id as string };
    };

    it('lists the files a message carries in conversations.history', async () => {
      const { channel, fileId } = await upload('data.csv');
      const history = await client.conversations.history({ channel });
      expect(history.messages).toEqual([
        expect.objectContaining({ text: 'your export', files: [{ id: fileId, name: 'data.csv', title: 'data.csv export' }] }),
      ]);
      await client.chat.postMessage({ channel, text: 'no file here' });
      expect((await client.conversations.history({ channel })).messages?.[0]).not.toHaveProperty('files');
    });

    it('deletes a file from the workspace and from every message that carries it', async () => {
      const { channel, message, fileId } = await upload('data.csv');
      const seen: VisibleEvent[] = [];
      emulator.on('visible', (e) => seen.push(e));
      await expect(client.files.delete({ file: fileId })).resolves.toMatchObject({ ok: true });
      expect(emulator.workspace.files.has(fileId)).toBe(false);
      expect(message?.files).toEqual([]);
      expect((await client.conversations.history({ channel })).messages).toEqual([expect.objectContaining({ text: 'your export' })]);
      expect((await client.conversations.history({ channel })).messages?.[0]).not.toHaveProperty('files');
      expect(seen).toEqual([expect.objectContaining({ kind: 'message', edit: true, channel })]);
      await expect(client.files.delete({ file: fileId })).rejects.toMatchObject({ data: { error: 'file_deleted' } });
      await expect(client.files.delete({ file: 'F0NOSUCH01' })).rejects.toMatchObject({ data: { error: 'file_not_found' } });
    });
  });

  describe('conversations.info and membership', () => {
    it('describes a public channel the bot is in', async () => {
      const info = await client.conversations.info({ channel: COORDINATOR_CHANNEL.id });
      expect(info.channel).toMatchObject({
        id: COORDINATOR_CHANNEL.id,
        name: COORDINATOR_CHANNEL.name,
        is_channel: true,
        is_group: false,
        is_im: false,
        is_mpim: false,
        is_private: false,
        is_archived: false,
        is_member: true,
      });
    });

    it('describes a public channel the bot is not in, where it may not post or read', async () => {
      await expect(client.conversations.info({ channel: PUBLIC_ELSEWHERE.id })).resolves.toMatchObject({ channel: { id: PUBLIC_ELSEWHERE.id, is_member: false, is_private: false } });
      await expect(client.chat.postMessage({ channel: PUBLIC_ELSEWHERE.id, text: 'hi' })).rejects.toMatchObject({ data: { error: 'not_in_channel' } });
      await expect(client.conversations.history({ channel: PUBLIC_ELSEWHERE.id })).rejects.toMatchObject({ data: { error: 'not_in_channel' } });
    });

    it('cannot see a private channel it is not in, and describes one it is in', async () => {
      await expect(client.conversations.info({ channel: PRIVATE_ELSEWHERE.id })).rejects.toMatchObject({ data: { error: 'channel_not_found' } });
      await expect(client.chat.postMessage({ channel: PRIVATE_ELSEWHERE.id, text: 'hi' })).rejects.toMatchObject({ data: { error: 'channel_not_found' } });
      await expect(client.conversations.info({ channel: PRIVATE_WITH_BOT.id })).resolves.toMatchObject({
        channel: { id: PRIVATE_WITH_BOT.id, name: PRIVATE_WITH_BOT.name, is_channel: true, is_private: true, is_member: true },
      });
      await expect(client.chat.postMessage({ channel: PRIVATE_WITH_BOT.id, text: 'hi' })).resolves.toMatchObject({ ok: true });
      await expect(client.conversations.info({ channel: 'C0NOWHERE1' })).rejects.toMatchObject({ data: { error: 'channel_not_found' } });
    });

    it('describes DMs and group DMs', async () => {
      const dm = (await client.conversations.open({ users: CAST.aiko.id })).channel?.id as string;
      const group = (await client.conversations.open({ users: `${CAST.aiko.id},${CAST.bruno.id}` })).channel?.id as string;
      const dmInfo = await client.conversations.info({ channel: dm });
      expect(dmInfo.channel).toMatchObject({ id: dm, is_im: true, is_channel: false, is_mpim: false, is_private: true, user: CAST.aiko.id });
      expect(dmInfo.channel).not.toHaveProperty('name');
      await expect(client.conversations.info({ channel: group })).resolves.toMatchObject({
        channel: { id: group, is_mpim: true, is_group: true, is_channel: false, is_im: false, is_private: true, is_member: true },
      });
    });
  });

  describe('delivery faults', () => {
    const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

    it('answers 5xx after committing: the post is stored although the client saw a failure', async () => {
      emulator.injectFault('chat.postMessage', { status: 500, afterCommit: true });
      await expect(client.chat.postMessage({ channel: CAST.aiko.id, text: 'lost answer' })).rejects.toMatchObject({ code: 'slack_webapi_http_error', statusCode: 500 });
      expect(emulator.user(CAST.aiko.id).messages()).toEqual([expect.objectContaining({ text: 'lost answer' })]);
      expect(emulator.callsTo('chat.postMessage')).toEqual([expect.objectContaining({ status: 500, ok: false, committed: true, fault: { status: 500, afterCommit: true } })]);
    });

    it('shows why a blind retry after a lost answer posts twice', async () => {
      const retrying = new WebClient(token, { slackApiUrl: emulator.apiUrl, retryConfig: { retries: 1, minTimeout: 0, maxTimeout: 0 } });
      emulator.injectFault('chat.postMessage', { status: 503, afterCommit: true });
      await retrying.chat.postMessage({ channel: CAST.aiko.id, text: 'once, I hoped' });
      expect(emulator.callsTo('chat.postMessage').map((c) => c.status)).toEqual([503, 200]);
      expect(emulator.user(CAST.aiko.id).messages().map((m) => m.text)).toEqual(['once, I hoped', 'once, I hoped']);
    });

    it('hangs without committing: the client gives up, nothing is stored, the emulator carries on', async () => {
      const impatient = new WebClient(token, { slackApiUrl: emulator.apiUrl, timeout: 200, retryConfig: { retries: 0 } });
      emulator.injectFault('chat.postMessage', { status: 'timeout', ms: 500 });
      const error = await impatient.chat.postMessage({ channel: CAST.aiko.id, text: 'into the void' }).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'slack_webapi_request_error', original: { name: 'TimeoutError' } });
      expect(emulator.user(CAST.aiko.id).messages()).toEqual([]);
      const [call] = emulator.callsTo('chat.postMessage');
      expect(call).toMatchObject({ status: 504, ok: false, fault: { status: 'timeout', ms: 500 } });
      await vi.waitFor(() => expect(call?.clientGone).toBe(true), { timeout: 2_000, interval: 20 });
      await sleep(350); // past the end of the hang, which finds the client gone
      await expect(impatient.chat.postMessage({ channel: CAST.aiko.id, text: 'again' })).resolves.toMatchObject({ ok: true });
    });

    it('hangs after committing: the client gives up although the message was posted', async () => {
      const impatient = new WebClient(token, { slackApiUrl: emulator.apiUrl, timeout: 200, retryConfig: { retries: 0 } });
      emulator.injectFault('chat.postMessage', { status: 'timeout', ms: 500, afterCommit: true });
      await expect(impatient.chat.postMessage({ channel: CAST.aiko.id, text: 'posted, unconfirmed' })).rejects.toMatchObject({ code: 'slack_webapi_request_error' });
      expect(emulator.user(CAST.aiko.id).messages()).toEqual([expect.objectContaining({ text: 'posted, unconfirmed' })]);
      const [call] = emulator.callsTo('chat.postMessage');
      expect(call).toMatchObject({ status: 200, ok: true, committed: true, fault: { status: 'timeout', afterCommit: true } });
      await vi.waitFor(() => expect(call?.clientGone).toBe(true), { timeout: 2_000, interval: 20 });
    });

    it('answers late but answers, for a patient client', async () => {
      emulator.injectFault('chat.postMessage', { status: 'timeout', ms: 150, afterCommit: true });
      const started = Date.now();
      await expect(client.chat.postMessage({ channel: CAST.aiko.id, text: 'slowly' })).resolves.toMatchObject({ ok: true });
      expect(Date.now() - started).toBeGreaterThanOrEqual(140);
      expect(emulator.callsTo('chat.postMessage')[0]?.clientGone).toBeUndefined();
    });

    it('consults a fault policy for every call, before the injected queue, until it is cleared', async () => {
      const seen: { index: number; user: unknown }[] = [];
      emulator.injectFault('users.info', { status: 502 });
      emulator.setFaultPolicy('users.info', ({ index, args }) => {
        seen.push({ index, user: args.user });
        return { status: 503 };
      });
      for (let i = 0; i < 3; i += 1) await expect(client.users.info({ user: CAST.aiko.id })).rejects.toMatchObject({ statusCode: 503 });
      emulator.setFaultPolicy('users.info', undefined);
      await expect(client.users.info({ user: CAST.aiko.id })).rejects.toMatchObject({ statusCode: 502 }); // the queue, untouched by the outage
      await expect(client.users.info({ user: CAST.aiko.id })).resolves.toMatchObject({ ok: true });
      expect(seen).toEqual([0, 1, 2].map((index) => ({ index, user: CAST.aiko.id })));
      expect(emulator.callsTo('users.info').map((c) => c.status)).toEqual([503, 503, 503, 502, 200]);
    });

    it('fails every tenth post after committing, by policy', async () => {
      emulator.setFaultPolicy('chat.postMessage', ({ index }) => (index % 10 === 9 ? { status: 500, afterCommit: true } : undefined));
      const outcomes: boolean[] = [];
      for (let i = 0; i < 20; i += 1) {
        outcomes.push(await client.chat.postMessage({ channel: CAST.aiko.id, text: `note ${i}` }).then(() => true, () => false));
      }
      expect(outcomes.filter((ok) => !ok)).toHaveLength(2);
      expect(outcomes[9]).toBe(false);
      expect(outcomes[19]).toBe(false);
      expect(emulator.user(CAST.aiko.id).messages()).toHaveLength(20);
      const calls = emulator.callsTo('chat.postMessage');
      expect(calls.filter((c) => c.status === 500).map((c) => c.args.text)).toEqual(['note 9', 'note 19']);
      expect(calls.filter((c) => c.committed)).toHaveLength(2);
    });
  });

  describe('external selects', () => {
    const MENTORS = [
      { text: { type: 'plain_text', text: 'Aiko Tanaka' }, value: CAST.aiko.id },
      { text: { type: 'plain_text', text: 'Bruno Costa' }, value: CAST.bruno.id },
    ];
    const pickerModal = {
      type: 'modal',
      callback_id: 'pick_mentor',
      private_metadata: '{"round":3}',
      title: { type: 'plain_text', text: 'Pick a mentor' },
      submit: { type: 'plain_text', text: 'Save' },
      blocks: [
        {
          type: 'input',
          block_id: 'mentor',
          label: { type: 'plain_text', text: 'Mentor' },
          element: { type: 'external_select', action_id: 'mentor_pick', min_query_length: 0, placeholder: { type: 'plain_text', text: 'Search people' } },
        },
        {
          type: 'input',
          block_id: 'skills',
          optional: true,
          label: { type: 'plain_text', text: 'Skills' },
          element: {
            type: 'multi_external_select',
            action_id: 'skills_pick',
            min_query_length: 2,
            max_selected_items: 3,
            initial_options: [{ text: { type: 'plain_text', text: 'SQL' }, value: 'sql' }],
          },
        },
        { type: 'input', block_id: 'broken', optional: true, label: { type: 'plain_text', text: 'Broken' }, element: { type: 'external_select', action_id: 'broken_pick' } },
        { type: 'input', block_id: 'note', optional: true, label: { type: 'plain_text', text: 'Note' }, element: { type: 'plain_text_input', action_id: 'note_text' } },
      ],
    };

    it('accepts external selects in modals and checks their fields against Block Kit', async () => {
      const opened = await client.views.open({ trigger_id: emulator.workspace.issueTrigger(CAST.aiko.id), view: pickerModal as never });
      expect(opened.ok).toBe(true);
      const withElement = (element: unknown) => ({ ...pickerModal, blocks: [{ ...pickerModal.blocks[0], element }] }) as never;
      const open = (element: unknown) =>
        client.views.open({ trigger_id: emulator.workspace.issueTrigger(CAST.aiko.id), view: withElement(element) }).catch((e: { data: { error: string; errors: string[] } }) => e.data);
      await expect(open({ type: 'external_select', action_id: 'x', min_query_length: -1 })).resolves.toMatchObject({
        error: 'invalid_blocks',
        errors: [expect.stringContaining('/view/blocks/0/element/min_query_length')],
      });
      // An external select's options come from the app, never from the view.
      await expect(open({ type: 'external_select', action_id: 'x', options: MENTORS })).resolves.toMatchObject({ error: 'invalid_blocks' });
    });

    it('asks the app for options with a signed block_suggestion, and submits only options it served', async () => {
      const receiver = new HTTPReceiver({ signingSecret, endpoints: '/slack/events', logLevel: LogLevel.ERROR });
      const app = new App({ token, receiver, logLevel: LogLevel.ERROR, clientOptions: { slackApiUrl: emulator.apiUrl, retryConfig: { retries: 0 } } });
      const suggestions: Record<string, unknown>[] = [];
      let submitted: Record<string, unknown> | undefined;
      app.options('mentor_pick', async ({ body, ack }) => {
        suggestions.push(body as unknown as Record<string, unknown>);
        await ack({ options: MENTORS.filter((o) => o.text.text.toLowerCase().includes(body.value.toLowerCase())) as never });
      });
      app.options('skills_pick', async ({ ack }) => {
        await ack({
          option_groups: [
            { label: { type: 'plain_text', text: 'Languages' }, options: [{ text: { type: 'plain_text', text: 'TypeScript' }, value: 'ts' }] },
            { label: { type: 'plain_text', text: 'Tools' }, options: [{ text: { type: 'plain_text', text: 'Terraform' }, value: 'tf' }] },
          ],
        } as never);
      });
      app.options('broken_pick', async ({ ack }) => {
        await ack({ options: [{ text: { type: 'plain_text', text: 'x'.repeat(76) }, value: 'long' }] } as never);
      });
      app.view('pick_mentor', async ({ ack, view }) => {
        submitted = view.state.values as unknown as Record<string, unknown>;
        await ack();
      });
      const server = (await app.start(0)) as Server;
      try {
        emulator.appUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
        const opened = await client.views.open({ trigger_id: emulator.workspace.issueTrigger(CAST.aiko.id), view: pickerModal as never });
        const aiko = emulator.user(CAST.aiko.id);

        await expect(aiko.suggest('mentor_pick')).resolves.toEqual(MENTORS);
        await expect(aiko.suggest('mentor_pick', 'bru')).resolves.toEqual([MENTORS[1]]);
        expect(suggestions[1]).toMatchObject({
          type: 'block_suggestion',
          action_id: 'mentor_pick',
          block_id: 'mentor',
          value: 'bru',
          user: { id: CAST.aiko.id },
          team: { id: 'T0EMULATED' },
          api_app_id: 'A0APP00001',
          token: expect.any(String),
          view: { id: opened.view?.id, hash: opened.view?.hash, callback_id: 'pick_mentor', private_metadata: '{"round":3}' },
        });
        await expect(aiko.suggest('skills_pick', 't')).rejects.toThrow(/2 typed characters/);
        await expect(aiko.suggest('skills_pick', 'te')).resolves.toEqual([expect.objectContaining({ value: 'ts' }), expect.objectContaining({ value: 'tf' })]);
        await expect(aiko.suggest('broken_pick', 'abc')).rejects.toThrow(/more than 75 characters/);
        await expect(aiko.suggest('note_text', 'abc')).rejects.toThrow(/not an external select/);
        expect(emulator.optionsServed(CAST.aiko.id, 'mentor_pick').map((o) => o.value)).toEqual([CAST.aiko.id, CAST.bruno.id]);

        await expect(aiko.submit({ mentor: { mentor_pick: CAST.chloe.id } })).rejects.toThrow(/never offered/);
        expect(submitted).toBeUndefined();
        await expect(aiko.submit({ mentor: { mentor_pick: CAST.bruno.id }, skills: { skills_pick: ['ts', 'sql'] } })).resolves.toMatchObject({ status: 200 });
        expect(submitted).toEqual({
          mentor: { mentor_pick: { type: 'external_select', selected_option: MENTORS[1] } },
          skills: {
            skills_pick: {
              type: 'multi_external_select',
              selected_options: [{ text: { type: 'plain_text', text: 'TypeScript' }, value: 'ts' }, { text: { type: 'plain_text', text: 'SQL' }, value: 'sql' }],
            },
          },
          broken: { broken_pick: { type: 'external_select', selected_option: null } },
          note: { note_text: { type: 'plain_text_input', value: null } },
        });
        expect(aiko.modal()).toBeUndefined();
      } finally {
        await app.stop();
      }
    });
  });
});
