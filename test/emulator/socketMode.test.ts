import { once } from 'node:events';
import { WebClient } from '@slack/web-api';
import WebSocket from 'ws';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CAST, castUsers } from '../../demo/cast.js';
import { ACK_TIMEOUT_MS, type Envelope, SlackEmulator } from '../../emulator/index.js';

/*
 * Slack's side of Socket Mode, spoken to with a bare WebSocket client so
 * every frame is visible: apps.connections.open, hello, envelopes, acks,
 * disconnect. The app's real Socket Mode client is driven in
 * test/integration/socketMode.test.ts.
 */

const botToken = 'xoxb-test-token';
const appToken = 'xapp-1-A0APP00001-test-token';
const signingSecret = 'test-signing-secret';
let emulator: SlackEmulator;
let sockets: WebSocket[];

beforeEach(async () => {
  emulator = await new SlackEmulator({ botToken, signingSecret, appToken, users: castUsers }).start();
  sockets = [];
});
afterEach(async () => {
  vi.useRealTimers();
  for (const socket of sockets) socket.terminate();
  await emulator.stop();
});

const clientWith = (token: string) => new WebClient(token, { slackApiUrl: emulator.apiUrl, retryConfig: { retries: 0 } });

type Frame = Record<string, unknown>;

/** A bare Socket Mode connection: the frames Slack sent, in order, and a way to answer. */
async function connect(url?: string) {
  const socket = new WebSocket(url ?? (await openUrl()));
  sockets.push(socket);
  const frames: Frame[] = [];
  const waiting: ((frame: Frame) => void)[] = [];
  socket.on('message', (data) => {
    const frame = JSON.parse(String(data)) as Frame;
    const waiter = waiting.shift();
    if (waiter) waiter(frame);
    else frames.push(frame);
  });
  await once(socket, 'open');
  return {
    socket,
    next: () => (frames.length > 0 ? Promise.resolve(frames.shift() as Frame) : new Promise<Frame>((resolve) => waiting.push(resolve))),
    ack: (envelopeId: unknown, payload?: Frame) => socket.send(JSON.stringify({ envelope_id: envelopeId, ...(payload ? { payload } : {}) })),
  };
}

async function openUrl(): Promise<string> {
  const { url } = await clientWith(appToken).apps.connections.open({});
  return url as string;
}

/** Connects and reads the hello, so the next frame is the first envelope. */
async function connected() {
  const connection = await connect();
  expect(await connection.next()).toMatchObject({ type: 'hello' });
  return connection;
}

async function openModal(userId: string) {
  await clientWith(botToken).views.open({
    trigger_id: emulator.workspace.issueTrigger(userId),
    view: {
      type: 'modal',
      callback_id: 'goal_form',
      title: { type: 'plain_text', text: 'Your goal' },
      submit: { type: 'plain_text', text: 'Save' },
      blocks: [{ type: 'input', block_id: 'goal', label: { type: 'plain_text', text: 'Goal' }, element: { type: 'plain_text_input', action_id: 'goal' } }],
    },
  });
}

describe('apps.connections.open', () => {
  it('gives the app-level token a one-time WebSocket URL, and refuses every other token', async () => {
    expect(await openUrl()).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/link\/\?ticket=[0-9a-f-]{36}&app_id=A0APP00001$/);
    await expect(clientWith(botToken).apps.connections.open({})).rejects.toMatchObject({ data: { ok: false, error: 'not_allowed_token_type' } });
    await expect(clientWith('xapp-1-A0APP00001-not-this-one').apps.connections.open({})).rejects.toMatchObject({ data: { ok: false, error: 'invalid_auth' } });
    // An app-level token opens connections and calls nothing else.
    await expect(clientWith(appToken).chat.postMessage({ channel: CAST.aiko.id, text: 'hi' })).rejects.toMatchObject({ data: { error: 'not_allowed_token_type' } });
    expect(emulator.callsTo('apps.connections.open').map((c) => c.error ?? 'ok')).toEqual(['ok', 'not_allowed_token_type', 'invalid_auth']);
  });

  it('knows no app token when Socket Mode is off', async () => {
    const httpOnly = await new SlackEmulator({ botToken, signingSecret, users: castUsers }).start();
    try {
      const client = new WebClient(appToken, { slackApiUrl: httpOnly.apiUrl, retryConfig: { retries: 0 } });
      await expect(client.apps.connections.open({})).rejects.toMatchObject({ data: { error: 'invalid_auth' } });
    } finally {
      await httpOnly.stop();
    }
  });
});

