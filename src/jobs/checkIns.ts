import type { WebClient } from '@slack/web-api';
import type { Deps } from '../deps.js';
import { createCheckIn } from '../repos/checkIns.js';
import { transition } from '../repos/matches.js';
import { dueCheckIns, silencePause } from '../domain/scheduling/cadence.js';
import { deliver, enqueue, enqueueView } from '../outbox/outbox.js';
import { type ActivePair, anchorOf } from '../repos/pairs.js';
import { loadProfile } from '../repos/profiles.js';
import type { DeferredView } from '../views/deferred.js';
import { buildSilencePauseNotice } from '../views/pausedPairMessages.js';
import { promptablePairs } from './promptablePairs.js';

/**
 * Check-ins for every active pair: the mentor's every two weeks, the
 * mentee's goal check-in every month, each at most once (the check-in row is
 * unique per pair, kind and due date, and its message key is the row). A pair
 * whose mentor left three in a row unanswered is paused, and both are told.
 * Pairs with a paused or departed person get nothing.
 */
/** A check-in still unsent a week after it fell due is no longer worth sending. */
const CHECK_IN_FRESH_MS = 7 * 86_400_000;

export async function runCheckIns(deps: Deps, client: WebClient, now: Date): Promise<{ created: number; paused: number }> {
  const planned = planCheckIns(deps, now);
  await deliver(deps, client, now);
  return planned;
}

/**
 * The planning half: what is due, recorded and queued in the database;
 * nothing is sent. One transaction: a crash plans all of it or none, and
 * SQLite commits once rather than once per check-in.
 */
export function planCheckIns(deps: Deps, now: Date): { created: number; paused: number } {
  return deps.db.transaction(() => planInTransaction(deps, now));
}

function planInTransaction(deps: Deps, now: Date): { created: number; paused: number } {
  let created = 0;
  let paused = 0;
  for (const { match, program, facts } of promptablePairs(deps, now)) {
    const { mentorId, menteeId } = match;
    const cadence = program.rhythm;
    const dueNow = dueCheckIns(facts, now, cadence);
    // The third unanswered check-in counts once its fortnight is over, when the next would fall due: pause instead of sending that one.
    if (silencePause(facts, cadence) && dueNow.some((due) => due.kind === 'mentor')) {
      paused += pauseForSilence(deps, match, now);
      continue;
    }
    for (const due of dueNow) {
      const personId = due.kind === 'mentor' ? mentorId : menteeId;
      const checkInId = createCheckIn(deps.db, { matchId: match.id, personId, kind: due.kind, dueAt: due.dueAt, sentAt: now });
      if (checkInId === undefined) continue;
      created += 1;
      const deferred = due.kind === 'mentor' ? mentorCheckIn(match, checkInId, now, facts.nextSessionAt) : goalCheckIn(deps, match, checkInId);
      // Rendered when sent: one per active pair at once. A check-in that waited out a pause is stale by the time the next is due.
      enqueueView(deps.db, { key: `checkin:${checkInId}`, recipient: personId, deferred, notBefore: now, expiresAt: new Date(due.dueAt.getTime() + CHECK_IN_FRESH_MS) });
    }
  }
  return { created, paused };
}

function mentorCheckIn(match: ActivePair, checkInId: number, now: Date, nextSessionAt: Date | null): DeferredView {
  const weeks = Math.max(1, Math.round((now.getTime() - anchorOf(match).getTime()) / (7 * 86_400_000)));
  return { view: 'mentorCheckIn', input: { checkInId, matchId: match.id, menteeId: match.menteeId, weeksTogether: weeks, nextSessionAt: nextSessionAt?.getTime() ?? null } };
}

function goalCheckIn(deps: Deps, match: ActivePair, checkInId: number): DeferredView {
  const goals = loadProfile(deps.db, match.menteeId, match.programId)?.answers.goals.map((g) => ({ aim: g.aim, dueOn: g.dueOn })) ?? [];
  return { view: 'menteeGoalCheckIn', input: { checkInId, mentorId: match.mentorId, goals } };
}

function pauseForSilence(deps: Deps, match: ActivePair, now: Date): number {
  // No pause spell: this pause is the bot's answer to silence, not the pair's choice, and stays quiet time in the audit.
  if (!transition(deps.db, match.id, ['active'], 'paused')) return 0;
  const stretch = anchorOf(match).getTime();
  for (const [person, partner] of [
    [match.mentorId, match.menteeId],
    [match.menteeId, match.mentorId],
  ] as [string, string][]) {
    enqueue(deps.db, { key: `match:${match.id}:silence:${stretch}:${person}`, recipient: person, ...buildSilencePauseNotice({ partnerId: partner, matchId: match.id }), notBefore: now });
  }
  return 1;
}
