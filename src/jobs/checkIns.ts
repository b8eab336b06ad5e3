import type { WebClient } from '@slack/web-api';
import { and, eq } from 'drizzle-orm';
import type { Deps } from '../deps.js';
import { checkIns, type Match, matches, sessions } from '../db/schema.js';
import { mayPrompt } from '../domain/participation.js';
import { CADENCE_DEFAULTS, dueCheckIns, silencePause } from '../domain/scheduling/cadence.js';
import { drainOutbox, enqueue } from '../outbox/outbox.js';
import { activePairs, anchorOf, pairFacts } from '../repos/pairs.js';
import { findPerson, loadProfile } from '../repos/profiles.js';
import { buildMenteeGoalCheckIn, buildMentorCheckIn, buildSilencePauseNotice } from '../views/schedulingMessages.js';

/**
 * Check-ins for every active pair: the mentor's every two weeks, the
 * mentee's goal check-in every month, each at most once (the check-in row is
 * unique per pair, kind and due date, and its message key is the row). A pair
 * whose mentor left three in a row unanswered is paused, and both are told.
 * Pairs with a paused or departed person get nothing.
 */
export async function runCheckIns(deps: Deps, client: WebClient, now: Date): Promise<{ created: number; paused: number }> {
  let created = 0;
  let paused = 0;
  for (const match of activePairs(deps.db)) {
    const mentorId = match.mentorId as string;
    const menteeId = match.menteeId as string;
    if (!mayPrompt(findPerson(deps.db, mentorId), now) || !mayPrompt(findPerson(deps.db, menteeId), now)) continue;
    const facts = pairFacts(deps.db, match, now);
    if (silencePause(facts, CADENCE_DEFAULTS)) {
      paused += pauseForSilence(deps, match, now);
      continue;
    }
    for (const due of dueCheckIns(facts, now, CADENCE_DEFAULTS)) {
      const row = deps.db
        .insert(checkIns)
        .values({ matchId: match.id, personId: due.kind === 'mentor' ? mentorId : menteeId, kind: due.kind, dueAt: due.dueAt, sentAt: now })
        .onConflictDoNothing()
        .returning()
        .get();
      if (!row) continue;
      created += 1;
      const message = due.kind === 'mentor' ? mentorCheckIn(deps, match, row.id, now) : goalCheckIn(deps, match, row.id);
      enqueue(deps.db, { key: `checkin:${row.id}`, recipient: row.personId as string, ...message, notBefore: now });
    }
  }
  await drainOutbox({ db: deps.db, client, logger: deps.logger }, now);
  return { created, paused };
}

function mentorCheckIn(deps: Deps, match: Match, checkInId: number, now: Date) {
  const next = deps.db
    .select({ startsAt: sessions.startsAt })
    .from(sessions)
    .where(and(eq(sessions.matchId, match.id), eq(sessions.status, 'booked')))
    .all()
    .map((s) => s.startsAt)
    .filter((t) => t > now)
    .sort((a, b) => a.getTime() - b.getTime())[0];
  const weeks = Math.max(1, Math.round((now.getTime() - anchorOf(match).getTime()) / (7 * 86_400_000)));
  return buildMentorCheckIn({ checkInId, matchId: match.id, menteeId: match.menteeId as string, weeksTogether: weeks, nextSessionAt: next ?? null });
}

function goalCheckIn(deps: Deps, match: Match, checkInId: number) {
  const goals = loadProfile(deps.db, match.menteeId as string)?.answers.goals.map((g) => ({ aim: g.aim, dueOn: g.dueOn })) ?? [];
  return buildMenteeGoalCheckIn({ checkInId, mentorId: match.mentorId as string, goals });
}

function pauseForSilence(deps: Deps, match: Match, now: Date): number {
  const updated = deps.db.update(matches).set({ status: 'paused' }).where(and(eq(matches.id, match.id), eq(matches.status, 'active'))).run();
  if (updated.changes === 0) return 0;
  const stretch = anchorOf(match).getTime();
  for (const [person, partner] of [
    [match.mentorId, match.menteeId],
    [match.menteeId, match.mentorId],
  ] as [string, string][]) {
    enqueue(deps.db, { key: `match:${match.id}:silence:${stretch}:${person}`, recipient: person, ...buildSilencePauseNotice({ partnerId: partner, matchId: match.id }), notBefore: now });
  }
  return 1;
}
