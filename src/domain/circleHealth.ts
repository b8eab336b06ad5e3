import { CADENCE_SPAN_DAYS, type CircleCadence, type CircleSessionStatus } from './circleRules.js';

/*
 * When a circle needs its coordinators, from its sessions and the members'
 * "I was there" / "I couldn't make it" answers. Pure: the job, the flag
 * buttons and the weekly digest all ask the same question here.
 *
 * Two concerns:
 * - attendance is falling: the last held session (within the last two
 *   cadences) has at least MIN_ANSWERS answers, fewer than half of them
 *   "I was there", and a lower rate than the circle's earlier sessions
 *   together (which need MIN_ANSWERS answers too, so one early answer
 *   is no baseline);
 * - it has not met for two cadences: the circle has been going for at
 *   least two cadences, sessions were held in the last two cadences (their
 *   end at least ANSWER_GRACE_MS ago, so members had time to answer), and
 *   nobody said "I was there" for any of them.
 * Only counts are used, never who answered what.
 */

export const DAY_MS = 86_400_000;
/** A last session below this share of "I was there" may be a circle losing its people. */
export const ATTENDANCE_FLOOR = 0.5;
/** Fewer answers than this say nothing about a circle's attendance. */
export const MIN_ANSWERS = 2;
/** How long members have after a session to answer before its silence counts against the circle. */
export const ANSWER_GRACE_MS = 2 * DAY_MS;

export interface HealthSession {
  id: number;
  startsAt: Date;
  endsAt: Date;
  status: CircleSessionStatus;
}

export interface HealthAnswer {
  sessionId: number;
  attended: boolean;
}

export type CircleConcern =
  | { kind: 'attendance_falling'; attended: number; answered: number; earlierRate: number }
  | { kind: 'not_meeting'; days: number; held: number }
  | { kind: 'too_few'; members: number; sizeMin: number };

export interface Attendance {
  attended: number;
  answered: number;
}

/** Share of answers that said "I was there", or null without answers. */
export const attendanceRate = (a: Attendance): number | null => (a.answered === 0 ? null : a.attended / a.answered);

/** "I was there" and all answers, per session. */
export function attendanceBySession(answers: readonly HealthAnswer[]): Map<number, Attendance> {
  const out = new Map<number, Attendance>();
  for (const a of answers) {
    const s = out.get(a.sessionId) ?? { attended: 0, answered: 0 };
    s.answered += 1;
    if (a.attended) s.attended += 1;
    out.set(a.sessionId, s);
  }
  return out;
}

export interface CircleHealthInput {
  cadence: CircleCadence;
  sessions: readonly HealthSession[];
  answers: readonly HealthAnswer[];
  now: Date;
  /** Its members now and the fewest it was formed for; left out, its size is not judged. */
  seats?: { members: number; sizeMin: number };
}

/** What is wrong with a circle as of `now`, if anything (empty: nothing to flag). */
export function circleConcerns(input: CircleHealthInput): CircleConcern[] {
  const { now } = input;
  const t = now.getTime();
  const span = 2 * CADENCE_SPAN_DAYS[input.cadence] * DAY_MS;
  const concerns: CircleConcern[] = [];
  // People left and the line could not refill the seats: one or two in an empty room need a coordinator's decision.
  if (input.seats && input.seats.members < input.seats.sizeMin) concerns.push({ kind: 'too_few', ...input.seats });
  const held = input.sessions.filter((s) => s.status === 'held' && s.endsAt.getTime() <= t).sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
  if (held.length === 0) return concerns;
  const bySession = attendanceBySession(input.answers);
  const of = (id: number): Attendance => bySession.get(id) ?? { attended: 0, answered: 0 };

  const last = held[held.length - 1] as HealthSession;
  const lastAnswers = of(last.id);
  if (last.endsAt.getTime() > t - span && lastAnswers.answered >= MIN_ANSWERS) {
    const earlier = held.slice(0, -1).reduce((sum, s) => ({ attended: sum.attended + of(s.id).attended, answered: sum.answered + of(s.id).answered }), { attended: 0, answered: 0 });
    const rate = attendanceRate(lastAnswers) as number;
    const earlierRate = earlier.answered >= MIN_ANSWERS ? (attendanceRate(earlier) as number) : null;
    if (rate < ATTENDANCE_FLOOR && earlierRate !== null && rate < earlierRate) {
      concerns.push({ kind: 'attendance_falling', attended: lastAnswers.attended, answered: lastAnswers.answered, earlierRate });
    }
  }

  const goingSince = (held[0] as HealthSession).startsAt.getTime();
  const inWindow = held.filter((s) => s.endsAt.getTime() > t - span && s.endsAt.getTime() <= t - ANSWER_GRACE_MS);
  if (goingSince <= t - span && inWindow.length > 0 && inWindow.every((s) => of(s.id).attended === 0)) {
    concerns.push({ kind: 'not_meeting', days: span / DAY_MS, held: inWindow.length });
  }
  return concerns;
}
