import type { WebClient } from '@slack/web-api';
import { addDays } from 'date-fns';
import type { Deps } from '../deps.js';
import type { DB, Tx } from '../db/client.js';
import type { IntakeAnswers } from '../domain/intake.js';
import type { Match } from '../db/schema.js';
import { exclusion, type UnmatchedReason } from '../domain/matching/candidates.js';
import { type MatchingPool, receivingKinds } from '../domain/matching/pool.js';
import type { PairKind, Participant } from '../domain/matching/participant.js';
import { compileParticipant, type ScoringContext, scorePair } from '../domain/matching/scoring.js';
import { compileSuggestionPool, rankFor, suggestionCards, suggestionContext } from '../domain/matching/suggestions.js';
import { shownReasons, type StoredReason } from '../domain/matching/reasons.js';
import { partnerOf } from '../domain/mentorship.js';
import { deliver, enqueue } from '../outbox/outbox.js';
import { createMatch, findMatch, mentoringCount, openMatchesOfMentee, pendingFreshStart, requestsBetween, transition } from '../repos/matches.js';
import { capacityInProgram, type ProgramSettings } from '../domain/programs.js';
import { findPerson, loadProfile } from '../repos/profiles.js';
import { effectiveStatus } from '../domain/participation.js';
import { REQUEST_NO_LONGER_STANDS, requestCannotGoAhead, buildIntro, buildMentorRequest, buildSuggestions, declinedForMentee, rematchOfferedNote, type RequestState, requestStillStands, type SuggestionCard } from '../views/matchMessages.js';
import { poolFor } from './pools.js';
import { keptApart } from '../repos/exclusions.js';
import { coordinatorsFor, defaultProgram, programById } from './programs.js';
import { askedPool, endReplacedPair, freshStartCards, freshStartPool, replacedPairOf } from './rematchRequests.js';
import { ASK_WORDS, nextFreshStartLead, noNextFreshStart } from '../views/rematchMessages.js';
import { noneAfterClose, programPaused, requestWaitsWhilePaused } from '../views/programWords.js';

/** Self-serve matching: suggestions on demand, requests, and the mentor's answer. */

export const SUGGESTIONS = 3;

export function scoringContext(deps: Deps): ScoringContext {
  return { taxonomy: deps.taxonomy, weights: deps.config.matchWeights, now: deps.clock() };
}

/** "Platform · level 7 · São Paulo · America/Sao_Paulo" */
export function describePerson(p: Pick<Participant, 'department' | 'level' | 'location' | 'timeZone'>): string {
  return [p.department, p.level !== null ? `level ${p.level}` : null, p.location, p.timeZone].filter(Boolean).join(' · ');
}

const describeMember = (a: IntakeAnswers) => describePerson(a);

/** None to suggest: why, and below the quality floor the wanted skills nobody offers (by name). */
export type Suggestions = { ok: true; cards: SuggestionCard[] } | { ok: false; reason: UnmatchedReason; skills?: string[] };

/** The program a match or a request belongs to; a match outlives nothing, so it is always found. */
const programOf = async (deps: Deps, programId: number): Promise<ProgramSettings> => await programById(deps, programId) ?? await defaultProgram(deps);

/**
 * The best few givers for this person now in one program, each with its
 * reasons. `/mentor match` asks the kept pool instead (poolIndex.ts), which
 * gives the same answer without compiling the whole pool for each person.
 */
export async function suggestFor(deps: Deps, userId: string, program?: ProgramSettings, matchingPool?: MatchingPool, limit = SUGGESTIONS): Promise<Suggestions> {
  program ??= await defaultProgram(deps);
  matchingPool ??= await poolFor(deps, program);
  if (!matchingPool.participants.some((p) => p.id === userId)) return { ok: false, reason: 'gone' };
  const ranked = rankFor(compileSuggestionPool(matchingPool, suggestionContext(scoringContext(deps))), userId, limit);
  return suggestionCards(ranked, program.id, describePerson);
}

export type RequestOutcome = { ok: true; matchId: number } | { ok: false; message: string };

/** Both people of a request, if both take part in the program now. */
export function requestParties(pool: MatchingPool, menteeId: string, giverId: string): { ok: true; mentee: Participant; giver: Participant } | { ok: false; message: string } {
  const mentee = pool.participants.find((p) => p.id === menteeId);
  const giver = pool.participants.find((p) => p.id === giverId);
  if (!mentee) return { ok: false, message: 'You are paused or not in the program, so you cannot send requests right now.' };
  if (!giver) return { ok: false, message: `<@${giverId}> is not taking requests right now. Try \`/mentor match\` for fresh suggestions.` };
  return { ok: true, mentee, giver };
}