describe('a Socket Mode connection', () => {
  it('is greeted with hello, and its URL admits one connection only', async () => {
    const url = await openUrl();
    const first = await connect(url);
    expect(await first.next()).toEqual({
      type: 'hello',
      num_connections: 1,
      debug_info: expect.objectContaining({ host: expect.any(String) }),
      connection_info: { app_id: 'A0APP00001' },
    });
    const again = new WebSocket(url);
    sockets.push(again);
    const [error] = (await once(again, 'error')) as [Error];
    expect(error.message).toContain('401');
    const second = await connect();
    expect(await second.next()).toMatchObject({ type: 'hello', num_connections: 2 });
    expect(emulator.socketMode.openConnections).toBe(2);
  });

  it('carries a slash command as an envelope, and what the ack returns is what the person sees', async () => {
    const app = await connected();
    const aiko = emulator.user(CAST.aiko.id);
    const delivery = aiko.slash('/mentor help');
    const envelope = (await app.next()) as unknown as Envelope;
    expect(envelope).toMatchObject({
      envelope_id: expect.any(String),
      type: 'slash_commands',
      accepts_response_payload: true,
      payload: { command: '/mentor', text: 'help', user_id: CAST.aiko.id, trigger_id: expect.any(String), response_url: expect.stringContaining('/response/') },
    });
    app.ack(envelope.envelope_id, { response_type: 'ephemeral', text: 'Here is what I can do' });
    expect(await delivery).toEqual({ status: 200, body: expect.any(String), json: { response_type: 'ephemeral', text: 'Here is what I can do' } });
    expect(aiko.lastMessage()).toMatchObject({ text: 'Here is what I can do', visibleTo: CAST.aiko.id });
    expect(emulator.socketMode.acks).toEqual([expect.objectContaining({ envelopeId: envelope.envelope_id, accepted: true })]);
  });

  it('keeps a modal open with the errors of a response_action: errors ack, and closes it on an empty ack', async () => {
    const app = await connected();
    const chloe = emulator.user(CAST.chloe.id);
    await openModal(CAST.chloe.id);
    const refused = chloe.submit({ goal: { goal: 'x' } });
    const envelope = await app.next();
    expect(envelope).toMatchObject({
      type: 'interactive',
      accepts_response_payload: true,
      payload: { type: 'view_submission', view: { callback_id: 'goal_form', state: { values: { goal: { goal: { type: 'plain_text_input', value: 'x' } } } } } },
    });
    app.ack(envelope.envelope_id, { response_action: 'errors', errors: { goal: 'Say a little more.' } });
    expect((await refused).errors).toEqual({ goal: 'Say a little more.' });
    expect(chloe.modal()?.view.callback_id).toBe('goal_form');

    const accepted = chloe.submit({ goal: { goal: 'Run a design review' } });
    app.ack((await app.next()).envelope_id);
    expect(await accepted).toEqual({ status: 200, body: '' });
    expect(chloe.modal()).toBeUndefined();
  });

  it("ignores the payload of a button's ack, and numbers an event's delivery attempt", async () => {
    const app = await connected();
    const dev = emulator.user(CAST.dev.id);
    await clientWith(botToken).chat.postMessage({
      channel: CAST.dev.id,
      text: 'Ready?',
      blocks: [{ type: 'actions', block_id: 'go', elements: [{ type: 'button', action_id: 'go', value: '1', text: { type: 'plain_text', text: 'Go' } }] }],
    });
    const click = dev.click('go');
    const action = await app.next();
    expect(action).toMatchObject({ type: 'interactive', accepts_response_payload: false, payload: { type: 'block_actions', actions: [{ action_id: 'go', value: '1' }] } });
    app.ack(action.envelope_id, { text: 'Slack does not read this' });
    expect(await click).toEqual({ status: 200, body: '' });

    const home = dev.openHome();
    const event = await app.next();
    expect(event).toMatchObject({
      type: 'events_api',
      accepts_response_payload: false,
      retry_attempt: 0,
      retry_reason: '',
      payload: { type: 'event_callback', api_app_id: 'A0APP00001', event: { type: 'app_home_opened', user: CAST.dev.id, tab: 'home' } },
    });
    app.ack(event.envelope_id);
    expect((await home).status).toBe(200);
  });

  it('counts an envelope not acked within three seconds as failed, and a late ack changes nothing', async () => {
    const app = await connected();
    const emma = emulator.user(CAST.emma.id);
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    let answered = false;
    const delivery = emma.slash('/mentor help').finally(() => {
      answered = true;
    });
    const envelope = await app.next();
    vi.advanceTimersByTime(ACK_TIMEOUT_MS - 1);
    await Promise.resolve();
    expect(answered).toBe(false);
    vi.advanceTimersByTime(1);
    expect(await delivery).toEqual({ status: 0, body: 'operation_timeout' });
    vi.useRealTimers();

    app.ack(envelope.envelope_id, { text: 'Sorry, I was busy' });
    await vi.waitFor(() => expect(emulator.socketMode.acks).toEqual([expect.objectContaining({ envelopeId: envelope.envelope_id, accepted: false })]));
    expect(emma.messages()).toEqual([]);
  });

  it('fails a delivery at once when the app has no connection open, and sends no raw HTTP', async () => {
    const aiko = emulator.user(CAST.aiko.id);
    expect(await aiko.slash('/mentor help')).toEqual({ status: 0, body: 'dispatch_failed' });
    await expect(aiko.send('{}', 'application/json')).rejects.toThrow(/Socket Mode/);
  });

  it('asks for a refresh with disconnect, and delivers on the connection that replaces it', async () => {
    const old = await connected();
    emulator.socketMode.disconnectAll('refresh_requested');
    expect(await old.next()).toEqual({ type: 'disconnect', reason: 'refresh_requested', debug_info: { host: expect.any(String) } });
    expect(emulator.socketMode.openConnections).toBe(0);
    const replacement = await connected();
    const delivery = emulator.user(CAST.bruno.id).slash('/mentor help');
    const envelope = await replacement.next();
    expect(envelope).toMatchObject({ type: 'slash_commands', payload: { user_id: CAST.bruno.id } });
    replacement.ack(envelope.envelope_id);
    expect(await delivery).toEqual({ status: 200, body: '' });
  });

  it('closes every connection when it stops, and answers what was still waiting', async () => {
    const app = await connected();
    const waiting = emulator.user(CAST.grace.id).slash('/mentor help');
    await app.next();
    const closed = once(app.socket, 'close');
    await emulator.stop();
    const [code] = (await closed) as [number];
    expect(code).toBe(1001);
    expect(await waiting).toEqual({ status: 0, body: 'operation_timeout' });
  });
});
