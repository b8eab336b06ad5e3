import type { WebClient } from '@slack/web-api';
import type { Tx } from '../db/client.js';
import type { Deps } from '../deps.js';
import { compileParticipant, scorePair } from '../domain/matching/scoring.js';
import { manualPairRules } from '../domain/matching/manualPair.js';
import { PAIR_KINDS } from '../domain/mentorship.js';
import type { ProgramSettings } from '../domain/programs.js';
import { visibleLength } from '../domain/text.js';
import { deliver } from '../outbox/outbox.js';
import { exclusionPairs } from '../repos/exclusions.js';
import { createMatch, mentoringCount, openMatchBetween } from '../repos/matches.js';
import { createRound, decideRound } from '../repos/rounds.js';
import { buildPairModal, HARD_WORDS, PAIR_BLOCKS, PAIR_REASON_MAX, paired, softNeedsReason } from '../views/manualPairMessages.js';
import { poolFor } from './pools.js';
import { coordinates, programById } from './programs.js';
import { queueIntro, scoringContext } from './selfServe.js';

/*
 * `/mentor pair`: a coordinator pairs two people by hand. Every rule a
 * round keeps is checked; the ones nothing overrides refuse the pairing on
 * their field, the others need a stated reason. The pairing is logged as a
 * one-pair round (who, when, which rules were set aside and why), then the
 * match and its intro are made in one transaction, like a published round.
 */

class AlreadyPaired extends Error {}
/** The mentor's mentorships changed between the checks and the pairing. */
class LoadChanged extends Error {}

export async function openPairForm(deps: Deps, client: WebClient, triggerId: string, program: ProgramSettings): Promise<void> {
  await client.views.open({ trigger_id: triggerId, view: buildPairModal({ programId: program.id, programName: program.name, kinds: program.modes }) });
}

export type PairOutcome = { ok: true; text: string } | { ok: false; errors: Record<string, string> };

export async function pairByHand(deps: Deps, client: WebClient, coordinatorId: string, programId: number, raw: { giver?: string; receiver?: string; kind?: string; reason?: string }): Promise<PairOutcome> {
  const program = await programById(deps, programId);
  if (!program || program.status !== 'active' || !await coordinates(deps, coordinatorId, programId)) return { ok: false, errors: { [PAIR_BLOCKS.giver]: 'Only the program’s coordinators can pair people in it, while it runs.' } };
  if (!raw.giver) return { ok: false, errors: { [PAIR_BLOCKS.giver]: 'Pick the mentor.' } };
  if (!raw.receiver) return { ok: false, errors: { [PAIR_BLOCKS.receiver]: 'Pick the mentee.' } };
  const kind = PAIR_KINDS.find((k) => k === raw.kind && program.modes.includes(k));
  if (!kind) return { ok: false, errors: { [PAIR_BLOCKS.kind]: 'Pick a kind of mentoring the program offers.' } };
  const reason = (raw.reason ?? '').trim();
  if (visibleLength(reason) > PAIR_REASON_MAX) return { ok: false, errors: { [PAIR_BLOCKS.reason]: `Keep the reason under ${PAIR_REASON_MAX} characters (nothing was cut).` } };

  const pool = await poolFor(deps, program);
  const giver = pool.participants.find((p) => p.id === raw.giver);
  const receiver = pool.participants.find((p) => p.id === raw.receiver);
  if (!giver) return { ok: false, errors: { [PAIR_BLOCKS.giver]: 'They are not taking part in this program now (or are paused).' } };
  if (!receiver) return { ok: false, errors: { [PAIR_BLOCKS.receiver]: 'They are not taking part in this program now (or are paused).' } };
  // What the rules below are judged on, checked again in the transaction that pairs: another pairing since then may have taken the mentor's place.
  const loadSeen = await mentoringCount(deps.db, giver.id, programId);
  const keptApart = (await exclusionPairs(deps.db)).some(([a, b]) => (a === giver.id && b === receiver.id) || (a === receiver.id && b === giver.id));
  const rules = manualPairRules(receiver, giver, kind, pool, deps.taxonomy, { keptApart, openBetween: await openMatchBetween(deps.db, giver.id, receiver.id) });
  if (rules.hard.length) {
    const errors: Record<string, string> = {};
    for (const rule of rules.hard) errors[PAIR_BLOCKS[HARD_WORDS[rule].field]] ??= HARD_WORDS[rule].text;
    return { ok: false, errors };
  }
  if (rules.soft.length && reason === '') return { ok: false, errors: { [PAIR_BLOCKS.reason]: softNeedsReason(rules.soft) } };

  const context = scoringContext(deps);
  const score = scorePair(compileParticipant(receiver, context), compileParticipant(giver, context), kind, context);
  const now = deps.clock();
  const pair = { receiverId: receiver.id, giverId: giver.id, kind, score: score.score, reasons: score.reasons };
  const logAndPair = async (tx: Tx): Promise<number> => {
    const loadNow = await mentoringCount(tx, giver.id, programId);
    if (loadNow.here !== loadSeen.here || loadNow.elsewhere !== loadSeen.elsewhere) throw new LoadChanged();
    if (await openMatchBetween(tx, giver.id, receiver.id)) throw new AlreadyPaired();
    const round = await createRound(tx, {
      programId,
      createdBy: coordinatorId,
      proposal: {
        pairs: [pair],
        unmatched: [],
        total: score.score,
        fairness: { overallRate: 1, byDepartment: [], byLevel: [], byLocation: [], mentorLoad: { mentors: 1, atCapacity: 0, nearCapacity: 0, averageLoad: giver.load + 1 } },
        // The round log's record of a pairing made by hand.
        manual: { setAside: rules.soft, reason: reason || null },
      } as Parameters<typeof createRound>[1]['proposal'],
      channelId: program.channel ?? '',
      createdAt: now,
    });
    await decideRound(tx, round.id, 'published', coordinatorId, now);
    const match = await createMatch(tx, { programId, mentorId: giver.id, menteeId: receiver.id, kind, status: 'active', source: 'round', roundId: round.id, score: score.score, reasons: score.reasons, requestedAt: now, decidedAt: now });
    // Paired a moment ago by someone else: nothing of this attempt may stay, not even its log line.
    if (!match) throw new AlreadyPaired();
    await queueIntro(deps, tx, match, now);
    return round.id;
  };
  let made: number | undefined;
  try {
    made = await deps.db.transaction(logAndPair, { behavior: 'immediate' });
  } catch (error) {
    if (error instanceof LoadChanged) return { ok: false, errors: { [PAIR_BLOCKS.giver]: 'Someone was paired with them a moment ago: open the form again to see whether they still have room.' } };
    if (!(error instanceof AlreadyPaired)) throw error;
  }
  if (made === undefined) return { ok: false, errors: { [PAIR_BLOCKS.receiver]: HARD_WORDS.already_paired.text } };
  await deliver(deps, client, now);
  return { ok: true, text: paired({ giverId: giver.id, receiverId: receiver.id, kind, roundId: made, overridden: rules.soft }) };
}
