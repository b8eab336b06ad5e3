import type { Week } from '../digestTypes.js';
import { shiftLocalDays } from '../localTime.js';

export const DIGEST_WEEKS = 8;
const DAY = 86_400_000;

/** Half-open, like the weeks themselves, so an instant on a boundary belongs to exactly one week. */
export const within = (at: Date | null, w: Week) => at !== null && at.getTime() >= w.start.getTime() && at.getTime() < w.end.getTime();

/** The same local wall-clock instant `days` days earlier in a zone (or exactly days×24 h without one). */
function shiftDays(at: Date, days: number, timeZone: string | undefined): Date {
  if (!timeZone) return new Date(at.getTime() + days * DAY);
  return shiftLocalDays(at, days, timeZone);
}

/** The digest's week and the ones before it, oldest first. */
export function digestWeeks(week: Week, timeZone?: string, count = DIGEST_WEEKS): Week[] {
  const weeks: Week[] = [week];
  for (let i = 1; i < count; i++) {
    const next = weeks[0] as Week;
    weeks.unshift({ start: shiftDays(next.start, -7, timeZone), end: next.start });
  }
  return weeks;
}
