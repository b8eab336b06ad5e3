import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebClient } from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CAST, COORDINATOR_CHANNEL, castUsers } from '../../demo/cast.js';
import { SlackEmulator } from '../../emulator/index.js';

/*
 * The Web API a group circle's private channel needs, driven with the real
 * @slack/web-api client against the emulator: create, invite, kick, topic and
 * purpose, members, archive, and posting into it, with Slack's error codes.
 */

const token = 'xoxb-channels-test';
const BOT = 'U0BOT00001';
/** A public channel the bot was never added to. */
const PUBLIC_ELSEWHERE = { id: 'C0RANDOM01', name: 'random' } as const;
/** A private channel without the bot: it does not exist for the bot. */
const PRIVATE_ELSEWHERE = { id: 'C0SECRET01', name: 'secret-plans' } as const;
/** A channel archived before the emulator started. */
const OLD_CIRCLE = { id: 'C0OLDCIRC1', name: 'circle-2024' } as const;

let emulator: SlackEmulator;
let client: WebClient;

beforeEach(async () => {
  emulator = await new SlackEmulator({
    botToken: token,
    signingSecret: 'channels-test-secret',
    users: [...castUsers, { id: 'U0GONE0001', name: 'gone', realName: 'Gone Person', tz: 'UTC', deleted: true }],
    channels: [
      { ...COORDINATOR_CHANNEL, members: [CAST.grace.id] },
      { ...PUBLIC_ELSEWHERE, members: [CAST.aiko.id], botIsMember: false },
      { ...PRIVATE_ELSEWHERE, members: [CAST.bruno.id], botIsMember: false, isPrivate: true },
      { ...OLD_CIRCLE, members: [CAST.dev.id], isPrivate: true, archived: true },
    ],
  }).start();
  client = new WebClient(token, { slackApiUrl: emulator.apiUrl, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true });
});
afterEach(() => emulator.stop());

const errorOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'ok',
    (e: { data?: { error?: string } }) => e.data?.error ?? String(e),
  );

async function circle(name = 'circle-design'): Promise<string> {
  const created = await client.conversations.create({ name, is_private: true });
  return created.channel?.id as string;
}

