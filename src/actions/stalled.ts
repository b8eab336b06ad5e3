import type { Deps } from '../deps.js';
import { isRunning } from '../domain/mentorship.js';
import { claimAction, recordOutcome } from '../repos/actionClaims.js';
import { findMatch } from '../repos/matches.js';
import { actOnStalledPair, type StalledPairAction } from '../services/stalledPairActions.js';
import { zMatchValue } from '../views/stalledPairMessages.js';
import { onButton } from './reply.js';

/** A second press of the same button by the same coordinator within this long repeats nothing. */
const REPEAT_WINDOW_MS = 10 * 60_000;

/**
 * The buttons on a stalled-pair flag and in the digest, for coordinators
 * only (the guard is registered with them): nudge both again, close the pair
 * and give the mentee fresh suggestions, or just close it.
 */
export const stalledAction = (deps: Deps, what: StalledPairAction, from: 'flag' | 'digest' = 'flag') =>
  onButton(deps, zMatchValue, async ({ body, client }, matchId) => {
    const now = deps.clock();
    const match = await findMatch(deps.db, matchId);
    if (!match?.mentorId || !match.menteeId || !isRunning(match.status)) return { text: 'That pair is no longer active, so there is nothing to do.' };
    const claim = await claimAction(deps.db, { actorId: body.user.id, intent: `stalled-${what}`, target: String(matchId) }, now, REPEAT_WINDOW_MS);
    if (!claim.first) return { text: `You did that a moment ago: ${claim.outcome ?? 'it is under way'}.` };
    const done = await actOnStalledPair(deps, client, what, { matchId: match.id, mentorId: match.mentorId, menteeId: match.menteeId }, body.user.id, now);
    await recordOutcome(deps.db, claim.id, done);
    // A flag is about one pair and can be replaced by what was done; the digest stays whole.
    return { text: done, replace: from === 'flag' };
  });
