import { and, asc, count, eq, gt } from 'drizzle-orm';
import type { DB, Tx } from '../db/client.js';
import { circleAttendance, circleRatings, type CircleSession, circleSessions } from '../db/schema.js';
import { first } from '../db/query.js';

/** What one member answered about one circle session, and what a circle's sessions come to. */

export async function findAttendance(db: DB | Tx, sessionId: number, personId: string) {
  return await first(db
    .select()
    .from(circleAttendance)
    .where(and(eq(circleAttendance.sessionId, sessionId), eq(circleAttendance.personId, personId))));
}

export async function findCircleRating(db: DB | Tx, sessionId: number, raterId: string) {
  return await first(db
    .select()
    .from(circleRatings)
    .where(and(eq(circleRatings.sessionId, sessionId), eq(circleRatings.raterId, raterId))));
}

/** The circle's next planned session after `after`, if one is planned. */
export async function nextPlannedSession(db: DB | Tx, circleId: number, after: Date): Promise<CircleSession | undefined> {
  return await first(db
    .select()
    .from(circleSessions)
    .where(and(eq(circleSessions.circleId, circleId), eq(circleSessions.status, 'planned'), gt(circleSessions.startsAt, after)))
    .orderBy(asc(circleSessions.startsAt))
    .limit(1));
}

export async function heldSessionCount(db: DB | Tx, circleId: number): Promise<number> {
  return (
    (await first(db
      .select({ n: count() })
      .from(circleSessions)
      .where(and(eq(circleSessions.circleId, circleId), eq(circleSessions.status, 'held')))))?.n ?? 0
  );
}

export async function plannedSessionCount(db: DB | Tx, circleId: number): Promise<number> {
  return (
    (await first(db
      .select({ n: count() })
      .from(circleSessions)
      .where(and(eq(circleSessions.circleId, circleId), eq(circleSessions.status, 'planned')))))?.n ?? 0
  );
}
