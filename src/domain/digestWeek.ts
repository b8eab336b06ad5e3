import { addCalendarDays, instantOf, isWithinWindow, localDateOf, localWeekday } from './localTime.js';
import type { Week } from './digest.js';

/** The digest goes out on Mondays at 09:00 in the digest's zone. */
export const DIGEST_HOUR = 9;

/**
 * The local week (Monday 00:00 to the next Monday 00:00, in `timeZone`)
 * that ended most recently before `now`: the week a Monday digest covers.
 * Built from local dates, so across a daylight-saving change it is 7 days
 * plus or minus an hour.
 */
export function previousWeek(now: Date, timeZone: string): Week {
  const today = localDateOf(now, timeZone);
  const sinceMonday = localWeekday(now, timeZone) - 1;
  const thisMonday = addCalendarDays(today, -sinceMonday);
  return { start: instantOf(addCalendarDays(thisMonday, -7), 0, timeZone), end: instantOf(thisMonday, 0, timeZone) };
}

/** True from the digest's hour on its weekday (Monday 09:00 unless a program says otherwise) until that day ends. */
export function digestDue(now: Date, timeZone: string, weekday = 1, hour = DIGEST_HOUR): boolean {
  return isWithinWindow(now, { days: [weekday], startMinute: hour * 60, endMinute: 24 * 60 }, timeZone);
}

