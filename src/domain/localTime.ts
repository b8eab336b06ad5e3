import { formatInTimeZone, fromZonedTime, getTimezoneOffset } from 'date-fns-tz';

/**
 * The one place that turns a person's local wall-clock hours into instants.
 * Every conversion goes day by day through the IANA zone, so a window of
 * "10:00–16:00 on weekdays" lands on the right instants on both sides of a
 * daylight-saving change, and in zones with fractional offsets.
 */

export interface WeeklyWindow {
  /** ISO weekdays, 1 = Monday … 7 = Sunday. */
  days: readonly number[];
  startMinute: number;
  endMinute: number;
}

export interface Interval {
  start: number; // epoch ms
  end: number;
}

/** ISO weekday (1–7) of the local calendar date in a zone. */
export function localWeekday(at: Date, timeZone: string): number {
  return Number(formatInTimeZone(at, timeZone, 'i'));
}

/** The instant of a local wall-clock time (minutes after local midnight, 0–1440) on a local date (YYYY-MM-DD). */
export function instantOf(localDate: string, minuteOfDay: number, timeZone: string): Date {
  // 24:00 is the next local midnight, which is not always 24 hours later.
  if (minuteOfDay >= 1440) return instantOf(nextDate(localDate), minuteOfDay - 1440, timeZone);
  const hh = String(Math.floor(minuteOfDay / 60)).padStart(2, '0');
  const mm = String(minuteOfDay % 60).padStart(2, '0');
  return fromZonedTime(`${localDate}T${hh}:${mm}:00`, timeZone);
}

function nextDate(localDate: string): string {
  const [y, m, d] = localDate.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}

/**
 * The window's occurrences as instants, for every local day that overlaps
 * [from, to). Intervals are sorted and clipped to the range.
 */
export function windowIntervals(window: WeeklyWindow, timeZone: string, from: Date, to: Date): Interval[] {
  const intervals: Interval[] = [];
  // Walk local calendar dates (not 24-hour steps, which a daylight-saving
  // change in the server's zone or the person's could make skip a date),
  // starting the day before: `from` may still be "yesterday" in zones behind UTC.
  for (let date = previousDate(formatInTimeZone(from, timeZone, 'yyyy-MM-dd')); instantOf(date, 0, timeZone) < to; date = nextDate(date)) {
    if (!window.days.includes(weekdayOf(date))) continue;
    const start = instantOf(date, window.startMinute, timeZone).getTime();
    const end = instantOf(date, window.endMinute, timeZone).getTime();
    const clipped = { start: Math.max(start, from.getTime()), end: Math.min(end, to.getTime()) };
    if (clipped.end > clipped.start) intervals.push(clipped);
  }
  return intervals;
}

/** ISO weekday (1 = Monday … 7 = Sunday) of a calendar date, which is the same in every zone. */
function weekdayOf(localDate: string): number {
  const [y, m, d] = localDate.split('-').map(Number) as [number, number, number];
  return ((new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7) + 1;
}

function previousDate(localDate: string): string {
  const [y, m, d] = localDate.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d - 1)).toISOString().slice(0, 10);
}

/**
 * Pairwise overlaps of two sorted lists of disjoint intervals. Each overlap
 * lies inside one interval of each list, so it keeps the "one local day"
 * property of both.
 */
export function intersectIntervals(a: readonly Interval[], b: readonly Interval[]): Interval[] {
  const out: Interval[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a[i] as Interval;
    const y = b[j] as Interval;
    const start = Math.max(x.start, y.start);
    const end = Math.min(x.end, y.end);
    if (end > start) out.push({ start, end });
    if (x.end < y.end) i += 1;
    else j += 1;
  }
  return out;
}

/** Total overlap, in ms, of two sorted lists of disjoint intervals. */
export function overlapMs(a: readonly Interval[], b: readonly Interval[]): number {
  return intersectIntervals(a, b).reduce((sum, i) => sum + (i.end - i.start), 0);
}

/** Is this instant inside the person's local working hours on one of their working days? */
export function isWithinWindow(at: Date, window: WeeklyWindow, timeZone: string): boolean {
  if (!window.days.includes(localWeekday(at, timeZone))) return false;
  const [h, m] = formatInTimeZone(at, timeZone, 'HH:mm').split(':').map(Number) as [number, number];
  const minute = h * 60 + m;
  return minute >= window.startMinute && minute < window.endMinute;
}

/** Hours between two zones' UTC offsets at an instant, the short way round the clock. */
export function zoneDistanceHours(a: string, b: string, at: Date): number {
  const diff = Math.abs(getTimezoneOffset(a, at) - getTimezoneOffset(b, at)) / 3_600_000;
  return Math.min(diff, 24 - diff);
}

/**
 * The first instant at or after `now` inside the window, in the person's own
 * zone: now itself during working hours, otherwise the next start of a
 * working day (which a daylight-saving change may have moved).
 */
export function nextWindowStart(now: Date, window: WeeklyWindow, timeZone: string): Date | undefined {
  if (isWithinWindow(now, window, timeZone)) return now;
  let date = formatInTimeZone(now, timeZone, 'yyyy-MM-dd');
  for (let i = 0; i <= 8; i += 1, date = nextDate(date)) {
    if (!window.days.includes(weekdayOf(date))) continue;
    const start = instantOf(date, window.startMinute, timeZone);
    if (start >= now) return start;
  }
  return undefined;
}

/** Monday to Friday, 09:00 to 17:00: the working hours assumed for someone who never said. */
export const DEFAULT_WORKING_HOURS: WeeklyWindow = { days: [1, 2, 3, 4, 5], startMinute: 9 * 60, endMinute: 17 * 60 };
