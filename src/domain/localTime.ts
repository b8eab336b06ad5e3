/**
 * The one place that turns a person's local wall-clock hours into instants.
 * Every conversion goes day by day through the IANA zone, so a window of
 * "10:00–16:00 on weekdays" lands on the right instants on both sides of a
 * daylight-saving change, and in zones with fractional offsets.
 *
 * The rule at the edges: a wall time the clocks skip means the first instant
 * after it that exists, which is the transition itself (02:30 on New York's
 * spring-forward day is 03:00 EDT); a wall time the clocks repeat means its
 * first occurrence. Windows, membership and next starts all derive from that
 * one resolution, so they cannot disagree with each other.
 *
 * Offsets come straight from Intl rather than date-fns-tz, whose offset and
 * wall-time conversions are off for up to an hour around a transition (and
 * depend on the server's own zone).
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

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

/** ISO weekday (1–7) of the local calendar date in a zone. */
export function localWeekday(at: Date, timeZone: string): number {
  return weekdayOf(localDay(timeZone, at.getTime()));
}

/** The instant of a local wall-clock time (minutes after local midnight, 0–1440) on a local date (YYYY-MM-DD). */
export function instantOf(localDate: string, minuteOfDay: number, timeZone: string): Date {
  // Wall times are counted as if they were UTC, so 24:00 is simply the next local midnight.
  return new Date(instantOfWall(timeZone, dayOf(localDate) + minuteOfDay * MINUTE_MS));
}

/** The local calendar date (YYYY-MM-DD) of an instant in a zone. */
export function localDateOf(at: Date, timeZone: string): string {
  return new Date(at.getTime() + offsetMsAt(timeZone, at.getTime())).toISOString().slice(0, 10);
}

/** The same local wall-clock time `days` days later (earlier when negative), by this module's rule for times that do not exist or repeat. */
/** A calendar date (YYYY-MM-DD) `days` later, or earlier when negative: date arithmetic, no zone involved. */
export function addCalendarDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

export function shiftLocalDays(at: Date, days: number, timeZone: string): Date {
  const wall = at.getTime() + offsetMsAt(timeZone, at.getTime());
  return new Date(instantOfWall(timeZone, wall + days * DAY_MS));
}

/** The zone's offset from UTC at an instant, in minutes (east positive): New York in summer is −240. */
export function utcOffsetMinutes(timeZone: string, at: Date): number {
  return offsetMsAt(timeZone, at.getTime()) / MINUTE_MS;
}

/*
 * A "wall" value is a local wall-clock time written as epoch ms as though it
 * were UTC: wall − offset = instant. Local midnights are whole days apart in
 * wall terms whatever the clocks do, so dates step without any zone lookup.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Building a formatter costs far more than using one, and every conversion needs one. */
function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      // h23: some engines write midnight as 24:00 under hour12: false.
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The zone's offset at an instant, read from Intl (to the second, which is all it shows and all tzdb needs). */
function offsetFromIntl(timeZone: string, at: number): number {
  let year = 0;
  let month = 0;
  let day = 0;
  let hour = 0;
  let minute = 0;
  let second = 0;
  for (const part of formatterFor(timeZone).formatToParts(at)) {
    if (part.type === 'year') year = Number(part.value);
    else if (part.type === 'month') month = Number(part.value);
    else if (part.type === 'day') day = Number(part.value);
    else if (part.type === 'hour') hour = Number(part.value);
    else if (part.type === 'minute') minute = Number(part.value);
    else if (part.type === 'second') second = Number(part.value);
  }
  return Date.UTC(year, month - 1, day, hour, minute, second) - Math.floor(at / 1000) * 1000;
}

/**
 * Offsets at whole UTC hours, per zone. A formatToParts call costs
 * microseconds and a week of windows needs dozens; nearby instants share
 * hours, so most lookups hit. Bounded, because a long-lived process keeps
 * asking about new weeks.
 */
const hourlyOffsets = new Map<string, Map<number, number>>();
const MAX_CACHED_HOURS_PER_ZONE = 20_000;

function offsetAtHour(timeZone: string, hour: number): number {
  let hours = hourlyOffsets.get(timeZone);
  if (hours === undefined) hourlyOffsets.set(timeZone, (hours = new Map()));
  let offset = hours.get(hour);
  if (offset === undefined) {
    if (hours.size >= MAX_CACHED_HOURS_PER_ZONE) hours.clear();
    offset = offsetFromIntl(timeZone, hour * HOUR_MS);
    hours.set(hour, offset);
  }
  return offset;
}

/** The zone's offset at an instant, in ms. */
function offsetMsAt(timeZone: string, at: number): number {
  const hour = Math.floor(at / HOUR_MS);
  const offset = offsetAtHour(timeZone, hour);
  // No zone changes its clocks twice within an hour, so the same offset at
  // both ends of the hour holds throughout it; otherwise ask for the instant.
  if (at === hour * HOUR_MS || offsetAtHour(timeZone, hour + 1) === offset) return offset;
  return offsetFromIntl(timeZone, at);
}

/** The wall clock at an instant. */
function wallAt(timeZone: string, at: number): number {
  return at + offsetMsAt(timeZone, at);
}

/** Local midnight of the local date at an instant, as a wall value. */
function localDay(timeZone: string, at: number): number {
  return Math.floor(wallAt(timeZone, at) / DAY_MS) * DAY_MS;
}

