import type { KnownBlock } from '@slack/types';
import type { WebClient } from '@slack/web-api';
import { and, asc, eq, lte } from 'drizzle-orm';
import type { DB } from '../db/client.js';
import { outbox, type OutboxRow, people } from '../db/schema.js';
import { effectiveStatus } from '../domain/participation.js';
import type { Logger } from '../logger.js';

type Tx = Parameters<Parameters<DB['transaction']>[0]>[0];

export interface OutgoingMessage {
  /** Same key, same message: enqueueing it again does nothing. */
  key: string;
  /** A user ID (delivered to their DM with the bot) or a channel ID. */
  recipient: string;
  text: string;
  blocks?: KnownBlock[];
  notBefore: Date;
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
    })
    .onConflictDoNothing({ target: outbox.idempotencyKey })
    .run();
  return result.changes > 0;
}

export interface DrainResult {
  sent: number;
  held: number;
  dropped: number;
  failed: number;
}

const isUser = (id: string) => /^[UW]/.test(id);
const RETRY_DELAY_MS = 60_000;

/**
 * Sends what is due. This is the one place that decides whether the bot may
 * speak to someone: a paused person's messages wait for the pause to end, and
 * messages to someone who left or deleted their data are dropped.
 */
export async function drainOutbox(deps: { db: DB; client: WebClient; logger: Logger }, now: Date): Promise<DrainResult> {
  const { db, client, logger } = deps;
  const result: DrainResult = { sent: 0, held: 0, dropped: 0, failed: 0 };
  const due = db
    .select()
    .from(outbox)
    .where(and(eq(outbox.status, 'pending'), lte(outbox.notBefore, now)))
    .orderBy(asc(outbox.notBefore), asc(outbox.id))
    .all();
  for (const row of due) {
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
    try {
      const payload = row.payload as { text: string; blocks?: KnownBlock[] };
      const sent = await client.chat.postMessage({ channel: row.recipient, text: payload.text, ...(payload.blocks ? { blocks: payload.blocks } : {}) });
      db.update(outbox).set({ status: 'sent', sentTs: sent.ts ?? null, sentAt: now, attempts: row.attempts + 1 }).where(eq(outbox.id, row.id)).run();
      result.sent += 1;
    } catch (error) {
      logger.warn(`outbox: could not send ${row.idempotencyKey}:`, error);
      db.update(outbox)
        .set({ attempts: row.attempts + 1, lastError: String(error), notBefore: new Date(now.getTime() + RETRY_DELAY_MS) })
        .where(eq(outbox.id, row.id))
        .run();
      result.failed += 1;
    }
  }
  return result;
}

type Verdict = { kind: 'send' } | { kind: 'hold'; until?: Date } | { kind: 'drop'; reason: string };

function recipientVerdict(db: DB, row: OutboxRow, now: Date): Verdict {
  if (!isUser(row.recipient)) return { kind: 'send' };
  const person = db.select().from(people).where(eq(people.id, row.recipient)).get();
  if (!person) return { kind: 'drop', reason: 'recipient deleted their data' };
  const status = effectiveStatus(person, now);
  if (status === 'left') return { kind: 'drop', reason: 'recipient left the program' };
  if (status === 'paused') return { kind: 'hold', until: person.pausedUntil ?? undefined };
  return { kind: 'send' };
}
