import { and, asc, eq, gt, inArray, isNotNull, lte, or } from 'drizzle-orm';
import type { DB, Tx } from '../db/client.js';
import { circleMembers, circles, circleSessions, type Match, matches, type Session, type SessionProposal, sessionProposals, sessions } from '../db/schema.js';
import type { Interval } from '../domain/localTime.js';

export type StoredSlot = { start: number; end: number };

/**
 * When the person is already taken: booked sessions of every pair they are
 * in, and the planned sessions of every circle they sit in or facilitate.
 * A new slot may clash with none.
 */
export function bookedIntervalsFor(db: DB | Tx, userId: string, exceptSessionId?: number): Interval[] {
  const pairs = db
    .select({ id: sessions.id, start: sessions.startsAt, end: sessions.endsAt })
    .from(sessions)
    .innerJoin(matches, eq(matches.id, sessions.matchId))
    .where(and(eq(sessions.status, 'booked'), or(eq(matches.mentorId, userId), eq(matches.menteeId, userId))))
    .all()
    .filter((s) => s.id !== exceptSessionId);
  const seated = db.select({ circleId: circleMembers.circleId }).from(circleMembers).where(and(eq(circleMembers.personId, userId), eq(circleMembers.status, 'member')));
  const circleTimes = db
    .select({ start: circleSessions.startsAt, end: circleSessions.endsAt })
    .from(circleSessions)
    .innerJoin(circles, eq(circles.id, circleSessions.circleId))
    .where(and(eq(circleSessions.status, 'planned'), eq(circles.status, 'active'), or(eq(circles.facilitatorId, userId), inArray(circleSessions.circleId, seated))))
    .all();
  return [...pairs, ...circleTimes].map((s) => ({ start: s.start.getTime(), end: s.end.getTime() }));
}

/** The person's next booked sessions, soonest first, with the pair they belong to. */
export function upcomingSessionsOf(db: DB, userId: string, now: Date, limit: number) {
  return db
    .select({ start: sessions.startsAt, mentorId: matches.mentorId, menteeId: matches.menteeId })
    .from(sessions)
    .innerJoin(matches, eq(matches.id, sessions.matchId))
    .where(and(eq(sessions.status, 'booked'), gt(sessions.startsAt, now), or(eq(matches.mentorId, userId), eq(matches.menteeId, userId))))
    .orderBy(asc(sessions.startsAt))
    .limit(limit)
    .all();
}

export function findSession(db: DB | Tx, sessionId: number): Session | undefined {
  return db.select().from(sessions).where(eq(sessions.id, sessionId)).get();
}

export function findProposal(db: DB | Tx, proposalId: number): SessionProposal | undefined {
  return db.select().from(sessionProposals).where(eq(sessionProposals.id, proposalId)).get();
}

export function insertProposal(db: DB | Tx, values: typeof sessionProposals.$inferInsert): SessionProposal {
  return db.insert(sessionProposals).values(values).returning().get();
}

/** Answers an open proposal, once: the status condition makes a second click change nothing. */
export function answerProposal(db: DB | Tx, proposalId: number, to: 'accepted' | 'declined', answeredBy?: string): SessionProposal | undefined {
  const mine = answeredBy ? eq(sessionProposals.proposedTo, answeredBy) : undefined;
  return db
    .update(sessionProposals)
    .set({ status: to })
    .where(and(eq(sessionProposals.id, proposalId), eq(sessionProposals.status, 'open'), mine))
    .returning()
    .get();
}

/** Offers of new times for a session being moved, still waiting for a pick. */
export function openMoves(db: DB | Tx): SessionProposal[] {
  return db.select().from(sessionProposals).where(and(eq(sessionProposals.status, 'open'), isNotNull(sessionProposals.sessionId))).all();
}

/** Closes an open proposal nobody answered, once. */
export function expireProposal(db: DB | Tx, proposalId: number): SessionProposal | undefined {
  return db.update(sessionProposals).set({ status: 'expired' }).where(and(eq(sessionProposals.id, proposalId), eq(sessionProposals.status, 'open'))).returning().get();
}

export function proposalsOf(db: DB | Tx, matchId: number, reason: SessionProposal['reason']): SessionProposal[] {
  return db.select().from(sessionProposals).where(and(eq(sessionProposals.matchId, matchId), eq(sessionProposals.reason, reason))).all();
}

export function insertSession(db: DB | Tx, values: typeof sessions.$inferInsert): Session {
  return db.insert(sessions).values(values).returning().get();
}

/** Changes a session from one of `from`, atomically; undefined when it was not in one of them. */
export function updateSession(db: DB | Tx, sessionId: number, from: readonly Session['status'][], values: Partial<Omit<Session, 'id'>>): Session | undefined {
  return db
    .update(sessions)
    .set(values)
    .where(and(eq(sessions.id, sessionId), inArray(sessions.status, [...from])))
    .returning()
    .get();
}

/** Booked sessions whose end has passed, with their pair: due to become held. */
export function bookedSessionsEndedBy(db: DB | Tx, now: Date): { session: Session; match: Match }[] {
  return db
    .select({ session: sessions, match: matches })
    .from(sessions)
    .innerJoin(matches, eq(matches.id, sessions.matchId))
    .where(and(eq(sessions.status, 'booked'), lte(sessions.endsAt, now)))
    .all();
}

/** A pair's sessions still to come: booked, or waiting for a new time. */
export function futureBookedSessions(db: DB | Tx, matchId: number, now: Date): Session[] {
  return db
    .select()
    .from(sessions)
    .where(and(eq(sessions.matchId, matchId), inArray(sessions.status, ['booked', 'proposed']), gt(sessions.startsAt, now)))
    .all();
}

/** Sessions of a pair that are booked or held and start in [from, to). */
export function plannedSessionsBetween(db: DB | Tx, matchId: number, from: Date, to: Date): Session[] {
  return db
    .select()
    .from(sessions)
    .where(and(eq(sessions.matchId, matchId), inArray(sessions.status, ['booked', 'held'])))
    .all()
    .filter((s) => s.startsAt >= from && s.startsAt < to);
}

/** Minutes a mentor has booked or held in one program's sessions starting in [from, to): what its monthly hours guardrail counts. */
export function mentorMinutesBetween(db: DB | Tx, mentorId: string, programId: number, from: Date, to: Date): number {
  const rows = db
    .select({ startsAt: sessions.startsAt, endsAt: sessions.endsAt })
    .from(sessions)
    .innerJoin(matches, eq(matches.id, sessions.matchId))
    .where(and(eq(matches.mentorId, mentorId), eq(matches.programId, programId), inArray(sessions.status, ['booked', 'held']), gt(sessions.startsAt, new Date(from.getTime() - 1)), lte(sessions.startsAt, new Date(to.getTime() - 1))))
    .all();
  return rows.reduce((sum, r) => sum + (r.endsAt.getTime() - r.startsAt.getTime()) / 60_000, 0);
}
