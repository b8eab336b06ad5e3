import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Logger, LogLevel } from '@slack/logger';
import { WebClient } from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type LocalStack, startLocalStack } from '../../demo/stack.js';
import { CAST, COORDINATOR_CHANNEL } from '../../demo/cast.js';
import type { Fault } from '../../emulator/index.js';
import { seededRandom } from '../../src/domain/random.js';
import { openDatabase } from '../../src/db/client.js';
import { people } from '../../src/db/schema.js';
import { eraseTracesOf } from '../../src/outbox/erase.js';
import { CLAIM_LEASE_MS, type DrainDeps, drainOutbox, enqueue } from '../../src/outbox/outbox.js';
import { onCleanup } from '../support/processes.js';
import { at, HOUR, MINUTE } from '../support/virtualTime.js';
import { rawSql } from '../support/rawSql.js';
import { addTrigger } from '../support/triggers.js';

/*
 * Issue 9, section 4: delivery that survives Slack's failures, against the
 * emulator with the real @slack/web-api client. Time is virtual: the outbox
 * job runs once per virtual minute (`tick`), Slack's clock (message ts,
 * Retry-After windows) is `slackNow`, and the outbox's waits move it on
 * instead of sleeping.
 */

// Monday 2026-11-30, 09:30 UTC: working hours in Paris (10:30) and Kolkata (15:00).
const NOW = new Date('2026-11-30T09:30:00Z');
const CHANNEL = COORDINATOR_CHANNEL.id;
const CHLOE = CAST.chloe.id;
const DEV = CAST.dev.id;
const GRACE = CAST.grace.id; // COORDINATOR_USER_IDS in the local stack
/** A DM's conversation ID in the emulator. */
const dm = (userId: string) => `D${userId.slice(1)}`;
/** Whether a chat.postMessage goes to this person's DM (by its ID, or by theirs, which Slack also accepts). */
const toDmOf = (userId: string, args: Record<string, unknown>) => args.channel === dm(userId) || args.channel === userId;

let stack: LocalStack;
let slackNow: number;
let log: { errors: string[]; warnings: string[]; logger: Logger };

beforeEach(async () => {
  slackNow = NOW.getTime();
  stack = await startLocalStack({ clock: () => NOW, emulatorNow: () => slackNow });
  log = captureLogger();
  await member(CHLOE, 'Europe/Paris');
  await member(DEV, 'Asia/Kolkata');
});
afterEach(() => stack.stop());

function captureLogger(): { errors: string[]; warnings: string[]; logger: Logger } {
  const errors: string[] = [];
  const warnings: string[] = [];
  const text = (args: unknown[]) => args.map((a) => (a instanceof Error ? a.message : String(a))).join(' ');
  const logger: Logger = {
    debug: () => {},
    info: () => {},
    warn: (...args: unknown[]) => void warnings.push(text(args)),
    error: (...args: unknown[]) => void errors.push(text(args)),
    setLevel: () => {},
    getLevel: () => LogLevel.DEBUG,
    setName: () => {},
  };
  return { errors, warnings, logger };
}

/** A member of the program (as intake leaves them, for the outbox's purposes), known to Slack too. */
async function member(id: string, timeZone: string): Promise<void> {
  if (!stack.emulator.workspace.users.has(id)) stack.emulator.addUser({ id, name: id.toLowerCase(), realName: `Person ${id}`, tz: timeZone });
  await stack.database.db.insert(people).values({ id, displayName: id, timeZone, status: 'active', joinedAt: NOW }).onConflictDoNothing();
}

/** Deterministic jitter. */
const seeded = (seed = 42): (() => number) => seededRandom(seed);

/** Waiting (pacing, Retry-After) moves Slack's clock on instead of sleeping. */
const virtualSleep = async (ms: number) => {
  slackNow += ms;
};

function deps(overrides: Partial<DrainDeps> = {}): DrainDeps {
  return {
    db: stack.database.db,
    client: stack.mentoring.app.client,
    logger: log.logger,
    coordinators: stack.config.coordinatorUserIds,
    coordinatorChannelId: stack.config.coordinatorChannelId,
    sleep: virtualSleep,
    random: seeded(),
    // Below the outbox's 10 s, so a test never waits long on a hung call; the timeout test sets a shorter one.
    timeoutMs: 2_000,
    ...overrides,
  };
}

