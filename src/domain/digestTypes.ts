import type { Participation } from './participation.js';
import type { MatchStatus } from './mentorship.js';
import type { CohortOutcomes, OutcomeInput } from './outcomes.js';
import type { CircleConcern } from './circleHealth.js';
import type { CircleCadence, CircleSessionStatus, CircleStatus, CircleStyle } from './circleRules.js';

/*
 * The weekly digest's input and output shapes, apart from the code that
 * computes them so the view, the repository and the tests can import the
 * shapes without the computation. `./digest.js` re-exports all of them.
 */

export interface DigestPerson {
  id: string;
  department: string | null;
  level: number | null;
  location: string | null;
  joinedAt: Date | null;
  status: Participation;
  pausedUntil: Date | null;
  roles: readonly string[];
  /** Most mentees at once (profile capacity); null when not giving time. */
  capacity: number | null;
}

export interface RosterEntry {
  department: string | null;
  level: number | null;
  location: string | null;
}

export interface DigestMatch {
  id: number;
  mentorId: string | null;
  menteeId: string | null;
  kind: 'mentoring' | 'peer' | 'reverse';
  status: MatchStatus;
  requestedAt: Date;
  decidedAt: Date | null;
  endedAt: Date | null;
}

export interface DigestSession {
  id: number;
  matchId: number;
  startsAt: Date;
  endsAt: Date;
  status: 'proposed' | 'booked' | 'cancelled' | 'held';
}

export interface DigestRating {
  sessionId: number;
  /** Used only to count distinct raters; never copied to the output. */
  raterId: string | null;
  usefulness: number | null;
  clarity: number | null;
  applicability: number | null;
  happened: boolean;
  comment: string | null;
  createdAt: Date;
}

export interface PersonSkill {
  personId: string;
  skillId: string;
}

/** A week as instants, [start, end): a local week across a DST change is 7 days ± 1 hour. */
export interface Week {
  start: Date;
  end: Date;
}

export interface DigestInput {
  now: Date;
  week: Week;
  /**
   * The zone the weeks are local to. Earlier weeks of the series are the same
   * local wall-clock span 7, 14… days back; without a zone they are 7×24 h back.
   */
  timeZone?: string;
  people: readonly DigestPerson[];
  roster: readonly RosterEntry[];
  matches: readonly DigestMatch[];
  sessions: readonly DigestSession[];
  ratings: readonly DigestRating[];
  wanted: readonly PersonSkill[];
  offered: readonly PersonSkill[];
  skillNames: Readonly<Record<string, string>> | ReadonlyMap<string, string>;
  stalled: readonly { matchId: number; weeksQuiet: number }[];
  /** Anonymity threshold: distinct raters an average needs. Default 3, never below 2. */
  minRaters?: number;
  /** A cohort's outcome rows (self-ratings, goal outcomes, survey answers), only for a cohort that has some; the digest's threshold applies. */
  outcomes?: Omit<OutcomeInput, 'minRaters'>;
  /** The program's group circles, only for a program that has some (active, or ended during or after the week). */
  circles?: DigestCircleInput;
}

export interface DigestCircle {
  id: number;
  /** The topic as people read it (the taxonomy cluster's name). */
  topic: string;
  channelId: string | null;
  style: CircleStyle;
  facilitatorId: string | null;
  status: CircleStatus;
  sizeMax: number;
  cadence: CircleCadence;
}

/** A current member of a circle, with what reach groups them by. */
export interface DigestCircleMember extends RosterEntry {
  circleId: number;
  personId: string;
}

export interface DigestCircleSession {
  id: number;
  circleId: number;
  startsAt: Date;
  endsAt: Date;
  status: CircleSessionStatus;
}

export interface DigestCircleAnswer {
  sessionId: number;
  attended: boolean;
}

export interface DigestCircleRating {
  sessionId: number;
  /** Used only to count distinct raters; never copied to the output. */
  raterId: string | null;
  usefulness: number;
  clarity: number;
  applicability: number;
  comment: string | null;
  createdAt: Date;
}

