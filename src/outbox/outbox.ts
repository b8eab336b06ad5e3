import type { KnownBlock } from '@slack/types';
import { ErrorCode, WebClient } from '@slack/web-api';
import { and, asc, eq, lte } from 'drizzle-orm';
import type { DB } from '../db/client.js';
import { outbox, type OutboxRow, people, profiles } from '../db/schema.js';
import { DEFAULT_WORKING_HOURS, nextWindowStart, type WeeklyWindow } from '../domain/localTime.js';
import { effectiveStatus } from '../domain/participation.js';
import type { Logger } from '../logger.js';

/*
 * Every message the bot starts goes through here, exactly once:
 * - enqueue: the idempotency key is unique, so queueing the same message
 *   twice (a double tick, a retried job) stores it once;
 * - claim: a row is taken with a conditional update (pending → sending), so
 *   two overlapping drains never both send it;
 * - send: the key travels in the message's metadata;
 * - recover: a row left 'sending' by a crash is looked up in the
 *   conversation's history by that key: found means sent, absent means send.
 * A drain also decides whether the bot may speak to someone now: a paused
 * person's messages wait, someone who left gets nothing, and DMs wait for
 * the recipient's local working hours.
 */

type Tx = Parameters<Parameters<DB['transaction']>[0]>[0];

export const METADATA_EVENT = 'mentoring_outbox';
/** Slack allows about one message per second per conversation. */
export const CHANNEL_PACE_MS = 1_000;
/** A claim older than this, still 'sending', is taken to be from a process that died. */
export const CLAIM_LEASE_MS = 2 * 60_000;
const RETRY_DELAY_MS = 60_000;
const MAX_ATTEMPTS = 8;

export interface OutgoingMessage {
  /** Same key, same message: enqueueing it again does nothing. */
  key: string;
  /** A user ID (delivered to their DM with the bot) or a channel ID. */
  recipient: string;
  text: string;
  blocks?: KnownBlock[];
  notBefore: Date;
  /** Dropped if it could not be sent by then. */
  expiresAt?: Date;
  /** Whether a DM waits for the recipient's working hours (default: yes). */
  workingHoursOnly?: boolean;
}

/** Adds a message to the outbox; returns false when that key was already there. */
export function enqueue(db: DB | Tx, message: OutgoingMessage): boolean {
  const result = db
    .insert(outbox)
    .values({
      idempotencyKey: message.key,
      recipient: message.recipient,
      payload: { text: message.text, ...(message.blocks ? { blocks: message.blocks } : {}) },
      notBefore: message.notBefore,
      expiresAt: message.expiresAt ?? null,
      workingHoursOnly: message.workingHoursOnly ?? true,
    })
    .onConflictDoNothing({ target: outbox.idempotencyKey })
    .run();
  return result.changes > 0;
}

/** Withdraws queued messages whose keys start with this prefix (a cancelled session's reminders). */
export function withdraw(db: DB | Tx, keyPrefix: string): number {
  const rows = db.select({ id: outbox.id, key: outbox.idempotencyKey }).from(outbox).where(eq(outbox.status, 'pending')).all();
  let n = 0;
  for (const row of rows) {
    if (!row.key.startsWith(keyPrefix)) continue;
    db.update(outbox).set({ status: 'failed', lastError: 'withdrawn' }).where(and(eq(outbox.id, row.id), eq(outbox.status, 'pending'))).run();
    n += 1;
  }
  return n;
}

export interface DrainResult {
  sent: number;
  held: number;
  dropped: number;
  failed: number;
  recovered: number;
  rateLimited: number;
}