/** One run of the outbox job at virtual time `now`. */
function tick(now: Date, overrides: Partial<DrainDeps> = {}) {
  slackNow = Math.max(slackNow, now.getTime());
  return drainOutbox(deps(overrides), now);
}

const keyOf = (m: { metadata?: Record<string, unknown> }) => (m.metadata as { event_payload?: { key?: string } } | undefined)?.event_payload?.key;
/** Copies of a message in Slack, by its key. */
const copiesOf = (key: string) => stack.emulator.workspace.messages.filter((m) => keyOf(m) === key).length;
/** Keys of the bot's messages in a conversation, in the order Slack stored them. */
const keysIn = (channel: string, prefix = '') =>
  stack.emulator.workspace.messages
    .filter((m) => m.channel === channel)
    .map(keyOf)
    .filter((k): k is string => k !== undefined && k.startsWith(prefix));
const sql = () => rawSql(stack.database);
const statusOf = async (key: string) => (await sql().get<{ status: string }>('select status from outbox where idempotency_key = ?', key))?.status;
const rowOf = async (key: string) => (await sql().get<Record<string, unknown>>('select * from outbox where idempotency_key = ?', key)) as Record<string, unknown>;
const countWhere = async (where: string, ...params: unknown[]) => (await sql().get<{ n: number }>(`select count(*) as n from outbox where ${where}`, ...params))!.n;
const statuses = async (prefix: string) =>
  Object.fromEntries((await sql().all<{ status: string; n: number }>('select status, count(*) as n from outbox where idempotency_key like ? group by status', `${prefix}%`)).map((r) => [r.status, r.n]));
const postsWith = (status: number) => stack.emulator.callsTo('chat.postMessage').filter((c) => c.status === status).length;

/**
 * A client whose calls reach the emulator through a pass-through that holds Slack's answer to `method` until
 * `hold()` resolves: Slack has done the work and is about to answer. (The emulator runs its 'call' listeners as it
 * records a call and does not wait for what they start.)
 */
async function holdingAnswers(method: string, hold: () => Promise<unknown>): Promise<WebClient> {
  const emulator = new URL(stack.emulator.apiUrl);
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      void (async () => {
        const headers: Record<string, string> = {};
        for (const name of ['content-type', 'authorization']) if (typeof req.headers[name] === 'string') headers[name] = req.headers[name];
        const answer = await fetch(new URL(req.url ?? '/', emulator.origin), { method: req.method, headers, body: Buffer.concat(chunks) });
        const body = Buffer.from(await answer.arrayBuffer());
        if (req.url?.endsWith(`/${method}`)) await hold();
        const kept = Object.fromEntries([...answer.headers].filter(([name]) => !['content-length', 'content-encoding', 'transfer-encoding', 'connection'].includes(name)));
        res.writeHead(answer.status, kept).end(body);
      })().catch((error: unknown) => res.destroy(error instanceof Error ? error : new Error(String(error))));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  onCleanup(() => new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  }));
  const { port } = server.address() as AddressInfo;
  return new WebClient(stack.config.botToken, { slackApiUrl: `http://127.0.0.1:${port}${emulator.pathname}` });
}

/** Resolves once, when the test says so. */
function gate(): { wait: Promise<void>; open: () => void } {
  let open = () => {};
  const wait = new Promise<void>((resolve) => (open = resolve));
  return { wait, open };
}

/** A drain's sleep that holds a long wait (Retry-After) until the test releases it; `reached` resolves when it starts waiting. */
function heldSleep(atLeastMs: number) {
  const release = gate();
  const reached = gate();
  const sleep = async (ms: number) => {
    if (ms >= atLeastMs) {
      reached.open();
      await release.wait;
    }
    slackNow += ms;
  };
  return { sleep, reached: reached.wait, release: release.open };
}

