import { type ExplainedCandidate, explainCandidate, type UnmatchedReason } from './candidates.js';
import type { MatchingPool } from './pool.js';
import type { PairKind, Participant } from './participant.js';
import { type Reason, shownReasons } from './reasons.js';
import { unmatchedPerson } from './round.js';
import { type CompiledParticipant, compileParticipant, type PairScore, type ScoringContext, weightVector } from './scoring.js';
import { Shortlister } from './shortlist.js';

/**
 * Self-serve suggestions from a compiled pool. Compiling a program's pool and
 * laying its givers out for the shortlist is most of the work of one
 * suggestion (10,000 members: about a third of a second, against a few
 * milliseconds for one person's shortlist), so it is done once and kept:
 * `compileSuggestionPool` builds it, reusing what it can of the last one, and
 * `rankFor` answers one person from it.
 */

export interface SuggestionPool {
  pool: MatchingPool;
  context: ScoringContext;
  compiled: ReadonlyMap<string, CompiledParticipant>;
  shortlister: Shortlister;
}

const HOUR_MS = 3_600_000;

/**
 * A suggestion weighs shared hours over the week from the top of the current
 * hour, not from this millisecond: within the hour every suggestion sees the
 * same week, so one compiled pool serves all of them, even in a week with a
 * daylight-saving change, when the overlap would otherwise move with every call.
 */
export function suggestionContext(context: ScoringContext): ScoringContext {
  return { ...context, now: new Date(Math.floor(context.now.getTime() / HOUR_MS) * HOUR_MS) };
}

/**
 * Compiles the pool for suggestions. With `previous` in the same scoring
 * context, participants whose facts are unchanged keep their compiled form,
 * so a pool reloaded after one profile changed recompiles one person.
 */
export function compileSuggestionPool(pool: MatchingPool, context: ScoringContext, previous?: SuggestionPool): SuggestionPool {
  const reuse = previous && previous.context === context ? previous.compiled : undefined;
  const compiled = new Map<string, CompiledParticipant>();
  for (const p of pool.participants) {
    const before = reuse?.get(p.id);
    compiled.set(p.id, before && fingerprint(before.p) === fingerprint(p) ? before : compileParticipant(p, context));
  }
  // The receiver is among the givers; the shortlist rules a person out for themselves.
  return { pool, context, compiled, shortlister: new Shortlister([...compiled.values()], pool, weightVector(context.weights)) };
}

const fingerprints = new WeakMap<Participant, string>();

/** Everything matching knows of a participant, as one string: equal strings, equal participants. */
function fingerprint(p: Participant): string {
  let text = fingerprints.get(p);
  if (text === undefined) fingerprints.set(p, (text = JSON.stringify(p)));
  return text;
}

/** A suggested giver with the facts its card shows. */
export interface RankedGiver {
  giverId: string;
  kind: PairKind;
  score: PairScore;
  giver: Participant;
}

export type Ranked = { ok: true; top: RankedGiver[] } | { ok: false; reason: UnmatchedReason; skills?: string[] };

/** The best `limit` givers for one person, with factors and reasons, or why there are none. */
export function rankFor(suggestionPool: SuggestionPool, userId: string, limit: number): Ranked {
  const { pool, context, compiled, shortlister } = suggestionPool;
  const me = compiled.get(userId);
  if (!me) return { ok: false, reason: 'gone' };
  const top: ExplainedCandidate[] = shortlister.shortlist(me, limit).map((c) => explainCandidate(c, compiled, context));
  if (top.length === 0) {
    const { reason, skills } = unmatchedPerson(me.p, pool, context);
    return { ok: false, reason, ...(skills ? { skills } : {}) };
  }
  return { ok: true, top: top.map((c) => ({ giverId: c.giverId, kind: c.kind, score: c.score, giver: (compiled.get(c.giverId) as CompiledParticipant).p })) };
}

export interface SuggestedCard {
  giverId: string;
  kind: PairKind;
  score: number;
  reasons: Reason[];
  facts: string;
  programId: number;
}

/** What a person is shown: each giver's score, strongest reasons and facts (`describe` words them). */
export function suggestionCards(
  ranked: Ranked,
  programId: number,
  describe: (p: Participant) => string,
): { ok: true; cards: SuggestedCard[] } | { ok: false; reason: UnmatchedReason; skills?: string[] } {
  if (!ranked.ok) return ranked;
  return {
    ok: true,
    cards: ranked.top.map((t) => ({ giverId: t.giverId, kind: t.kind, score: t.score.score, reasons: shownReasons(t.score.reasons), facts: describe(t.giver), programId })),
  };
}
