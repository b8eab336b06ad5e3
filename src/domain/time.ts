import ct from 'countries-and-timezones';
import { localDateOf } from './localTime.js';

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

// Every IANA name, current and deprecated, with what each deprecated one stands for.
const ZONES = ct.getAllTimezones({ deprecated: true });
const BY_LOWER_NAME = new Map(Object.keys(ZONES).map((name) => [name.toLowerCase(), name]));

/**
 * The IANA name a person meant: spelled as IANA spells it (" europe/london "
 * is Europe/London) and the current name for a deprecated one
 * (Asia/Calcutta is Asia/Kolkata), so one zone is stored one way.
 * Undefined when it names no zone.
 */
export function canonicalTimeZone(input: string): string | undefined {
  const typed = input.trim();
  if (typed.toUpperCase() === 'UTC') return 'UTC';
  const known = BY_LOWER_NAME.get(typed.toLowerCase());
  if (!known) return isValidTimeZone(typed) ? typed : undefined;
  const current = ZONES[known as keyof typeof ZONES]?.aliasOf ?? known;
  // The platform's own database may be older than the list: keep a name it knows.
  return [current, known].find(isValidTimeZone);
}

/** The calendar date (YYYY-MM-DD) at `now` in the given zone. */
export function localDate(now: Date, timeZone: string): string {
  return localDateOf(now, timeZone);
}