describe('an outage loses nothing', () => {
  it('sends every message queued during 40 minutes of 503s exactly once after Slack recovers, in order per conversation', async () => {
    const conversations = [
      { recipient: CHLOE, channel: dm(CHLOE) },
      { recipient: DEV, channel: dm(DEV) },
      { recipient: CHANNEL, channel: CHANNEL },
    ];
    const keys = new Map(conversations.map((c) => [c.channel, [] as string[]]));
    for (let i = 1; i <= 4; i += 1) {
      for (const c of conversations) {
        const key = `outage-${c.recipient}-${i}`;
        await enqueue(stack.database.db, { key, recipient: c.recipient, text: `outage note ${i}`, notBefore: NOW });
        keys.get(c.channel)?.push(key);
      }
    }
    stack.emulator.setFaultPolicy('chat.postMessage', () => ({ status: 503 }));
    let recoveredAt: Date | undefined;
    let minute = 0;
    for (; minute <= 180; minute += 1) {
      const now = at(NOW, minute * MINUTE);
      if (!recoveredAt && now.getTime() - NOW.getTime() > 40 * MINUTE) {
        stack.emulator.setFaultPolicy('chat.postMessage', undefined);
        recoveredAt = now;
        // Nothing went out during the outage, and nothing was given up.
        expect(keysIn(dm(CHLOE)).length + keysIn(dm(DEV)).length + keysIn(CHANNEL).length).toBe(0);
        expect(await statuses('outage-')).toEqual({ pending: 12 });
      }
      await tick(now);
      if (recoveredAt && (await countWhere("status in ('pending', 'sending')")) === 0) break;
    }
    const attempts = (await sql().get<{ most: number; total: number }>("select max(attempts) as most, sum(attempts) as total from outbox where idempotency_key like 'outage-%'"))!;
    // The figures. Old outbox (HEAD~2: retries 1, 2, … 7 minutes apart, 8 attempts, each retried twice more by its client):
    // 288 posts refused, all 12 messages `failed` at minute 28, none sent. This one (seeded jitter): 21 posts refused
    // (each conversation's first message tried 7 times during the outage, nothing newer tried behind it), all 12 sent
    // at minutes 51-53, each once, in order.
    expect({
      statuses: await statuses('outage-'),
      refusedWith503: postsWith(503) > 0,
      copies: [...keys.values()].flat().map(copiesOf),
      order: [...keys.keys()].map((channel) => keysIn(channel, 'outage-')),
      sentAfterRecovery: await countWhere("idempotency_key like 'outage-%' and sent_at >= ?", recoveredAt?.getTime() ?? 0),
      givenUp: log.errors.length,
    }).toEqual({
      statuses: { sent: 12 },
      refusedWith503: true,
      copies: Array(12).fill(1),
      order: [...keys.values()],
      sentAfterRecovery: 12,
      givenUp: 0,
    });
    // Backoff, not hammering: a conversation's first message was tried a handful of times in 40 minutes, the others only once Slack was back.
    expect(attempts.most).toBeGreaterThan(3);
    expect(attempts.most).toBeLessThan(12);
    expect(postsWith(503)).toBeLessThan(40);
    // Everything was out within the backoff cap (30 minutes) of recovery.
    expect(minute).toBeLessThanOrEqual(40 + 31);
  });
});