describe('a circle channel, start to end', () => {
  it('is created private with the bot in it, invited to, described, posted in, archived, and then refuses posts', async () => {
    const created = await client.conversations.create({ name: 'circle-design', is_private: true });
    expect(created.channel).toMatchObject({
      name: 'circle-design',
      name_normalized: 'circle-design',
      is_channel: true,
      is_private: true,
      is_archived: false,
      is_member: true,
      creator: BOT,
      topic: { value: '', creator: '', last_set: 0 },
      purpose: { value: '', creator: '', last_set: 0 },
    });
    const id = created.channel?.id as string;
    expect(id).toMatch(/^C[0-9A-F]{10}$/);
    expect(Math.abs((created.channel?.created as number) - Date.now() / 1000)).toBeLessThan(5);

    const invited = await client.conversations.invite({ channel: id, users: `${CAST.aiko.id}, ${CAST.bruno.id},${CAST.chloe.id}` });
    expect(invited.channel).toMatchObject({ id, is_private: true });
    expect(invited).not.toHaveProperty('errors');

    await client.conversations.setTopic({ channel: id, topic: 'Design circle: every other Tuesday' });
    const purposed = await client.conversations.setPurpose({ channel: id, purpose: 'Grow as designers, together' });
    expect(purposed.channel).toMatchObject({
      topic: { value: 'Design circle: every other Tuesday', creator: BOT },
      purpose: { value: 'Grow as designers, together', creator: BOT },
    });

    const info = await client.conversations.info({ channel: id, include_num_members: true });
    expect(info.channel).toMatchObject({
      id,
      name: 'circle-design',
      is_private: true,
      is_archived: false,
      is_member: true,
      num_members: 4,
      topic: { value: 'Design circle: every other Tuesday', creator: BOT },
      purpose: { value: 'Grow as designers, together', creator: BOT },
    });
    expect((await client.conversations.info({ channel: id })).channel).not.toHaveProperty('num_members');

    const posted = await client.chat.postMessage({ channel: id, text: 'Welcome to the circle' });
    expect(emulator.channelMessages(id)).toEqual([expect.objectContaining({ ts: posted.ts, text: 'Welcome to the circle' })]);
    expect(emulator.visible.at(-1)).toMatchObject({ kind: 'message', channel: id, audience: [CAST.aiko.id, CAST.bruno.id, CAST.chloe.id] });

    await expect(client.conversations.archive({ channel: id })).resolves.toMatchObject({ ok: true });
    await expect(client.chat.postMessage({ channel: id, text: 'anyone?' })).rejects.toMatchObject({ data: { ok: false, error: 'is_archived' } });
    await expect(client.chat.postEphemeral({ channel: id, user: CAST.aiko.id, text: 'psst' })).rejects.toMatchObject({ data: { error: 'is_archived' } });
    expect(() => emulator.user(CAST.aiko.id).say('hello?', id)).toThrow('is_archived');
    expect((await client.conversations.info({ channel: id })).channel).toMatchObject({ is_archived: true, is_private: true });
    // An archived channel is still readable.
    expect((await client.conversations.history({ channel: id })).messages).toEqual([expect.objectContaining({ text: 'Welcome to the circle' })]);

    expect(emulator.channel(id)).toEqual({
      id,
      name: 'circle-design',
      kind: 'channel',
      isPrivate: true,
      archived: true,
      members: [CAST.aiko.id, CAST.bruno.id, CAST.chloe.id],
      botIsMember: true,
      topic: 'Design circle: every other Tuesday',
      purpose: 'Grow as designers, together',
      created: created.channel?.created,
      creator: BOT,
    });
    expect(emulator.channelNamed('circle-design')?.id).toBe(id);
    expect(emulator.channel('C0NOWHERE1')).toBeUndefined();
  });

  it('records every call, and the existing fault injection applies to the new methods', async () => {
    emulator.injectFault('conversations.create', { status: 503, afterCommit: true });
    await expect(client.conversations.create({ name: 'circle-lost-answer', is_private: true })).rejects.toMatchObject({ statusCode: 503 });
    // The answer was lost, the channel exists: a retry finds its name taken.
    await expect(errorOf(client.conversations.create({ name: 'circle-lost-answer', is_private: true }))).resolves.toBe('name_taken');
    const id = emulator.channelNamed('circle-lost-answer')?.id as string;
    expect(emulator.callsTo('conversations.create')).toEqual([
      expect.objectContaining({ status: 503, ok: false, committed: true, args: expect.objectContaining({ name: 'circle-lost-answer', is_private: 'true' }) }),
      expect.objectContaining({ status: 200, ok: false, error: 'name_taken' }),
    ]);

    emulator.setFaultPolicy('conversations.invite', ({ index }) => (index === 0 ? { status: 429, retryAfter: 1 } : undefined));
    await expect(client.conversations.invite({ channel: id, users: CAST.aiko.id })).rejects.toMatchObject({ code: 'slack_webapi_rate_limited_error' });
    expect(emulator.channel(id)?.members).toEqual([]);
    emulator.setFaultPolicy('conversations.invite', undefined);
    emulator.injectFault('conversations.archive', { status: 500 });
    await expect(client.conversations.archive({ channel: id })).rejects.toMatchObject({ statusCode: 500 });
    expect(emulator.channel(id)?.archived).toBe(false);
    expect(emulator.callsTo('conversations.invite')).toEqual([expect.objectContaining({ status: 429, error: 'ratelimited', args: expect.objectContaining({ channel: id, users: CAST.aiko.id }) })]);
    expect(emulator.callsTo('conversations.archive')).toEqual([expect.objectContaining({ status: 500, fault: { status: 500 } })]);
  });
});

