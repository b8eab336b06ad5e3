import { asc, count, eq } from 'drizzle-orm';
import type { DB } from '../db/client.js';
import { outbox, type OutboxRow } from '../db/schema.js';
import { recipientVerdict } from './recipients.js';
import type { Payload } from './sending.js';
import { first } from '../db/query.js';

/*
 * What the outbox holds, for operators (`npm run job -- outbox --status`):
 * read-only, and by the same rules a drain applies, so "due now" means a
 * drain at `now` would try it.
 */

export type FailureKind = 'withdrawn' | 'expired' | 'dropped' | 'slack';

export interface OutboxStatus {
  at: Date;
  pending: {
    total: number;
    /** A drain at `now` would try these. */
    due: number;
    /** Not yet: scheduled for later, outside the recipient's working hours, or they are paused. */
    waiting: number;
    /** Due, but queued behind an earlier message of the same conversation that is failing or being sent. */
    behind: number;
    /** Failed (Slack answered an error) and retried later, until the delivery horizon. */
    backingOff: number;
    /** An attempt may have reached Slack (a 5xx, a timeout, a crash): the conversation is searched before any resend. */
    awaitingLookup: number;
  };
  sending: {
    total: number;
    /** Claims whose lease ran out (a process died or hung): the next drain puts them back, to be looked up. */
    leaseExpired: number;
  };
  sent: number;
  failed: {
    total: number;
    /** By `last_error`, most frequent first within each kind. */
    reasons: { kind: FailureKind; reason: string; count: number }[];
  };
  /** The pending message queued longest ago. */
  oldestPending: { key: string; queuedAt: Date; ageMs: number } | null;
}

export interface OutboxStatusOptions {
  /** Coordinators may be told things without being members, as in a drain. */
  coordinators?: readonly string[];
  /** Real time in epoch ms, for leases (default: the system clock). */
  realNow?: number;
}

/** The reasons a drain (recipients.ts) or an erasure (erase.ts) records when it drops a message unsent. */
const DROPPED = [/deleted their data/, /left the program/, /has no working hours/];

export function failureKind(reason: string): FailureKind {
  if (reason === 'withdrawn') return 'withdrawn';
  if (reason.startsWith('expired')) return 'expired';
  if (DROPPED.some((pattern) => pattern.test(reason))) return 'dropped';
  return 'slack';
}

const KIND_ORDER: readonly FailureKind[] = ['withdrawn', 'expired', 'dropped', 'slack'];
const NO_REASON = '(no reason recorded)';

export async function outboxStatus(db: DB, now: Date, options: OutboxStatusOptions = {}): Promise<OutboxStatus> {
  const realNow = options.realNow ?? Date.now();
  const coordinators = options.coordinators ?? [];
  const rows = await db.select().from(outbox).where(eq(outbox.status, 'pending')).orderBy(asc(outbox.id));
  const sendingRows = await db.select({ recipient: outbox.recipient, leaseUntil: outbox.leaseUntil }).from(outbox).where(eq(outbox.status, 'sending'));
  const sent = (await first(db.select({ n: count() }).from(outbox).where(eq(outbox.status, 'sent'))))?.n ?? 0;
  const failedRows = await db.select({ reason: outbox.lastError, n: count() }).from(outbox).where(eq(outbox.status, 'failed')).groupBy(outbox.lastError);

  // A conversation is held back by a message that failed (the drain retries it first) or one being sent now.
  const liveClaims = sendingRows.filter((r) => r.leaseUntil !== null && r.leaseUntil >= realNow).map((r) => r.recipient);
  const retryingHead = new Map<string, number>();
  for (const row of rows) if (row.failingSince !== null && !retryingHead.has(row.recipient)) retryingHead.set(row.recipient, row.id);
  const inFlight = new Set(liveClaims);

  const pending = { total: rows.length, due: 0, waiting: 0, behind: 0, backingOff: 0, awaitingLookup: 0 };
  for (const row of rows) pending[await stateOf(db, row, now, coordinators, retryingHead, inFlight)] += 1;

  const oldest = rows.reduce<OutboxRow | undefined>((a, b) => (a === undefined || b.createdAt < a.createdAt ? b : a), undefined);
  const reasons = failedRows
    .map(({ reason, n }) => ({ kind: failureKind(reason ?? NO_REASON), reason: reason ?? NO_REASON, count: n }))
    .sort((a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) || b.count - a.count || a.reason.localeCompare(b.reason));
  return {
    at: now,
    pending,
    sending: { total: sendingRows.length, leaseExpired: sendingRows.length - liveClaims.length },
    sent,
    failed: { total: reasons.reduce((sum, r) => sum + r.count, 0), reasons },
    oldestPending: oldest ? { key: oldest.idempotencyKey, queuedAt: oldest.createdAt, ageMs: Math.max(0, now.getTime() - oldest.createdAt.getTime()) } : null,
  };
}

