import { and, eq, inArray, or } from 'drizzle-orm';
import type { DB, Tx } from '../db/client.js';
import { type Match, matches } from '../db/schema.js';

export const OPEN_STATUSES = ['requested', 'active', 'paused'] as const;
type Status = Match['status'];

export function findMatch(db: DB | Tx, matchId: number): Match | undefined {
  return db.select().from(matches).where(eq(matches.id, matchId)).get();
}

const involving = (userId: string) => or(eq(matches.mentorId, userId), eq(matches.menteeId, userId));

export function openMatchesOf(db: DB | Tx, userId: string): Match[] {
  return matchesOf(db, userId, OPEN_STATUSES);
}

export function matchesOf(db: DB | Tx, userId: string, statuses: readonly Status[]): Match[] {
  return db
    .select()
    .from(matches)
    .where(and(inArray(matches.status, [...statuses]), involving(userId)))
    .orderBy(matches.id)
    .all();
}

export function matchesOfKind(db: DB | Tx, kind: Match['kind'], status: Status): Match[] {
  return db.select().from(matches).where(and(eq(matches.kind, kind), eq(matches.status, status))).all();
}

export function partnerOf(match: Pick<Match, 'mentorId' | 'menteeId'>, userId: string): string | null {
  return match.mentorId === userId ? match.menteeId : match.mentorId;
}

export const isInMatch = (match: Pick<Match, 'mentorId' | 'menteeId'>, userId: string): boolean => match.mentorId === userId || match.menteeId === userId;

/**
 * The only way a match changes status: from one of `from`, atomically, with
 * the fields the new status needs. Returns the updated match, or undefined
 * when it was not in one of `from` (already answered, ended, resumed…).
 */
export function transition(db: DB | Tx, matchId: number, from: readonly Status[], to: Status, fields: Partial<Omit<Match, 'id' | 'status'>> = {}): Match | undefined {
  return db
    .update(matches)
    .set({ ...fields, status: to })
    .where(and(eq(matches.id, matchId), inArray(matches.status, [...from])))
    .returning()
    .get();
}

/** Ends every open match of a person; returns what was open, so partners can be told. */
export function endOpenMatches(tx: DB | Tx, userId: string, reason: string, now: Date): Match[] {
  return openMatchesOf(tx, userId).flatMap((m) => transition(tx, m.id, OPEN_STATUSES, 'ended', { endedAt: now, endReason: reason }) ?? []);
}
