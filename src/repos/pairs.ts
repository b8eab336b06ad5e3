import { and, desc, eq, gte, inArray, isNotNull, lte, sql } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import { prepared } from '../db/prepared.js';
import type { DB, Tx } from '../db/client.js';
import { checkIns, type Match, matches, sessions } from '../db/schema.js';
import { spellsOfPair } from '../domain/pauseSpells.js';
import type { PairFacts } from '../domain/scheduling/cadence.js';
import { personPausesOf } from './personPauses.js';
import { first } from '../db/query.js';
import { inJsonList } from '../db/dialectSql.js';

/** What the cadence needs of an active pair: who, which program, and when its stretch began. */
export type ActivePair = Pick<Match, 'id' | 'programId' | 'requestedAt' | 'decidedAt' | 'resumedAt'> & { mentorId: string; menteeId: string };

/**
 * Active mentorships with both people still present. Only the columns the
 * fan-outs read: they load every active pair at once.
 */
export async function activePairs(db: DB): Promise<ActivePair[]> {
  const pairs = await prepared(db, 'pairs.active', (d) =>
    d
      .select({ id: matches.id, programId: matches.programId, mentorId: matches.mentorId, menteeId: matches.menteeId, requestedAt: matches.requestedAt, decidedAt: matches.decidedAt, resumedAt: matches.resumedAt })
      .from(matches)
      .where(and(eq(matches.status, 'active'), isNotNull(matches.mentorId), isNotNull(matches.menteeId)))
      .prepare(),
  ).execute();
  return pairs as ActivePair[];
}

/** `column IN (the ids)` with the ids as one JSON parameter, so one prepared statement serves any number of them. */
const inIds = (column: SQLiteColumn) => inJsonList(column, 'ids');

type Stretch = Pick<Match, 'id' | 'mentorId' | 'menteeId' | 'requestedAt' | 'decidedAt' | 'resumedAt'>;

/** When the pair's current stretch began: the start, or the last resume after a pause. */
export function anchorOf(match: Pick<Match, 'requestedAt' | 'decidedAt' | 'resumedAt'>): Date {
  return match.resumedAt ?? match.decidedAt ?? match.requestedAt;
}

/**
 * What the cadence rules need about one pair: its check-ins since the
 * current stretch began (an old streak must not pause a resumed pair), and
 * its last session that has started (cancelled ones are no sign of life).
 */
export async function pairFacts(db: DB | Tx, match: Stretch, now: Date): Promise<PairFacts> {
  const anchor = anchorOf(match);
  const lastSession = await first(db
    .select({ startsAt: sessions.startsAt })
    .from(sessions)
    .where(and(eq(sessions.matchId, match.id), inArray(sessions.status, ['booked', 'held']), lte(sessions.startsAt, now)))
    .orderBy(desc(sessions.startsAt))
    .limit(1));
  return {
    matchId: match.id,
    startedAt: anchor,
    lastSessionAt: lastSession?.startsAt ?? null,
    personPauses: spellsOfPair(await personPausesOf(db, [match.mentorId, match.menteeId].filter((id) => id !== null), now), match),
    checkIns: await db
      .select({ kind: checkIns.kind, dueAt: checkIns.dueAt, sentAt: checkIns.sentAt, answeredAt: checkIns.answeredAt })
      .from(checkIns)
      .where(and(eq(checkIns.matchId, match.id), gte(checkIns.dueAt, anchor))),
  };
}

/**
 * pairFacts for many pairs in three queries instead of several per pair: a
 * fortnightly fan-out covers every active mentorship at once. Also gives each
 * pair's next booked session.
 */
export async function pairFactsForAll(db: DB, pairs: readonly Stretch[], now: Date): Promise<Map<number, PairFacts & { nextSessionAt: Date | null }>> {
  const ids = pairs.map((m) => m.id);
  const facts = new Map<number, PairFacts & { nextSessionAt: Date | null }>(
    pairs.map((m) => [m.id, { matchId: m.id, startedAt: anchorOf(m), lastSessionAt: null, nextSessionAt: null, checkIns: [] }]),
  );
  if (ids.length === 0) return facts;
  const spells = await personPausesOf(db, pairs.flatMap((m) => [m.mentorId, m.menteeId].filter((id) => id !== null)), now);
  for (const m of pairs) (facts.get(m.id) as PairFacts).personPauses = spellsOfPair(spells, m);
  const params = { ids: JSON.stringify(ids) };
  const sessionsOf = prepared(db, 'pairs.sessions', (d) => d.select().from(sessions).where(and(inIds(sessions.matchId), inArray(sessions.status, ['booked', 'held']))).prepare());
  for (const s of await sessionsOf.execute(params)) {
    const f = facts.get(s.matchId);
    if (!f) continue;
    if (s.startsAt <= now && (!f.lastSessionAt || s.startsAt > f.lastSessionAt)) f.lastSessionAt = s.startsAt;
    if (s.status === 'booked' && s.startsAt > now && (!f.nextSessionAt || s.startsAt < f.nextSessionAt)) f.nextSessionAt = s.startsAt;
  }
  const checkInsOf = prepared(db, 'pairs.checkIns', (d) => d.select().from(checkIns).where(inIds(checkIns.matchId)).prepare());
  for (const c of await checkInsOf.execute(params)) {
    const f = facts.get(c.matchId);
    if (f && c.dueAt >= f.startedAt) f.checkIns.push({ kind: c.kind, dueAt: c.dueAt, sentAt: c.sentAt, answeredAt: c.answeredAt });
  }
  return facts;
}
