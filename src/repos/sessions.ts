import { and, asc, eq, gt, inArray, isNotNull, lte, or } from 'drizzle-orm';
import type { DB, Tx } from '../db/client.js';
import { circleMembers, circles, circleSessions, type Match, matches, type Session, type SessionProposal, sessionProposals, sessions } from '../db/schema.js';
import type { Interval } from '../domain/localTime.js';
import { first } from '../db/query.js';
import { inserted } from './inserted.js';

export type StoredSlot = { start: number; end: number };

/**
 * When the person is already taken: booked sessions of every pair they are
 * in, and the planned sessions of every circle they sit in or facilitate.
 * A new slot may clash with none.
 */
export async function bookedIntervalsFor(db: DB | Tx, userId: string, exceptSessionId?: number): Promise<Interval[]> {
  const pairs = (await db
    .select({ id: sessions.id, start: sessions.startsAt, end: sessions.endsAt })
    .from(sessions)
    .innerJoin(matches, eq(matches.id, sessions.matchId))
    .where(and(eq(sessions.status, 'booked'), or(eq(matches.mentorId, userId), eq(matches.menteeId, userId)))))
    .filter((s) => s.id !== exceptSessionId);
  const seated = db.select({ circleId: circleMembers.circleId }).from(circleMembers).where(and(eq(circleMembers.personId, userId), eq(circleMembers.status, 'member')));
  const circleTimes = await db
    .select({ start: circleSessions.startsAt, end: circleSessions.endsAt })
    .from(circleSessions)
    .innerJoin(circles, eq(circles.id, circleSessions.circleId))
    .where(and(eq(circleSessions.status, 'planned'), eq(circles.status, 'active'), or(eq(circles.facilitatorId, userId), inArray(circleSessions.circleId, seated))));
  return [...pairs, ...circleTimes].map((s) => ({ start: s.start.getTime(), end: s.end.getTime() }));
}

/** The person's next booked sessions, soonest first, with the pair they belong to. */
export async function upcomingSessionsOf(db: DB, userId: string, now: Date, limit: number) {
  return await db
    .select({ start: sessions.startsAt, mentorId: matches.mentorId, menteeId: matches.menteeId })
    .from(sessions)
    .innerJoin(matches, eq(matches.id, sessions.matchId))
    .where(and(eq(sessions.status, 'booked'), gt(sessions.startsAt, now), or(eq(matches.mentorId, userId), eq(matches.menteeId, userId))))
    .orderBy(asc(sessions.startsAt))
    .limit(limit);
}

export async function findSession(db: DB | Tx, sessionId: number): Promise<Session | undefined> {
  return await first(db.select().from(sessions).where(eq(sessions.id, sessionId)));
}

export async function findProposal(db: DB | Tx, proposalId: number): Promise<SessionProposal | undefined> {
  return await first(db.select().from(sessionProposals).where(eq(sessionProposals.id, proposalId)));
}

export async function insertProposal(db: DB | Tx, values: typeof sessionProposals.$inferInsert): Promise<SessionProposal> {
  return await inserted(db.insert(sessionProposals).values(values).returning());
}

/** Answers an open proposal, once: the status condition makes a second click change nothing. */
export async function answerProposal(db: DB | Tx, proposalId: number, to: 'accepted' | 'declined', answeredBy?: string): Promise<SessionProposal | undefined> {
  const mine = answeredBy ? eq(sessionProposals.proposedTo, answeredBy) : undefined;
  return await first(db
    .update(sessionProposals)
    .set({ status: to })
    .where(and(eq(sessionProposals.id, proposalId), eq(sessionProposals.status, 'open'), mine))
    .returning());
}

/** Offers of new times for a session being moved, still waiting for a pick. */
export async function openMoves(db: DB | Tx): Promise<SessionProposal[]> {
  return await db.select().from(sessionProposals).where(and(eq(sessionProposals.status, 'open'), isNotNull(sessionProposals.sessionId)));
}

/** Closes an open proposal nobody answered, once. */
export async function expireProposal(db: DB | Tx, proposalId: number): Promise<SessionProposal | undefined> {
  return await first(db.update(sessionProposals).set({ status: 'expired' }).where(and(eq(sessionProposals.id, proposalId), eq(sessionProposals.status, 'open'))).returning());
}

export async function proposalsOf(db: DB | Tx, matchId: number, reason: SessionProposal['reason']): Promise<SessionProposal[]> {
  return await db.select().from(sessionProposals).where(and(eq(sessionProposals.matchId, matchId), eq(sessionProposals.reason, reason)));
}

export async function insertSession(db: DB | Tx, values: typeof sessions.$inferInsert): Promise<Session> {
  return await inserted(db.insert(sessions).values(values).returning());
}

/** Changes a session from one of `from`, atomically; undefined when it was not in one of them. */
export async function updateSession(db: DB | Tx, sessionId: number, from: readonly Session['status'][], values: Partial<Omit<Session, 'id'>>): Promise<Session | undefined> {
  return await first(db
    .update(sessions)
    .set(values)
    .where(and(eq(sessions.id, sessionId), inArray(sessions.status, [...from])))
    .returning());
}

/** Booked sessions whose end has passed, with their pair: due to become held. */
export async function bookedSessionsEndedBy(db: DB | Tx, now: Date): Promise<{ session: Session; match: Match }[]> {
  return await db
    .select({ session: sessions, match: matches })
    .from(sessions)
    .innerJoin(matches, eq(matches.id, sessions.matchId))
    .where(and(eq(sessions.status, 'booked'), lte(sessions.endsAt, now)));
}

/** A pair's sessions still to come: booked, or waiting for a new time. */
export async function futureBookedSessions(db: DB | Tx, matchId: number, now: Date): Promise<Session[]> {
  return await db
    .select()
    .from(sessions)
    .where(and(eq(sessions.matchId, matchId), inArray(sessions.status, ['booked', 'proposed']), gt(sessions.startsAt, now)));
}

/** Sessions of a pair that are booked or held and start in [from, to). */
export async function plannedSessionsBetween(db: DB | Tx, matchId: number, from: Date, to: Date): Promise<Session[]> {
  return (await db
    .select()
    .from(sessions)
    .where(and(eq(sessions.matchId, matchId), inArray(sessions.status, ['booked', 'held']))))
    .filter((s) => s.startsAt >= from && s.startsAt < to);
}

/** Minutes a mentor has booked or held in one program's sessions starting in [from, to): what its monthly hours guardrail counts. */
export async function mentorMinutesBetween(db: DB | Tx, mentorId: string, programId: number, from: Date, to: Date): Promise<number> {
  const rows = await db
    .select({ startsAt: sessions.startsAt, endsAt: sessions.endsAt })
    .from(sessions)
    .innerJoin(matches, eq(matches.id, sessions.matchId))
    .where(and(eq(matches.mentorId, mentorId), eq(matches.programId, programId), inArray(sessions.status, ['booked', 'held']), gt(sessions.startsAt, new Date(from.getTime() - 1)), lte(sessions.startsAt, new Date(to.getTime() - 1))));
  return rows.reduce((sum, r) => sum + (r.endsAt.getTime() - r.startsAt.getTime()) / 60_000, 0);
}
