import { randomUUID } from 'node:crypto';
import type { WebClient } from '@slack/web-api';
import { and, asc, eq, gte, isNotNull, isNull, like, lt, lte, or, sql } from 'drizzle-orm';
import { prepared } from '../db/prepared.js';
import type { DB, Tx } from '../db/client.js';
import { outbox, type OutboxRow, outboxSubjects } from '../db/schema.js';
import type { Logger } from '../logger.js';
import type { SlackBlock } from '../views/blocks.js';
import { type DeferredView, mentionsOf, renderDeferred, textOf } from '../views/deferred.js';
import { programCoordinatorIds, recipientPeople, recipientVerdict } from './recipients.js';
import { erasedSince, takeBackLateSend } from './erase.js';
import { programOfKey } from './programOf.js';
import { coordinatorsOf } from '../repos/programs.js';
import { type Attempt, classify, Conversations, erase, findDelivered, outboxClient, type Payload, postMessage, shareFile } from './sending.js';
import { first as firstRow, rowsChanged } from '../db/query.js';
import { claimable, withEachOf } from '../db/dialectSql.js';
import { inBatches } from '../db/inBatches.js';
import { insertMany } from '../db/insertMany.js';

export { METADATA_EVENT } from './sending.js';

/*
 * Every message the bot starts goes through here, exactly once:
 * - enqueue: the idempotency key is unique, so queueing the same message
 *   twice (a double tick, a retried job) stores it once;
 * - claim: a row is taken with a conditional update and a lease token; only
 *   the holder may send it or record the send, and a lease counts real time,
 *   so a drain living on a virtual clock cannot take over a live claim;
 * - send: the key travels in the message's metadata (a file by its id), and
 *   after any answer that may have been lost (a crash, a 5xx, a timeout) the
 *   conversation is searched for it before sending again;
 * - retry: failures back off with jitter for up to a day, keeping each
 *   conversation in order; what is finally given up is logged and reported
 *   to the workspace admins and the coordinators of its program.
 * A drain also decides whether the bot may speak to someone now: see recipients.ts.
 */

/** Slack allows about one message per second per conversation, with short bursts. */
export const CHANNEL_PACE_MS = 1_000;
/** How many messages may go to one conversation at once before the pace applies (a confirmation and its calendar file). */
export const CHANNEL_BURST = 3;
/** How long a claim holds without being renewed, in real time (OUTBOX_LEASE_SECONDS sets it for the app). */
export const CLAIM_LEASE_MS = 2 * 60_000;
/** Failures are retried for this long (from the first failure) before the message is given up. */
export const DELIVERY_HORIZON_MS = 24 * 3_600_000;
const BACKOFF_BASE_MS = 30_000;
const BACKOFF_CAP_MS = 30 * 60_000;
/** Retry-After waits for one message before the drain gives up and leaves the rest for the next. */
const MAX_RATE_LIMIT_WAITS = 10;
/** Slack looks down: stop hammering it after this many failures in a row, and leave the rest queued. */
const CONSECUTIVE_FAILURES_TO_STOP = 3;
const GAVE_UP_KEY = 'outbox:gave-up:';

export interface OutgoingMessage {
  /** Same key, same message: enqueueing it again does nothing. */
  key: string;
  /** A user ID (their DM with the bot), a channel ID, or user IDs joined by commas (their group DM, opened on delivery). */
  recipient: string;
  text: string;
  blocks?: SlackBlock[];
  notBefore: Date;
  /** Dropped if it could not be sent by then: a reminder after its session, an offer of times that have passed. */
  expiresAt?: Date;
  /** Whether a DM waits for the recipient's working hours (default: yes). */
  workingHoursOnly?: boolean;
  /** People whose words or data it carries without mentioning them. */
  about?: readonly string[];
}

export interface OutgoingFile extends Omit<OutgoingMessage, 'text' | 'blocks'> {
  file: { filename: string; title: string; content: string; comment?: string };
  /** The answer to something the person just asked for (their export): sent even while they are paused. */
  reply?: boolean;
}

/** Adds a message to the outbox; returns false when that key was already there. */
export async function enqueue(db: DB | Tx, message: OutgoingMessage): Promise<boolean> {
  return insertRow(db, message, { text: message.text, ...(message.blocks ? { blocks: message.blocks } : {}) });
}