/** Today's rules for this pair, and what the request carries when they hold: its score, reasons and the mentee's goals. */
export async function requestFit(
  deps: Deps,
  pool: MatchingPool,
  mentee: Participant,
  giver: Participant,
  kind: PairKind,
  program: ProgramSettings,
): Promise<{ ok: true; score: number; reasons: StoredReason[]; goals: string[] } | { ok: false; message: string }> {
  if (!receivingKinds(mentee, pool.busyReceivers).includes(kind)) return { ok: false, message: 'Your profile does not ask for this kind of mentoring any more.' };
  const context = scoringContext(deps);
  const excluded = exclusion(mentee, giver, kind, pool, context);
  if (excluded) return { ok: false, message: `<@${giver.id}> can't be asked right now (${excluded}). Try \`/mentor match\` for fresh suggestions.` };
  const score = scorePair(compileParticipant(mentee, context), compileParticipant(giver, context), kind, context);
  const goals = (await loadProfile(deps.db, mentee.id, program.id))?.answers.goals.map((g) => g.aim) ?? [];
  return { ok: true, score: score.score, reasons: shownReasons(score.reasons), goals };
}

/**
 * A mentee asks a giver. The pair is re-checked against today's rules, and
 * the database's unique indexes, not timing, stop a double click or a second
 * tab from creating a second request.
 */
export async function requestMentor(deps: Deps, client: WebClient, menteeId: string, giverId: string, kind: PairKind, programId: number): Promise<RequestOutcome> {
  const now = deps.clock();
  const program = await programOf(deps, programId);
  if (program.status === 'paused') return { ok: false, message: programPaused(program) };
  const current = await poolFor(deps, program);
  const parties = requestParties(current, menteeId, giverId);
  if (!parties.ok) return parties;
  const open = (await openMatchesOfMentee(deps.db, menteeId, kind, program.id))
    // A leader may have several reverse mentors, so only the same giver counts there.
    .find((m) => kind !== 'reverse' || m.mentorId === giverId);
  if (open) return { ok: false, message: open.mentorId === giverId ? `You have already asked <@${giverId}>.` : `You already have an open request or ${kind === 'mentoring' ? 'mentor' : 'partner'} for this kind of mentoring.` };
  const fit = await requestFit(deps, current, parties.mentee, parties.giver, kind, program);
  if (!fit.ok) return fit;

  const match = await deps.db.transaction(async (tx) => {
    const created = await createMatch(tx, { programId: program.id, mentorId: giverId, menteeId, kind, status: 'requested', source: 'self_serve', score: fit.score, reasons: fit.reasons, requestedAt: now });
    if (!created) return undefined;
    const request = buildMentorRequest({ matchId: created.id, menteeId, kind, goals: fit.goals, reasons: created.reasons });
    await enqueue(tx, { key: `match:${created.id}:request`, recipient: giverId, ...request, notBefore: now, expiresAt: addDays(now, program.rhythm.requestLapseDays), about: [menteeId] });
    return created;
  });
  if (!match) return { ok: false, message: `You have already asked <@${giverId}>.` };
  await deliver(deps, client, now);
  return { ok: true, matchId: match.id };
}

export type AnswerOutcome = { ok: true; match: Match; menteeAway?: boolean } | { ok: false; message: string; state?: RequestState };

/** Why a request cannot be answered by this person now, told as it really stands. */
function answerable(match: Match | undefined, mentorId: string): RequestState | undefined {
  if (!match) return { kind: 'gone' };
  if (match.mentorId !== mentorId) return { kind: 'not_yours', mentorId: match.mentorId };
  switch (match.status) {
    case 'requested':
      return undefined;
    case 'expired':
      return { kind: 'lapsed', menteeId: match.menteeId, at: match.decidedAt };
    case 'declined':
      return { kind: 'declined', at: match.decidedAt };
    case 'active':
    case 'paused':
      return { kind: 'accepted', menteeId: match.menteeId };
    default:
      return { kind: 'ended' };
  }
}

