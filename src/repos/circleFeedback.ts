import { and, asc, count, eq, gt } from 'drizzle-orm';
import type { DB, Tx } from '../db/client.js';
import { circleAttendance, circleRatings, type CircleSession, circleSessions } from '../db/schema.js';

/** What one member answered about one circle session, and what a circle's sessions come to. */

export function findAttendance(db: DB | Tx, sessionId: number, personId: string) {
  return db
    .select()
    .from(circleAttendance)
    .where(and(eq(circleAttendance.sessionId, sessionId), eq(circleAttendance.personId, personId)))
    .get();
}

export function findCircleRating(db: DB | Tx, sessionId: number, raterId: string) {
  return db
    .select()
    .from(circleRatings)
    .where(and(eq(circleRatings.sessionId, sessionId), eq(circleRatings.raterId, raterId)))
    .get();
}

/** The circle's next planned session after `after`, if one is planned. */
export function nextPlannedSession(db: DB | Tx, circleId: number, after: Date): CircleSession | undefined {
  return db
    .select()
    .from(circleSessions)
    .where(and(eq(circleSessions.circleId, circleId), eq(circleSessions.status, 'planned'), gt(circleSessions.startsAt, after)))
    .orderBy(asc(circleSessions.startsAt))
    .limit(1)
    .get();
}

export function heldSessionCount(db: DB | Tx, circleId: number): number {
  return (
    db
      .select({ n: count() })
      .from(circleSessions)
      .where(and(eq(circleSessions.circleId, circleId), eq(circleSessions.status, 'held')))
      .get()?.n ?? 0
  );
}

export function plannedSessionCount(db: DB | Tx, circleId: number): number {
  return (
    db
      .select({ n: count() })
      .from(circleSessions)
      .where(and(eq(circleSessions.circleId, circleId), eq(circleSessions.status, 'planned')))
      .get()?.n ?? 0
  );
}