export interface DigestCircleInput {
  circles: readonly DigestCircle[];
  members: readonly DigestCircleMember[];
  sessions: readonly DigestCircleSession[];
  answers: readonly DigestCircleAnswer[];
  ratings: readonly DigestCircleRating[];
}

export interface Headline {
  value: number;
  previous: number;
}
export interface RatingHeadline {
  value: number | null;
  previous: number | null;
}

export interface Average {
  /** Mean on the 1–5 scale, or null below the anonymity threshold. */
  value: number | null;
  /** Distinct raters behind it. */
  n: number;
}

export interface PairFlag {
  matchId: number;
  mentorId: string | null;
  menteeId: string | null;
}
export interface StalledPair extends PairFlag {
  weeksQuiet: number;
}

export interface SkillGap {
  skillId: string;
  name: string;
  wanted: number;
  offered: number;
  /** wanted − offered: seekers left over if every offering mentor took one of them. */
  shortfall: number;
  /**
   * When nobody offers it: those who want it, take part to be mentored and
   * have no partner yet. Matching's quality floor leaves them waiting for
   * someone who offers it (unless another of their skills or goals finds
   * them someone). 0 when someone offers it.
   */
  waiting: number;
}

export interface MentorLoad {
  mentorId: string;
  load: number;
  capacity: number;
}

export interface ReachGroup {
  group: string;
  participants: number;
  share: number;
  roster: number;
  rosterShare: number;
  /** share − rosterShare: negative means under-represented in the program. */
  gap: number;
}

/** A circle the coordinators may want to look at, and why (counts only). */
export interface CircleFlag {
  circleId: number;
  topic: string;
  channelId: string | null;
  facilitatorId: string | null;
  concerns: CircleConcern[];
}

export interface DigestCircles {
  active: number;
  /** Members of active circles, and the places they have (the sum of their largest sizes). */
  seats: { filled: number; of: number };
  /** Answers about the sessions held during the week. */
  attendance: { sessions: number; answered: number; attended: number; rate: number | null };
  /** Circle session ratings given during the week, under the anonymity threshold. */
  rating: Average;
  commentCount: number;
  /** Empty unless the week's commenters reach the threshold; shuffled, no ids or dates. */
  comments: string[];
  needingAttention: CircleFlag[];
  /** Different people in active circles, by group, against the whole roster. */
  reach: { people: number; byDepartment: ReachGroup[]; byLevel: ReachGroup[]; byLocation: ReachGroup[] };
}

export type Milestone =
  | { kind: 'sessions'; mentorId: string; count: number }
  | { kind: 'six_months'; mentorId: string; menteeId: string | null; matchId: number };

export interface SeriesPoint {
  start: Date;
  end: Date;
  sessionsHeld: number;
  averageRating: number | null;
  raters: number;
}

export interface Digest {
  week: Week;
  minRaters: number;
  headline: {
    activeParticipants: Headline;
    newSignUps: Headline;
    matchesMade: Headline;
    sessionsHeld: Headline;
    averageRating: RatingHeadline;
  };
  /** Active participants per intake role, most first. */
  byRole: { role: string; count: number }[];
  matches: { proposed: number; accepted: number; declined: number; expired: number };
  sessions: { held: number; cancelled: number };
  ratings: {
    usefulness: Average;
    clarity: Average;
    applicability: Average;
    overall: Average;
    commentCount: number;
    /** Empty unless the week reaches the threshold; shuffled, no ids or dates. */
    comments: string[];
  };
  stalledPairs: StalledPair[];
  lowRatedPairs: PairFlag[];
  skillGaps: SkillGap[];
  load: { atCapacity: MentorLoad[]; nearCapacity: MentorLoad[] };
  reach: { byDepartment: ReachGroup[]; byLevel: ReachGroup[]; byLocation: ReachGroup[] };
  milestones: Milestone[];
  /** The last 8 weeks, oldest first; the last is the digest's week. */
  series: SeriesPoint[];
  /** A cohort's outcomes so far, under the same threshold; absent for ongoing programs and cohorts with no outcome data. */
  outcomes?: CohortOutcomes;
  /** The program's circles; absent for a program without any. */
  circles?: DigestCircles;
}