/** Who may press Accept or Decline on this request; the decline form opens only for them. */
export async function requestAnswerable(deps: Deps, mentorId: string, matchId: number): Promise<RequestState | undefined> {
  return answerable(await findMatch(deps.db, matchId), mentorId);
}

/** Why this mentor cannot take one more mentee in this program now, or undefined when they can. */
export async function noRoomFor(deps: Deps, mentorId: string, program: ProgramSettings, db: DB | Tx = deps.db): Promise<string | undefined> {
  const member = await loadProfile(db, mentorId, program.id);
  const counts = await mentoringCount(db, mentorId, program.id);
  const mentoring = counts.here;
  const capacity = capacityInProgram({
    enrollmentCap: member?.enrollment?.capacityMentees ?? null,
    overallCap: member?.profile.capacityMentees ?? null,
    programCap: program.maxMenteesPerMentor,
    loadHere: counts.here,
    loadElsewhere: counts.elsewhere,
  });
  if (mentoring < capacity) return undefined;
  return `You are already mentoring ${mentoring} ${mentoring === 1 ? 'person' : 'people'}, your capacity. Raise it with \`/mentor profile\`, or decline.`;
}

/**
 * The mentor accepts. A fresh-start request (one naming the mentorship it
 * would replace) is first checked against today's rules as it was when sent,
 * since accepting it ends that mentorship: in the same immediate transaction
 * the old one ends kindly (rematchRequests.ts endReplacedPair) before the new
 * one opens, so the mentee is never left with neither, nor with both.
 */
export async function acceptRequest(deps: Deps, client: WebClient, mentorId: string, matchId: number): Promise<AnswerOutcome> {
  const now = deps.clock();
  const state = await requestAnswerable(deps, mentorId, matchId);
  if (state) return { ok: false, message: '', state };
  const request = await findMatch(deps.db, matchId) as Match;
  const program = await programOf(deps, request.programId);
  // Paused: nobody new is matched, so the request waits (the follow-ups job neither reminds nor lapses it meanwhile).
  if (program.status === 'paused') return { ok: false, message: requestWaitsWhilePaused(program) };
  const full = await noRoomFor(deps, mentorId, program);
  if (full) return { ok: false, message: full };
  const menteeId = request.menteeId;
  // Kept apart since it was sent (by either of them or a coordinator): a hard rule, so the request closes.
  // Who asked for it stays private, so the mentor is told only that it no longer stands.
  if (menteeId && await keptApart(deps.db, mentorId, menteeId)) {
    await deps.db.transaction(async (tx) => closeRequestsBetween(deps, tx, mentorId, menteeId, now));
    await deliver(deps, client, now);
    return { ok: false, message: REQUEST_NO_LONGER_STANDS };
  }
  if (request.replacesMatchId !== null && menteeId) {
    if (program.status !== 'active') return { ok: false, message: ASK_WORDS.programPaused };
    const pool = askedPool(await poolFor(deps, program), { ...request, mentorId, menteeId });
    const parties = requestParties(pool, menteeId, mentorId);
    if (!parties.ok) return { ok: false, message: pool.participants.some((p) => p.id === menteeId) ? ASK_WORDS.youAway : ASK_WORDS.away(menteeId) };
    if (!(await requestFit(deps, pool, parties.mentee, parties.giver, request.kind, program)).ok) return { ok: false, message: ASK_WORDS.rules };
  }
  // One transaction: the pair is active exactly when its intro is queued (and a replaced mentorship ended).
  const accepted = await deps.db.transaction(
    async (tx): Promise<Match | string | undefined> => {
      const current = await findMatch(tx, matchId);
      if (current?.status !== 'requested' || !current.mentorId || !current.menteeId) return undefined;
      // Again in the transaction: two requests accepted at once must not both take the mentor's last place.
      const fullNow = await noRoomFor(deps, mentorId, program, tx);
      if (fullNow) return fullNow;
      if (current.replacesMatchId !== null) {
        // Another match holding the mentee's place of this kind (the replaced one ended another way first, then they
        // were paired): the rows the unique index counts, so this request no longer stands rather than failing it.
        const holds = (m: Match) => m.id !== current.id && m.id !== current.replacesMatchId && (m.status !== 'requested' || m.replacesMatchId === null);
        const other = (await openMatchesOfMentee(tx, current.menteeId, current.kind, current.programId)).some(holds);
        if (other && current.kind !== 'reverse') {
          // Closed now, so it is neither reminded nor lapsed later to someone who has a mentor.
          await transition(tx, current.id, ['requested'], 'expired', { decidedAt: now });
          return ASK_WORDS.taken(current.menteeId);
        }
        await endReplacedPair(deps, tx, { ...current, mentorId: current.mentorId, menteeId: current.menteeId }, now);
      }
      const match = await transition(tx, matchId, ['requested'], 'active', { decidedAt: now });
      if (match) await queueIntro(deps, tx, match, now);
      return match;
    },
    // Immediate: the status read above and the writes after it are one step on every replica.
    { behavior: 'immediate' },
  );
  if (typeof accepted === 'string') return { ok: false, message: accepted };
  if (!accepted) return { ok: false, message: '', state: await requestAnswerable(deps, mentorId, matchId) ?? { kind: 'gone' } };
  await deliver(deps, client, now);
  // Paused since they asked: the intro waits for their return (nothing reaches a paused person), and the mentor is told so.
  const mentee = await findPerson(deps.db, menteeId as string);
  return { ok: true, match: accepted, menteeAway: !mentee || effectiveStatus(mentee, now) !== 'active' };
}

