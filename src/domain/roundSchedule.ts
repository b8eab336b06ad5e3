import { addCalendarDays, instantOf, localDateOf, localWeekday } from './localTime.js';
import { type AutoRoundSchedule, cohortPhase, type ProgramRow } from './programs.js';

/**
 * When a program's automatic rounds run: weekly, on a local weekday and
 * wall-clock time in the program's zone, so "Monday 10:00" stays 10:00 on
 * both sides of a daylight-saving change. Local times the clocks skip or
 * repeat follow localTime.ts (a skipped time means the transition itself, a
 * repeated one its first occurrence). Pure: the caller passes `now`.
 */

/** Who runs an automatic round, and who publishes it when nobody cancelled it in time. */
export const SCHEDULE_ACTOR = 'schedule';

/**
 * A preview created late (the bot was down at the scheduled time) is still
 * made while at least this share of its review window is left; past that,
 * that week's round is skipped, because a round that publishes itself must
 * leave coordinators time to look at it.
 */
export const CATCH_UP_SHARE = 0.5;

const HOUR_MS = 3_600_000;

export type WeeklyTime = Pick<AutoRoundSchedule, 'weekday' | 'minuteOfDay'>;

/** The latest occurrence of the weekly time at or before `now`, in `zone`. */
export function occurrenceAtOrBefore(schedule: WeeklyTime, zone: string, now: Date): Date {
  const back = (localWeekday(now, zone) - schedule.weekday + 7) % 7;
  let date = addCalendarDays(localDateOf(now, zone), -back);
  let at = instantOf(date, schedule.minuteOfDay, zone);
  // Today's (or, around a transition at midnight, that day's) time has not come yet: last week's.
  while (at.getTime() > now.getTime()) {
    date = addCalendarDays(date, -7);
    at = instantOf(date, schedule.minuteOfDay, zone);
  }
  return at;
}

/** The first occurrence of the weekly time strictly after `now`, in `zone`. */
export function nextOccurrence(schedule: WeeklyTime, zone: string, now: Date): Date {
  const ahead = (schedule.weekday - localWeekday(now, zone) + 7) % 7;
  let date = addCalendarDays(localDateOf(now, zone), ahead);
  let at = instantOf(date, schedule.minuteOfDay, zone);
  while (at.getTime() <= now.getTime()) {
    date = addCalendarDays(date, 7);
    at = instantOf(date, schedule.minuteOfDay, zone);
  }
  return at;
}

export interface DueRound {
  /** The scheduled instant this round is for: at most one round per program and occurrence. */
  occurrence: Date;
  /** The end of the review window: the round publishes itself then unless cancelled. Real hours, not wall-clock ones. */
  publishAt: Date;
}

/**
 * The occurrence a preview is due for at `now`: the latest one, while enough
 * of its review window is left (see CATCH_UP_SHARE). Whether a round already
 * exists for it is the caller's question.
 */
export function dueRound(schedule: AutoRoundSchedule, zone: string, now: Date): DueRound | undefined {
  const occurrence = occurrenceAtOrBefore(schedule, zone, now);
  const windowMs = schedule.reviewHours * HOUR_MS;
  if (now.getTime() - occurrence.getTime() >= windowMs * CATCH_UP_SHARE) return undefined;
  return { occurrence, publishAt: new Date(occurrence.getTime() + windowMs) };
}

type Scheduled = Pick<ProgramRow, 'status' | 'matchingMode' | 'autoRound' | 'startsOn' | 'endsOn'>;

/**
 * Whether a program makes automatic rounds now: it is running (not paused or
 * closed, and not a cohort that has ended), its matching is automatic and it
 * has a schedule.
 */
export function makesAutomaticRounds<P extends Scheduled>(program: P, zone: string, now: Date): program is P & { autoRound: AutoRoundSchedule } {
  return program.status === 'active' && program.matchingMode === 'automatic' && program.autoRound !== null && cohortPhase(program, zone, now) !== 'ended';
}