/**
 * Adds a message kept as a view and its input, rendered when it is sent
 * (views/deferred.ts): for fan-outs, whose thousands of rendered messages
 * would be mostly the same bytes.
 */
export async function enqueueView(db: DB | Tx, message: Omit<OutgoingMessage, 'text' | 'blocks'> & { deferred: DeferredView }): Promise<boolean> {
  return (await enqueueViews(db, [message])).size > 0;
}

/**
 * Many messages kept as views at once, for a fan-out: a few multi-row
 * inserts instead of three statements per message, which on PostgreSQL are
 * three round trips each. Returns the keys it queued (a key already queued
 * is left as it is).
 */
export async function enqueueViews(db: DB | Tx, messages: readonly (Omit<OutgoingMessage, 'text' | 'blocks'> & { deferred: DeferredView })[]): Promise<Set<string>> {
  // Each message's row and subjects together (a savepoint inside a caller's transaction): an erasure between them would miss the row.
  return db.transaction(async (tx) => queueViews(tx, messages));
}

async function queueViews(db: DB | Tx, messages: readonly (Omit<OutgoingMessage, 'text' | 'blocks'> & { deferred: DeferredView })[]): Promise<Set<string>> {
  const queued = new Set<string>();
  for (const batch of inBatches(messages, 5_000)) {
    const rows = batch.map(({ deferred, ...m }) => {
      const payload: Payload = { kind: 'view', view: deferred.view, input: deferred.input, text: textOf(deferred) };
      return { m, payload, about: [...(m.about ?? []), ...mentionsOf(deferred)] };
    });
    const inserted = await insertMany(
      db,
      outbox,
      rows.map(({ m, payload }) => ({ idempotencyKey: m.key, recipient: m.recipient, payload, notBefore: m.notBefore, expiresAt: m.expiresAt ?? null, workingHoursOnly: m.workingHoursOnly ?? true })),
      { conflictTarget: outbox.idempotencyKey, returning: { id: outbox.id, key: outbox.idempotencyKey } },
    );
    const idOf = new Map(inserted.map((r) => [r.key, r.id]));
    // A view's subjects are whom it mentions: words in its input that look like a mention are someone's text, escaped when rendered.
    const subjects = rows.flatMap(({ m, about }) => {
      const outboxId = idOf.get(m.key);
      return outboxId === undefined ? [] : subjectsOf(m.recipient, '', about).map((personId) => ({ outboxId, personId }));
    });
    await insertMany(db, outboxSubjects, subjects, { returning: {} });
    for (const key of idOf.keys()) queued.add(key);
  }
  return queued;
}

/** What a message kept as a view says, for the person's export (undefined if it cannot be rendered). */
export function viewMessage(payload: { view: string; input: unknown }): { text: string; blocks?: SlackBlock[] } | undefined {
  const rendered = renderDeferred(payload);
  return rendered.ok ? rendered.message : undefined;
}

/**
 * The answer to something a person just did, in their DM: sent at once, even
 * while they are paused, and still through the outbox so an outage delays it
 * rather than losing it.
 */
export async function enqueueReply(db: DB | Tx, reply: { key: string; recipient: string; text: string; blocks?: SlackBlock[]; now: Date }): Promise<boolean> {
  return insertRow(db, { key: reply.key, recipient: reply.recipient, notBefore: reply.now, workingHoursOnly: false }, { text: reply.text, ...(reply.blocks ? { blocks: reply.blocks } : {}), reply: true });
}

export async function enqueueFile(db: DB | Tx, file: OutgoingFile): Promise<boolean> {
  return insertRow(db, file, { kind: 'file', ...file.file, ...(file.reply ? { reply: true as const } : {}) });
}

async function insertRow(db: DB | Tx, m: Omit<OutgoingMessage, 'text' | 'blocks'>, payload: Payload): Promise<boolean> {
  // The row and its subjects together (a savepoint inside a caller's transaction): an erasure between the two would miss the row.
  return db.transaction(async (tx) => insertRowAndSubjects(tx, m, payload));
}

