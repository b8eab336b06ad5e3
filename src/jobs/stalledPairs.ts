import type { WebClient } from '@slack/web-api';
import type { Deps } from '../deps.js';
import { weeksQuiet } from '../domain/mentorship.js';
import { mayPrompt } from '../domain/participation.js';
import { lastSignOfLife, stallStage } from '../domain/scheduling/cadence.js';
import { deliver, enqueue } from '../outbox/outbox.js';
import { activePairs, pairFacts } from '../repos/pairs.js';
import { findPerson } from '../repos/profiles.js';
import { programsById } from '../services/programs.js';
import { buildStalledFlag, buildStalledNudge, NUDGE_FRESH_MS } from '../views/stalledPairMessages.js';

/**
 * Quiet pairs: after four weeks with no session and no check-in answer, a
 * friendly nudge to both; after six, a flag in the coordinators' channel
 * with actions. Each at most once per quiet spell: the keys carry the last
 * sign of life, so a pair that wakes up and goes quiet again is noticed again.
 */

export async function runStalledPairs(deps: Deps, client: WebClient, now: Date): Promise<{ nudged: number; flagged: number }> {
  let nudged = 0;
  let flagged = 0;
  const programs = programsById(deps);
  for (const match of activePairs(deps.db)) {
    const program = programs.get(match.programId);
    if (!program || program.status === 'paused') continue;
    const [mentorId, menteeId] = [match.mentorId as string, match.menteeId as string];
    if (!mayPrompt(findPerson(deps.db, mentorId), now) || !mayPrompt(findPerson(deps.db, menteeId), now)) continue;
    const facts = pairFacts(deps.db, match, now);
    const stage = stallStage(facts, now, program.rhythm);
    if (stage === 'active') continue;
    const since = lastSignOfLife(facts, now);
    const weeks = weeksQuiet(facts, now);
    for (const [person, partner] of [
      [mentorId, menteeId],
      [menteeId, mentorId],
    ] as const) {
      const nudge = buildStalledNudge({ partnerId: partner, weeks, matchId: match.id });
      if (enqueue(deps.db, { key: `stall:${match.id}:${since.getTime()}:nudge:${person}`, recipient: person, ...nudge, notBefore: now, expiresAt: new Date(now.getTime() + NUDGE_FRESH_MS) })) nudged += 1;
    }
    const channel = program.channel;
    if (stage === 'flag' && channel) {
      const flag = buildStalledFlag({ matchId: match.id, mentorId, menteeId, weeksSilent: weeks, lastSignOfLife: since });
      if (enqueue(deps.db, { key: `stall:${match.id}:${since.getTime()}:flag`, recipient: channel, ...flag, notBefore: now })) flagged += 1;
    }
  }
  await deliver(deps, client, now);
  return { nudged, flagged };
}
