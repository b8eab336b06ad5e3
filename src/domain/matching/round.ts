import type { AssignmentInput, AssignmentResult } from './assignment.js';
import { compilePool, exclusion, type UnmatchedReason, whyNoCandidates } from './candidates.js';
import { isRemoved, type PairRef, type RoundAdjustments } from './roundAdjustments.js';
import { type Candidate, type MatchingPool, receivingKinds } from './pool.js';
import { type FairnessSummary, fairnessSummary } from './fairness.js';
import type { FairnessCost } from './fairnessTarget.js';
import { KIND_ROLES, mayReceive, type PairKind, type Participant } from './participant.js';
import { unofferedWants } from './qualityFloor.js';
import { type Reason, shownReasons } from './reasons.js';
import { type CompiledParticipant, compileParticipant, type ScoringContext, scorePair, weightVector } from './scoring.js';
import { Shortlister } from './shortlist.js';
import { solveWithinPlaces } from './peerPlaces.js';


/** Each receiver keeps only this many best candidates: the solver stays fast and the optimum stays among good pairs. */
export const CANDIDATES_PER_RECEIVER = 30;

export interface ProposedPair {
  receiverId: string;
  giverId: string;
  kind: PairKind;
  score: number;
  /** Strongest first, true of the pair once the whole round is assigned. */
  reasons: Reason[];
  /** Kept by a coordinator whatever the re-solve finds. */
  pinned?: boolean;
}

/** Someone the round leaves waiting, and why; below the floor, the skills they want that nobody offers (by name). */
export interface UnmatchedPerson {
  id: string;
  reason: UnmatchedReason;
  skills?: string[];
}

export interface RoundProposal {
  pairs: ProposedPair[];
  unmatched: UnmatchedPerson[];
  total: number;
  fairness: FairnessSummary;
  /** What coordinators changed in the preview; absent until they change something. */
  adjustments?: RoundAdjustments;
  /** Pins that no longer hold (the mentor filled up, someone left) and were let go in the last re-solve. */
  droppedPins?: PairRef[];
  /** What the program's fairness target bought and cost in total fit; absent without one. */
  fairnessCost?: FairnessCost;
}

export type Solver = (input: AssignmentInput) => AssignmentResult;

/** Why a receiver waits, with the skills nobody offers when they are below the quality floor. */
export function unmatchedPerson(receiver: Participant, pool: MatchingPool, context: ScoringContext, hadCandidates = false): UnmatchedPerson {
  if (hadCandidates) return { id: receiver.id, reason: 'outbid' };
  const reason = whyNoCandidates(receiver, pool, context);
  return reason === 'no_common_ground' ? { id: receiver.id, reason, skills: unofferedWants(receiver, pool, context.taxonomy) } : { id: receiver.id, reason };
}

/** Who is on which side of a round: givers with room, and everyone who still wants a partner. */
function roundSides(pool: MatchingPool) {
  const isGiver = (roles: readonly string[]) => (Object.keys(KIND_ROLES) as PairKind[]).some((k) => roles.includes(KIND_ROLES[k].giver));
  const allGivers = pool.participants.filter((p) => isGiver(p.roles));
  return {
    allGivers,
    givers: allGivers.filter((p) => p.load < p.capacity),
    // Someone who could only receive a peer, with no place left, is not looking: a peer pair would take a place of theirs.
    receivers: pool.participants.filter((p) => {
      const kinds = receivingKinds(p, pool.busyReceivers);
      return kinds.some((k) => mayReceive(p, k));
    }),
  };
}

/**
 * Each receiver's best candidates (all receivers, or those listed): the part
 * of a round that scores every pair, and that can be split across threads.
 */
export function shortlistRound(pool: MatchingPool, context: ScoringContext, perReceiver = CANDIDATES_PER_RECEIVER, receiverIds?: readonly string[]): Candidate[] {
  const compiled = compilePool(pool, context);
  const { givers, receivers } = roundSides(pool);
  const shortlister = new Shortlister(
    givers.map((g) => compiled.get(g.id) as CompiledParticipant),
    pool,
    weightVector(context.weights),
  );
  const wanted = receiverIds ? new Set(receiverIds) : undefined;
  return receivers.filter((r) => !wanted || wanted.has(r.id)).flatMap((r) => shortlister.shortlist(compiled.get(r.id) as CompiledParticipant, perReceiver));
}

export interface RoundOptions {
  perReceiver?: number;
  /** Shortlists computed elsewhere (for example on worker threads); computed here when absent. */
  shortlists?: readonly Candidate[];
  /** A coordinator's pins and removals: the solver places everyone else around them. */
  adjustments?: RoundAdjustments;
}

/**
 * Pinned pairs that still hold: both people still in the pool, every hard
 * rule still met, and the mentor's room not exceeded by pins alone (earlier
 * pins first). Each comes with its score, as the solver would have scored it.
 */
function holdingPins(pins: readonly PairRef[], pool: MatchingPool, context: ScoringContext, givers: readonly Participant[]) {
  const byId = new Map(pool.participants.map((p) => [p.id, p]));
  const room = new Map(givers.map((g) => [g.id, g.capacity - g.load]));
  const kept: Candidate[] = [];
  const dropped: PairRef[] = [];
  for (const pin of pins) {
    const r = byId.get(pin.receiverId);
    const g = byId.get(pin.giverId);
    const left = room.get(pin.giverId) ?? 0;
    // A pinned peer pair takes a place of the receiving peer too.
    const receiverLeft = pin.kind === 'peer' ? (room.get(pin.receiverId) ?? 0) : 1;
    if (!r || !g || left <= 0 || receiverLeft <= 0 || exclusion(r, g, pin.kind, pool, context) !== null) {
      dropped.push(pin);
      continue;
    }
    room.set(pin.giverId, left - 1);
    if (pin.kind === 'peer') room.set(pin.receiverId, receiverLeft - 1);
    kept.push({ ...pin, score: scorePair(compileParticipant(r, context), compileParticipant(g, context), pin.kind, context).score });
  }
  return { kept, dropped, room };
}