describe('the delivery horizon', () => {
  it('retries for 24 hours from the first failure, through the night, then gives up: failed, an error line, a note to the coordinator without the content', async () => {
    await enqueue(stack.database.db, { key: 'horizon-dm', recipient: CHLOE, text: 'private words about your goals', notBefore: NOW });
    // Only Chloé's DM is down; the coordinator's notes get through.
    stack.emulator.setFaultPolicy('chat.postMessage', ({ args }) => (toDmOf(CHLOE, args) ? { status: 503 } : undefined));
    let gaveUpAt: Date | undefined;
    for (let minute = 0; minute <= 26 * 60 && !gaveUpAt; minute += 1) {
      const now = at(NOW, minute * MINUTE);
      const result = await tick(now);
      if (result.gaveUp > 0) gaveUpAt = now;
      if (minute === 24 * 60 - 1) expect(await statusOf('horizon-dm'), 'still retried a minute before the horizon').toBe('pending');
    }
    expect(gaveUpAt, 'given up in the end').toBeDefined();
    const at_ = gaveUpAt as Date;
    // Not before 24 hours from the first failure (at NOW), and soon after it (the backoff is capped at 30 minutes).
    expect(at_.getTime() - NOW.getTime()).toBeGreaterThanOrEqual(24 * HOUR);
    expect(at_.getTime() - NOW.getTime()).toBeLessThanOrEqual(24 * HOUR + 31 * MINUTE);
    expect(await rowOf('horizon-dm')).toMatchObject({ status: 'failed', last_error: 'HTTP 503' });
    // Outside Chloé's working hours (16:00–08:00 UTC) nothing was tried: the horizon counts the night too.
    const tries = stack.emulator.callsTo('chat.postMessage').filter((c) => toDmOf(CHLOE, c.args)).map((c) => new Date(c.at).getUTCHours());
    expect(tries.length).toBeGreaterThan(8);
    expect(tries.filter((h) => h >= 16 || h < 8)).toEqual([]);
    expect(log.errors).toEqual([expect.stringMatching(/gave up on horizon-dm to U0CHLOE001 after \d+ attempts: HTTP 503/)]);

    await tick(at(at_, MINUTE));
    const notes = stack.emulator.messagesFor(GRACE);
    expect(notes).toHaveLength(1);
    expect(notes[0]?.text).toContain(`<@${CHLOE}>`);
    expect(notes[0]?.text).toContain('HTTP 503');
    expect(notes[0]?.text).not.toContain('private words');
    expect(stack.emulator.messagesFor(CHLOE)).toEqual([]);
  });

  it('gives up at once on a permanent error, with the same reporting, and never reports a note that could not be delivered', async () => {
    await enqueue(stack.database.db, { key: 'gone-channel', recipient: 'C0MISSING1', text: 'the secret shortlist', notBefore: NOW });
    // A second coordinator Slack no longer knows: the note to them fails for good too.
    const coordinators = [GRACE, 'U0GHOST001'];
    const first = await tick(NOW, { coordinators });
    expect(await rowOf('gone-channel')).toMatchObject({ status: 'failed', last_error: 'channel_not_found', attempts: 1 });
    expect(stack.emulator.callsTo('chat.postMessage')).toHaveLength(1);
    expect(log.errors).toEqual([expect.stringMatching(/gave up on gone-channel to C0MISSING1 after 1 attempts: channel_not_found/)]);
    expect(first).toMatchObject({ gaveUp: 1, sent: 0 });

    for (let minute = 1; minute <= 5; minute += 1) await tick(at(NOW, minute * MINUTE), { coordinators });
    const notes = stack.emulator.messagesFor(GRACE);
    expect(notes).toHaveLength(1);
    expect(notes[0]?.text).toContain('<#C0MISSING1>');
    expect(notes[0]?.text).toContain('channel_not_found');
    expect(notes[0]?.text).not.toContain('secret shortlist');
    // The ghost's note was given up (user_not_found) and logged, and nobody was told about it: no note about a note.
    expect(await countWhere("idempotency_key like 'outbox:gave-up:%'")).toBe(2);
    expect(await countWhere("idempotency_key like 'outbox:gave-up:%' and status = 'failed' and last_error = 'user_not_found'")).toBe(1);
    expect(log.errors).toEqual([
      expect.stringMatching(/gave up on gone-channel to C0MISSING1 after 1 attempts: channel_not_found/),
      expect.stringMatching(/gave up on outbox:gave-up:\d+:U0GHOST001 to U0GHOST001 after 1 attempts: user_not_found/),
    ]);
    expect(await countWhere("status in ('pending', 'sending')")).toBe(0);
  });
});

