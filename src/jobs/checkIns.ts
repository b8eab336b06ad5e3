import type { WebClient } from '@slack/web-api';
import type { Deps } from '../deps.js';
import { checkInSlot, createCheckIns, type NewCheckIn } from '../repos/checkIns.js';
import { transition } from '../repos/matches.js';
import { dueCheckIns, silencePause } from '../domain/scheduling/cadence.js';
import { deliver, enqueue, enqueueViews } from '../outbox/outbox.js';
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
  const planned = await planCheckIns(deps, now);
  await deliver(deps, client, now);
  return planned;
}

/**
 * The planning half: what is due, recorded and queued in the database;
 * nothing is sent. One transaction: a crash plans all of it or none, and
 * SQLite commits once rather than once per check-in.
 */
export async function planCheckIns(deps: Deps, now: Date): Promise<{ created: number; paused: number }> {
  return deps.db.transaction(async () => planInTransaction(deps, now));
}

async function planInTransaction(deps: Deps, now: Date): Promise<{ created: number; paused: number }> {
  let paused = 0;
  const due: { pair: Awaited<ReturnType<typeof promptablePairs>>[number]; checkIn: NewCheckIn }[] = [];
  for (const pair of await promptablePairs(deps, now)) {
    const { match, program, facts } = pair;
    const dueNow = dueCheckIns(facts, now, program.rhythm);
    // The third unanswered check-in counts once its fortnight is over, when the next would fall due: pause instead of sending that one.
    if (silencePause(facts, program.rhythm) && dueNow.some((d) => d.kind === 'mentor')) {
      paused += await pauseForSilence(deps, match, now);
      continue;
    }
    for (const d of dueNow) due.push({ pair, checkIn: { matchId: match.id, personId: d.kind === 'mentor' ? match.mentorId : match.menteeId, kind: d.kind, dueAt: d.dueAt, sentAt: now } });
  }
  // Thousands at once: the rows and their messages go in multi-row inserts, not three statements each.
  const created = await createCheckIns(deps.db, due.map((d) => d.checkIn));
  const messages: Parameters<typeof enqueueViews>[1][number][] = [];
  for (const { pair, checkIn } of due) {
    const checkInId = created.get(checkInSlot(checkIn));
    if (checkInId === undefined) continue;
    const deferred = checkIn.kind === 'mentor' ? mentorCheckIn(pair.match, checkInId, now, pair.facts.nextSessionAt) : await goalCheckIn(deps, pair.match, checkInId);
    // Rendered when sent: one per active pair at once. A check-in that waited out a pause is stale by the time the next is due.
    messages.push({ key: `checkin:${checkInId}`, recipient: checkIn.personId, deferred, notBefore: now, expiresAt: new Date(checkIn.dueAt.getTime() + CHECK_IN_FRESH_MS) });
  }
  await enqueueViews(deps.db, messages);
  return { created: created.size, paused };
}

function mentorCheckIn(match: ActivePair, checkInId: number, now: Date, nextSessionAt: Date | null): DeferredView {
  const weeks = Math.max(1, Math.round((now.getTime() - anchorOf(match).getTime()) / (7 * 86_400_000)));
  return { view: 'mentorCheckIn', input: { checkInId, matchId: match.id, menteeId: match.menteeId, weeksTogether: weeks, nextSessionAt: nextSessionAt?.getTime() ?? null } };
}

async function goalCheckIn(deps: Deps, match: ActivePair, checkInId: number): Promise<DeferredView> {
  const goals = (await loadProfile(deps.db, match.menteeId, match.programId))?.answers.goals.map((g) => ({ aim: g.aim, dueOn: g.dueOn })) ?? [];
  return { view: 'menteeGoalCheckIn', input: { checkInId, mentorId: match.mentorId, goals } };
}

async function pauseForSilence(deps: Deps, match: ActivePair, now: Date): Promise<number> {
  // No pause spell: this pause is the bot's answer to silence, not the pair's choice, and stays quiet time in the audit.
  if (!await transition(deps.db, match.id, ['active'], 'paused')) return 0;
  const stretch = anchorOf(match).getTime();
  for (const [person, partner] of [
    [match.mentorId, match.menteeId],
    [match.menteeId, match.mentorId],
  ] as [string, string][]) {
    await enqueue(deps.db, { key: `match:${match.id}:silence:${stretch}:${person}`, recipient: person, ...buildSilencePauseNotice({ partnerId: partner, matchId: match.id }), notBefore: now });
  }
  return 1;
}
