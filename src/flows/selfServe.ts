import type { WebClient } from '@slack/web-api';
import { and, eq } from 'drizzle-orm';
import type { Deps } from '../deps.js';
import type { IntakeAnswers } from '../domain/intake.js';
import { matches, type Match } from '../db/schema.js';
import { candidatesFor, compilePool, exclusion, explainCandidate, type MatchingPool, receivingKinds, type UnmatchedReason, whyNoCandidates } from '../domain/matching/candidates.js';
import type { PairKind, Participant } from '../domain/matching/participant.js';
import { compileParticipant, type ScoringContext, scorePair } from '../domain/matching/scoring.js';
import { drainOutbox, enqueue } from '../outbox/outbox.js';
import { loadMatchingPool } from '../repos/matchingPool.js';
import { loadProfile } from '../repos/profiles.js';
import { buildIntro, buildMentorRequest, buildSuggestions, declinedForMentee, expiredForMentee, type SuggestionCard } from '../views/matchMessages.js';

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

export type Suggestions = { ok: true; cards: SuggestionCard[] } | { ok: false; reason: UnmatchedReason };

/** The best few givers for this person now, each with its reasons. */
export function suggestFor(deps: Deps, userId: string, pool: MatchingPool = loadMatchingPool(deps.db, deps.clock(), deps.config.matchCooldownMonths, deps.config.ratingMinRaters)): Suggestions {
  const me = pool.participants.find((p) => p.id === userId);
  if (!me) return { ok: false, reason: 'gone' };
  const context = scoringContext(deps);
  const compiled = compilePool(pool, context);
  const givers = [...compiled.values()].filter((g) => g.p.id !== userId);
  const top = candidatesFor(compiled.get(userId) as NonNullable<ReturnType<typeof compiled.get>>, givers, pool, context, SUGGESTIONS).map((c) =>
    explainCandidate(c, compiled, context),
  );
  if (top.length === 0) return { ok: false, reason: whyNoCandidates(me, pool) };
  return {
    ok: true,
    cards: top.map((c) => ({
      giverId: c.giverId,
      kind: c.kind,
      score: c.score.score,
      reasons: c.score.reasons.slice(0, 3).map((r) => r.forReceiver),
      facts: describePerson(compiled.get(c.giverId)?.p as Participant),
    })),
  };
}

export type RequestOutcome = { ok: true; matchId: number } | { ok: false; message: string };

/**
 * A mentee asks a giver. The pair is re-checked against today's rules, and
 * the database's unique indexes, not timing, stop a double click or a second
 * tab from creating a second request.
 */
export async function requestMentor(deps: Deps, client: WebClient, menteeId: string, giverId: string, kind: PairKind): Promise<RequestOutcome> {
  const now = deps.clock();
  const pool = loadMatchingPool(deps.db, now, deps.config.matchCooldownMonths, deps.config.ratingMinRaters);
  const mentee = pool.participants.find((p) => p.id === menteeId);
  const giver = pool.participants.find((p) => p.id === giverId);
  if (!mentee) return { ok: false, message: 'You are paused or not in the program, so you cannot send requests right now.' };
  if (!giver) return { ok: false, message: `<@${giverId}> is not taking requests right now. Try \`/mentor match\` for fresh suggestions.` };
  const open = deps.db.select().from(matches).where(and(eq(matches.menteeId, menteeId), eq(matches.kind, kind))).all().find((m) => ['requested', 'active', 'paused'].includes(m.status));
  if (open) return { ok: false, message: open.mentorId === giverId ? `You have already asked <@${giverId}>.` : `You already have an open request or ${kind === 'mentoring' ? 'mentor' : 'partner'} for this kind of mentoring.` };
  if (!receivingKinds(mentee, pool.busyReceivers).includes(kind)) return { ok: false, message: 'Your profile does not ask for this kind of mentoring any more.' };
  const excluded = exclusion(mentee, giver, kind, pool);
  if (excluded) return { ok: false, message: `<@${giverId}> can't be asked right now (${excluded}). Try \`/mentor match\` for fresh suggestions.` };

  const context = scoringContext(deps);
  const score = scorePair(compileParticipant(mentee, context), compileParticipant(giver, context), kind, context);
  let match: Match;
  try {
    match = deps.db
      .insert(matches)
      .values({ mentorId: giverId, menteeId, kind, status: 'requested', source: 'self_serve', score: score.score, reasons: score.reasons.slice(0, 3).map((r) => r.forOthers(`<@${menteeId}>`)), requestedAt: now })
      .returning()
      .get();
  } catch (error) {
    if (String(error).includes('UNIQUE')) return { ok: false, message: `You have already asked <@${giverId}>.` };
    throw error;
  }
  const goals = loadProfile(deps.db, menteeId)?.answers.goals.map((g) => g.aim) ?? [];
  const request = buildMentorRequest({ matchId: match.id, menteeId, kind, goals, reasons: match.reasons ?? [] });
  enqueue(deps.db, { key: `match:${match.id}:request`, recipient: giverId, ...request, notBefore: now });
  await drainOutbox({ db: deps.db, client, logger: deps.logger }, now);
  return { ok: true, matchId: match.id };
}

