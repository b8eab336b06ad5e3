import { randomUUID } from 'node:crypto';
import { eq, inArray, like, or } from 'drizzle-orm';
import type { DB, Tx } from '../db/client.js';
import { outbox, type OutboxRow, outboxSubjects } from '../db/schema.js';
import type { Payload } from './sending.js';
import { inBatches } from '../db/inBatches.js';
import { first } from '../db/query.js';

/*
 * What the outbox holds about a person, and how it is erased: queued
 * messages that carry their words or ID are dropped, and everything the bot
 * already posted about them is taken back in Slack (deleted in their own DM,
 * replaced by a neutral line elsewhere, files deleted), through the outbox
 * itself so a Slack outage delays the erasure instead of losing it.
 */

export const REDACTED_TEXT = '_This message was removed: someone it was about deleted their mentoring data._';

/** Every outbox row whose recipient, key or content names the person. */
export async function outboxRowsAbout(db: DB | Tx, personId: string): Promise<OutboxRow[]> {
  const subjectRows = await db.select({ id: outboxSubjects.outboxId }).from(outboxSubjects).where(eq(outboxSubjects.personId, personId));
  const ids = subjectRows.map((r) => r.id);
  const byAddress = await db
    .select()
    .from(outbox)
    .where(or(eq(outbox.recipient, personId), like(outbox.recipient, `%${personId}%`), like(outbox.idempotencyKey, `%${personId}%`)));
  const bySubject: OutboxRow[] = [];
  for (const chunk of inBatches(ids)) bySubject.push(...await db.select().from(outbox).where(inArray(outbox.id, chunk)));
  return [...new Map([...byAddress, ...bySubject].map((r) => [r.id, r])).values()].sort((a, b) => a.id - b.id);
}

/**
 * Queues the take-backs and scrubs the rows. Keys keep their shape (with the
 * ID replaced) so a job that would queue the same message again still finds
 * it there and stays quiet. Returns how many posted messages will be taken back.
 */
export async function eraseTracesOf(tx: DB | Tx, personId: string, now: Date): Promise<number> {
  const token = `erased-${randomUUID().slice(0, 8)}`;
  let takenBack = 0;
  const rows = await outboxRowsAbout(tx, personId);
  // Their DM with the bot is theirs: what the bot said there is deleted, not just redacted.
  const dmChannelIds = new Set(rows.filter((r) => r.recipient === personId && r.channelId).map((r) => r.channelId as string));
  for (const row of rows) {
    const payload = row.payload as Payload;
    if (row.status === 'sent' && payload.kind !== 'erased') {
      const inOwnDm = row.recipient === personId || (row.channelId !== null && dmChannelIds.has(row.channelId));
      const actions: [string, Payload][] = [];
      // A file goes with the file; in their own DM the message that shared it goes too.
      if (row.fileId !== null) actions.push([`erase:${row.id}:file`, { kind: 'file_delete', fileId: row.fileId }]);
      if (row.channelId && row.sentTs && (row.fileId === null || inOwnDm)) {
        actions.push([`erase:${row.id}`, inOwnDm ? { kind: 'delete', channel: row.channelId, ts: row.sentTs } : { kind: 'redact', channel: row.channelId, ts: row.sentTs, text: REDACTED_TEXT }]);
      }
      for (const [key, action] of actions) {
        await tx.insert(outbox)
          .values({ idempotencyKey: key, recipient: row.channelId ?? 'files', payload: action as Record<string, unknown>, notBefore: now, workingHoursOnly: false })
          .onConflictDoNothing();
        takenBack += 1;
      }
    }
    await tx.update(outbox)
      .set({
        idempotencyKey: row.idempotencyKey.split(personId).join(token),
        recipient: row.recipient.split(personId).join(token),
        payload: { kind: 'erased' },
        status: row.status === 'sent' ? 'sent' : 'failed',
        lastError: row.status === 'sent' ? row.lastError : 'erased: someone it was about deleted their data',
        // A drain posting it right now no longer holds it: it cannot record the send, and takes back what it posted.
        leaseToken: null,
        leaseUntil: null,
        channelId: row.channelId !== null && dmChannelIds.has(row.channelId) ? null : row.channelId,
      })
      .where(eq(outbox.id, row.id));
  }
  await tx.delete(outboxSubjects).where(eq(outboxSubjects.personId, personId));
  return takenBack;
}

/**
 * A message that reached Slack while its subject's erasure committed (the
 * drain was already posting it): it is taken back, as the erasure would have.
 */
export async function takeBackLateSend(db: DB | Tx, rowId: number, channel: string, ts: string, now: Date): Promise<void> {
  await db.insert(outbox)
    .values({ idempotencyKey: `erase:${rowId}:late`, recipient: channel, payload: { kind: 'delete', channel, ts }, notBefore: now, workingHoursOnly: false })
    .onConflictDoNothing();
}

/** Whether a row was erased (its subject deleted their data) since it was read. */
export async function erasedSince(db: DB | Tx, rowId: number): Promise<boolean> {
  const row = await first(db.select({ payload: outbox.payload }).from(outbox).where(eq(outbox.id, rowId)));
  return (row?.payload as Payload | undefined)?.kind === 'erased';
}

/** A redaction may also carry new blocks: a round preview re-drawn without the person. */
export async function queueRedaction(tx: DB | Tx, key: string, channel: string, ts: string, text: string, blocks: unknown[] | undefined, now: Date): Promise<void> {
  await tx.insert(outbox)
    .values({ idempotencyKey: key, recipient: channel, payload: { kind: 'redact', channel, ts, text, ...(blocks ? { blocks } : {}) }, notBefore: now, workingHoursOnly: false })
    .onConflictDoNothing();
}
