import type { Average, DigestInput, DigestMatch, DigestPerson, DigestRating, DigestSession, Week } from '../digestTypes.js';
import { OPEN_MATCH_STATUSES } from '../mentorship.js';
import { effectiveStatus } from '../participation.js';
import { RaterMean, ratingScore } from './ratings.js';
import { digestWeeks } from './weeks.js';

export const DEFAULT_MIN_RATERS = 3;
const OPEN = new Set<DigestMatch['status']>(OPEN_MATCH_STATUSES);

/** Someone who signed up before `at` and was not paused or gone at `at` (a lapsed pause counts as active). */
export const isParticipant = (p: DigestPerson, at: Date) =>
  p.joinedAt !== null && p.joinedAt.getTime() < at.getTime() && effectiveStatus(p, at) === 'active';

/**
 * What several sections share, computed once in a single pass over each
 * input array, so that the sections stay small without each re-deriving it
 * from the 100,000 ratings or 50,000 sessions of a large program. Read-only
 * once built.
 */
export interface DigestIndex {
  readonly input: DigestInput;
  /** `input.minRaters` clamped: never below 2, whatever the configuration says. */
  readonly minRaters: number;
  readonly week: Week;
  readonly previous: Week;
  /** The series' weeks, oldest first; `weeks[last]` is `week`. */
  readonly weeks: readonly Week[];
  readonly last: number;
  /** The digest's end: nothing at or after it is counted, even where the input has it. */
  readonly endMs: number;
  readonly activeNow: readonly DigestPerson[];
  readonly activeIds: ReadonlySet<string>;
  readonly matchById: ReadonlyMap<number, DigestMatch>;
  /** People with an open match (requested, active or paused) on the receiving side: not waiting for a partner. */
  readonly partnered: ReadonlySet<string>;
  readonly sessionById: ReadonlyMap<number, DigestSession>;
  /** Held sessions per week of `weeks`, by start time. */
  readonly heldPerWeek: readonly number[];
  /** Each week's overall rating, by when the ratings were given, already under the threshold. */
  readonly ratingPerWeek: readonly Average[];
  /** Ratings given during `week`, in input order. */
  readonly ratingsThisWeek: readonly DigestRating[];
  /** Sum and count of rating scores per session, up to the digest's end. */
  readonly scoreBySession: ReadonlyMap<number, { sum: number; n: number }>;
}

export function indexDigestInput(input: DigestInput): DigestIndex {
  const minRaters = Math.max(2, Math.floor(input.minRaters ?? DEFAULT_MIN_RATERS));
  const { week } = input;
  const endMs = week.end.getTime();
  const weeks = digestWeeks(week, input.timeZone);
  const last = weeks.length - 1;
  const firstStart = (weeks[0] as Week).start.getTime();
  const weekIndex = (at: Date): number => {
    const t = at.getTime();
    if (t < firstStart || t >= endMs) return -1;
    let i = last;
    while (i > 0 && t < (weeks[i] as Week).start.getTime()) i--;
    return i;
  };

  const activeNow = input.people.filter((p) => isParticipant(p, input.now));
  const matchById = new Map<number, DigestMatch>();
  const partnered = new Set<string>();
  for (const m of input.matches) {
    matchById.set(m.id, m);
    if (m.menteeId !== null && OPEN.has(m.status)) partnered.add(m.menteeId);
  }

  const sessionById = new Map<number, DigestSession>();
  const heldPerWeek = new Array<number>(weeks.length).fill(0);
  for (const s of input.sessions) {
    sessionById.set(s.id, s);
    if (s.status !== 'held') continue;
    const i = weekIndex(s.startsAt);
    if (i >= 0) heldPerWeek[i] = (heldPerWeek[i] as number) + 1;
  }

  const weekly = weeks.map(() => new RaterMean());
  const ratingsThisWeek: DigestRating[] = [];
  const scoreBySession = new Map<number, { sum: number; n: number }>();
  for (const r of input.ratings) {
    if (r.createdAt.getTime() >= endMs) continue;
    const score = ratingScore(r);
    if (score !== null) {
      const s = scoreBySession.get(r.sessionId);
      if (s) {
        s.sum += score;
        s.n += 1;
      } else scoreBySession.set(r.sessionId, { sum: score, n: 1 });
    }
    const i = weekIndex(r.createdAt);
    if (i < 0) continue;
    (weekly[i] as RaterMean).add(score, r.raterId);
    if (i === last) ratingsThisWeek.push(r);
  }

  return {
    input,
    minRaters,
    week,
    previous: weeks[last - 1] as Week,
    weeks,
    last,
    endMs,
    activeNow,
    activeIds: new Set(activeNow.map((p) => p.id)),
    matchById,
    partnered,
    sessionById,
    heldPerWeek,
    ratingPerWeek: weekly.map((w) => w.result(minRaters)),
    ratingsThisWeek,
    scoreBySession,
  };
}