describe('an ambiguous failure is never sent twice', () => {
  /** Queues `total` messages over `people` DMs and the channel, drains every minute until nothing is pending; copies per key. */
  async function sendThrough(fault: Fault, total: number, peopleCount: number, overrides: Partial<DrainDeps> = {}) {
    const recipients = [CHANNEL, ...Array.from({ length: peopleCount }, (_, i) => `U0P${String(i).padStart(7, '0')}`)];
    for (const id of recipients.slice(1)) await member(id, 'Europe/Paris');
    await stack.database.db.transaction(async (tx) => {
      for (let i = 0; i < total; i += 1) await enqueue(tx, { key: `amb-${i}`, recipient: recipients[i % recipients.length] as string, text: `note ${i}`, notBefore: NOW });
    });
    stack.emulator.setFaultPolicy('chat.postMessage', ({ index }) => (index % 10 === 9 ? fault : undefined));
    let minute = 0;
    for (; (await countWhere("status in ('pending', 'sending')")) > 0 && minute <= 120; minute += 1) await tick(at(NOW, minute * MINUTE), overrides);
    const counts = Array.from({ length: total }, (_, i) => copiesOf(`amb-${i}`));
    const committedButLost = stack.emulator.callsTo('chat.postMessage').filter((c) => c.committed === true).length;
    const inOrder = recipients.every((r, n) => {
      const expected = Array.from({ length: total }, (_, i) => i).filter((i) => i % recipients.length === n).map((i) => `amb-${i}`);
      return JSON.stringify(keysIn(r === CHANNEL ? CHANNEL : dm(r), 'amb-')) === JSON.stringify(expected);
    });
    return {
      minutes: minute,
      committedButLost,
      summary: {
        once: counts.filter((n) => n === 1).length,
        lost: counts.filter((n) => n === 0).length,
        duplicated: counts.filter((n) => n > 1).length,
        statuses: await statuses('amb-'),
        inOrder,
      },
    };
  }

  it('600 messages while one post in 10 is stored and answered 502: each arrives once, none lost', async () => {
    const run = await sendThrough({ status: 502, afterCommit: true }, 600, 36);
    expect(run.summary).toEqual({ once: 600, lost: 0, duplicated: 0, statuses: { sent: 600 }, inOrder: true });
    // Every one of those lost answers was resolved by looking the message up, not by posting again.
    expect(run.committedButLost).toBeGreaterThanOrEqual(60);
    expect(stack.emulator.callsTo('conversations.history').length).toBeGreaterThanOrEqual(run.committedButLost);
  });

  it('the same when a stored post is answered ok: false with internal_error, which Slack says may follow partial work', async () => {
    const run = await sendThrough({ status: 200, error: 'internal_error', afterCommit: true }, 40, 6);
    expect(run.summary).toEqual({ once: 40, lost: 0, duplicated: 0, statuses: { sent: 40 }, inOrder: true });
    expect(run.committedButLost).toBeGreaterThanOrEqual(4);
  });

  it('the same when the answer to a stored post never comes (a timeout after commit)', async () => {
    // The client waits 200 ms (loopback answers in a few), the emulator holds the answer for a minute.
    const run = await sendThrough({ status: 'timeout', ms: 60_000, afterCommit: true }, 50, 8, { timeoutMs: 200 });
    expect(run.summary).toEqual({ once: 50, lost: 0, duplicated: 0, statuses: { sent: 50 }, inOrder: true });
    expect(run.committedButLost).toBeGreaterThanOrEqual(5);
    // The client gave up on each hung call (its own timeout) rather than waiting out the hang.
    expect(stack.emulator.callsTo('chat.postMessage').filter((c) => c.fault?.status === 'timeout' && c.clientGone !== true)).toEqual([]);
  });
});

/** A first drain holding race-1 while it waits out a long Retry-After, and a second connection to the same file. */
async function raceUnderRetryAfter() {
  await enqueue(stack.database.db, { key: 'race-1', recipient: CHLOE, text: 'race note', notBefore: NOW });
  const other = await openDatabase(stack.config);
  onCleanup(() => other.close());
  stack.emulator.injectFault('chat.postMessage', { status: 429, retryAfter: 600 });
  const held = heldSleep(600_000);
  const first = tick(NOW, { sleep: held.sleep });
  return { other, held, first };
}