export async function declineRequest(deps: Deps, client: WebClient, mentorId: string, matchId: number, note: string | null): Promise<AnswerOutcome> {
  const now = deps.clock();
  const state = await requestAnswerable(deps, mentorId, matchId);
  if (state) return { ok: false, message: '', state };
  const declined = await deps.db.transaction(async (tx) => {
    const match = await transition(tx, matchId, ['requested'], 'declined', { decidedAt: now, declineNote: note });
    if (match?.menteeId) await offerSuggestions(deps, tx, match, `match:${matchId}:declined`, declinedForMentee(mentorId, note), now, 1, [mentorId]);
    return match;
  });
  if (!declined) return { ok: false, message: '', state: await requestAnswerable(deps, mentorId, matchId) ?? { kind: 'gone' } };
  await deliver(deps, client, now);
  return { ok: true, match: declined };
}

/**
 * Two people were just kept apart: any request still waiting between them
 * closes, and its asker gets their next people at once, never the one they
 * asked. Why it closed is not said: a person's own list is theirs alone.
 */
export async function closeRequestsBetween(deps: Deps, tx: Tx, a: string, b: string, now: Date): Promise<number> {
  let closed = 0;
  for (const request of await requestsBetween(tx, a, b)) {
    const done = await transition(tx, request.id, ['requested'], 'expired', { decidedAt: now });
    if (!done?.menteeId || !done.mentorId) continue;
    closed += 1;
    await offerSuggestions(deps, tx, done, `match:${done.id}:closed`, requestCannotGoAhead(done.mentorId), now, SUGGESTIONS, [done.mentorId]);
  }
  return closed;
}

/**
 * Queues the intro to the pair's group DM, which the outbox opens on
 * delivery. Its key is the match, so however often this runs, the intro is
 * posted once; and since it is queued with the match, a crash cannot leave a
 * pair without one.
 */
export async function queueIntro(deps: Deps, tx: DB | Tx, match: Match, now: Date): Promise<void> {
  const giverId = match.mentorId as string;
  const receiverId = match.menteeId as string;
  const giver = await loadProfile(tx, giverId, match.programId);
  const receiver = await loadProfile(tx, receiverId, match.programId);
  const intro = buildIntro({
    matchId: match.id,
    giverId,
    receiverId,
    kind: match.kind,
    who: { giver: giver ? describeMember(giver.answers) : '', receiver: receiver ? describeMember(receiver.answers) : '' },
    reasons: match.reasons,
    goals: receiver?.answers.goals.map((g) => g.aim) ?? [],
  });
  await enqueue(tx, { key: `match:${match.id}:intro`, recipient: `${giverId},${receiverId}`, ...intro, notBefore: now, workingHoursOnly: false });
}

/**
 * Tells the mentee what happened (`lead`) and puts the best people for them
 * now in front of them, really sent through the outbox, or says honestly
 * that there is nobody yet. Returns how many were suggested, and why none.
 * After a fresh-start request that came to nothing (declined, lapsed, its
 * giver gone) while the mentorship it would replace is still open, the
 * cards are fresh-start cards of that kind, and the lead says the
 * mentorship carries on.
 */
