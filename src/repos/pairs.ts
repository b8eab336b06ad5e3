import { and, desc, eq, gte, inArray, isNotNull, lte } from 'drizzle-orm';
import type { DB } from '../db/client.js';
import { checkIns, type Match, matches, sessions } from '../db/schema.js';
import type { PairFacts } from '../domain/scheduling/cadence.js';

/** Active mentorships with both people still present. */
export function activePairs(db: DB): Match[] {
  return db
    .select()
    .from(matches)
    .where(and(eq(matches.status, 'active'), isNotNull(matches.mentorId), isNotNull(matches.menteeId)))
    .all();
}

/** When the pair's current stretch began: the start, or the last resume after a pause. */
export function anchorOf(match: Match): Date {
  return match.resumedAt ?? match.decidedAt ?? match.requestedAt;
}

/**
 * What the cadence rules need about one pair: its check-ins since the
 * current stretch began (an old streak must not pause a resumed pair), and
 * its last session that has started (cancelled ones are no sign of life).
 */
export function pairFacts(db: DB, match: Match, now: Date): PairFacts {
  const anchor = anchorOf(match);
  const lastSession = db
    .select({ startsAt: sessions.startsAt })
    .from(sessions)
    .where(and(eq(sessions.matchId, match.id), inArray(sessions.status, ['booked', 'held']), lte(sessions.startsAt, now)))
    .orderBy(desc(sessions.startsAt))
    .limit(1)
    .get();
  return {
    matchId: match.id,
    startedAt: anchor,
    lastSessionAt: lastSession?.startsAt ?? null,
    checkIns: db
      .select({ kind: checkIns.kind, dueAt: checkIns.dueAt, sentAt: checkIns.sentAt, answeredAt: checkIns.answeredAt })
      .from(checkIns)
      .where(and(eq(checkIns.matchId, match.id), gte(checkIns.dueAt, anchor)))
      .all(),
  };
}
