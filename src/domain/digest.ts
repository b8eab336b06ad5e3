import type { Digest, DigestInput } from './digestTypes.js';
import { matchActivity, sessionActivity } from './digest/activity.js';
import { circlesSection } from './digest/circles.js';
import { indexDigestInput } from './digest/digestIndex.js';
import { headline, series } from './digest/headline.js';
import { milestones } from './digest/milestones.js';
import { lowRatedPairs, stalledPairs } from './digest/pairs.js';
import { participantsByRole, reach } from './digest/people.js';
import { ratings } from './digest/ratings.js';
import { mentorLoad, skillGaps } from './digest/supply.js';
import { cohortOutcomes } from './outcomes.js';

/*
 * The coordinators' weekly digest, computed from plain arrays: no database,
 * no Slack, and `now` and the week come from the caller, so the same input
 * always gives the same digest.
 *
 * Anonymity is enforced here, not in the view:
 * - no output field carries a rater id (the rater is only used to count
 *   distinct raters);
 * - an average appears only when it rests on at least `minRaters` distinct
 *   raters, and `minRaters` is never below 2, so a program of one rater never
 *   yields an average;
 * - ratings whose rater was deleted (rater id null) count together as a single
 *   rater, the cautious reading;
 * - comments are a count, plus the texts themselves only when the week has at
 *   least `minRaters` comments from at least `minRaters` distinct raters, in a
 *   deterministic shuffled order, with no ids, dates or session links;
 * - a low-rated pair is listed as the pair only: no average, no who-rated-what;
 * - circles show counts and rates only; their rating average follows the
 *   same threshold, and a circle needing attention is named with its reasons
 *   (counts), never with who came or who rated.
 */

export type * from './digestTypes.js';
export { DEFAULT_MIN_RATERS } from './digest/digestIndex.js';
export { SESSION_MILESTONES } from './digest/milestones.js';
export { LOW_RATING } from './digest/pairs.js';
export { NEAR_CAPACITY } from './digest/supply.js';
export { DIGEST_WEEKS, digestWeeks } from './digest/weeks.js';

/** Every section reads the same index, so the large arrays are each scanned once for what sections share. */
export function computeDigest(input: DigestInput): Digest {
  const ix = indexDigestInput(input);
  return {
    week: ix.week,
    minRaters: ix.minRaters,
    headline: headline(ix),
    byRole: participantsByRole(ix),
    matches: matchActivity(ix),
    sessions: sessionActivity(ix),
    ratings: ratings(ix),
    stalledPairs: stalledPairs(ix),
    lowRatedPairs: lowRatedPairs(ix),
    skillGaps: skillGaps(ix),
    load: mentorLoad(ix),
    reach: reach(ix),
    milestones: milestones(ix),
    series: series(ix),
    ...(input.outcomes ? { outcomes: cohortOutcomes({ ...input.outcomes, minRaters: ix.minRaters }) } : {}),
    ...(input.circles ? { circles: circlesSection(ix, input.circles) } : {}),
  };
}