export async function offerSuggestions(
  deps: Deps,
  tx: DB | Tx,
  after: Pick<Match, 'menteeId' | 'programId'> & Partial<Pick<Match, 'replacesMatchId' | 'rematchVia'>>,
  key: string,
  lead: string,
  now: Date,
  limit = SUGGESTIONS,
  exclude: readonly string[] = [],
): Promise<{ offered: number; giverIds: string[]; reason?: UnmatchedReason; skills?: string[] }> {
  const menteeId = after.menteeId as string;
  const program = await programOf(deps, after.programId);
  // A pair that carried on after its cohort closed has no pool left to offer from: say so, promise nothing.
  if (program.status === 'closed') {
    await enqueue(tx, { key, recipient: menteeId, text: `${lead} ${noneAfterClose(program)}`, notBefore: now });
    return { offered: 0, giverIds: [], reason: 'rules' };
  }
  const replaced = await replacedPairOf(tx, after);
  const pool = await poolFor(deps, program, tx);
  const next = replaced
    ? await suggestFor(deps, menteeId, program, freshStartPool(pool, menteeId, replaced.kind), limit + exclude.length + 1)
    : await suggestFor(deps, menteeId, program, pool, limit + exclude.length);
  const cards = replaced ? freshStartCards(next, replaced, after.rematchVia ?? 'quiet', limit, exclude) : next.ok ? next.cards.filter((c) => !exclude.includes(c.giverId)).slice(0, limit) : [];
  // No expiry: the lead says what happened to their mentorship, which stays true however late it arrives.
  if (cards.length > 0) {
    const above = replaced ? nextFreshStartLead(lead, replaced.mentorId) : `${lead}\n\nHere ${cards.length === 1 ? 'is who fits' : 'are the people who fit'} you best now:`;
    const suggestions = buildSuggestions(cards, above);
    await enqueue(tx, { key, recipient: menteeId, text: lead, blocks: suggestions.blocks, notBefore: now });
    return { offered: cards.length, giverIds: cards.map((c) => c.giverId) };
  }
  const none = replaced ? noNextFreshStart(lead, replaced.mentorId) : `${lead} We'll message you when there is someone new for you.`;
  await enqueue(tx, { key, recipient: menteeId, text: none, notBefore: now });
  return { offered: 0, giverIds: [], reason: next.ok ? 'rules' : next.reason, ...(!next.ok && next.skills ? { skills: next.skills } : {}) };
}

/**
 * A mentorship ended early by the other side (closed at a check-in, the
 * mentor left the program): the mentee is offered their next-best people
 * at once, never the partner they had, and the program's coordinators are
 * told what was offered. A mentor left behind by their mentee just gets `lead`.
 */
/**
 * After a mentorship ended early, the mentee's next people as cards under
 * `lead`, unless they had already asked someone for a fresh start: that
 * request stands on its own now, so they hear it does and get no second set
 * of cards (`asked` says whom they asked).
 */
export async function suggestAfterEnd(deps: Deps, tx: DB | Tx, ended: Match, key: string, lead: string, now: Date, exclude: readonly string[]): Promise<Awaited<ReturnType<typeof offerSuggestions>> & { asked?: string }> {
  const asked = (await pendingFreshStart(tx, ended.id))?.mentorId;
  if (!asked) return offerSuggestions(deps, tx, ended, key, lead, now, SUGGESTIONS, exclude);
  await enqueue(tx, { key, recipient: ended.menteeId as string, text: `${lead} ${requestStillStands(asked)}`, notBefore: now });
  return { offered: 0, giverIds: [], asked };
}

export async function rematchAfterEarlyEnd(deps: Deps, tx: DB | Tx, match: Match, endedBy: string, key: string, lead: string, now: Date): Promise<void> {
  const partner = partnerOf(match, endedBy);
  if (!partner) return;
  if (partner !== match.menteeId) {
    await enqueue(tx, { key, recipient: partner, text: lead, notBefore: now });
    return;
  }
  const offered = await suggestAfterEnd(deps, tx, match, key, lead, now, [endedBy]);
  const note = rematchOfferedNote({ menteeId: partner, formerId: endedBy, giverIds: offered.giverIds, ...(offered.asked ? { askedId: offered.asked } : {}) });
  // Privately, like check-in notes: why a pairing ended is nobody else's business.
  for (const recipient of await coordinatorsFor(deps, match.programId)) await enqueue(tx, { key: `${key}:coordinators:${recipient}`, recipient, text: note, notBefore: now, workingHoursOnly: false, about: [partner, endedBy] });
}

