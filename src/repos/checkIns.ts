import { eq, sql } from 'drizzle-orm';
import type { DB, Tx } from '../db/client.js';
import { prepared } from '../db/prepared.js';
import { type CheckIn, checkIns } from '../db/schema.js';

export function findCheckIn(db: DB | Tx, checkInId: number): CheckIn | undefined {
  return db.select().from(checkIns).where(eq(checkIns.id, checkInId)).get();
}

/**
 * The check-in for a pair, kind and due date, created once: the unique key
 * makes a second planning run a no-op (undefined). A fan-out creates
 * thousands, so the statement is prepared once per connection.
 */
/** The new check-in's id, or undefined when the pair already has this one. */
export function createCheckIn(db: DB, values: { matchId: number; personId: string; kind: CheckIn['kind']; dueAt: Date; sentAt: Date }): number | undefined {
  const insert = prepared(db, 'checkIns.create', (d) =>
    d
      .insert(checkIns)
      .values({ matchId: sql.placeholder('matchId'), personId: sql.placeholder('personId'), kind: sql.placeholder('kind'), dueAt: sql.placeholder('dueAt'), sentAt: sql.placeholder('sentAt') })
      .onConflictDoNothing()
      .returning({ id: checkIns.id })
      .prepare(),
  );
  return insert.get(values)?.id;
}

/** Records an answer; a second answer replaces the first. */
export function recordAnswer(db: DB | Tx, checkInId: number, answer: string, note: string | null, now: Date): void {
  db.update(checkIns).set({ answer, note, answeredAt: now }).where(eq(checkIns.id, checkInId)).run();
}
