import { CADENCE_DAYS, type CircleCadence } from './circleRules.js';
import { addCalendarDays, instantOf, localDateOf, localWeekday, utcOffsetMinutes } from './localTime.js';

/**
 * When a circle meets: every cadence from its first local date, at the same
 * wall-clock time in its zone, so 10:00 in London stays 10:00 in London
 * across a daylight-saving change (and moves for members elsewhere only
 * when their clocks change on another date). Pure: callers pass the dates.
 */

export interface CircleRhythm {
  slotWeekday: number;
  slotMinute: number;
  zone: string;
  cadence: CircleCadence;
  sessionMinutes: number;
  /** The local date (YYYY-MM-DD) of session `firstSeq`. */
  startsOn: string;
  /** 0, or after a move the position of the first session at the new time. */
  firstSeq?: number;
  /** No session after this local date. */
  endsOn: string | null;
}

export interface Occurrence {
  seq: number;
  startsAt: Date;
  endsAt: Date;
}

const DAY_MS = 86_400_000;

/** The first local date on or after `now` (in `zone`) that falls on `weekday` and whose slot has not begun. */
export function firstSessionDate(weekday: number, minuteOfDay: number, zone: string, now: Date): string {
  const today = localDateOf(now, zone);
  const ahead = (weekday - localWeekday(now, zone) + 7) % 7;
  const date = addCalendarDays(today, ahead);
  return instantOf(date, minuteOfDay, zone).getTime() > now.getTime() ? date : addCalendarDays(date, 7);
}

/** The first local date in the month `months` after `date`'s that falls on ISO `weekday`. */
function firstWeekdayOfMonth(date: string, months: number, weekday: number): string {
  const [y, m] = date.split('-').map(Number) as [number, number];
  const first = new Date(Date.UTC(y, m - 1 + months, 1));
  const isoDay = ((first.getUTCDay() + 6) % 7) + 1;
  return addCalendarDays(first.toISOString().slice(0, 10), (weekday - isoDay + 7) % 7);
}

/** Session `seq` of the rhythm: every cadence from the first date, or the first of the weekday in each later month. */
export function occurrence(r: CircleRhythm, seq: number): Occurrence {
  const n = seq - (r.firstSeq ?? 0);
  const date = r.cadence === 'monthly' ? (n === 0 ? r.startsOn : firstWeekdayOfMonth(r.startsOn, n, r.slotWeekday)) : addCalendarDays(r.startsOn, n * CADENCE_DAYS[r.cadence]);
  const startsAt = instantOf(date, r.slotMinute, r.zone);
  return { seq, startsAt, endsAt: new Date(startsAt.getTime() + r.sessionMinutes * 60_000) };
}

/** Every session from `fromSeq` that starts before `until` and on or before the circle's end date. */
export function occurrencesUntil(r: CircleRhythm, until: Date, fromSeq = r.firstSeq ?? 0, limit = 200): Occurrence[] {
  const out: Occurrence[] = [];
  for (let seq = fromSeq; out.length < limit; seq += 1) {
    const o = occurrence(r, seq);
    if (o.startsAt.getTime() >= until.getTime()) break;
    if (r.endsOn !== null && localDateOf(o.startsAt, r.zone) > r.endsOn) break;
    out.push(o);
  }
  return out;
}

/**
 * Runs of sessions with the same UTC offset in the circle's zone: a calendar
 * file writes each run as one UTC event with a weekly recurrence rule, so
 * every calendar shows the right local time on both sides of a change
 * without needing the zone's rules (which the `ics` package cannot write).
 */
export function sameOffsetRuns(sessions: readonly Occurrence[], zone: string): Occurrence[][] {
  const runs: Occurrence[][] = [];
  let offset: number | undefined;
  for (const s of sessions) {
    const here = utcOffsetMinutes(zone, s.startsAt);
    if (offset !== here || runs.length === 0) runs.push([]);
    offset = here;
    (runs[runs.length - 1] as Occurrence[]).push(s);
  }
  return runs;
}

/** Days between two instants, as whole days (for "not met for two cadences"). */
export const daysBetween = (a: Date, b: Date): number => Math.floor((b.getTime() - a.getTime()) / DAY_MS);
