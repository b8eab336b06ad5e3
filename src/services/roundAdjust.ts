import type { WebClient } from '@slack/web-api';
import type { Deps } from '../deps.js';
import { exclusion } from '../domain/matching/candidates.js';
import type { PairKind, Participant } from '../domain/matching/participant.js';
import { shownReasons } from '../domain/matching/reasons.js';
import { shortlistRound } from '../domain/matching/round.js';
import { adjust, type AdjustmentChange, isRemoved, noAdjustments } from '../domain/matching/roundAdjustments.js';
import { compileParticipant, scorePair } from '../domain/matching/scoring.js';
import { findRound, replaceProposal, type StoredRound } from '../repos/rounds.js';
import { type AdjustModalData, adjustmentWords, type Alternative } from '../views/roundAdjustMessages.js';
import { poolFor } from './pools.js';
import { coordinates, defaultProgram, programById } from './programs.js';
import { proposeProgramRound } from './roundProposal.js';
import { redrawPreview } from './rounds.js';
import { scoringContext } from './selfServe.js';

/**
 * Coordinators' control of a round before it goes out: pin a pair, remove
 * one, or swap a mentee's mentor for one of their next-best, and the rest is
 * solved again, optimally, around the pins. The round's proposal keeps the
 * changes and who made them; Publish sends the round as it then stands.
 */

/** How many next-best mentors the form offers for a swap. */
const ALTERNATIVES = 5;

export type Adjustable = { ok: true; round: StoredRound; data: AdjustModalData } | { ok: false; message: string };

/** The form for one mentee's pair: the pair, and who could take them instead, with fit and reasons. */
export async function adjustForm(deps: Deps, roundId: number, receiverId: string): Promise<Adjustable> {
  const round = await findRound(deps.db, roundId);
  if (!round || round.status !== 'preview') return { ok: false, message: adjustmentWords.decided };
  const pair = round.proposal.pairs.find((p) => p.receiverId === receiverId);
  if (!pair) return { ok: false, message: adjustmentWords.pairGone };
  return { ok: true, round, data: { roundId, pair, alternatives: await alternativesFor(deps, round, receiverId, pair.giverId) } };
}

/**
 * The mentee's next-best mentors now, leaving out their current one, pairs a
 * coordinator removed, and mentors whose every place is pinned to someone
 * else. A mentor full only with unpinned pairs of this round can still be
 * chosen: the re-solve moves one of their mentees.
 */
async function alternativesFor(deps: Deps, round: StoredRound, receiverId: string, currentGiverId: string): Promise<Alternative[]> {
  const program = await programById(deps, round.programId) ?? await defaultProgram(deps);
  const pool = await poolFor(deps, program);
  const context = scoringContext(deps);
  const { adjustments, pairs } = round.proposal;
  const pinnedTo = new Map<string, number>();
  for (const p of adjustments?.pinned ?? []) if (p.receiverId !== receiverId) pinnedTo.set(p.giverId, (pinnedTo.get(p.giverId) ?? 0) + 1);
  const inRound = new Map<string, number>();
  for (const p of pairs) if (p.receiverId !== receiverId) inRound.set(p.giverId, (inRound.get(p.giverId) ?? 0) + 1);
  const byId = new Map(pool.participants.map((p) => [p.id, p]));
  const room = (g: Participant) => g.capacity - g.load;
  const wanted = ALTERNATIVES + 1 + (adjustments?.removed.length ?? 0);
  // The shortlist scores the whole program; only the mentee and the few shown are compiled again, for their reasons.
  const mentee = compileParticipant(byId.get(receiverId) as Participant, context);
  return shortlistRound(pool, context, wanted, [receiverId])
    .filter((c) => c.giverId !== currentGiverId && !isRemoved(adjustments, receiverId, c.giverId))
    .filter((c) => room(byId.get(c.giverId) as Participant) > (pinnedTo.get(c.giverId) ?? 0))
    .slice(0, ALTERNATIVES)
    .map((c) => {
      const giver = byId.get(c.giverId) as Participant;
      const explained = scorePair(mentee, compileParticipant(giver, context), c.kind, context, { otherMentees: giver.load + (inRound.get(c.giverId) ?? 0) });
      return { giverId: c.giverId, kind: c.kind, score: c.score, reasons: shownReasons(explained.reasons), hasRoom: room(giver) > (inRound.get(c.giverId) ?? 0) };
    });
}

export type AdjustChoice = 'pin' | 'unpin' | 'remove' | { swapTo: string; kind: PairKind };
export type AdjustOutcome = { ok: true } | { ok: false; message: string };

/**
 * Applies one change and re-solves, in one immediate transaction: of two
 * coordinators changing the same preview at once, the second works on the
 * first's result, and a round published meanwhile is left alone. The
 * preview is redrawn after the commit.
 */
export async function applyAdjustment(
  deps: Deps,
  client: WebClient,
  request: { roundId: number; receiverId: string; giverId: string; actorId: string; choice: AdjustChoice },
): Promise<AdjustOutcome> {
  const now = deps.clock();
  const outcome = await deps.db.transaction(
    async (tx): Promise<AdjustOutcome & { round?: StoredRound }> => {
      const round = await findRound(tx, request.roundId);
      if (!round || round.status !== 'preview') return { ok: false, message: adjustmentWords.decided };
      if (!await coordinates(deps, request.actorId, round.programId)) return { ok: false, message: adjustmentWords.notCoordinator };
      const pair = round.proposal.pairs.find((p) => p.receiverId === request.receiverId);
      if (!pair) return { ok: false, message: adjustmentWords.pairGone };
      if (pair.giverId !== request.giverId) return { ok: false, message: adjustmentWords.moved };
      const program = await programById(deps, round.programId) ?? await defaultProgram(deps);
      const pool = await poolFor(deps, program, tx);
      const ref = { receiverId: pair.receiverId, giverId: pair.giverId, kind: pair.kind };
      let change: AdjustmentChange;
      if (typeof request.choice === 'string') change = { action: request.choice, pair: ref };
      else {
        const { swapTo, kind } = request.choice;
        const receiver = pool.participants.find((p) => p.id === pair.receiverId);
        const giver = pool.participants.find((p) => p.id === swapTo);
        const why = !receiver || !giver ? 'they are no longer in the program' : exclusion(receiver, giver, kind, pool, scoringContext(deps));
        if (why) return { ok: false, message: adjustmentWords.cannotSwap(swapTo, why) };
        change = { action: 'swap', pair: ref, to: { receiverId: pair.receiverId, giverId: swapTo, kind } };
      }
      const adjustments = adjust(round.proposal.adjustments ?? noAdjustments(round.proposal.total), change, request.actorId, now);
      const proposal = await proposeProgramRound(deps, program, { pool, adjustments });
      const wanted = change.action === 'swap' ? change.to : change.action === 'pin' ? ref : undefined;
      if (wanted && proposal.droppedPins?.some((d) => d.receiverId === wanted.receiverId && d.giverId === wanted.giverId)) {
        return { ok: false, message: change.action === 'swap' ? adjustmentWords.cannotSwap(wanted.giverId, 'every place they have is taken') : adjustmentWords.cannotPin('the mentor has no place left for it') };
      }
      if (!await replaceProposal(tx, round.id, proposal)) return { ok: false, message: adjustmentWords.decided };
      return { ok: true, round: { ...round, proposal } };
    },
    { behavior: 'immediate' },
  );
  if (!outcome.ok || !outcome.round) return outcome;
  await redrawPreview(deps, client, outcome.round, now);
  return { ok: true };
}
