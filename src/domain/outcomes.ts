import { DEFAULT_MIN_RATERS } from './digest/digestIndex.js';
import { GOAL_OUTCOMES, type GoalOutcome, PULSE_ANSWERS, type PulseAnswer } from './programs.js';
import { shuffledAnonymously } from './random.js';

/*
 * A cohort's outcomes, computed from plain rows: how people's own ratings on
 * the program's tracks moved from the baseline (when they joined) to the
 * close, how their goals went, how they rated the program, and how many
 * mentees offered to mentor next time.
 *
 * Anonymity is enforced here, not in the views, with the rule the digest
 * uses for session ratings:
 * - a person is their enrollment (`person`), used only to count distinct
 *   people and to pair one person's baseline with their own close; no output
 *   carries it;
 * - a track's change (and its baseline and close means) appears only when at
 *   least `minRaters` distinct people rated themselves on it at both the
 *   baseline and the close, and only those people's ratings are averaged;
 * - goal outcome counts, the closing rating's mean and the pulse counts each
 *   appear only when at least `minRaters` distinct people answered them;
 * - closing comments are a count, plus their texts only when at least
 *   `minRaters` different people wrote one, sorted and then shuffled by a
 *   seed, so the order says nothing about who or when;
 * - `minRaters` is never below 2, whatever the caller passes.
 * Counts of people (how many rated a baseline, answered the survey, or said
 * yes to mentoring next cohort) are not scores and are always shown.
 */

export const SCALE_MIN = 1;
export const SCALE_MAX = 5;

export interface OutcomeSelfRating {
  /** Whose rating: only counted and used to pair a baseline with the same person's close. */
  person: number;
  track: string;
  phase: 'baseline' | 'close';
  level: number;
}

export interface OutcomeGoal {
  person: number;
  outcome: GoalOutcome | null;
}

/** One enrollment's answers: the midpoint pulse and the closing survey. */
export interface OutcomeAnswer {
  person: number;
  pulse: PulseAnswer | null;
  rating: number | null;
  comment: string | null;
  /** Whether they sent the closing survey. */
  surveyed: boolean;
  mentorNextCohort: boolean;
}

export interface OutcomeInput {
  /** The program's tracks in its order, with the names people see. */
  tracks: readonly { id: string; name: string }[];
  selfRatings: readonly OutcomeSelfRating[];
  goals: readonly OutcomeGoal[];
  answers: readonly OutcomeAnswer[];
  /** Distinct people an average or a count of answers needs. Default 3, never below 2. */
  minRaters?: number;
  /** Orders the comments reproducibly (the program id, say); the same input gives the same output. */
  seed?: number;
}

export interface TrackOutcome {
  track: string;
  name: string;
  /** People who rated themselves on it when they joined. */
  baselineRaters: number;
  /** People who rated themselves on it both when they joined and at the close. */
  n: number;
  /** Means over those `n` people on the 1–5 scale, and the change between them; null below the threshold. */
  baseline: number | null;
  close: number | null;
  change: number | null;
}

export interface CohortOutcomes {
  minRaters: number;
  tracks: TrackOutcome[];
  /** Goals answered in the closing survey; counts null until enough people answered. */
  goals: { people: number; counts: Record<GoalOutcome, number> | null };
  closingRating: { value: number | null; n: number };
  comments: { count: number; texts: string[] };
  pulse: { n: number; counts: Record<PulseAnswer, number> | null };
  surveyed: number;
  mentorsNextCohort: number;
}

/** The threshold as applied: a whole number, never below 2. */
export const outcomeThreshold = (minRaters: number | undefined): number => Math.max(2, Math.floor(Number.isFinite(minRaters) ? (minRaters as number) : DEFAULT_MIN_RATERS));

const isLevel = (x: number | null | undefined): x is number => typeof x === 'number' && Number.isInteger(x) && x >= SCALE_MIN && x <= SCALE_MAX;
const round2 = (x: number) => Math.round(x * 100) / 100;
const mean = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;

