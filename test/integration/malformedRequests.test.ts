import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type LocalStack, startLocalStack } from '../../demo/stack.js';
import { sign } from '../../emulator/index.js';
import { CAST } from '../../demo/cast.js';
import { createLogger } from '../../src/logger.js';
import { guardSlackRequests } from '../../src/receiverGuard.js';

const FORM = 'application/x-www-form-urlencoded';
const JSON_BODY = 'application/json';

// What Bolt would parse to null, an array or a scalar. `null` used to kill the whole process.
const NOT_OBJECTS: [body: string, contentType: string][] = [
  ['payload=null', FORM],
  ['payload=%5B%5D', FORM],
  ['payload=%22x%22', FORM],
  ['payload=42', FORM],
  ['payload=nope', FORM],
  ['null', JSON_BODY],
  ['[]', JSON_BODY],
  ['"x"', JSON_BODY],
  ['true', JSON_BODY],
  ['', JSON_BODY],
  // Bolt treats any other content type, even a form with a charset, as JSON.
  ['null', `${FORM}; charset=utf-8`],
  ['null', 'text/plain'],
];

const nowSeconds = () => Math.floor(Date.now() / 1000);

/** Collects the warn lines the app logs from now on (the stack logs only errors to the console). */
function warnings(stack: LocalStack): string[] {
  const lines: string[] = [];
  stack.logger.warn = (...msg: unknown[]) => void lines.push(msg.map(String).join(' '));
  return lines;
}

describe('requests the app cannot use, through the real app', () => {
  let stack: LocalStack;
  beforeEach(async () => {
    stack = await startLocalStack();
  });
  afterEach(() => stack.stop());

  it('answers 400 to a validly signed body that is not a JSON object, then keeps serving', async () => {
    const logged = warnings(stack);
    const aiko = stack.emulator.user(CAST.aiko.id);
    // In parallel: before the guard each one hung until the emulator's 3-second ack timeout.
    const deliveries = await Promise.all(NOT_OBJECTS.map(([body, type]) => aiko.send(body, type)));
    await stack.settle();
    expect(deliveries.map((d) => d.status)).toEqual(NOT_OBJECTS.map(() => 400));
    expect(logged.filter((line) => line.includes('refused a request to /slack/events'))).toHaveLength(NOT_OBJECTS.length);
    expect(logged.some((line) => line.includes("the form's payload field is null, not a JSON object"))).toBe(true);
    expect(logged.some((line) => line.includes('the JSON body is an array, not a JSON object'))).toBe(true);
    expect(stack.emulator.calls.filter((c) => c.method !== 'auth.test')).toHaveLength(0);

    expect((await fetch(new URL('/healthz', stack.emulator.appUrl))).status).toBe(200);
    const help = await aiko.slash('/mentor help');
    expect(help.status).toBe(200);
    expect(help.json).toMatchObject({ response_type: 'ephemeral', text: expect.stringContaining('/mentor help') });
  });

  it('answers 401 to a request signed more than five minutes ahead of its clock, and does nothing', async () => {
    const logged = warnings(stack);
    const aiko = stack.emulator.user(CAST.aiko.id);
    const ahead = nowSeconds() + 6 * 60;
    const home = await aiko.openHome({ timestamp: ahead });
    const command = await aiko.slash('/mentor help', { timestamp: ahead });
    await stack.settle();
    expect([home.status, command.status]).toEqual([401, 401]);
    expect(logged.filter((line) => /refused a request to \/slack\/events: x-slack-request-timestamp is \d+ s ahead/.test(line))).toHaveLength(2);
    expect(stack.emulator.callsTo('views.publish')).toHaveLength(0);
    expect(aiko.messages()).toHaveLength(0);

    // A sender whose clock runs a little fast is still served.
    expect((await aiko.slash('/mentor help', { timestamp: nowSeconds() + 2 * 60 })).status).toBe(200);
  });

  it('still refuses stale and forged requests, even when their body is malformed', async () => {
    const aiko = stack.emulator.user(CAST.aiko.id);
    const stale = await aiko.send('payload=null', FORM, { timestamp: nowSeconds() - 6 * 60 });
    const forged = await aiko.send('payload=null', FORM, { signingSecret: 'not-the-real-secret' });
    expect([stale.status, forged.status]).toEqual([401, 401]);
  });

  it('still answers Slack’s unsigned ssl_check', async () => {
    const response = await fetch(stack.emulator.appUrl as string, { method: 'POST', headers: { 'content-type': FORM }, body: 'ssl_check=1&token=t' });
    expect(response.status).toBe(200);
  });

  it('answers 413 to a body over Bolt’s 4 MB limit', async () => {
    const logged = warnings(stack);
    const delivery = await stack.emulator.user(CAST.aiko.id).send(`{"pad":"${'x'.repeat(4 * 1024 * 1024)}"}`, JSON_BODY);
    expect(delivery.status).toBe(413);
    expect(logged.some((line) => line.includes('body is larger than 4194304 bytes'))).toBe(true);
  });
});

