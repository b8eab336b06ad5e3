import { and, eq, inArray, isNotNull, lt } from 'drizzle-orm';
import type { DB, Tx } from '../db/client.js';
import { checkIns, matchRounds, matches, people, ratings, sessions } from '../db/schema.js';
import type { SelfDescriptionAnswers } from '../domain/selfDescription.js';
import { spellsOfPair } from '../domain/pauseSpells.js';
import { pausesOf } from './matchPauses.js';
import { personPausesOf } from './personPauses.js';
import { selfDescriptionsOf } from './selfDescriptions.js';
import { inBatches } from '../db/inBatches.js';

/**
 * What a program's bias audit counts, read in a few queries: who looked
 * for a partner (named in a published round, or who asked someone), every
 * match with the signs of life its stall is judged by, the session ratings
 * given by the people mentored, and each of those people's org facts and,
 * when the program asks, self-described answers. People who erased their
 * data are no longer anyone and are not counted.
 *
 * Everything is read as it stood at `asOf` (a quarter's start): a figure
 * that moved between two audits moved over a whole quarter, never because
 * one person answered or rated something since the last look. Org facts
 * are as they are now; there is no history of them to read.
 */

export interface AuditMatch {
  id: number;
  menteeId: string;
  source: 'self_serve' | 'round';
  status: string;
  start: Date | null;
  end: Date | null;
  /** Sessions that started, check-in answers and a resume: when the pair showed it was still at it. */
  signs: Date[];
  /** Spells it spent paused, or either person did (quiet by agreement), as they stood then: one still open has no end. */
  paused: { from: Date; to: Date | null }[];
}

export interface AuditRows {
  roundReceivers: string[];
  matches: AuditMatch[];
  ratings: { raterId: string; scores: (number | null)[] }[];
  facts: Map<string, { department: string | null; level: number | null; location: string | null }>;
  selfDescribed: Map<string, SelfDescriptionAnswers>;
}


export async function loadAuditRows(db: DB | Tx, programId: number, withSelfDescriptions: boolean, asOf: Date): Promise<AuditRows> {
  const before = (at: Date | null) => at !== null && at.getTime() < asOf.getTime();
  const roundReceivers = (await db
    .select({ proposal: matchRounds.proposal })
    .from(matchRounds)
    .where(and(eq(matchRounds.programId, programId), eq(matchRounds.status, 'published'), lt(matchRounds.decidedAt, asOf))))
    .flatMap(({ proposal }) => {
      const p = proposal as { pairs?: { receiverId?: unknown }[]; unmatched?: { id?: unknown }[] };
      return [...(p.pairs ?? []).map((x) => x.receiverId), ...(p.unmatched ?? []).map((x) => x.id)].filter((id): id is string => typeof id === 'string');
    });
  const rows = await db
    .select()
    .from(matches)
    .where(and(eq(matches.programId, programId), isNotNull(matches.menteeId), lt(matches.requestedAt, asOf)));
  const ids = rows.map((m) => m.id);
  const signs = new Map<number, Date[]>(ids.map((id) => [id, []]));
  const ratingRows: AuditRows['ratings'] = [];
  for (const part of inBatches(ids)) {
    for (const s of await db.select({ matchId: sessions.matchId, startsAt: sessions.startsAt }).from(sessions).where(and(inArray(sessions.matchId, part), inArray(sessions.status, ['booked', 'held'])))) if (before(s.startsAt)) signs.get(s.matchId)?.push(s.startsAt);
    for (const c of await db.select({ matchId: checkIns.matchId, answeredAt: checkIns.answeredAt }).from(checkIns).where(and(inArray(checkIns.matchId, part), isNotNull(checkIns.answeredAt)))) if (before(c.answeredAt)) signs.get(c.matchId)?.push(c.answeredAt as Date);
    const rated = await db
      .select({ raterId: ratings.raterId, menteeId: matches.menteeId, happened: ratings.happened, usefulness: ratings.usefulness, clarity: ratings.clarity, applicability: ratings.applicability })
      .from(ratings)
      .innerJoin(sessions, eq(sessions.id, ratings.sessionId))
      .innerJoin(matches, eq(matches.id, sessions.matchId))
      .where(and(inArray(matches.id, part), lt(ratings.createdAt, asOf)));
    for (const r of rated) if (r.raterId !== null && r.raterId === r.menteeId && r.happened) ratingRows.push({ raterId: r.raterId, scores: [r.usefulness, r.clarity, r.applicability] });
  }
  const paused = await pausesOf(db, ids, asOf);
  const ownPauses = await personPausesOf(db, rows.flatMap((m) => [m.mentorId, m.menteeId].filter((id) => id !== null)), asOf);
  const auditMatches: AuditMatch[] = rows.map((m) => ({
    id: m.id,
    menteeId: m.menteeId as string,
    source: m.source,
    ...statusAsOf(m, before),
    // Every resume is a sign of life: the last one on the match, and each spell's end before it.
    signs: [...(signs.get(m.id) ?? []), ...(before(m.resumedAt) ? [m.resumedAt as Date] : []), ...(paused.get(m.id) ?? []).flatMap((p) => (p.to ? [p.to] : []))],
    // A person's own pause is quiet by agreement too, but its end is no sign of the pair.
    paused: [...(paused.get(m.id) ?? []), ...spellsOfPair(ownPauses, m)],
  }));
  const everyone = [...new Set([...roundReceivers, ...auditMatches.map((m) => m.menteeId)])];
  const facts = new Map<string, { department: string | null; level: number | null; location: string | null }>();
  for (const part of inBatches(everyone)) {
    for (const p of await db.select({ id: people.id, department: people.department, level: people.level, location: people.location }).from(people).where(inArray(people.id, part))) facts.set(p.id, p);
  }
  return {
    roundReceivers: roundReceivers.filter((id) => facts.has(id)),
    matches: auditMatches.filter((m) => facts.has(m.menteeId)),
    ratings: ratingRows.filter((r) => facts.has(r.raterId)),
    facts,
    selfDescribed: withSelfDescriptions ? await selfDescriptionsOf(db, [...facts.keys()], asOf) : new Map(),
  };
}

/** What a match was at the cut-off: not yet answered, running, or as decided and ended by then. */
function statusAsOf(m: { status: string; decidedAt: Date | null; endedAt: Date | null }, before: (at: Date | null) => boolean): Pick<AuditMatch, 'status' | 'start' | 'end'> {
  if (!before(m.decidedAt)) return { status: 'requested', start: null, end: null };
  if (m.status === 'ended' && !before(m.endedAt)) return { status: 'active', start: m.decidedAt, end: null };
  return { status: m.status, start: m.decidedAt, end: before(m.endedAt) ? m.endedAt : null };
}