/**
 * The instant a wall time stands for, by the module's rule. Only the offsets
 * in force a day either side can apply (no zone changes its clocks twice in
 * two days), so those are the candidates: the earliest one that really shows
 * this wall time wins, which is the first occurrence of a repeated time. When
 * neither does, the time was skipped, and the answer is the transition.
 */
function instantOfWall(timeZone: string, wall: number): number {
  const before = offsetMsAt(timeZone, wall - DAY_MS);
  const after = offsetMsAt(timeZone, wall + DAY_MS);
  // Nearly always: no change nearby, one offset, nothing to check.
  if (before === after) return wall - before;
  const candidates = [wall - before, wall - after].sort((x, y) => x - y);
  const valid = candidates.find((at) => wallAt(timeZone, at) === wall);
  if (valid !== undefined) return valid;
  return transitionBetween(timeZone, wall, candidates[0] as number, candidates[1] as number);
}

/**
 * The first instant in (early, late] whose wall clock has passed `wall`.
 * Across a gap the wall clock only moves forward, jumping over `wall` once,
 * so a binary search over whole seconds (tzdb changes fall on them) finds it.
 */
function transitionBetween(timeZone: string, wall: number, early: number, late: number): number {
  let lo = Math.floor(early / 1000);
  let hi = Math.ceil(late / 1000);
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (wallAt(timeZone, mid * 1000) >= wall) hi = mid;
    else lo = mid;
  }
  return hi * 1000;
}

/** The wall value of a local date's midnight. */
function dayOf(localDate: string): number {
  const [y, m, d] = localDate.split('-').map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, d);
}

/** ISO weekday (1 = Monday … 7 = Sunday) of a local date, given as its midnight wall value. */
function weekdayOf(day: number): number {
  // Day 0 of the epoch, 1970-01-01, was a Thursday.
  return ((((Math.floor(day / DAY_MS) + 3) % 7) + 7) % 7) + 1;
}

/**
 * The window's stretch on one local date, unclipped, or nothing when the date
 * is not one of its days. It can be empty: hours wholly inside skipped time.
 */
function occurrenceOn(day: number, window: WeeklyWindow, timeZone: string): Interval | undefined {
  if (!window.days.includes(weekdayOf(day))) return undefined;
  return {
    start: instantOfWall(timeZone, day + window.startMinute * MINUTE_MS),
    end: instantOfWall(timeZone, day + window.endMinute * MINUTE_MS),
  };
}

/**
 * The window's occurrences as instants, for every local day that overlaps
 * [from, to). Intervals are sorted and clipped to the range.
 */
export function windowIntervals(window: WeeklyWindow, timeZone: string, from: Date, to: Date): Interval[] {
  const [lo, hi] = [from.getTime(), to.getTime()];
  const intervals: Interval[] = [];
  // Earlier dates end by the time `from`'s own date begins. No offset reaches
  // a day, so a date whose midnight wall value is a day past `to` starts after it.
  for (let day = localDay(timeZone, lo); day < hi + DAY_MS; day += DAY_MS) {
    const occurrence = occurrenceOn(day, window, timeZone);
    if (occurrence === undefined) continue;
    // Later dates start later still.
    if (occurrence.start >= hi) break;
    const start = Math.max(occurrence.start, lo);
    const end = Math.min(occurrence.end, hi);
    if (end > start) intervals.push({ start, end });
  }
  return intervals;
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

/**
 * Is this instant inside the person's local working hours on one of their
 * working days? Exactly when it is inside one of windowIntervals' stretches:
 * today's, or (where clocks fall back across midnight) tomorrow's.
 */
export function isWithinWindow(at: Date, window: WeeklyWindow, timeZone: string): boolean {
  const t = at.getTime();
  const today = localDay(timeZone, t);
  return [today, today + DAY_MS].some((day) => {
    const occurrence = occurrenceOn(day, window, timeZone);
    return occurrence !== undefined && occurrence.start <= t && t < occurrence.end;
  });
}

/** Hours between two zones' UTC offsets at an instant, the short way round the clock: +14 and −11 are 1 apart, not 25. */
export function zoneDistanceHours(a: string, b: string, at: Date): number {
  const diff = (Math.abs(utcOffsetMinutes(a, at) - utcOffsetMinutes(b, at)) / 60) % 24;
  return Math.min(diff, 24 - diff);
}

/** A weekly window always recurs within a week; two cover a week whose one occurrence fell into skipped time. */
const NEXT_START_SEARCH_DAYS = 15;

/**
 * The first instant at or after `now` inside the window, in the person's own
 * zone: now itself during working hours, otherwise the start of the next
 * occurrence (which a daylight-saving change may have moved or shortened).
 */
export function nextWindowStart(now: Date, window: WeeklyWindow, timeZone: string): Date | undefined {
  const t = now.getTime();
  const today = localDay(timeZone, t);
  for (let day = today; day <= today + NEXT_START_SEARCH_DAYS * DAY_MS; day += DAY_MS) {
    const occurrence = occurrenceOn(day, window, timeZone);
    if (occurrence === undefined || occurrence.end <= Math.max(occurrence.start, t)) continue;
    return occurrence.start <= t ? now : new Date(occurrence.start);
  }
  return undefined;
}

/** Monday to Friday, 09:00 to 17:00: the working hours assumed for someone who never said. */
export const DEFAULT_WORKING_HOURS: WeeklyWindow = { days: [1, 2, 3, 4, 5], startMinute: 9 * 60, endMinute: 17 * 60 };
