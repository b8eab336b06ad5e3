import type { WebClient } from '@slack/web-api';
import type { Deps } from '../deps.js';
import { weeksPaused, weeksQuiet } from '../domain/mentorship.js';
import { mayPrompt } from '../domain/participation.js';
import { lastSignOfLife, stallStage } from '../domain/scheduling/cadence.js';
import type { ProgramSettings } from '../domain/programs.js';
import { deliver, deliveryOf, enqueue } from '../outbox/outbox.js';
import { findMatch } from '../repos/matches.js';
import { pairFacts } from '../repos/pairs.js';
import { findPerson } from '../repos/profiles.js';
import { offerFreshStart, type Offered } from '../services/rematch.js';
import { isOpenPair } from '../services/rematchRequests.js';
import { quietOfferLead } from '../views/rematchMessages.js';
import { buildStalledFlag, buildStalledNudge, NUDGE_FRESH_MS } from '../views/stalledPairMessages.js';
import { promptablePairs } from './promptablePairs.js';

/**
 * Quiet pairs: after four weeks with no session and no check-in answer, a
 * friendly nudge to both; after six, the mentee is offered a fresh start
 * privately (the mentorship ends only if a new mentor accepts) and the pair
 * is flagged in the coordinators' channel with actions and what was offered.
 * Each at most once per quiet spell: the keys carry the last sign of life,
 * so a pair that wakes up and goes quiet again is noticed again. A request
 * sent from such an offer is a match row like any other, so the request
 * follow-ups remind it and lapse it (jobs/requestFollowUps.ts).
 */

export async function runStalledPairs(deps: Deps, client: WebClient, now: Date): Promise<{ nudged: number; flagged: number }> {
  let nudged = 0;
  let flagged = 0;
  for (const { match, program, facts } of await promptablePairs(deps, now)) {
    const { mentorId, menteeId } = match;
    const stage = stallStage(facts, now, program.rhythm);
    if (stage === 'active') continue;
    const since = lastSignOfLife(facts, now);
    const weeks = weeksQuiet(facts, now);
    for (const [person, partner] of [
      [mentorId, menteeId],
      [menteeId, mentorId],
    ] as const) {
      const nudge = buildStalledNudge({ partnerId: partner, weeks, matchId: match.id });
      if (await enqueue(deps.db, { key: `stall:${match.id}:${since.getTime()}:nudge:${person}`, recipient: person, ...nudge, notBefore: now, expiresAt: new Date(now.getTime() + NUDGE_FRESH_MS) })) nudged += 1;
    }
    if (stage !== 'flag') continue;
    if (await flagAndOffer(deps, match.id, program, since, now)) flagged += 1;
  }
  await deliver(deps, client, now);
  return { nudged, flagged };
}

/**
 * The offer and the flag that reports it in one immediate transaction, so on
 * any number of replicas the flag names exactly what the mentee was sent.
 * Nobody to offer sends the mentee nothing (a quiet spell is no news to
 * them); the flag says why.
 */
async function flagAndOffer(deps: Deps, matchId: number, program: ProgramSettings, since: Date, now: Date): Promise<boolean> {
  const key = (what: string) => `stall:${matchId}:${since.getTime()}:${what}`;
  return deps.db.transaction(
    async (tx) => {
      if (await deliveryOf(tx, key('flag')) || await deliveryOf(tx, key('rematch'))) return false;
      // Read again under the write lock: a replica, a click or an answer may have ended, paused or woken it since.
      const match = await findMatch(tx, matchId);
      if (!isOpenPair(match) || match.status !== 'active') return false;
      if (!mayPrompt(await findPerson(tx, match.mentorId), now) || !mayPrompt(await findPerson(tx, match.menteeId), now)) return false;
      const facts = await pairFacts(tx, match, now);
      if (lastSignOfLife(facts, now).getTime() !== since.getTime() || stallStage(facts, now, program.rhythm) !== 'flag') return false;
      const weeks = weeksQuiet(facts, now);
      const offer: Offered = await offerFreshStart(deps, tx, {
        pair: match,
        via: 'quiet',
        key: key('rematch'),
        lead: quietOfferLead({ mentorId: match.mentorId, weeksQuiet: weeks }),
        now,
        expiresAt: new Date(now.getTime() + NUDGE_FRESH_MS),
      });
      if (!program.channel) return false;
      const flag = buildStalledFlag({ matchId: match.id, mentorId: match.mentorId, menteeId: match.menteeId, weeksSilent: weeks, lastSignOfLife: since, weeksPaused: weeksPaused(facts, now), offered: offer });
      return enqueue(tx, { key: key('flag'), recipient: program.channel, ...flag, notBefore: now });
    },
    { behavior: 'immediate' },
  );
}
