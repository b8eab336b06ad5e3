import { formatInTimeZone } from 'date-fns-tz';

/** Time-zone facts the domain needs, from the platform's IANA database. */

export function isValidTimeZone(name: string): boolean {
  if (name !== 'UTC' && !/^[A-Za-z_]+(?:\/[A-Za-z0-9_+-]+)+$/.test(name)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** The calendar date (YYYY-MM-DD) at `now` in the given zone. */
export function localDate(now: Date, timeZone: string): string {
  return formatInTimeZone(now, timeZone, 'yyyy-MM-dd');
}