describe('two drainers never both send', () => {
  it('renews its claim right before posting when opening the conversation took long, and posts nothing once another replica holds it', async () => {
    await enqueue(stack.database.db, { key: 'slow-open', recipient: CHLOE, text: 'slow note', notBefore: NOW, workingHoursOnly: false });
    let skew = 0;
    // While the DM opens, this drain's real clock runs past its lease and another replica takes the row over. The
    // takeover is written as this drain's claim lands (a trigger): the emulator does not wait for its listeners, so
    // a listener's write could land after the drain had moved on.
    const takeOver = (call: { method: string }) => {
      if (call.method === 'conversations.open') skew += CLAIM_LEASE_MS + 1_000;
    };
    stack.emulator.on('call', takeOver);
    onCleanup(() => void stack.emulator.off('call', takeOver));
    const dropTrigger = await addTrigger(stack.database, {
      name: 'take_over',
      table: 'outbox',
      on: 'after update of status',
      when: "new.idempotency_key = 'slow-open' and new.status = 'sending' and new.lease_token <> 'the-other-replica'",
      then: `update outbox set lease_token = 'the-other-replica', lease_until = ${Date.now() + 2 * CLAIM_LEASE_MS + 1_000} where idempotency_key = 'slow-open'`,
    });
    const result = await tick(NOW, { realNow: () => Date.now() + skew });
    await dropTrigger();
    expect(result).toMatchObject({ sent: 0, failed: 0 });
    expect(copiesOf('slow-open')).toBe(0);
    expect(await rowOf('slow-open')).toMatchObject({ status: 'sending', lease_token: 'the-other-replica' });
  });

  it('takes back a message whose subject erased their data while it was being posted', async () => {
    await enqueue(stack.database.db, { key: 'about-dev', recipient: CHLOE, text: `note about <@${DEV}>`, notBefore: NOW, workingHoursOnly: false });
    // Slack has stored the post and is about to answer when Dev's erasure commits (another replica, or a listener).
    // The emulator does not wait for its listeners: each erasure's outcome is kept, to be awaited and checked, and
    // Slack's answer is held until it has committed.
    const erasures: Promise<unknown>[] = [];
    const erase = (call: { method: string; args: Record<string, unknown> }) => {
      if (call.method !== 'chat.postMessage' || !toDmOf(CHLOE, call.args)) return;
      erasures.push(stack.database.db.transaction(async (tx) => eraseTracesOf(tx, DEV, NOW)).then(() => 'erased', (error: unknown) => error));
    };
    stack.emulator.on('call', erase);
    onCleanup(() => void stack.emulator.off('call', erase));
    await tick(NOW, { client: await holdingAnswers('chat.postMessage', () => Promise.all(erasures)) });
    stack.emulator.off('call', erase);
    expect(await Promise.all(erasures)).toEqual(['erased']);
    await tick(NOW);
    const posted = stack.emulator.workspace.messages.filter((m) => m.text === `note about <@${DEV}>`);
    expect(posted).toHaveLength(1);
    expect(posted[0]?.deleted).toBe(true);
  });

  it('claims nothing from a stale read: a row another replica tried and put back to back off keeps its wait', async () => {
    await enqueue(stack.database.db, { key: 'first', recipient: CHLOE, text: 'first note', notBefore: NOW, workingHoursOnly: false });
    await enqueue(stack.database.db, { key: 'second', recipient: DEV, text: 'second note', notBefore: NOW, workingHoursOnly: false });
    const backOff = at(NOW, 30 * MINUTE).getTime();
    // While this drain posts the first, the other replica tries the second, fails, and puts it back to wait: written
    // as this drain records the first sent (a trigger, not an emulator listener, whose writes nothing waits for).
    const dropTrigger = await addTrigger(stack.database, {
      name: 'other_replica_fails',
      table: 'outbox',
      on: 'after update of status',
      when: "new.idempotency_key = 'first' and new.status = 'sent'",
      then: `update outbox set attempts = attempts + 1, failing_since = ${NOW.getTime()}, not_before = ${backOff}, last_error = 'HTTP 500', uncertain = true where idempotency_key = 'second'`,
    });
    const result = await tick(NOW);
    await dropTrigger();
    expect(result).toMatchObject({ sent: 1 });
    expect(copiesOf('second')).toBe(0);
    expect(await rowOf('second')).toMatchObject({ status: 'pending', attempts: 1, not_before: backOff, failing_since: NOW.getTime(), uncertain: 1 });
  });

  it('a second drain on another connection, three virtual minutes later, leaves a live claim alone; one copy in the end', async () => {
    const { other, held, first } = await raceUnderRetryAfter();
    await held.reached; // the first drain holds race-1 and waits out Retry-After
    expect(await statusOf('race-1')).toBe('sending');

    // Something else for the second drain to send, so it is not merely idle: it waits out Slack's limit and posts.
    await enqueue(other.db, { key: 'race-dev', recipient: DEV, text: 'other note', notBefore: NOW });
    const second = await tick(at(NOW, 3 * MINUTE), { db: other.db });
    expect(second).toMatchObject({ sent: 1, recovered: 0 });
    expect(copiesOf('race-dev')).toBe(1);
    expect(copiesOf('race-1')).toBe(0);
    expect(await statusOf('race-1')).toBe('sending');

    held.release();
    expect(await first).toMatchObject({ sent: 1 });
    expect(copiesOf('race-1')).toBe(1);
    expect(await statusOf('race-1')).toBe('sent');
  });

  it('takes a claim over only once its lease has really expired, and the drain that lost it neither sends nor records', async () => {
    const { other, held, first } = await raceUnderRetryAfter();
    await held.reached;
    const claim = await rowOf('race-1');

    // A day later on the job's clock, but only a minute later in real time: the lease holds.
    const early = await tick(at(NOW, 24 * HOUR), { db: other.db, realNow: () => Date.now() + MINUTE });
    expect(early).toMatchObject({ sent: 0, recovered: 0 });
    expect(await rowOf('race-1')).toMatchObject({ status: 'sending', lease_token: claim.lease_token });

    // Past the lease in real time: taken over, looked up (not there), sent once.
    const late = await tick(at(NOW, 3 * MINUTE), { db: other.db, realNow: () => Date.now() + CLAIM_LEASE_MS + 1_000 });
    expect(late).toMatchObject({ sent: 1, recovered: 1 });
    expect(copiesOf('race-1')).toBe(1);
    const recorded = await rowOf('race-1');
    expect(recorded).toMatchObject({ status: 'sent', lease_token: null });
    const postsBefore = stack.emulator.callsTo('chat.postMessage').length;

    // The first drain wakes up with a stale lease: it sends nothing and overwrites nothing.
    held.release();
    expect(await first).toMatchObject({ sent: 0, failed: 0 });
    expect(stack.emulator.callsTo('chat.postMessage')).toHaveLength(postsBefore);
    expect(copiesOf('race-1')).toBe(1);
    expect(await rowOf('race-1')).toEqual(recorded);
  });
});

