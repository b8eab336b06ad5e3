import type { Pace } from './workingStyle.js';

/**
 * Why a pair fits, as facts rather than words: the views turn each into a
 * sentence for the person being mentored ("Offers TypeScript, which you
 * want") or about the pair ("…which Aiko wants"), escaping what people typed.
 * Only facts that speak for the pair are reasons; a neutral fact ("4.5 hours
 * apart") is not one.
 */
export type Reason =
  | { factor: 'skills'; match: 'exact' | 'near'; skills: string[] }
  /** A skill the giver offers is one the receiver's first goal talks about. */
  | { factor: 'goals'; goal: string }
  | { factor: 'availability'; hours: number }
  | { factor: 'timeZone'; hours: number }
  /** Mentoring nobody else, once this pair (and any others of the same round) start. */
  | { factor: 'capacity' }
  | { factor: 'diversity' }
  | { factor: 'seniority'; relation: 'ahead' | 'early_career' | 'same_level' }
  | { factor: 'rating' }
  /** Both prefer this way of meeting (in person: in the same place, which is named). */
  | { factor: 'format'; format: 'video' | 'async' }
  | { factor: 'format'; format: 'in_person'; location: string }
  /** Both want to meet at this rhythm. */
  | { factor: 'pace'; pace: Pace };

/** Reasons kept with each pair: the strongest few read better than all of them. */
export const REASONS_SHOWN = 3;

/**
 * The strongest reasons, and how the two would meet when they share it: a
 * shared format or rhythm weighs little in the score, so it would rarely be
 * among the strongest, but it is what people ask about before they write.
 */
export function shownReasons(reasons: readonly Reason[]): Reason[] {
  const top = reasons.slice(0, REASONS_SHOWN);
  const style = top.some(isWorkingStyle) ? undefined : reasons.slice(REASONS_SHOWN).find(isWorkingStyle);
  return style ? [...top, style] : top;
}

const isWorkingStyle = (r: Reason) => r.factor === 'format' || r.factor === 'pace';

/** Shared hours below this are too few to be a reason to pair. */
export const REASON_MIN_SHARED_HOURS = 1;
/** Zones this close (in hours) make meeting easy; further apart is a fact, not a reason. */
export const REASON_MAX_ZONE_HOURS = 2;

/** What matches and round proposals stored before reasons were facts: a finished sentence. */
export type StoredReason = Reason | string;