type PendingState = 'due' | 'waiting' | 'behind' | 'backingOff' | 'awaitingLookup';

async function stateOf(db: DB, row: OutboxRow, now: Date, coordinators: readonly string[], retryingHead: Map<string, number>, inFlight: Set<string>): Promise<PendingState> {
  if (row.uncertain) return 'awaitingLookup';
  if (row.failingSince !== null) return 'backingOff';
  if (row.notBefore > now) return 'waiting';
  const head = retryingHead.get(row.recipient);
  if ((head !== undefined && head !== row.id) || inFlight.has(row.recipient)) return 'behind';
  const payload = row.payload as Payload;
  if (payload.kind === 'delete' || payload.kind === 'redact' || payload.kind === 'file_delete' || payload.kind === 'erased') return 'due';
  // Due by the clock, but the recipient's hours or pause hold it (the next drain will move its time).
  const verdict = await recipientVerdict(db, { ...row, reply: 'reply' in payload && payload.reply === true }, now, { coordinators });
  return verdict.kind === 'hold' ? 'waiting' : 'due';
}

/** A duration as an operator reads it: "under a minute", "12 min", "3 h 05 min", "2 d 4 h". */
export function formatAge(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 1) return 'under a minute';
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} h ${String(minutes % 60).padStart(2, '0')} min`;
  return `${Math.floor(hours / 24)} d ${hours % 24} h`;
}

const KIND_LABEL: Record<FailureKind, string> = { withdrawn: 'withdrawn', expired: 'expired', dropped: 'dropped', slack: 'Slack error' };

/** The status as a few aligned lines: label, count, and what it means. */
export function formatOutboxStatus(status: OutboxStatus): string {
  const { pending, sending, failed } = status;
  const lines: [label: string, count: number, note: string][] = [
    ['pending', pending.total, status.oldestPending ? `oldest queued ${formatAge(status.oldestPending.ageMs)} ago (${status.oldestPending.key})` : ''],
    ['  due now', pending.due, 'the next drain tries these'],
    ['  waiting', pending.waiting, 'for a later time, working hours or the end of a pause'],
    ['  behind', pending.behind, 'queued behind an earlier message to the same conversation'],
    ['  backing off', pending.backingOff, 'after failures; retried for up to a day'],
    ['  awaiting look-up', pending.awaitingLookup, 'may have reached Slack; searched for before any resend'],
    ['sending', sending.total, sending.leaseExpired > 0 ? `${sending.leaseExpired} with an expired claim, put back by the next drain` : ''],
    ['sent', status.sent, ''],
    ['failed', failed.total, ''],
    ...failed.reasons.map((r): [string, number, string] => [`  ${KIND_LABEL[r.kind]}`, r.count, r.reason === KIND_LABEL[r.kind] ? '' : r.reason]),
  ];
  const labelWidth = Math.max(...lines.map(([label]) => label.length));
  const countWidth = Math.max(...lines.map(([, count]) => String(count).length));
  return [
    `Outbox at ${status.at.toISOString()}`,
    ...lines.map(([label, count, note]) => `  ${label.padEnd(labelWidth)}  ${String(count).padStart(countWidth)}${note ? `  ${note}` : ''}`),
  ].join('\n');
}
