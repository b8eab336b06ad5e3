import { and, eq, inArray, lte, or } from 'drizzle-orm';
import type { DB, Tx } from '../db/client.js';
import { type Match, matches } from '../db/schema.js';
import { type MatchStatus, OPEN_MATCH_STATUSES, RUNNING_MATCH_STATUSES } from '../domain/mentorship.js';
import { endPause } from './matchPauses.js';
import { first } from '../db/query.js';

type Status = MatchStatus;

export async function findMatch(db: DB | Tx, matchId: number): Promise<Match | undefined> {
  return await first(db.select().from(matches).where(eq(matches.id, matchId)));
}

const involving = (userId: string) => or(eq(matches.mentorId, userId), eq(matches.menteeId, userId));

export async function openMatchesOf(db: DB | Tx, userId: string): Promise<Match[]> {
  return matchesOf(db, userId, OPEN_MATCH_STATUSES);
}

export async function matchesOf(db: DB | Tx, userId: string, statuses: readonly Status[]): Promise<Match[]> {
  return await db
    .select()
    .from(matches)
    .where(and(inArray(matches.status, [...statuses]), involving(userId)))
    .orderBy(matches.id);
}

export async function matchesOfKind(db: DB | Tx, kind: Match['kind'], status: Status): Promise<Match[]> {
  return await db.select().from(matches).where(and(eq(matches.kind, kind), eq(matches.status, status)));
}

/**
 * The only way a match changes status: from one of `from`, atomically, with
 * the fields the new status needs. Returns the updated match, or undefined
 * when it was not in one of `from` (already answered, ended, resumed…).
 */
export async function transition(db: DB | Tx, matchId: number, from: readonly Status[], to: Status, fields: Partial<Omit<Match, 'id' | 'status'>> = {}): Promise<Match | undefined> {
  const changed = await first(db
    .update(matches)
    .set({ ...fields, status: to })
    .where(and(eq(matches.id, matchId), inArray(matches.status, [...from])))
    .returning());
  // Leaving a pause, however it is left (resumed, ended), ends its spell: here, so no path can forget it.
  const left = to === 'active' ? fields.resumedAt : to === 'ended' ? fields.endedAt : undefined;
  if (changed && left) await endPause(db, matchId, left);
  return changed;
}

/**
 * A mentee's open requests and mentorships of one kind in one program (one of
 * a kind per program, as the unique index holds it): a pending fresh-start
 * request is listed beside the mentorship it would replace.
 */
export async function openMatchesOfMentee(db: DB | Tx, menteeId: string, kind: Match['kind'], programId: number): Promise<Match[]> {
  return await db
    .select()
    .from(matches)
    .where(and(eq(matches.menteeId, menteeId), eq(matches.kind, kind), eq(matches.programId, programId), inArray(matches.status, [...OPEN_MATCH_STATUSES])));
}

/** Requests still waiting for an answer between two people, whichever asked whom. */
export async function requestsBetween(db: DB | Tx, a: string, b: string): Promise<Match[]> {
  return await db
    .select()
    .from(matches)
    .where(and(eq(matches.status, 'requested'), or(and(eq(matches.mentorId, a), eq(matches.menteeId, b)), and(eq(matches.mentorId, b), eq(matches.menteeId, a)))));
}

/** How many people a mentor mentors now, in one program and in all the others (a paused mentorship still holds its place). */
export async function mentoringCount(db: DB | Tx, mentorId: string, programId: number): Promise<{ here: number; elsewhere: number }> {
  const rows = await db.select({ programId: matches.programId }).from(matches).where(and(eq(matches.mentorId, mentorId), inArray(matches.status, [...RUNNING_MATCH_STATUSES])));
  const here = rows.filter((r) => r.programId === programId).length;
  return { here, elsewhere: rows.length - here };
}

/**
 * A new match, unless the unique indexes say the pair (or the mentee, for
 * this kind) already has an open one, or a fresh-start request already waits
 * in place of the same mentorship: then undefined, and nothing changes.
 */
export async function createMatch(db: DB | Tx, values: typeof matches.$inferInsert): Promise<Match | undefined> {
  return await first(db.insert(matches).values(values).onConflictDoNothing().returning());
}

/** The fresh-start request waiting for an answer in place of this mentorship, if any (a unique index allows one). */
export async function pendingFreshStart(db: DB | Tx, replacedId: number): Promise<Match | undefined> {
  return await first(db.select().from(matches).where(and(eq(matches.replacesMatchId, replacedId), eq(matches.status, 'requested'))));
}

/** Self-serve requests still waiting for the mentor, asked at or before `before`. */
export async function requestsWaitingSince(db: DB | Tx, before: Date): Promise<Match[]> {
  return await db.select().from(matches).where(and(eq(matches.status, 'requested'), eq(matches.source, 'self_serve'), lte(matches.requestedAt, before)));
}

export async function openMatchesInProgram(db: DB | Tx, programId: number): Promise<Match[]> {
  return await db.select().from(matches).where(and(eq(matches.programId, programId), inArray(matches.status, [...OPEN_MATCH_STATUSES]))).orderBy(matches.id);
}

/** A match just ended, with the status it had: a request that never began is not told about as a mentorship. */
export type EndedMatch = Match & { was: Status };

async function endEach(tx: DB | Tx, open: readonly Match[], reason: string, now: Date): Promise<EndedMatch[]> {
  const out: EndedMatch[] = [];
  // One after another: the caller's transaction runs them on one connection, in order.
  for (const m of open) {
    const ended = await transition(tx, m.id, OPEN_MATCH_STATUSES, 'ended', { endedAt: now, endReason: reason });
    if (ended) out.push({ ...ended, was: m.status });
  }
  return out;
}

/** Ends a person's open matches in one program; returns what was open, so partners can be told. */
export async function endOpenMatchesIn(tx: DB | Tx, userId: string, programId: number, reason: string, now: Date): Promise<EndedMatch[]> {
  return endEach(
    tx,
    (await openMatchesOf(tx, userId)).filter((m) => m.programId === programId),
    reason,
    now,
  );
}

/** Ends every open match of a person; returns what was open, so partners can be told. */
export async function endOpenMatches(tx: DB | Tx, userId: string, reason: string, now: Date): Promise<EndedMatch[]> {
  return endEach(tx, await openMatchesOf(tx, userId), reason, now);
}

/** Whether two people have an open mentorship together, either way round, in any program. */
export async function openMatchBetween(db: DB | Tx, a: string, b: string): Promise<boolean> {
  return (
    await first(db
      .select({ id: matches.id })
      .from(matches)
      .where(and(inArray(matches.status, [...OPEN_MATCH_STATUSES]), or(and(eq(matches.mentorId, a), eq(matches.menteeId, b)), and(eq(matches.mentorId, b), eq(matches.menteeId, a)))))) !== undefined
  );
}
