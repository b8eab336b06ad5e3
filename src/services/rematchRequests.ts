import type { Deps } from '../deps.js';
import type { DB, Tx } from '../db/client.js';
import type { Match } from '../db/schema.js';
import { type MatchingPool, pairKey } from '../domain/matching/pool.js';
import { PAIR_KINDS, type PairKind, RUNNING_MATCH_STATUSES } from '../domain/mentorship.js';
import type { ProgramSettings } from '../domain/programs.js';
import { enqueue } from '../outbox/outbox.js';
import { findMatch, transition } from '../repos/matches.js';
import type { RematchVia, SuggestionCard } from '../views/matchMessages.js';
import { startedAfreshForFormer, startedAfreshForMentee } from '../views/rematchMessages.js';
import { defaultProgram, programById } from './programs.js';
import type { Suggestions } from './selfServe.js';
import { cancelFutureSessions } from './sessions.js';

/*
 * Fresh-start requests: a `requested` match row that names the open
 * mentorship it would take over from (replaces_match_id) and why it was
 * offered (rematch_via). It is an ordinary request in every other way: the
 * ordinary Accept and Decline, reminder and lapse. What is special lives
 * here, for selfServe.ts (answers) and rematch.ts (offers) alike, so this
 * module imports neither of them.
 */

/**
 * Why the old mentorship ended, as stored: one reason whichever way the fresh
 * start came about, since "the mentee asked" would tell the former mentor's
 * export that a rating was poor. The mentee's own row keeps the why.
 */
export const FRESH_START_END_REASON = 'the mentee started afresh with a new mentor';

/** An open mentorship with both people still in it. */
export type OpenPair = Match & { mentorId: string; menteeId: string };

export const isOpenPair = (m: Match | undefined): m is OpenPair => m !== undefined && m.mentorId !== null && m.menteeId !== null && (m.status === 'active' || m.status === 'paused');

export const programOfMatch = async (deps: Deps, m: Pick<Match, 'programId'>): Promise<ProgramSettings> => await programById(deps, m.programId) ?? await defaultProgram(deps);

/**
 * The mentorship a fresh-start request would take over from, while it is
 * still open and still the same mentee's; undefined for an ordinary request,
 * or once that mentorship has ended another way (the request then stands on
 * its own, like any other).
 */
export async function replacedPairOf(db: DB | Tx, request: Pick<Match, 'menteeId'> & Partial<Pick<Match, 'replacesMatchId'>>): Promise<OpenPair | undefined> {
  if (request.replacesMatchId === null || request.replacesMatchId === undefined) return undefined;
  const replaced = await findMatch(db, request.replacesMatchId);
  return isOpenPair(replaced) && replaced.menteeId === request.menteeId ? replaced : undefined;
}

/**
 * The pool as if the mentee had no partner of this kind yet, and wanted
 * nobody of any other: a fresh start is offered in the same kind of
 * mentoring, and a request sent from it passes the same checks.
 */
export function freshStartPool(pool: MatchingPool, menteeId: string, kind: PairKind): MatchingPool {
  const busy = new Set(pool.busyReceivers);
  for (const k of PAIR_KINDS) busy.add(`${menteeId}|${k}`);
  busy.delete(`${menteeId}|${kind}`);
  // A peer pair being replaced holds one of the mentee's places too, which the new pair takes over.
  const participants = kind === 'peer' ? pool.participants.map((p) => (p.id === menteeId ? { ...p, load: Math.max(0, p.load - 1) } : p)) : pool.participants;
  return { ...pool, busyReceivers: busy, participants };
}

/**
 * The fresh-start pool as it was before this request was sent, so that
 * accepting re-checks the rules the request was sent under: the request row
 * itself makes the pair "open" and holds one of the giver's places, and
 * neither may count against it. The pair's key also carries an exclusion
 * added since, so acceptRequest checks those itself before this pool.
 */
export function askedPool(pool: MatchingPool, request: Match & { mentorId: string; menteeId: string }): MatchingPool {
  const fresh = freshStartPool(pool, request.menteeId, request.kind);
  const blocked = new Set(fresh.blockedPairs);
  blocked.delete(pairKey(request.mentorId, request.menteeId));
  // The request holds a place of the giver, and of a peer mentee too: neither counts against itself.
  const holds = (id: string) => id === request.mentorId || (request.kind === 'peer' && id === request.menteeId);
  const participants = fresh.participants.map((p) => (holds(p.id) ? { ...p, load: Math.max(0, p.load - 1) } : p));
  return { ...fresh, blockedPairs: blocked, participants };
}

/** The best cards for a fresh start: never the partner nor anyone in `exclude`, each naming the mentorship it would replace. */
export function freshStartCards(next: Suggestions, pair: OpenPair, via: RematchVia, limit: number, exclude: readonly string[] = []): SuggestionCard[] {
  if (!next.ok) return [];
  const skip = new Set([pair.mentorId, ...exclude]);
  return next.cards
    .filter((c) => !skip.has(c.giverId))
    .slice(0, limit)
    .map((c) => ({ ...c, replaces: pair.id, via }));
}

/**
 * Part of accepting a fresh-start request, in its transaction: the mentorship
 * it replaces ends kindly (its booked sessions cancelled, both people told,
 * the reason kept), even if the pair has met again meanwhile. Nothing when it
 * already ended another way. Keyed by the old mentorship, which ends once.
 */
export async function endReplacedPair(deps: Deps, tx: Tx, request: Match & { mentorId: string; menteeId: string }, now: Date): Promise<Match | undefined> {
  const replaced = await replacedPairOf(tx, request);
  if (!replaced) return undefined;
  const ended = await transition(tx, replaced.id, RUNNING_MATCH_STATUSES, 'ended', { endedAt: now, endReason: FRESH_START_END_REASON });
  if (!ended) return undefined;
  await cancelFutureSessions(deps, tx, ended, '', now);
  await enqueue(tx, { key: `rematch:${ended.id}:ended:former`, recipient: replaced.mentorId, text: startedAfreshForFormer(request.menteeId), notBefore: now });
  await enqueue(tx, {
    key: `rematch:${ended.id}:ended:mentee`,
    recipient: request.menteeId,
    text: startedAfreshForMentee({ formerId: replaced.mentorId, newId: request.mentorId }),
    notBefore: now,
    workingHoursOnly: false,
  });
  return ended;
}