describe('conversations.create', () => {
  it('validates the name as Slack does', async () => {
    await expect(errorOf(client.conversations.create({ name: '', is_private: true }))).resolves.toBe('invalid_name_required');
    await expect(errorOf(client.conversations.create({ name: '   ', is_private: true }))).resolves.toBe('invalid_name_required');
    await expect(errorOf(client.conversations.create({ is_private: true } as never))).resolves.toBe('invalid_name_required');
    await expect(errorOf(client.conversations.create({ name: 'c'.repeat(81), is_private: true }))).resolves.toBe('invalid_name_maxlength');
    for (const name of ['Circle-Design', 'circle design', 'circle.design', 'circle#1', 'café-circle', '#circle']) {
      await expect(errorOf(client.conversations.create({ name, is_private: true }))).resolves.toBe('invalid_name_specials');
    }
    await expect(errorOf(client.conversations.create({ name: '-_-', is_private: true }))).resolves.toBe('invalid_name_punctuation');
    await expect(client.conversations.create({ name: 'c'.repeat(80), is_private: true })).resolves.toMatchObject({ ok: true });
    await expect(client.conversations.create({ name: 'circle_2026-q1', is_private: true })).resolves.toMatchObject({ ok: true });
  });

  it('refuses a name already taken: by a live, an archived, or an invisible private channel', async () => {
    await circle('circle-data');
    await expect(errorOf(client.conversations.create({ name: 'circle-data', is_private: true }))).resolves.toBe('name_taken');
    await expect(errorOf(client.conversations.create({ name: OLD_CIRCLE.name, is_private: true }))).resolves.toBe('name_taken');
    await expect(errorOf(client.conversations.create({ name: PRIVATE_ELSEWHERE.name, is_private: true }))).resolves.toBe('name_taken');
    await expect(errorOf(client.conversations.create({ name: COORDINATOR_CHANNEL.name }))).resolves.toBe('name_taken');
    const id = await circle('circle-ending');
    await client.conversations.archive({ channel: id });
    await expect(errorOf(client.conversations.create({ name: 'circle-ending', is_private: true }))).resolves.toBe('name_taken');
  });

  it('makes a public channel unless is_private is set', async () => {
    const created = await client.conversations.create({ name: 'mentoring-open' });
    expect(created.channel).toMatchObject({ is_private: false, is_member: true });
    expect(emulator.channel(created.channel?.id as string)).toMatchObject({ isPrivate: false, botIsMember: true, members: [] });
  });
});

describe('conversations.invite', () => {
  it('makes invited people members, who then see and can click the buttons posted there', async () => {
    const id = await circle();
    await client.conversations.invite({ channel: id, users: CAST.aiko.id });
    const button = { type: 'actions', elements: [{ type: 'button', action_id: 'circle_rsvp', text: { type: 'plain_text', text: 'I will come' }, value: 'yes' }] };
    await client.chat.postMessage({ channel: id, text: 'First meeting on Tuesday', blocks: [button] as never });

    const clicks: string[] = [];
    const app: Server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        const payload = JSON.parse(new URLSearchParams(body).get('payload') ?? '{}') as { user: { id: string }; channel: { id: string } };
        clicks.push(`${payload.user.id} in ${payload.channel.id}`);
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));
    try {
      emulator.appUrl = `http://127.0.0.1:${(app.address() as AddressInfo).port}/slack/events`;
      await expect(emulator.user(CAST.aiko.id).click('circle_rsvp')).resolves.toMatchObject({ status: 200 });
      expect(clicks).toEqual([`${CAST.aiko.id} in ${id}`]);
      // Someone outside the private channel sees nothing to click.
      await expect(emulator.user(CAST.emma.id).click('circle_rsvp')).rejects.toThrow('sees no element');
      // Nor does someone removed from it.
      await client.conversations.kick({ channel: id, user: CAST.aiko.id });
      await expect(emulator.user(CAST.aiko.id).click('circle_rsvp')).rejects.toThrow('sees no element');
    } finally {
      app.closeAllConnections();
      await new Promise<void>((resolve) => app.close(() => resolve()));
    }
  });

  it('answers each of Slack’s errors, and invites nobody when one ID is bad', async () => {
    const id = await circle();
    await client.conversations.invite({ channel: id, users: CAST.aiko.id });

    const already = await client.conversations.invite({ channel: id, users: CAST.aiko.id }).catch((e: { data: unknown }) => e.data);
    expect(already).toMatchObject({ ok: false, error: 'already_in_channel' });
    expect((already as { errors: unknown }).errors).toEqual([{ user: CAST.aiko.id, ok: false, error: 'already_in_channel' }]);
    await expect(errorOf(client.conversations.invite({ channel: id, users: BOT }))).resolves.toBe('cant_invite_self');
    await expect(errorOf(client.conversations.invite({ channel: id, users: 'U0NOBODY01' }))).resolves.toBe('user_not_found');
    await expect(errorOf(client.conversations.invite({ channel: id, users: 'U0GONE0001' }))).resolves.toBe('user_not_found');
    await expect(errorOf(client.conversations.invite({ channel: id, users: '' }))).resolves.toBe('no_user');
    const tooMany = Array.from({ length: 1001 }, (_, i) => `U${String(i).padStart(9, '0')}`).join(',');
    await expect(errorOf(client.conversations.invite({ channel: id, users: tooMany }))).resolves.toBe('too_many_users');
    await expect(errorOf(client.conversations.invite({ channel: 'C0NOWHERE1', users: CAST.bruno.id }))).resolves.toBe('channel_not_found');
    await expect(errorOf(client.conversations.invite({ channel: PRIVATE_ELSEWHERE.id, users: CAST.bruno.id }))).resolves.toBe('channel_not_found');
    await expect(errorOf(client.conversations.invite({ channel: PUBLIC_ELSEWHERE.id, users: CAST.bruno.id }))).resolves.toBe('not_in_channel');
    await expect(errorOf(client.conversations.invite({ channel: OLD_CIRCLE.id, users: CAST.bruno.id }))).resolves.toBe('is_archived');
    const dm = (await client.conversations.open({ users: CAST.bruno.id })).channel?.id as string;
    await expect(errorOf(client.conversations.invite({ channel: dm, users: CAST.chloe.id }))).resolves.toBe('method_not_supported_for_channel_type');

    // One bad ID among good ones: the call fails, naming each bad ID, and nobody joins.
    const mixed = await client.conversations.invite({ channel: id, users: `${CAST.bruno.id},U0NOBODY01,${CAST.aiko.id}` }).catch((e: { data: unknown }) => e.data);
    expect(mixed).toMatchObject({
      ok: false,
      error: 'user_not_found',
      errors: [
        { user: 'U0NOBODY01', ok: false, error: 'user_not_found' },
        { user: CAST.aiko.id, ok: false, error: 'already_in_channel' },
      ],
    });
    expect(emulator.channel(id)?.members).toEqual([CAST.aiko.id]);

    // With force, the valid ones are invited and the others reported.
    const forced = await client.conversations.invite({ channel: id, users: `${CAST.bruno.id},U0NOBODY01`, force: true });
    expect(forced).toMatchObject({ ok: true, channel: { id }, errors: [{ user: 'U0NOBODY01', ok: false, error: 'user_not_found' }] });
    expect(emulator.channel(id)?.members).toEqual([CAST.aiko.id, CAST.bruno.id]);
  });
});