async function insertRowAndSubjects(db: DB | Tx, m: Omit<OutgoingMessage, 'text' | 'blocks'>, payload: Payload): Promise<boolean> {
  // A fan-out queues thousands of these in one transaction: the statements are prepared once (a
  // placeholder cannot be null for a timestamp, so a message without an expiry has its own).
  const expiring = m.expiresAt !== undefined && m.expiresAt !== null;
  const insert = prepared(db, expiring ? 'outbox.insertExpiring' : 'outbox.insert', (d) =>
    d
      .insert(outbox)
      .values({
        idempotencyKey: sql.placeholder('key'),
        recipient: sql.placeholder('recipient'),
        // Serialised once here, for the row and for finding who it mentions, not again by the column.
        payload: sql`${sql.placeholder('payloadJson')}`,
        notBefore: sql.placeholder('notBefore'),
        ...(expiring ? { expiresAt: sql.placeholder('expiresAt') } : {}),
        workingHoursOnly: sql.placeholder('workingHoursOnly'),
      })
      .onConflictDoNothing({ target: outbox.idempotencyKey })
      .returning({ id: outbox.id })
      .prepare(),
  );
  const payloadJson = JSON.stringify(payload);
  const row = await firstRow(insert.execute({ key: m.key, recipient: m.recipient, payloadJson, notBefore: m.notBefore, expiresAt: m.expiresAt, workingHoursOnly: m.workingHoursOnly ?? true }));
  if (!row) return false;
  // All of a message's subjects in one statement: a fan-out queues two or three per message.
  const subjects = prepared(db, 'outbox.subjects', (d) =>
    d
      .insert(outboxSubjects)
      .select(withEachOf('outboxId', 'personIds', 'text'))
      .prepare(),
  );
  await subjects.execute({ outboxId: row.id, personIds: JSON.stringify(subjectsOf(m.recipient, payload.kind === 'view' ? '' : payloadJson, m.about ?? [])) });
  return true;
}

/** Everyone a message is to, about or mentions: derived, so no caller can forget one. */
function subjectsOf(recipient: string, payloadJson: string, about: readonly string[]): string[] {
  const mentioned = [...payloadJson.matchAll(/<@([UW][A-Z0-9]{2,})>/g)].map((m) => m[1] as string);
  return [...new Set([...recipientPeople(recipient), ...mentioned, ...about])];
}

/** Where a queued message stands: sent, waiting (until when), or dropped. */
export async function deliveryOf(db: DB | Tx, key: string): Promise<Pick<OutboxRow, 'status' | 'notBefore' | 'lastError'> | undefined> {
  return await firstRow(db.select({ status: outbox.status, notBefore: outbox.notBefore, lastError: outbox.lastError }).from(outbox).where(eq(outbox.idempotencyKey, key)));
}

/** Messages sent between two moments whose keys match a LIKE pattern (rating prompts two days on). */
export async function sentBetween(db: DB | Tx, keyPattern: string, from: Date, to: Date): Promise<{ key: string; recipient: string }[]> {
  return await db
    .select({ key: outbox.idempotencyKey, recipient: outbox.recipient })
    .from(outbox)
    .where(and(like(outbox.idempotencyKey, keyPattern), eq(outbox.status, 'sent'), gte(outbox.sentAt, from), lte(outbox.sentAt, to)));
}

/** Withdraws queued messages whose keys start with this prefix (a cancelled session's reminders). */
export async function withdraw(db: DB | Tx, keyPrefix: string): Promise<number> {
  const rows = await db.select({ id: outbox.id, key: outbox.idempotencyKey }).from(outbox).where(eq(outbox.status, 'pending'));
  let n = 0;
  for (const row of rows) {
    if (!row.key.startsWith(keyPrefix)) continue;
    n += rowsChanged(await db.update(outbox).set({ status: 'failed', lastError: 'withdrawn' }).where(and(eq(outbox.id, row.id), eq(outbox.status, 'pending'))));
  }
  return n;
}

export interface DrainResult {
  sent: number;
  held: number;
  dropped: number;
  failed: number;
  /** Given up for good: past the horizon, or refused by Slack for a reason that will not change. */
  gaveUp: number;
  recovered: number;
  rateLimited: number;
}

