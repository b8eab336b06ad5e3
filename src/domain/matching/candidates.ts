import { KIND_ROLES, mayReceive, type PairKind, type Participant } from './participant.js';
import { type Candidate, indexOf, type MatchingPool, receivingKinds, sameManagerChain } from './pool.js';
import { type CompiledParticipant, compileParticipant, type PairScore, type ScoringContext, scorePair, weightVector } from './scoring.js';
import { belowFloor, hasCommonGround, minimumScore, NO_COMMON_GROUND } from './qualityFloor.js';
import { Shortlister } from './shortlist.js';

/**
 * Who may be paired with whom (the hard constraints), and the scored
 * candidates that survive them.
 */

/** A candidate with its factors and reasons, for what people read. */
export interface ExplainedCandidate extends Omit<Candidate, 'score'> {
  score: PairScore;
}

/**
 * Why this giver cannot take this receiver in this kind of pairing, or null
 * when they can. The words are for coordinators and logs. The quality floor
 * (qualityFloor.ts) is the last rule, so a pair ruled out for another reason
 * says that reason.
 */
export function exclusion(receiver: Participant, giver: Participant, kind: PairKind, pool: MatchingPool, context: Pick<ScoringContext, 'taxonomy'>): string | null {
  if (receiver.id === giver.id) return 'same person';
  if (!giver.roles.includes(KIND_ROLES[kind].giver)) return 'not offering this kind of mentoring';
  // A peer pair is symmetric: only one direction is considered, so a round cannot pair two peers twice.
  if (kind === 'peer' && receiver.id > giver.id) return 'peer pairs are considered once';
  if (giver.load >= giver.capacity) return 'at capacity';
  if (!mayReceive(receiver, kind)) return 'at capacity';
  const index = indexOf(pool);
  if (index.blocked.get(receiver.id)?.has(giver.id)) return 'paired recently or already';
  const receiverLine = index.ancestors.get(receiver.id);
  const giverLine = index.ancestors.get(giver.id);
  if (receiverLine && giverLine ? receiverLine.has(giver.id) || giverLine.has(receiver.id) : sameManagerChain(receiver.id, giver.id, pool.managers)) return 'same management line';
  const [r, g] = [receiver.level, giver.level];
  if (r !== null && g !== null) {
    if (kind === 'mentoring' && g < r) return 'mentor is junior to the mentee';
    if (kind === 'reverse' && g > r) return 'reverse mentor is senior to the leader';
    if (kind === 'peer' && Math.abs(g - r) > 1) return 'more than one level apart';
  }
  if (!hasCommonGround(receiver, giver, kind, context.taxonomy)) return NO_COMMON_GROUND;
  return null;
}

/** Compiles the pool once; round and self-serve suggestions both start here. */
export function compilePool(pool: MatchingPool, context: ScoringContext): Map<string, CompiledParticipant> {
  return new Map(pool.participants.map((p) => [p.id, compileParticipant(p, context)]));
}

/**
 * The best candidates for one receiver, over every kind they want, best
 * first (ties by giver ID, so the order is stable). For a pair allowed in
 * several kinds, the higher-scoring kind stands.
 */
/** The best few givers for one receiver (self-serve suggestions); a round uses a Shortlister directly. */
export function candidatesFor(receiver: CompiledParticipant, givers: readonly CompiledParticipant[], pool: MatchingPool, context: ScoringContext, limit: number): Candidate[] {
  return new Shortlister(givers, pool, weightVector(context.weights)).shortlist(receiver, limit);
}

/** Adds factors and reasons to a candidate, for the few that people see. */
export function explainCandidate(c: Candidate, compiled: ReadonlyMap<string, CompiledParticipant>, context: ScoringContext): ExplainedCandidate {
  const receiver = compiled.get(c.receiverId) as CompiledParticipant;
  const giver = compiled.get(c.giverId) as CompiledParticipant;
  return { ...c, score: scorePair(receiver, giver, c.kind, context) };
}

/**
 * Why someone got no partner; the views turn each into words for them and for
 * coordinators. `no_common_ground`: nobody who gives offers what they want
 * (the quality floor); `low_fit`: pairs pass every rule but none reaches the
 * program's minimum fit.
 */
export type UnmatchedReason = 'covered' | 'gives_only' | 'no_givers' | 'no_common_ground' | 'at_capacity' | 'rules' | 'low_fit' | 'outbid' | 'gone' | 'removed';

/**
 * Why nobody could be suggested to this receiver: the most telling reason.
 * Below the floor comes first, since no rule or place freeing up would help;
 * otherwise only the givers with common ground speak, so "every mentor who
 * fits you is at capacity" is about mentors who do fit.
 */
export function whyNoCandidates(receiver: Participant, pool: MatchingPool, context: Pick<ScoringContext, 'taxonomy'>): UnmatchedReason {
  if (!(Object.keys(KIND_ROLES) as PairKind[]).some((k) => receiver.roles.includes(KIND_ROLES[k].receiver))) return 'gives_only';
  const kinds = receivingKinds(receiver, pool.busyReceivers);
  if (kinds.length === 0) return 'covered';
  const givers = pool.participants.filter((g) => g.id !== receiver.id && kinds.some((k) => g.roles.includes(KIND_ROLES[k].giver)));
  if (givers.length === 0) return 'no_givers';
  if (belowFloor(receiver, givers, kinds, context.taxonomy)) return 'no_common_ground';
  const reasons = givers.flatMap((g) => kinds.filter((k) => g.roles.includes(KIND_ROLES[k].giver) && hasCommonGround(receiver, g, k, context.taxonomy)).map((k) => exclusion(receiver, g, k, pool, context)));
  // Pairs that pass every rule and still were not offered fell below the program's minimum fit.
  if (reasons.some((r) => r === null)) return minimumScore(pool) > Number.NEGATIVE_INFINITY ? 'low_fit' : 'rules';
  if (reasons.length > 0 && reasons.every((r) => r === 'at capacity')) return 'at_capacity';
  return 'rules';
}