export interface DrainDeps {
  db: DB;
  client: WebClient;
  logger: Logger;
  /** Real waiting (pacing, Retry-After); tests pass a recorder. */
  sleep?: (ms: number) => Promise<void>;
  /** How many messages one drain sends at most; the rest wait for the next. */
  limit?: number;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
/** Retry-After waits for one message before the drain gives up and leaves the rest for the next. */
const MAX_RATE_LIMIT_WAITS = 10;
const isUser = (id: string) => /^[UW]/.test(id);

/** One drain at a time per process: overlapping ticks share the same run. */
const running = new WeakMap<DB, Promise<DrainResult>>();

/**
 * Sends what is due at `now`, oldest first, paced per conversation, and
 * honouring Slack's Retry-After. Resumes where the last drain stopped.
 */
export function drainOutbox(deps: DrainDeps, now: Date): Promise<DrainResult> {
  const current = running.get(deps.db);
  if (current) return current;
  const run = drain(deps, now).finally(() => running.delete(deps.db));
  running.set(deps.db, run);
  return run;
}

/**
 * The outbox's own client: rate limits come back to the drain (which waits
 * as asked and carries on with the queue) instead of being retried inside
 * one call, where a long storm would hold the whole batch.
 */
const rateAwareClients = new WeakMap<WebClient, WebClient>();
function rateAware(client: WebClient): WebClient {
  let own = rateAwareClients.get(client);
  if (!own) {
    own = new WebClient(client.token, { slackApiUrl: client.slackApiUrl, rejectRateLimitedCalls: true, retryConfig: { retries: 2, factor: 2, minTimeout: 200, maxTimeout: 2_000 } });
    rateAwareClients.set(client, own);
  }
  return own;
}

async function drain(input: DrainDeps, now: Date): Promise<DrainResult> {
  const deps = { ...input, client: rateAware(input.client) };
  const { db, logger } = deps;
  const sleep = deps.sleep ?? realSleep;
  const result: DrainResult = { sent: 0, held: 0, dropped: 0, failed: 0, recovered: 0, rateLimited: 0 };
  result.recovered = await recoverAbandoned(deps, now);
  const due = db
    .select()
    .from(outbox)
    .where(and(eq(outbox.status, 'pending'), lte(outbox.notBefore, now)))
    .orderBy(asc(outbox.notBefore), asc(outbox.id))
    .limit(deps.limit ?? 10_000)
    .all();
  const lastSent = new Map<string, number>();
  for (const row of due) {
    if (row.expiresAt && row.expiresAt <= now) {
      db.update(outbox).set({ status: 'failed', lastError: 'expired before it could be sent' }).where(eq(outbox.id, row.id)).run();
      result.dropped += 1;
      continue;
    }
    const verdict = recipientVerdict(db, row, now);
    if (verdict.kind === 'drop') {
      db.update(outbox).set({ status: 'failed', lastError: verdict.reason }).where(eq(outbox.id, row.id)).run();
      result.dropped += 1;
      continue;
    }
    if (verdict.kind === 'hold') {
      if (verdict.until) db.update(outbox).set({ notBefore: verdict.until }).where(eq(outbox.id, row.id)).run();
      result.held += 1;
      continue;
    }
    const claimed = db
      .update(outbox)
      .set({ status: 'sending', claimedAt: now, attempts: row.attempts + 1 })
      .where(and(eq(outbox.id, row.id), eq(outbox.status, 'pending')))
      .run();
    if (claimed.changes === 0) continue; // another drain took it
    const wait = (lastSent.get(row.recipient) ?? -Infinity) + CHANNEL_PACE_MS - performance.now();
    if (wait > 0) await sleep(wait);
    // Rate limited: wait as Slack asks and send the same message again, so order holds.
    let outcome = await send(deps, row);
    for (let waits = 0; outcome.kind === 'rate_limited' && waits < MAX_RATE_LIMIT_WAITS; waits += 1) {
      result.rateLimited += 1;
      logger.warn(`outbox: rate limited, waiting ${outcome.retryAfterSeconds}s as Slack asked`);
      await sleep(outcome.retryAfterSeconds * 1000);
      outcome = await send(deps, row);
    }
    lastSent.set(row.recipient, performance.now());
    if (outcome.kind === 'sent') {
      db.update(outbox).set({ status: 'sent', sentTs: outcome.ts, channelId: outcome.channel, sentAt: now }).where(eq(outbox.id, row.id)).run();
      result.sent += 1;
    } else if (outcome.kind === 'rate_limited') {
      // Still limited after all that waiting: put it back untouched and resume next time.
      db.update(outbox).set({ status: 'pending', claimedAt: null, attempts: row.attempts }).where(eq(outbox.id, row.id)).run();
      break;
    } else {
      const final = row.attempts + 1 >= MAX_ATTEMPTS || outcome.permanent;
      db.update(outbox)
        .set({ status: final ? 'failed' : 'pending', claimedAt: null, lastError: outcome.error, notBefore: new Date(now.getTime() + RETRY_DELAY_MS * (row.attempts + 1)) })
        .where(eq(outbox.id, row.id))
        .run();
      logger.warn(`outbox: could not send ${row.idempotencyKey}: ${outcome.error}`);
      result.failed += 1;
    }
  }
  return result;
}

type SendOutcome =
  | { kind: 'sent'; ts: string | null; channel: string | null }
  | { kind: 'rate_limited'; retryAfterSeconds: number }
  | { kind: 'error'; error: string; permanent: boolean };

async function send(deps: DrainDeps, row: OutboxRow): Promise<SendOutcome> {
  const payload = row.payload as { text: string; blocks?: KnownBlock[] };
  try {
    const sent = await deps.client.chat.postMessage({
      channel: row.recipient,
      text: payload.text,
      ...(payload.blocks ? { blocks: payload.blocks } : {}),
      metadata: { event_type: METADATA_EVENT, event_payload: { key: row.idempotencyKey } },
    });
    return { kind: 'sent', ts: sent.ts ?? null, channel: sent.channel ?? null };
  } catch (error) {
    const e = error as { code?: string; retryAfter?: number; data?: { error?: string } };
    if (e.code === ErrorCode.RateLimitedError) return { kind: 'rate_limited', retryAfterSeconds: Math.max(1, e.retryAfter ?? 1) };
    const permanent = ['channel_not_found', 'user_not_found', 'invalid_blocks', 'not_in_channel', 'is_archived', 'msg_too_long', 'no_text'].includes(e.data?.error ?? '');
    return { kind: 'error', error: e.data?.error ?? String(error), permanent };
  }
}

/**
 * Rows a dead process left 'sending': if the message is in the conversation
 * (its key is in the metadata), it was sent; otherwise it goes back to the
 * queue. Either way, it is delivered exactly once.
 */
async function recoverAbandoned(deps: DrainDeps, now: Date): Promise<number> {
  const { db, client } = deps;
  const stale = db
    .select()
    .from(outbox)
    .where(and(eq(outbox.status, 'sending'), lte(outbox.claimedAt, new Date(now.getTime() - CLAIM_LEASE_MS))))
    .all();
  for (const row of stale) {
    const channel = isUser(row.recipient) ? (await client.conversations.open({ users: row.recipient })).channel?.id : row.recipient;
    // The newest messages, not a time window: our clock and Slack's need not agree.
    const history = channel ? await client.conversations.history({ channel, include_all_metadata: true, limit: 200 }) : undefined;
    const found = history?.messages?.find((m) => {
      const metadata = (m as { metadata?: { event_type?: string; event_payload?: { key?: string } } }).metadata;
      return metadata?.event_type === METADATA_EVENT && metadata.event_payload?.key === row.idempotencyKey;
    });
    if (found) db.update(outbox).set({ status: 'sent', sentTs: found.ts ?? null, channelId: channel ?? null, sentAt: now }).where(eq(outbox.id, row.id)).run();
    else db.update(outbox).set({ status: 'pending', claimedAt: null }).where(eq(outbox.id, row.id)).run();
  }
  return stale.length;
}

type Verdict = { kind: 'send' } | { kind: 'hold'; until?: Date } | { kind: 'drop'; reason: string };

function recipientVerdict(db: DB, row: OutboxRow, now: Date): Verdict {
  if (!isUser(row.recipient)) return { kind: 'send' };
  const person = db.select().from(people).where(eq(people.id, row.recipient)).get();
  if (!person) return { kind: 'drop', reason: 'recipient deleted their data' };
  const status = effectiveStatus(person, now);
  if (status === 'left') return { kind: 'drop', reason: 'recipient left the program' };
  if (status === 'paused') return { kind: 'hold', until: person.pausedUntil ?? undefined };
  if (!row.workingHoursOnly) return { kind: 'send' };
  const profile = db.select().from(profiles).where(eq(profiles.personId, row.recipient)).get();
  const hours: WeeklyWindow = profile ? { days: profile.workDays, startMinute: profile.workStartMinute, endMinute: profile.workEndMinute } : DEFAULT_WORKING_HOURS;
  const next = nextWindowStart(now, hours, person.timeZone ?? 'UTC');
  if (!next) return { kind: 'drop', reason: 'recipient has no working hours' };
  return next.getTime() === now.getTime() ? { kind: 'send' } : { kind: 'hold', until: next };
}