export interface DrainDeps {
  db: DB;
  client: WebClient;
  logger: Logger;
  /** Staff, exempt from membership rules; told about a message given up when `admins` is not given. */
  coordinators?: readonly string[];
  /** Told privately about every message given up (the workspace admins), with the coordinators of the program it belongs to. */
  admins?: readonly string[];
  /** Where such a note goes when no coordinator is named. */
  coordinatorChannelId?: string;
  /** Real waiting (pacing, Retry-After); tests pass a recorder. */
  sleep?: (ms: number) => Promise<void>;
  /** Real time, for leases: claims must not expire because a virtual clock jumped. */
  realNow?: () => number;
  /** How long a claim holds unrenewed (default CLAIM_LEASE_MS): how soon a replica takes over the sends of one that died. */
  leaseMs?: number;
  /** For backoff jitter. */
  random?: () => number;
  /** How many messages one drain sends at most; the rest wait for the next. */
  limit?: number;
  /** How long one call to Slack may take (default OUTBOX_TIMEOUT_MS); tests pass a short one. */
  timeoutMs?: number;
  /** Asked before each message: true stops the drain there (the process is shutting down). */
  shouldStop?: () => boolean;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** One drain at a time per database handle; a call during a drain gets one more pass after it, for what it just queued. */
const running = new WeakMap<DB, { current: Promise<DrainResult>; next?: Promise<DrainResult>; nextAt?: Date }>();

/** Sends what is due at `now`, oldest first, paced per conversation, honouring Slack's Retry-After. */
export function drainOutbox(deps: DrainDeps, now: Date): Promise<DrainResult> {
  const state = running.get(deps.db);
  if (state) {
    // One follow-up drain for everyone who asked meanwhile, at the latest of their clocks: a
    // message queued by a later caller is due by then, and would otherwise wait for the job's tick.
    if (!state.nextAt || now > state.nextAt) state.nextAt = now;
    state.next ??= state.current.then(() => {
      const at = state.nextAt ?? now;
      state.next = undefined;
      state.nextAt = undefined;
      return drainOutbox(deps, at);
    });
    return state.next;
  }
  const current = drain(deps, now).finally(() => {
    if (running.get(deps.db)?.current === current) running.delete(deps.db);
  });
  running.set(deps.db, { current });
  return current;
}

/** The drain every listener and job uses: every coordinator is staff; the workspace admins hear of what is given up. */
export async function deliver(
  deps: { db: DB; logger: Logger; config: { coordinatorUserIds: readonly string[]; coordinatorChannelId: string | undefined; outboxLeaseSeconds: number }; stopping?: () => boolean },
  client: WebClient,
  now: Date,
): Promise<DrainResult> {
  const admins = deps.config.coordinatorUserIds;
  const coordinators = [...new Set([...admins, ...await programCoordinatorIds(deps.db)])];
  return drainOutbox(
    { db: deps.db, client, logger: deps.logger, coordinators, admins, coordinatorChannelId: deps.config.coordinatorChannelId, leaseMs: deps.config.outboxLeaseSeconds * 1000, ...(deps.stopping ? { shouldStop: deps.stopping } : {}) },
    now,
  );
}

interface Drain {
  deps: DrainDeps;
  client: WebClient;
  conversations: Conversations;
  realNow: () => number;
  leaseMs: number;
  sleep: (ms: number) => Promise<void>;
  now: Date;
}

async function drain(input: DrainDeps, now: Date): Promise<DrainResult> {
  const client = outboxClient(input.client, input.timeoutMs);
  const d: Drain = { deps: input, client, conversations: new Conversations(client), realNow: input.realNow ?? Date.now, leaseMs: input.leaseMs ?? CLAIM_LEASE_MS, sleep: input.sleep ?? realSleep, now };
  const { db } = input;
  const result: DrainResult = { sent: 0, held: 0, dropped: 0, failed: 0, gaveUp: 0, recovered: await releaseExpiredLeases(db, d.realNow()), rateLimited: 0 };
  const { rows, blocked } = await queue(db, input.limit ?? 10_000, now);
  const pace = new Pace(performance.now.bind(performance));
  let failuresInARow = 0;
  for (const row of rows) {
    // Shutting down: the send under way has finished; what is left stays queued for another replica or the next start.
    if (input.shouldStop?.()) break;
    if (row.expiresAt && row.expiresAt <= now) {
      await settle(db, row.id, { status: 'failed', lastError: 'expired before it could be sent' });
      result.dropped += 1;
      continue;
    }
    if (row.notBefore > now) {
      // A message backing off holds back everything newer in its conversation.
      if (row.failingSince !== null) blocked.add(row.recipient);
      continue;
    }
    if (blocked.has(row.recipient)) {
      result.held += 1;
      continue;
    }
    const payload = row.payload as Payload;
    if (payload.kind === 'erased') continue;
    const isAction = payload.kind === 'delete' || payload.kind === 'redact' || payload.kind === 'file_delete';
    if (!isAction) {
      const verdict = await recipientVerdict(db, { ...row, reply: 'reply' in payload && payload.reply === true }, now, { coordinators: input.coordinators ?? [] });
      if (verdict.kind === 'drop') {
        await settle(db, row.id, { status: 'failed', lastError: verdict.reason });
        result.dropped += 1;
        continue;
      }
      if (verdict.kind === 'hold') {
        if (verdict.until) await db.update(outbox).set({ notBefore: verdict.until }).where(and(eq(outbox.id, row.id), eq(outbox.status, 'pending')));
        blocked.add(row.recipient);
        result.held += 1;
        continue;
      }
    }
    const token = await claim(d, row);
    if (!token) {
      // Another drain took it, and may still be sending it: nothing newer may overtake it.
      blocked.add(row.recipient);
      continue;
    }
    const held: Held = { token, renewedAt: d.realNow() };
    // Slack's pace applies to posting; taking something back is not held to it.
    const wait = isAction ? 0 : pace.waitFor(row.recipient);
    if (wait > 0) await d.sleep(wait);
    let outcome = await attempt(d, row, held, payload);
    for (let waits = 0; outcome.kind === 'rate_limited' && waits < MAX_RATE_LIMIT_WAITS; waits += 1) {
      // Shutting down: no waiting out Slack's limit; the row goes back untouched below.
      if (input.shouldStop?.()) break;
      result.rateLimited += 1;
      input.logger.warn(`outbox: rate limited, waiting ${outcome.retryAfterSeconds}s as Slack asked`);
      await d.sleep(outcome.retryAfterSeconds * 1000);
      // After a wait, whatever the clocks say, make sure the claim is still ours before trying again.
      held.renewedAt = Number.NEGATIVE_INFINITY;
      outcome = await attempt(d, row, held, payload);
    }
    if (!isAction) pace.sent(row.recipient);
    if (outcome.kind === 'lost') {
      // Our lease lapsed and another drain holds the row now: it decides, and its conversation waits for it.
      blocked.add(row.recipient);
      continue;
    }
    if (outcome.kind === 'sent') {
      // A take-back done leaves nothing behind: where it was is itself a trace.
      const recorded = isAction
        ? await fenced(db, row.id, token, { status: 'sent', payload: { kind: 'erased' }, recipient: 'erased', channelId: null, sentTs: null, sentAt: now, uncertain: false, failingSince: null })
        : await fencedSent(db, row.id, token, { ts: outcome.ts, channel: outcome.channel, at: now });
      if (recorded) result.sent += 1;
      else {
        // Taken over meanwhile (the new holder looks it up before sending), or erased while on its way: then take it back.
        blocked.add(row.recipient);
        if (!isAction && outcome.ts && outcome.channel && await erasedSince(db, row.id)) await takeBackLateSend(db, row.id, outcome.channel, outcome.ts, now);
      }
      failuresInARow = 0;
      continue;
    }
    if (outcome.kind === 'rate_limited') {
      // Still limited after all that waiting: put it back untouched and resume next time.
      await fenced(db, row.id, token, { status: 'pending', attempts: row.attempts });
      break;
    }
    blocked.add(row.recipient);
    if (await recordFailure(d, row, token, outcome)) result.gaveUp += 1;
    result.failed += 1;
    failuresInARow += 1;
    if (failuresInARow >= CONSECUTIVE_FAILURES_TO_STOP && !outcome.permanent) {
      input.logger.warn(`outbox: ${failuresInARow} sends in a row failed (${outcome.error}); leaving the rest queued until the next run`);
      break;
    }
  }
  return result;
}

/**
 * What one drain goes through, oldest first, keeping each conversation in
 * order. A message that failed was given a later `notBefore` (its backoff),
 * so by time alone newer messages of its conversation would overtake it the
 * moment it is due again; it is therefore put ahead of its conversation's
 * other messages. A conversation with a message that another drain is
 * sending right now is held back altogether.
 */
async function queue(db: DB, limit: number, now: Date): Promise<{ rows: OutboxRow[]; blocked: Set<string> }> {
  // Every drain (every poll on every replica, and after every listener's write) reads these: prepared once per connection.
  // Only what is due: every replica asks every few seconds, and a fan-out may leave thousands waiting for mornings.
  // A message backing off still holds its conversation back: the retrying query below finds it whenever it is due.
  const pendingQuery = prepared(db, 'outbox.pending', (d) =>
    d
      .select()
      .from(outbox)
      .where(and(eq(outbox.status, 'pending'), lte(outbox.notBefore, sql.placeholder('now'))))
      .orderBy(asc(outbox.notBefore), asc(outbox.id))
      .limit(sql.placeholder('limit'))
      .prepare(),
  );
  const retryingQuery = prepared(db, 'outbox.retrying', (d) => d.select().from(outbox).where(and(eq(outbox.status, 'pending'), isNotNull(outbox.failingSince))).orderBy(asc(outbox.id)).prepare());
  const inFlightQuery = prepared(db, 'outbox.inFlight', (d) => d.select({ recipient: outbox.recipient }).from(outbox).where(eq(outbox.status, 'sending')).prepare());
  // One snapshot: a row moving from pending to sending between two reads must be seen in one of them.
  return db.transaction(
    async () => {
      const pending = await pendingQuery.execute({ limit, now: now.getTime() });
      const retrying = await retryingQuery.execute();
      const inFlight = await inFlightQuery.execute();
      const head = new Map<string, OutboxRow>();
      for (const row of retrying) if (!head.has(row.recipient)) head.set(row.recipient, row);
      const rows: OutboxRow[] = [];
      const placed = new Set<number>();
      const place = (row: OutboxRow) => {
        if (placed.has(row.id)) return;
        placed.add(row.id);
        rows.push(row);
      };
      for (const row of pending) {
        const first = head.get(row.recipient);
        if (first) place(first);
        place(row);
      }
      return { rows, blocked: new Set(inFlight.map((r) => r.recipient)) };
    },
    // Reads only: it need not wait for, nor hold up, another replica's writes.
    { behavior: 'deferred' },
  );
}

/**
 * Slack's per-conversation pace as a token bucket, in real time: a short
 * burst goes at once, then one message a second.
 */
class Pace {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  constructor(private readonly now: () => number) {}