/** A readable name for a taxonomy cluster id when the taxonomy's own name is not at hand: "technical-mastery" → "Technical mastery". */
export function trackLabel(id: string): string {
  const words = id.replace(/[-_]+/g, ' ').trim();
  return words ? words.charAt(0).toLocaleUpperCase('en') + words.slice(1) : id;
}

function trackOutcome(track: { id: string; name: string }, ratings: readonly OutcomeSelfRating[], minRaters: number): TrackOutcome {
  const baseline = new Map<number, number>();
  const close = new Map<number, number>();
  for (const r of ratings) {
    if (r.track !== track.id || !isLevel(r.level)) continue;
    (r.phase === 'baseline' ? baseline : close).set(r.person, r.level);
  }
  const paired = [...baseline.keys()].filter((p) => close.has(p));
  const shown = paired.length >= minRaters;
  const before = shown ? mean(paired.map((p) => baseline.get(p) as number)) : null;
  const after = shown ? mean(paired.map((p) => close.get(p) as number)) : null;
  return {
    track: track.id,
    name: track.name,
    baselineRaters: baseline.size,
    n: paired.length,
    baseline: before === null ? null : round2(before),
    close: after === null ? null : round2(after),
    change: before === null || after === null ? null : round2(after - before),
  };
}

const zeroes = <K extends string>(keys: readonly K[]) => Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;

export function cohortOutcomes(input: OutcomeInput): CohortOutcomes {
  const minRaters = outcomeThreshold(input.minRaters);
  const tracks = [...new Map(input.tracks.map((t) => [t.id, t])).values()].map((t) => trackOutcome(t, input.selfRatings, minRaters));

  const goalCounts = zeroes(GOAL_OUTCOMES);
  const goalPeople = new Set<number>();
  for (const g of input.goals) {
    if (g.outcome === null || !(GOAL_OUTCOMES as readonly string[]).includes(g.outcome)) continue;
    goalCounts[g.outcome] += 1;
    goalPeople.add(g.person);
  }

  // One answer per person: a duplicate row (there should be none) counts once, the last one wins.
  const byPerson = new Map(input.answers.map((a) => [a.person, a]));
  const answers = [...byPerson.values()];
  const rated = answers.filter((a) => isLevel(a.rating));
  const comments = answers.flatMap((a) => (a.comment?.trim() ? [a.comment.trim()] : []));
  const pulseCounts = zeroes(PULSE_ANSWERS);
  let pulses = 0;
  for (const a of answers) {
    if (a.pulse === null || !(PULSE_ANSWERS as readonly string[]).includes(a.pulse)) continue;
    pulseCounts[a.pulse] += 1;
    pulses += 1;
  }

  return {
    minRaters,
    tracks,
    goals: { people: goalPeople.size, counts: goalPeople.size >= minRaters ? goalCounts : null },
    closingRating: { value: rated.length >= minRaters ? round2(mean(rated.map((a) => a.rating as number))) : null, n: rated.length },
    comments: { count: comments.length, texts: comments.length >= minRaters ? shuffledAnonymously(comments, input.seed ?? 0) : [] },
    pulse: { n: pulses, counts: pulses >= minRaters ? pulseCounts : null },
    surveyed: answers.filter((a) => a.surveyed).length,
    mentorsNextCohort: answers.filter((a) => a.mentorNextCohort).length,
  };
}

/** Whether there is anything to report yet: a self-rating, a pulse, a goal outcome or a survey answer. */
export function hasOutcomeData(input: Pick<OutcomeInput, 'selfRatings' | 'goals' | 'answers'>): boolean {
  return (
    input.selfRatings.length > 0 ||
    input.goals.some((g) => g.outcome !== null) ||
    input.answers.some((a) => a.pulse !== null || a.surveyed || a.rating !== null || a.mentorNextCohort)
  );
}
