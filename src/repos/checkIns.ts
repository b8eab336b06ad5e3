import { eq, sql } from 'drizzle-orm';
import type { DB, Tx } from '../db/client.js';
import { prepared } from '../db/prepared.js';
import { type CheckIn, checkIns } from '../db/schema.js';
import { first } from '../db/query.js';
import { inBatches } from '../db/inBatches.js';
import { insertMany } from '../db/insertMany.js';

export async function findCheckIn(db: DB | Tx, checkInId: number): Promise<CheckIn | undefined> {
  return await first(db.select().from(checkIns).where(eq(checkIns.id, checkInId)));
}

/**
 * The check-in for a pair, kind and due date, created once: the unique key
 * makes a second planning run a no-op (undefined). A fan-out creates
 * thousands, so the statement is prepared once per connection.
 */
/** The new check-in's id, or undefined when the pair already has this one. */
export type NewCheckIn = { matchId: number; personId: string; kind: CheckIn['kind']; dueAt: Date; sentAt: Date };

/** The row a check-in would take: one per pair, person, kind and due date. */
export const checkInSlot = (c: { matchId: number; personId: string | null; kind: CheckIn['kind']; dueAt: Date }) => `${c.matchId}:${c.personId}:${c.kind}:${c.dueAt.getTime()}`;

/** Many check-ins in multi-row inserts, for the fan-out; returns the id of each one created, by its slot (one already there is left out). */
export async function createCheckIns(db: DB | Tx, values: readonly NewCheckIn[]): Promise<Map<string, number>> {
  const created = new Map<string, number>();
  for (const batch of inBatches(values, 5_000)) {
    const rows = await insertMany(db, checkIns, batch, { returning: { id: checkIns.id, matchId: checkIns.matchId, personId: checkIns.personId, kind: checkIns.kind, dueAt: checkIns.dueAt } });
    for (const row of rows) created.set(checkInSlot(row), row.id);
  }
  return created;
}

/** Records an answer; a second answer replaces the first. */
export async function recordAnswer(db: DB | Tx, checkInId: number, answer: string, note: string | null, now: Date): Promise<void> {
  await db.update(checkIns).set({ answer, note, answeredAt: now }).where(eq(checkIns.id, checkInId));
}