describe('the request guard on its own', () => {
  const SECRET = 'guard-secret';
  const NOW_MS = Date.parse('2026-03-02T10:00:00Z');
  const NOW_S = NOW_MS / 1000;
  let server: Server | undefined;
  afterEach(async () => {
    await new Promise((done) => server?.close(done) ?? done(undefined));
    server = undefined;
  });

  /** Serves the guard in front of a listener that answers 200 with the body it was handed. */
  async function guarded(options: { bodyLimit?: number } = {}): Promise<string> {
    const reached: RequestListener = (req, res) => {
      const { rawBody } = req as typeof req & { rawBody?: Buffer };
      res.writeHead(200).end(Buffer.isBuffer(rawBody) ? rawBody : 'no rawBody');
    };
    const logger = createLogger('error');
    server = createServer(guardSlackRequests(reached, { signingSecret: SECRET, endpoints: ['/slack/events'], logger, now: () => NOW_MS, ...options }));
    await new Promise<void>((done) => server?.listen(0, '127.0.0.1', done));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
  }

  const post = async (url: string, timestamp: number, body = '{"type":"event_callback"}', headers: Record<string, string> = {}) => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': JSON_BODY, 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': sign(SECRET, timestamp, body), ...headers },
      body,
    });
    return { status: response.status, body: await response.text() };
  };

  it('accepts timestamps up to five minutes either side of its clock, and refuses one second more', async () => {
    const url = await guarded();
    const statuses = [];
    for (const offset of [-301, -300, 0, 300, 301]) statuses.push((await post(url, NOW_S + offset)).status);
    expect(statuses).toEqual([401, 200, 200, 200, 401]);
  });

  it('hands the buffered body on, so the listener behind it need not read the stream', async () => {
    const url = await guarded();
    expect(await post(url, NOW_S, '{"type":"event_callback","n":1}')).toEqual({ status: 200, body: '{"type":"event_callback","n":1}' });
  });

  it('refuses a missing signature, and a body over the limit whether declared or streamed', async () => {
    const url = await guarded({ bodyLimit: 1024 });
    const unsigned = await fetch(url, { method: 'POST', headers: { 'content-type': JSON_BODY }, body: '{}' });
    expect(unsigned.status).toBe(401);
    expect((await post(url, NOW_S, `{"pad":"${'x'.repeat(2048)}"}`)).status).toBe(413);
    // A stream has no content-length, so the guard has to count as it reads; size is checked before the signature.
    const chunks = ['{"pad":"', 'x'.repeat(2048), '"}'].map((text) => new TextEncoder().encode(text));
    const streamed = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': JSON_BODY, 'x-slack-request-timestamp': String(NOW_S), 'x-slack-signature': 'v0=unchecked' },
      body: new ReadableStream({ pull: (c) => void (chunks.length > 0 ? c.enqueue(chunks.shift() as Uint8Array) : c.close()) }),
      duplex: 'half',
    } as RequestInit);
    expect(streamed.status).toBe(413);
  });

  it('leaves every other route to the listener behind it, unread', async () => {
    const url = await guarded();
    const health = await fetch(new URL('/healthz', url));
    expect(await health.text()).toBe('no rawBody');
  });
});
