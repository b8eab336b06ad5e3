import type { WebClient } from '@slack/web-api';
import { addDays } from 'date-fns';
import type { Deps } from '../deps.js';
import type { DB, Tx } from '../db/client.js';
import type { PairKind } from '../domain/mentorship.js';
import { mayPrompt } from '../domain/participation.js';
import { deliver, deliveryOf, enqueue } from '../outbox/outbox.js';
import { createMatch, findMatch, pendingFreshStart } from '../repos/matches.js';
import { findPerson } from '../repos/profiles.js';
import { findSession } from '../repos/sessions.js';
import { buildMentorRequest, buildSuggestions, type RematchVia, requestSent, type WaitingReason } from '../views/matchMessages.js';
import { ASK_WORDS, ASKED_ALREADY, askedNobody, askedOfferLead, askedOthersNote, askStillOpen, rematchRequestSent } from '../views/rematchMessages.js';
import { poolFor } from './pools.js';
import { coordinatorsFor } from './programs.js';
import { freshStartCards, freshStartPool, isOpenPair, type OpenPair, programOfMatch } from './rematchRequests.js';
import { requestFit, requestMentor, requestParties, SUGGESTIONS, suggestFor } from './selfServe.js';

/*
 * Re-matching while a mentorship is still open: when it has gone quiet, or
 * when the mentee asks to see other mentors, they are offered their
 * next-best people in the same kind of mentoring, never their partner. A
 * request from those cards is a `requested` match row naming the mentorship
 * it would replace; the mentorship ends only if the new mentor accepts
 * (selfServe.ts acceptRequest, with rematchRequests.ts).
 */

export interface FreshStart {
  pair: OpenPair;
  via: RematchVia;
  key: string;
  /** Above the cards. */
  lead: string;
  now: Date;
  /** What to send when nobody fits; without it nothing is sent then. */
  nobody?: (why: WaitingReason) => string;
  expiresAt?: Date;
  workingHoursOnly?: boolean;
}

export interface Offered {
  giverIds: string[];
  none?: WaitingReason;
}

/** Queues the mentee's best people now as cards whose requests may take over from `pair`; says whom, or why nobody. */
export async function offerFreshStart(deps: Deps, tx: DB | Tx, o: FreshStart): Promise<Offered> {
  const program = await programOfMatch(deps, o.pair);
  const pool = freshStartPool(await poolFor(deps, program, tx), o.pair.menteeId, o.pair.kind);
  // One more than shown, in case the partner is among them (their open pair should keep them out anyway).
  const next = await suggestFor(deps, o.pair.menteeId, program, pool, SUGGESTIONS + 1);
  const cards = freshStartCards(next, o.pair, o.via, SUGGESTIONS);
  const timing = { notBefore: o.now, ...(o.expiresAt ? { expiresAt: o.expiresAt } : {}), ...(o.workingHoursOnly === false ? { workingHoursOnly: false } : {}) };
  if (cards.length > 0) {
    await enqueue(tx, { key: o.key, recipient: o.pair.menteeId, text: o.lead, blocks: buildSuggestions(cards, o.lead).blocks, ...timing });
    return { giverIds: cards.map((c) => c.giverId) };
  }
  const none: WaitingReason = next.ok ? { reason: 'rules' } : { reason: next.reason, ...(next.skills ? { skills: next.skills } : {}) };
  if (o.nobody) await enqueue(tx, { key: o.key, recipient: o.pair.menteeId, text: o.nobody(none), ...timing });
  return { giverIds: [], none };
}

/**
 * "See other mentors", under the thanks for a poor rating: the mentee's own
 * choice. They get the cards in their DM (or why nobody fits), once however
 * often they press; the coordinators hear privately that they asked and whom
 * they were offered, never anything about the rating.
 */
export async function seeOtherMentors(deps: Deps, client: WebClient, userId: string, sessionId: number): Promise<string | undefined> {
  const now = deps.clock();
  const session = await findSession(deps.db, sessionId);
  const match = session ? await findMatch(deps.db, session.matchId) : undefined;
  if (!match || match.menteeId !== userId) return 'That mentorship is not one of yours.';
  if (!isOpenPair(match)) return 'That mentorship has ended already, so `/mentor match` suggests people for you.';
  if ((await programOfMatch(deps, match)).status !== 'active') return ASK_WORDS.programPaused;
  if (!mayPrompt(await findPerson(deps.db, userId), now)) return 'You are paused, so matching is off for you. `/mentor resume` turns it back on.';
  // One offer per rated session: the key is the guard, inside one immediate transaction with everything it queues.
  const key = `rematch:${match.id}:asked:${sessionId}`;
  const first = await deps.db.transaction(
    async (tx) => {
      if (await deliveryOf(tx, key)) return false;
      const offered = await offerFreshStart(deps, tx, {
        pair: match,
        via: 'asked',
        key,
        lead: askedOfferLead({ mentorId: match.mentorId, kind: match.kind }),
        now,
        nobody: (why) => askedNobody({ mentorId: match.mentorId, why }),
        workingHoursOnly: false,
      });
      const note = askedOthersNote({ menteeId: userId, kind: match.kind, giverIds: offered.giverIds, ...(offered.none ? { none: offered.none } : {}) });
      for (const recipient of await coordinatorsFor(deps, match.programId)) await enqueue(tx, { key: `${key}:coordinators:${recipient}`, recipient, text: note, notBefore: now, workingHoursOnly: false, about: [userId] });
      return true;
    },
    { behavior: 'immediate' },
  );
  await deliver(deps, client, now);
  return first ? undefined : ASKED_ALREADY;
}