describe('order per conversation under failures', () => {
  it('holds back what is newer in a conversation whose first message is backing off, without holding up the others', async () => {
    for (const [key, recipient] of [
      ['a1', CHLOE],
      ['b1', DEV],
      ['a2', CHLOE],
      ['c1', CHANNEL],
      ['a3', CHLOE],
      ['b2', DEV],
    ] as const) {
      await enqueue(stack.database.db, { key: `order-${key}`, recipient, text: `order note ${key}`, notBefore: NOW });
    }
    // Chloé's first four posts meet a 503 (more than a client's own quick retries would hide); everything after goes through.
    let chloePosts = 0;
    stack.emulator.setFaultPolicy('chat.postMessage', ({ args }) => (toDmOf(CHLOE, args) && chloePosts++ < 4 ? { status: 503 } : undefined));

    await tick(NOW);
    expect(keysIn(dm(DEV))).toEqual(['order-b1', 'order-b2']);
    expect(keysIn(CHANNEL)).toEqual(['order-c1']);
    expect(keysIn(dm(CHLOE))).toEqual([]);

    const seen: string[][] = [];
    for (let minute = 1; minute <= 20 && (await countWhere("status = 'pending'")) > 0; minute += 1) {
      await tick(at(NOW, minute * MINUTE));
      seen.push(keysIn(dm(CHLOE)));
    }
    // At every step Chloé's DM holds a prefix of her messages in enqueue order, and all arrive.
    for (const step of seen) expect(['order-a1', 'order-a2', 'order-a3'].slice(0, step.length)).toEqual(step);
    expect(keysIn(dm(CHLOE))).toEqual(['order-a1', 'order-a2', 'order-a3']);
    expect(await statuses('order-')).toEqual({ sent: 6 });
  });

  it('holds back a conversation whose earlier message another drain is sending right now', async () => {
    await enqueue(stack.database.db, { key: 'order-a1', recipient: CHLOE, text: 'first', notBefore: NOW });
    await enqueue(stack.database.db, { key: 'order-a2', recipient: CHLOE, text: 'second', notBefore: NOW });
    const other = await openDatabase(stack.config);
    onCleanup(() => other.close());
    stack.emulator.injectFault('chat.postMessage', { status: 429, retryAfter: 600 });
    const held = heldSleep(600_000);
    const first = tick(NOW, { sleep: held.sleep });
    await held.reached; // a1 is claimed, waiting out Retry-After

    await enqueue(other.db, { key: 'order-b1', recipient: DEV, text: 'elsewhere', notBefore: NOW });
    const second = await tick(at(NOW, 3 * MINUTE), { db: other.db });
    expect(second).toMatchObject({ sent: 1 });
    expect(keysIn(dm(DEV))).toEqual(['order-b1']);
    expect(keysIn(dm(CHLOE))).toEqual([]);

    held.release();
    await first;
    await tick(at(NOW, 4 * MINUTE));
    expect(keysIn(dm(CHLOE))).toEqual(['order-a1', 'order-a2']);
  });
});