export type AnswerOutcome = { ok: true; match: Match } | { ok: false; message: string };

/** Only the asked mentor, only once: the status condition makes a second click a no-op. */
function decide(deps: Deps, mentorId: string, matchId: number, status: 'active' | 'declined', note: string | null): AnswerOutcome {
  const now = deps.clock();
  const updated = deps.db
    .update(matches)
    .set({ status, decidedAt: now, declineNote: note })
    .where(and(eq(matches.id, matchId), eq(matches.mentorId, mentorId), eq(matches.status, 'requested')))
    .returning()
    .get();
  return updated ? { ok: true, match: updated } : { ok: false, message: 'This request has already been answered.' };
}

export async function acceptRequest(deps: Deps, client: WebClient, mentorId: string, matchId: number): Promise<AnswerOutcome> {
  const capacity = loadProfile(deps.db, mentorId)?.profile.capacityMentees ?? 0;
  const active = deps.db
    .select()
    .from(matches)
    .where(eq(matches.mentorId, mentorId))
    .all()
    .filter((m) => m.status === 'active' || m.status === 'paused').length;
  if (active >= capacity) {
    return { ok: false, message: `You are already mentoring ${active} ${active === 1 ? 'person' : 'people'}, your capacity. Raise it with \`/mentor profile\`, or decline.` };
  }
  const outcome = decide(deps, mentorId, matchId, 'active', null);
  if (outcome.ok) await openIntro(deps, client, outcome.match);
  return outcome;
}

export async function declineRequest(deps: Deps, client: WebClient, mentorId: string, matchId: number, note: string | null): Promise<AnswerOutcome> {
  const outcome = decide(deps, mentorId, matchId, 'declined', note);
  if (outcome.ok) await offerNext(deps, client, outcome.match, `match:${matchId}:declined`, 'declined');
  return outcome;
}

/**
 * Opens the pair's group DM and queues the intro there. The intro's key is
 * the match, so however often this runs, the intro is posted once.
 */
export async function openIntro(deps: Deps, client: WebClient, match: Match): Promise<void> {
  const giverId = match.mentorId as string;
  const receiverId = match.menteeId as string;
  const group = await client.conversations.open({ users: `${giverId},${receiverId}` });
  const channel = group.channel?.id as string;
  deps.db.update(matches).set({ conversationId: channel }).where(eq(matches.id, match.id)).run();
  const giver = loadProfile(deps.db, giverId);
  const receiver = loadProfile(deps.db, receiverId);
  const intro = buildIntro({
    matchId: match.id,
    giverId,
    receiverId,
    kind: match.kind,
    who: { giver: giver ? describeMember(giver.answers) : '', receiver: receiver ? describeMember(receiver.answers) : '' },
    reasons: match.reasons ?? [],
    goals: receiver?.answers.goals.map((g) => g.aim) ?? [],
  });
  enqueue(deps.db, { key: `match:${match.id}:intro`, recipient: channel, ...intro, notBefore: deps.clock() });
  await drainOutbox({ db: deps.db, client, logger: deps.logger }, deps.clock());
}

/** Tells the mentee kindly, and puts the next best suggestion in front of them. */
export async function offerNext(deps: Deps, client: WebClient, match: Match, key: string, why: 'declined' | 'expired'): Promise<void> {
  const menteeId = match.menteeId as string;
  const giverId = match.mentorId as string;
  const lead = why === 'declined' ? declinedForMentee(giverId, match.declineNote) : expiredForMentee(giverId);
  const next = suggestFor(deps, menteeId);
  const blocks = next.ok ? buildSuggestions(next.cards.slice(0, 1), `${lead}\n\nHere is who fits you best now:`).blocks : undefined;
  const text = next.ok ? lead : `${lead} We'll message you when there is someone new for you.`;
  enqueue(deps.db, { key, recipient: menteeId, text, ...(blocks ? { blocks } : {}), notBefore: deps.clock() });
  await drainOutbox({ db: deps.db, client, logger: deps.logger }, deps.clock());
}
