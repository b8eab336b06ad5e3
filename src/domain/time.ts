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
 * Names that stand for a clock, not a place: typed by someone in New York,
 * "EST" resolves to America/Panama and GMT to Etc/GMT, which never change
 * for summer, so every message and slot would be an hour off for half the
 * year. The tz database's fixed-offset abbreviation zones, GMT and Etc's
 * fixed offsets; CET, EST5EDT and the like follow summer time, so they stay.
 */
const CLOCK_NAMES = /^(?:EST|HST|MST|GMT(?:[+-]?0)?|Greenwich|Etc\/.*)$/i;
/** The one clock that is a fair choice of its own: a person may want plain UTC. */
const UTC_NAMES = /^(?:Etc\/)?(?:UTC|UCT|Universal|Zulu)$/i;

/**
 * The IANA name a person meant: spelled as IANA spells it (" europe/london "
 * is Europe/London) and the current name for a deprecated one
 * (Asia/Calcutta is Asia/Kolkata), so one zone is stored one way.
 * Undefined when it names no zone, or only a clock (see CLOCK_NAMES).
 */
export function canonicalTimeZone(input: string): string | undefined {
  const typed = input.trim();
  if (UTC_NAMES.test(typed)) return 'UTC';
  if (CLOCK_NAMES.test(typed)) return undefined;
  const known = BY_LOWER_NAME.get(typed.toLowerCase());
  if (!known) return isValidTimeZone(typed) ? typed : undefined;
  const current = ZONES[known as keyof typeof ZONES]?.aliasOf ?? known;
  // The platform's own database may be older than the list: keep a name it knows.
  return [current, known].find(isValidTimeZone);
}

/** Why a typed time zone was not taken, in words for the person who typed it. */
export function timeZoneRefusal(input: string): string {
  const typed = input.trim();
  if (CLOCK_NAMES.test(typed) || /^[A-Z]{3,4}$/.test(typed)) {
    return `"${typed}" is a clock, not a place, and it would not change for summer time. Type the zone of your city, such as America/New_York or Europe/London.`;
  }
  return `"${typed}" is not a time zone we know. Use a name like Europe/Berlin or America/New_York.`;
}

/** The calendar date (YYYY-MM-DD) at `now` in the given zone. */
export function localDate(now: Date, timeZone: string): string {
  return localDateOf(now, timeZone);
}