  private bucket(conversation: string): { tokens: number; at: number } {
    const now = this.now();
    const b = this.buckets.get(conversation) ?? { tokens: CHANNEL_BURST, at: now };
    b.tokens = Math.min(CHANNEL_BURST, b.tokens + (now - b.at) / CHANNEL_PACE_MS);
    b.at = now;
    this.buckets.set(conversation, b);
    return b;
  }

  /** How long to wait before the next message to this conversation. */
  waitFor(conversation: string): number {
    const b = this.bucket(conversation);
    return b.tokens >= 1 ? 0 : (1 - b.tokens) * CHANNEL_PACE_MS;
  }

  sent(conversation: string): void {
    const b = this.bucket(conversation);
    b.tokens = Math.max(0, b.tokens - 1);
  }
}

/** Rows whose claim lapsed (the process died, or hung) go back to the queue, to be looked up before any resend. */
async function releaseExpiredLeases(db: DB, realNow: number): Promise<number> {
  const release = prepared(db, 'outbox.releaseLeases', (d) =>
    d
      .update(outbox)
      .set({ status: 'pending', leaseToken: null, leaseUntil: null, uncertain: true })
      .where(and(eq(outbox.status, 'sending'), or(isNull(outbox.leaseUntil), lt(outbox.leaseUntil, sql.placeholder('realNow')))))
      .prepare(),
  );
  return rowsChanged(await release.execute({ realNow }));
}

// The statements below run for every message a drain sends: prepared once per connection.
// In an update's SET a placeholder is raw SQL, so it takes the driver's value (epoch ms for a time).
const param = (name: string) => sql`${sql.placeholder(name)}`;

async function claim(d: Drain, row: OutboxRow): Promise<string | undefined> {
  const take = prepared(d.deps.db, 'outbox.claim', (db) =>
    db
      .update(outbox)
      .set({ status: 'sending', leaseToken: param('token'), leaseUntil: param('leaseUntil'), claimedAt: param('claimedAt'), attempts: param('attempts') })
      // As this drain read it: a row another drain tried since (and put back to back off) has more attempts.
      .where(claimable(outbox.id, outbox, and(eq(outbox.id, sql.placeholder('id')), eq(outbox.status, 'pending'), eq(outbox.attempts, sql.placeholder('seenAttempts')))))
      .prepare(),
  );
  const token = randomUUID();
  const taken = await take.execute({ id: row.id, seenAttempts: row.attempts, token, leaseUntil: d.realNow() + d.leaseMs, claimedAt: d.now.getTime(), attempts: row.attempts + 1 });
  return rowsChanged(taken) > 0 ? token : undefined;
}

/** Renews the claim right before talking to Slack; false when someone else holds it now. */
async function stillMine(d: Drain, id: number, token: string): Promise<boolean> {
  const renew = prepared(d.deps.db, 'outbox.renew', (db) =>
    db
      .update(outbox)
      .set({ leaseUntil: param('leaseUntil') })
      .where(and(eq(outbox.id, sql.placeholder('id')), eq(outbox.leaseToken, sql.placeholder('token')), eq(outbox.status, 'sending')))
      .prepare(),
  );
  return rowsChanged(await renew.execute({ id, token, leaseUntil: d.realNow() + d.leaseMs })) > 0;
}

/** Records a message as sent, if this drain still holds it. */
async function fencedSent(db: DB, id: number, token: string, sent: { ts: string | null; channel: string | null; at: Date }): Promise<boolean> {
  const record = prepared(db, 'outbox.sent', (d) =>
    d
      .update(outbox)
      .set({ status: 'sent', sentTs: param('ts'), channelId: param('channel'), sentAt: param('at'), uncertain: false, failingSince: null, leaseToken: null, leaseUntil: null })
      .where(and(eq(outbox.id, sql.placeholder('id')), eq(outbox.leaseToken, sql.placeholder('token')), eq(outbox.status, 'sending')))
      .prepare(),
  );
  return rowsChanged(await record.execute({ id, token, ts: sent.ts, channel: sent.channel, at: sent.at.getTime() })) > 0;
}

async function fenced(db: DB, id: number, token: string, values: Partial<typeof outbox.$inferInsert>): Promise<boolean> {
  return rowsChanged(await db.update(outbox).set({ ...values, leaseToken: null, leaseUntil: null }).where(and(eq(outbox.id, id), eq(outbox.leaseToken, token), eq(outbox.status, 'sending')))) > 0;
}

async function settle(db: DB, id: number, values: Partial<typeof outbox.$inferInsert>): Promise<void> {
  await db.update(outbox).set(values).where(and(eq(outbox.id, id), eq(outbox.status, 'pending')));
}

/** A claim this drain holds, and when its lease was last renewed (real time). */
interface Held {
  token: string;
  renewedAt: number;
}

/** A lease renewed this recently is not renewed again before the next call: one write per message when Slack answers fast. */
const RENEW_AFTER_MS = 1_000;

/**
 * Renews the claim right before a call that may reach a conversation, unless
 * it was renewed a moment ago: the call then starts with nearly the whole
 * lease ahead of it, longer than the call may take. False when another drain
 * holds the row now.
 */
async function keep(d: Drain, id: number, held: Held): Promise<boolean> {
  const now = d.realNow();
  if (now - held.renewedAt < RENEW_AFTER_MS) return true;
  if (!await stillMine(d, id, held.token)) return false;
  held.renewedAt = now;
  return true;
}

async function attempt(d: Drain, row: OutboxRow, held: Held, payload: Payload): Promise<Attempt> {
  if (!await keep(d, row.id, held)) return { kind: 'lost' };
  if (payload.kind === 'delete' || payload.kind === 'redact' || payload.kind === 'file_delete') return erase(d.client, payload);
  if (payload.kind === 'erased') return { kind: 'sent', ts: null, channel: null };
  let channel: string;
  try {
    channel = await d.conversations.of(row.recipient);
  } catch (error) {
    // Opening a DM sends nothing: whatever went wrong, nothing reached anyone.
    const outcome = classify(error);
    return outcome.kind === 'failed' ? { ...outcome, ambiguous: false } : outcome;
  }
  const lookup = prepared(d.deps.db, 'outbox.uncertain', (db) => db.select({ uncertain: outbox.uncertain, fileId: outbox.fileId }).from(outbox).where(eq(outbox.id, sql.placeholder('id'))).prepare());
  const current = await firstRow(lookup.execute({ id: row.id }));
  if (current?.uncertain) {
    try {
      const found = await findDelivered(d.client, channel, { idempotencyKey: row.idempotencyKey, fileId: current.fileId });
      if (found) return { kind: 'sent', ts: found.ts, channel };
    } catch (error) {
      d.deps.logger.warn(`outbox: could not look ${row.idempotencyKey} up before resending:`, error);
      return { kind: 'failed', error: 'history lookup failed', permanent: false, ambiguous: true };
    }
  }
  // Opening the DM and the lookup took time: the post starts under a fresh lease.
  if (!await keep(d, row.id, held)) return { kind: 'lost' };
  if (payload.kind === 'file') {
    return shareFile(
      d.client,
      channel,
      payload,
      d.deps.timeoutMs,
      async (fileId) => {
        await d.deps.db.update(outbox).set({ fileId }).where(and(eq(outbox.id, row.id), eq(outbox.leaseToken, held.token)));
      },
      () => keep(d, row.id, held),
    );
  }
  if (payload.kind === 'view') {
    const rendered = renderDeferred(payload);
    // Stored by an older release in a shape this one cannot render: say why, rather than send something wrong.
    if (!rendered.ok) return { kind: 'failed', error: rendered.error, permanent: true, ambiguous: false, unrenderable: true };
    return postMessage(d.client, channel, row.idempotencyKey, rendered.message);
  }
  return postMessage(d.client, channel, row.idempotencyKey, payload);
}

/**
 * Backs a failed row off (with jitter, so a recovering Slack is not hit by
 * every row at once), or gives it up past the horizon or on a permanent
 * error. Returns true when it was given up.
 */
async function recordFailure(d: Drain, row: OutboxRow, token: string, outcome: Extract<Attempt, { kind: 'failed' }>): Promise<boolean> {
  const since = row.failingSince ?? d.now;
  const giveUp = outcome.permanent || d.now.getTime() - since.getTime() >= DELIVERY_HORIZON_MS;
  const attempts = row.attempts + 1;
  const delay = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.min(attempts - 1, 16)) * (0.5 + 0.5 * (d.deps.random ?? Math.random)());
  const uncertain = outcome.ambiguous || row.uncertain;
  const recorded = await fenced(d.deps.db, row.id, token, {
    status: giveUp ? 'failed' : 'pending',
    lastError: outcome.error,
    failingSince: since,
    uncertain,
    notBefore: giveUp ? row.notBefore : new Date(d.now.getTime() + delay),
  });
  // Taken over while we tried: the new holder's outcome is the one that counts (and is reported).
  if (!recorded) return false;
  if (giveUp) await reportGivenUp(d, row, outcome, attempts);
  else d.deps.logger.warn(`outbox: could not send ${row.idempotencyKey} (attempt ${attempts}): ${outcome.error}; retrying in ${Math.round(delay / 1000)}s`);
  return giveUp;
}

