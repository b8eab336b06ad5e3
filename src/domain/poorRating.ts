/**
 * When one session's rating says the mentorship is not working for the
 * person mentored: the session happened and it was of little use to them,
 * either outright or across the three scores. Scores are 1–5.
 */

/** At most this, usefulness alone or the average of the three, is poor. */
export const POOR_AT_MOST = 2;

export interface RatedScores {
  happened: boolean;
  usefulness: number | null;
  clarity: number | null;
  applicability: number | null;
}

export function isPoorRating(r: RatedScores): boolean {
  if (!r.happened || r.usefulness === null || r.clarity === null || r.applicability === null) return false;
  return r.usefulness <= POOR_AT_MOST || (r.usefulness + r.clarity + r.applicability) / 3 <= POOR_AT_MOST;
}