describe('conversations.kick', () => {
  it('removes a member, and answers Slack’s errors', async () => {
    const id = await circle();
    await client.conversations.invite({ channel: id, users: `${CAST.aiko.id},${CAST.bruno.id}` });
    await expect(client.conversations.kick({ channel: id, user: CAST.aiko.id })).resolves.toEqual(expect.objectContaining({ ok: true }));
    expect(emulator.channel(id)?.members).toEqual([CAST.bruno.id]);

    await expect(errorOf(client.conversations.kick({ channel: id, user: CAST.aiko.id }))).resolves.toBe('not_in_channel');
    await expect(errorOf(client.conversations.kick({ channel: id, user: BOT }))).resolves.toBe('cant_kick_self');
    await expect(errorOf(client.conversations.kick({ channel: id, user: 'U0NOBODY01' }))).resolves.toBe('user_not_found');
    await expect(errorOf(client.conversations.kick({ channel: 'C0NOWHERE1', user: CAST.bruno.id }))).resolves.toBe('channel_not_found');
    await expect(errorOf(client.conversations.kick({ channel: PRIVATE_ELSEWHERE.id, user: CAST.bruno.id }))).resolves.toBe('channel_not_found');
    await expect(errorOf(client.conversations.kick({ channel: PUBLIC_ELSEWHERE.id, user: CAST.aiko.id }))).resolves.toBe('not_in_channel');
    await expect(errorOf(client.conversations.kick({ channel: OLD_CIRCLE.id, user: CAST.dev.id }))).resolves.toBe('is_archived');
    expect(emulator.channel(OLD_CIRCLE.id)?.members).toEqual([CAST.dev.id]);
  });
});

