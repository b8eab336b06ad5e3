import type { WebClient } from '@slack/web-api';
import type { Deps } from '../deps.js';
import { weeksQuiet } from '../domain/mentorship.js';
import { offerSuggestions } from '../services/selfServe.js';
import { deliver, deliveryOf, enqueue } from '../outbox/outbox.js';
import { claimAction, recordOutcome } from '../repos/actionClaims.js';
import { findMatch, transition } from '../repos/matches.js';
import { pairFacts } from '../repos/pairs.js';
import { mention } from '../views/blocks.js';
import { slackDate } from '../views/format.js';
import { rematchForMentee, rematchForMentor, unmatchedWords } from '../views/matchMessages.js';
import { buildStalledNudge, NUDGE_FRESH_MS, zMatchValue } from '../views/stalledPairMessages.js';
import { onButton } from './reply.js';

/** A second press of the same button by the same coordinator within this long repeats nothing. */
const REPEAT_WINDOW_MS = 10 * 60_000;

type What = 'nudge' | 'rematch' | 'close';

/**
 * The buttons on a stalled-pair flag and in the digest, for coordinators
 * only (the guard is registered with them): nudge both again, close the pair
 * and give the mentee fresh suggestions, or just close it.
 */
export const stalledAction = (deps: Deps, what: What, from: 'flag' | 'digest' = 'flag') =>
  onButton(deps, zMatchValue, async ({ body, client }, matchId) => {
    const now = deps.clock();
    const match = findMatch(deps.db, matchId);
    if (!match?.mentorId || !match.menteeId || !['active', 'paused'].includes(match.status)) return { text: 'That pair is no longer active, so there is nothing to do.' };
    const claim = claimAction(deps.db, { actorId: body.user.id, intent: `stalled-${what}`, target: String(matchId) }, now, REPEAT_WINDOW_MS);
    if (!claim.first) return { text: `You did that a moment ago: ${claim.outcome ?? 'it is under way'}.` };
    const done = await act(deps, client, what, match.id, match.mentorId, match.menteeId, body.user.id, now);
    recordOutcome(deps.db, claim.id, done);
    // A flag is about one pair and can be replaced by what was done; the digest stays whole.
    return { text: done, replace: from === 'flag' };
  });

async function act(deps: Deps, client: WebClient, what: What, matchId: number, mentorId: string, menteeId: string, coordinatorId: string, now: Date): Promise<string> {
  const pair = [mention(mentorId), mention(menteeId)].join(' and ');
  if (what === 'nudge') {
    const match = findMatch(deps.db, matchId);
    const quietWeeks = match ? weeksQuiet(pairFacts(deps.db, match, now), now) : 0;
    deps.db.transaction((tx) => {
      for (const [person, partner] of [
        [mentorId, menteeId],
        [menteeId, mentorId],
      ] as const) {
        enqueue(tx, { key: `stall:${matchId}:coordinator-nudge:${now.getTime()}:${person}`, recipient: person, ...buildStalledNudge({ partnerId: partner, weeks: quietWeeks, matchId }), notBefore: now, expiresAt: new Date(now.getTime() + NUDGE_FRESH_MS) });
      }
    });
    await deliver(deps, client, now);
    return `${mention(coordinatorId)} nudged ${pair} again.`;
  }
  const outcome = deps.db.transaction((tx) => {
    const ended = transition(tx, matchId, ['active', 'paused'], 'ended', { endedAt: now, endReason: what === 'rematch' ? 'coordinator suggested a re-match' : 'closed by a coordinator' });
    if (!ended) return undefined;
    if (what === 'close') {
      const text = 'Your mentorship has been closed after a long quiet spell. Thank you for the time you gave it; nothing for you to do.';
      for (const person of [mentorId, menteeId]) enqueue(tx, { key: `match:${matchId}:closed:${person}`, recipient: person, text, notBefore: now });
      return { offered: 0, giverIds: [] };
    }
    enqueue(tx, { key: `match:${matchId}:closed:${mentorId}`, recipient: mentorId, text: rematchForMentor(menteeId), notBefore: now });
    return offerSuggestions(deps, tx, ended, `match:${matchId}:rematch`, rematchForMentee(mentorId), now, undefined, [mentorId]);
  });
  if (!outcome) return 'That pair had already ended, so nothing more was done.';
  await deliver(deps, client, now);
  if (what === 'close') return `${mention(coordinatorId)} closed the mentorship of ${pair}; both were told kindly.`;
  const delivery = deliveryOf(deps.db, `match:${matchId}:rematch`);
  const when = delivery?.status === 'sent' ? 'now' : delivery?.status === 'pending' ? `at the start of their working day (${slackDate(delivery.notBefore, '{date_short_pretty} {time}')})` : 'as soon as they can be reached';
  const offered =
    outcome.offered > 0
      ? `${mention(menteeId)} gets ${outcome.offered} fresh ${outcome.offered === 1 ? 'suggestion' : 'suggestions'} in their DM ${when}`
      : `nobody else fits ${mention(menteeId)} right now (${unmatchedWords({ reason: outcome.reason ?? 'rules', ...(outcome.skills ? { skills: outcome.skills } : {}) }).them}); they are told so, and that we will be in touch, ${when}`;
  return `${mention(coordinatorId)} closed the mentorship of ${pair} for a fresh start; both were told kindly, and ${offered}.`;
}