export interface FreshStartCard {
  giverId: string;
  kind: PairKind;
  programId: number;
  replaces: number;
  via: RematchVia;
}

export type FreshStartRequest = { ok: true; text: string } | { ok: false; message: string };

/**
 * The mentee presses Request on a fresh-start card: a `requested` match row
 * naming the mentorship it would replace, and the ordinary request to the
 * giver, in one immediate transaction. One at a time per mentorship: the
 * unique index matches_one_fresh_start_per_match refuses a second one, on
 * any replica, and the second click is told who has it.
 */
export async function requestFreshStart(deps: Deps, client: WebClient, menteeId: string, card: FreshStartCard): Promise<FreshStartRequest> {
  const now = deps.clock();
  const pair = await findMatch(deps.db, card.replaces);
  if (!isOpenPair(pair) || pair.menteeId !== menteeId || pair.kind !== card.kind || pair.programId !== card.programId) {
    // The mentorship ended meanwhile (or the card is not about it): an ordinary request, with its ordinary checks.
    const outcome = await requestMentor(deps, client, menteeId, card.giverId, card.kind, card.programId);
    return outcome.ok ? { ok: true, text: requestSent(card.giverId) } : outcome;
  }
  const program = await programOfMatch(deps, pair);
  if (program.status !== 'active') return { ok: false, message: ASK_WORDS.programPaused };
  const pool = freshStartPool(await poolFor(deps, program), menteeId, pair.kind);
  const parties = requestParties(pool, menteeId, card.giverId);
  if (!parties.ok) return parties;
  const fit = await requestFit(deps, pool, parties.mentee, parties.giver, pair.kind, program);
  if (!fit.ok) return fit;
  const lapses = addDays(now, program.rhythm.requestLapseDays);
  const outcome = await deps.db.transaction(
    async (tx): Promise<FreshStartRequest | undefined> => {
      // Ended on another replica since it was read: then this is an ordinary request (below), never one replacing an ended pair.
      if (!isOpenPair(await findMatch(tx, pair.id))) return undefined;
      const created = await createMatch(tx, {
        programId: program.id,
        mentorId: card.giverId,
        menteeId,
        kind: pair.kind,
        status: 'requested',
        source: 'self_serve',
        score: fit.score,
        reasons: fit.reasons,
        requestedAt: now,
        replacesMatchId: pair.id,
        rematchVia: card.via,
      });
      if (!created) return { ok: false, message: await stillWaiting(tx, pair, card.giverId, program.rhythm.requestLapseDays) };
      const request = buildMentorRequest({ matchId: created.id, menteeId, kind: pair.kind, goals: fit.goals, reasons: created.reasons });
      await enqueue(tx, { key: `match:${created.id}:request`, recipient: card.giverId, ...request, notBefore: now, expiresAt: lapses, about: [menteeId] });
      return { ok: true, text: rematchRequestSent({ giverId: card.giverId, formerId: pair.mentorId }) };
    },
    // Immediate: on every replica the insert and its message are one step, and the index decides who was first.
    { behavior: 'immediate' },
  );
  if (!outcome) {
    const ordinary = await requestMentor(deps, client, menteeId, card.giverId, card.kind, card.programId);
    return ordinary.ok ? { ok: true, text: requestSent(card.giverId) } : ordinary;
  }
  await deliver(deps, client, now);
  return outcome;
}

/** Why the index refused a fresh-start request: the one already waiting, whom it went to and until when. */
async function stillWaiting(tx: DB | Tx, pair: OpenPair, giverId: string, lapseDays: number): Promise<string> {
  const waiting = await pendingFreshStart(tx, pair.id);
  if (!waiting?.mentorId) return `You have already asked <@${giverId}>.`;
  return askStillOpen({ giverId: waiting.mentorId, until: addDays(waiting.requestedAt, lapseDays), same: waiting.mentorId === giverId });
}