describe('conversations.setTopic and setPurpose', () => {
  it('take up to 250 characters and answer Slack’s errors', async () => {
    const id = await circle();
    await expect(client.conversations.setTopic({ channel: id, topic: 't'.repeat(250) })).resolves.toMatchObject({ ok: true });
    await expect(client.conversations.setPurpose({ channel: id, purpose: '🌱'.repeat(250) })).resolves.toMatchObject({ ok: true });
    await expect(errorOf(client.conversations.setTopic({ channel: id, topic: 't'.repeat(251) }))).resolves.toBe('too_long');
    await expect(errorOf(client.conversations.setPurpose({ channel: id, purpose: 'p'.repeat(251) }))).resolves.toBe('too_long');
    expect(emulator.channel(id)).toMatchObject({ topic: 't'.repeat(250), purpose: '🌱'.repeat(250) });
    await client.conversations.setTopic({ channel: id, topic: '' });
    expect(emulator.channel(id)?.topic).toBe('');

    for (const set of [
      (channel: string) => client.conversations.setTopic({ channel, topic: 'x' }),
      (channel: string) => client.conversations.setPurpose({ channel, purpose: 'x' }),
    ]) {
      await expect(errorOf(set('C0NOWHERE1'))).resolves.toBe('channel_not_found');
      await expect(errorOf(set(PRIVATE_ELSEWHERE.id))).resolves.toBe('channel_not_found');
      await expect(errorOf(set(PUBLIC_ELSEWHERE.id))).resolves.toBe('not_in_channel');
      await expect(errorOf(set(OLD_CIRCLE.id))).resolves.toBe('is_archived');
    }
  });
});

describe('conversations.archive', () => {
  it('archives once, and answers Slack’s errors', async () => {
    const id = await circle();
    await client.conversations.archive({ channel: id });
    await expect(errorOf(client.conversations.archive({ channel: id }))).resolves.toBe('already_archived');
    await expect(errorOf(client.conversations.archive({ channel: OLD_CIRCLE.id }))).resolves.toBe('already_archived');
    await expect(errorOf(client.conversations.archive({ channel: 'C0NOWHERE1' }))).resolves.toBe('channel_not_found');
    await expect(errorOf(client.conversations.archive({ channel: PRIVATE_ELSEWHERE.id }))).resolves.toBe('channel_not_found');
    await expect(errorOf(client.conversations.archive({ channel: PUBLIC_ELSEWHERE.id }))).resolves.toBe('not_in_channel');
    await expect(errorOf(client.conversations.setTopic({ channel: id, topic: 'late' }))).resolves.toBe('is_archived');
    await expect(errorOf(client.conversations.invite({ channel: id, users: CAST.emma.id }))).resolves.toBe('is_archived');
  });
});

describe('posting in private channels', () => {
  it('needs the bot in the channel: a private one without it does not exist for it, a public one says not_in_channel', async () => {
    await expect(errorOf(client.chat.postMessage({ channel: PRIVATE_ELSEWHERE.id, text: 'hi' }))).resolves.toBe('channel_not_found');
    await expect(errorOf(client.chat.postMessage({ channel: PUBLIC_ELSEWHERE.id, text: 'hi' }))).resolves.toBe('not_in_channel');
    await expect(errorOf(client.chat.postMessage({ channel: OLD_CIRCLE.id, text: 'hi' }))).resolves.toBe('is_archived');
  });
});

describe('conversations.members', () => {
  it('lists the members, the bot included, a page at a time', async () => {
    const id = await circle();
    await client.conversations.invite({ channel: id, users: [CAST.aiko.id, CAST.bruno.id, CAST.chloe.id, CAST.dev.id].join(',') });
    const first = await client.conversations.members({ channel: id, limit: 3 });
    expect(first.members).toEqual([BOT, CAST.aiko.id, CAST.bruno.id]);
    const second = await client.conversations.members({ channel: id, limit: 3, cursor: first.response_metadata?.next_cursor });
    expect(second.members).toEqual([CAST.chloe.id, CAST.dev.id]);
    expect(second.response_metadata?.next_cursor).toBe('');
    expect((await client.conversations.members({ channel: id })).members).toHaveLength(5);
    // A public channel's members are readable without being in it.
    expect((await client.conversations.members({ channel: PUBLIC_ELSEWHERE.id })).members).toEqual([CAST.aiko.id]);

    await expect(errorOf(client.conversations.members({ channel: PRIVATE_ELSEWHERE.id }))).resolves.toBe('channel_not_found');
    await expect(errorOf(client.conversations.members({ channel: id, cursor: 'not-a-cursor' }))).resolves.toBe('invalid_cursor');
    await expect(errorOf(client.conversations.members({ channel: id, limit: -1 }))).resolves.toBe('invalid_limit');
    expect(emulator.callsTo('conversations.members').length).toBe(7);
  });
});