/** Each person's places for new pairs: their capacity less what they have (a peer partnership counts on both sides). */
function placesLeft(pool: MatchingPool): Map<string, number> {
  return new Map(pool.participants.map((p) => [p.id, p.capacity - p.load]));
}

/**
 * A whole-program round: every receiver's best candidates, then the exact
 * assignment that maximises the total score under capacities (a peer pair
 * taking a place of each peer), and the words for each pair. Deterministic for the same pool and clock.
 */
export function proposeRound(pool: MatchingPool, context: ScoringContext, solve: Solver, options: RoundOptions = {}): RoundProposal {
  const { allGivers, givers, receivers } = roundSides(pool);
  const adjustments = options.adjustments;
  const pins = holdingPins(adjustments?.pinned ?? [], pool, context, givers);
  const pinnedReceivers = new Set(pins.kept.map((p) => p.receiverId));
  const all = options.shortlists ?? shortlistRound(pool, context, options.perReceiver);
  const shortlists = adjustments ? all.filter((c) => !pinnedReceivers.has(c.receiverId) && !isRemoved(adjustments, c.receiverId, c.giverId)) : all;
  const candidates = new Map([...shortlists, ...pins.kept].map((c) => [`${c.receiverId}|${c.giverId}`, c]));
  const hadCandidates = new Set(shortlists.map((c) => c.receiverId));
  const lostToRemoval = new Set(all.filter((c) => !hadCandidates.has(c.receiverId) && !pinnedReceivers.has(c.receiverId)).map((c) => c.receiverId));

  // Mentors whose every place is pinned take no part in the solve.
  const open = givers.filter((g) => (pins.room.get(g.id) ?? 0) > 0);
  const hasRoom = new Set(open.map((g) => g.id));
  const isPeer = (p: { mentee: string; mentor: string }) => candidates.get(`${p.mentee}|${p.mentor}`)?.kind === 'peer';
  const solved = solveWithinPlaces(
    solve,
    {
      mentors: open.map((g) => ({ id: g.id, capacity: pins.room.get(g.id) as number })),
      mentees: receivers.filter((r) => !pinnedReceivers.has(r.id)).map((r) => ({ id: r.id })),
      scores: shortlists.filter((c) => hasRoom.has(c.giverId)).map((c) => ({ mentee: c.receiverId, mentor: c.giverId, score: c.score })),
    },
    { places: placesLeft(pool), isPeer, fixed: pins.kept.map((p) => ({ mentee: p.receiverId, mentor: p.giverId })) },
  );
  const result = {
    pairs: [...pins.kept.map((p) => ({ mentee: p.receiverId, mentor: p.giverId })), ...solved.pairs],
    total: solved.total + pins.kept.reduce((sum, p) => sum + p.score, 0),
  };

  const byId = new Map(pool.participants.map((p) => [p.id, p]));
  const compiled = new Map<string, CompiledParticipant>();
  const compile = (id: string) => {
    let c = compiled.get(id);
    if (!c) compiled.set(id, (c = compileParticipant(byId.get(id) as Participant, context)));
    return c;
  };
  const assigned = new Map<string, number>();
  for (const { mentor } of result.pairs) assigned.set(mentor, (assigned.get(mentor) ?? 0) + 1);
  const pairs = result.pairs.map(({ mentee, mentor }) => {
    const c = candidates.get(`${mentee}|${mentor}`) as Candidate;
    // Reasons speak of the program after this round: a mentor given two mentees has somebody else.
    const otherMentees = (byId.get(mentor) as Participant).load + (assigned.get(mentor) ?? 1) - 1;
    const explained = scorePair(compile(mentee), compile(mentor), c.kind, context, { otherMentees });
    const pair: ProposedPair = { receiverId: mentee, giverId: mentor, kind: c.kind, score: explained.score, reasons: shownReasons(explained.reasons) };
    return pinnedReceivers.has(mentee) ? { ...pair, pinned: true } : pair;
  });
  // A peer pair is mutual: the peer on the giving side has a partner too, and is not left waiting.
  const matched = new Set(pairs.flatMap((p) => (p.kind === 'peer' ? [p.receiverId, p.giverId] : [p.receiverId])));
  const unmatched = receivers
    .filter((r) => !matched.has(r.id))
    .map((r): UnmatchedPerson => (lostToRemoval.has(r.id) ? { id: r.id, reason: 'removed' } : unmatchedPerson(r, pool, context, hadCandidates.has(r.id))));
  const newLoad = new Map<string, number>();
  for (const p of pairs) {
    newLoad.set(p.giverId, (newLoad.get(p.giverId) ?? 0) + 1);
    if (p.kind === 'peer') newLoad.set(p.receiverId, (newLoad.get(p.receiverId) ?? 0) + 1);
  }
  const proposal: RoundProposal = { pairs, unmatched, total: result.total, fairness: fairnessSummary(receivers, matched, allGivers, newLoad) };
  if (!adjustments) return proposal;
  const kept = adjustments.pinned.filter((p) => !pins.dropped.includes(p));
  return { ...proposal, adjustments: { ...adjustments, pinned: kept }, ...(pins.dropped.length ? { droppedPins: pins.dropped } : {}) };
}