/**
 * A message that will never arrive is somebody's problem to know about: a
 * log line, and a private note to the workspace admins and the coordinators
 * of the program it belongs to (its key says which, programOf.ts), never to
 * another program's.
 */
async function reportGivenUp(d: Drain, row: OutboxRow, outcome: Extract<Attempt, { kind: 'failed' }>, attempts: number): Promise<void> {
  const { logger, coordinators = [], admins = coordinators, coordinatorChannelId } = d.deps;
  const { error } = outcome;
  logger.error(`outbox: gave up on ${row.idempotencyKey} to ${row.recipient} after ${attempts} attempts: ${error}`);
  if (row.idempotencyKey.startsWith(GAVE_UP_KEY)) return;
  const to = recipientPeople(row.recipient).map((id) => `<@${id}>`).join(', ') || `<#${row.recipient}>`;
  const why = outcome.unrenderable ? `the bot could not write it out (\`${error}\`), so Slack was never asked` : `Slack answered \`${error}\` after ${attempts} ${attempts === 1 ? 'try' : 'tries'}`;
  const text = `:warning: A message from the mentoring bot to ${to} could not be delivered: ${why}. Nothing else is needed from you unless it matters to them; whoever runs the bot can see what is queued and what failed with \`npm run job -- outbox --status\` (\`node dist/cli/job.js outbox --status\` in the container).`;
  const programId = await programOfKey(d.deps.db, row.idempotencyKey);
  const told = [...new Set([...admins, ...(programId === undefined ? [] : await coordinatorsOf(d.deps.db, programId))])];
  const recipients = told.length > 0 ? told : coordinatorChannelId ? [coordinatorChannelId] : [];
  for (const recipient of recipients) {
    await enqueue(d.deps.db, { key: `${GAVE_UP_KEY}${row.id}:${recipient}`, recipient, text, notBefore: d.now, workingHoursOnly: false });
  }
}

