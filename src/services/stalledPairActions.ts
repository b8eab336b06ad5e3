import type { WebClient } from '@slack/web-api';
import { cancelFutureSessions } from './sessions.js';
import type { Deps } from '../deps.js';
import { RUNNING_MATCH_STATUSES, weeksQuiet } from '../domain/mentorship.js';
import { stallStage } from '../domain/scheduling/cadence.js';
import { deliver, deliveryOf, enqueue } from '../outbox/outbox.js';
import { findMatch, transition } from '../repos/matches.js';
import { pairFacts } from '../repos/pairs.js';
import { mention } from '../views/blocks.js';
import { slackDate } from '../views/format.js';
import { closedByCoordinators, rematchForMentee, rematchForMentor, unmatchedWords } from '../views/matchMessages.js';
import { programById } from './programs.js';
import { buildStalledNudge, NUDGE_FRESH_MS } from '../views/stalledPairMessages.js';
import { suggestAfterEnd } from './selfServe.js';

/*
 * What a coordinator does about a stalled pair, from its flag or the digest:
 * nudge both again, close it and give the mentee fresh suggestions, or just
 * close it. Each returns the line that replaces the flag, saying exactly
 * what happened.
 */

export type StalledPairAction = 'nudge' | 'rematch' | 'close';

export interface StalledPair {
  matchId: number;
  mentorId: string;
  menteeId: string;
}

export async function actOnStalledPair(deps: Deps, client: WebClient, what: StalledPairAction, pair: StalledPair, coordinatorId: string, now: Date): Promise<string> {
  return what === 'nudge' ? nudgeAgain(deps, client, pair, coordinatorId, now) : closePair(deps, client, what, pair, coordinatorId, now);
}

async function nudgeAgain(deps: Deps, client: WebClient, { matchId, mentorId, menteeId }: StalledPair, coordinatorId: string, now: Date): Promise<string> {
  const match = await findMatch(deps.db, matchId);
  const quietWeeks = match ? weeksQuiet(await pairFacts(deps.db, match, now), now) : 0;
  await deps.db.transaction(async (tx) => {
    for (const [person, partner] of [
      [mentorId, menteeId],
      [menteeId, mentorId],
    ] as const) {
      await enqueue(tx, { key: `stall:${matchId}:coordinator-nudge:${now.getTime()}:${person}`, recipient: person, ...buildStalledNudge({ partnerId: partner, weeks: quietWeeks, matchId }), notBefore: now, expiresAt: new Date(now.getTime() + NUDGE_FRESH_MS) });
    }
  });
  await deliver(deps, client, now);
  return `${mention(coordinatorId)} nudged ${both(mentorId, menteeId)} again.`;
}

type Closed = { kind: 'closed' } | ({ kind: 'rematched' } & Awaited<ReturnType<typeof suggestAfterEnd>>);

async function closePair(deps: Deps, client: WebClient, what: 'rematch' | 'close', { matchId, mentorId, menteeId }: StalledPair, coordinatorId: string, now: Date): Promise<string> {
  const outcome = await deps.db.transaction(async (tx): Promise<Closed | undefined> => {
    // Read as it is closed: the pair may be listed for its ratings, or have met since it was flagged.
    const before = await findMatch(tx, matchId);
    const program = before && await programById(deps, before.programId);
    const quiet = Boolean(before && program && stallStage(await pairFacts(tx, before, now), now, program.rhythm) !== 'active');
    const ended = await transition(tx, matchId, RUNNING_MATCH_STATUSES, 'ended', { endedAt: now, endReason: what === 'rematch' ? 'coordinator suggested a re-match' : 'closed by a coordinator' });
    if (!ended) return undefined;
    await cancelFutureSessions(deps, tx, ended, '', now);
    if (what === 'close') {
      const text = closedByCoordinators(quiet);
      for (const person of [mentorId, menteeId]) await enqueue(tx, { key: `match:${matchId}:closed:${person}`, recipient: person, text, notBefore: now });
      return { kind: 'closed' };
    }
    await enqueue(tx, { key: `match:${matchId}:closed:${mentorId}`, recipient: mentorId, text: rematchForMentor(menteeId, quiet), notBefore: now });
    return { kind: 'rematched', ...await suggestAfterEnd(deps, tx, ended, `match:${matchId}:rematch`, rematchForMentee(mentorId, quiet), now, [mentorId]) };
  });
  if (!outcome) return 'That pair had already ended, so nothing more was done.';
  await deliver(deps, client, now);
  const pair = both(mentorId, menteeId);
  if (outcome.kind === 'closed') return `${mention(coordinatorId)} closed the mentorship of ${pair}; both were told kindly.`;
  const closed = `${mention(coordinatorId)} closed the mentorship of ${pair} for a fresh start; both were told kindly`;
  if (outcome.asked) return `${closed}. ${mention(menteeId)} had already asked ${mention(outcome.asked)}, and that request stands, so no new suggestions were sent.`;
  const delivery = await deliveryOf(deps.db, `match:${matchId}:rematch`);
  const when = delivery?.status === 'sent' ? 'now' : delivery?.status === 'pending' ? `at the start of their working day (${slackDate(delivery.notBefore, '{date_short_pretty} {time}')})` : 'as soon as they can be reached';
  const offered =
    outcome.offered > 0
      ? `${mention(menteeId)} gets ${outcome.offered} fresh ${outcome.offered === 1 ? 'suggestion' : 'suggestions'} in their DM ${when}`
      : `nobody else fits ${mention(menteeId)} right now (${unmatchedWords({ reason: outcome.reason ?? 'rules', ...(outcome.skills ? { skills: outcome.skills } : {}) }).them}); they are told so, and that we will be in touch, ${when}`;
  return `${closed}, and ${offered}.`;
}

const both = (mentorId: string, menteeId: string) => [mention(mentorId), mention(menteeId)].join(' and ');
