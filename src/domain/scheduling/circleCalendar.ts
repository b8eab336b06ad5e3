import { createEvents } from 'ics';
import { CADENCE_DAYS, type CircleCadence } from '../circleRules.js';
import { type Occurrence, sameOffsetRuns } from '../circleSchedule.js';
import { type Attributes, type CalendarPerson, describeIcsError, refold, utcEvent } from './calendarFile.js';

/**
 * One calendar file for a circle's whole rhythm: each run of sessions with
 * the same UTC offset in the circle's zone is one event with a recurrence
 * rule (FREQ=WEEKLY, the cadence as INTERVAL, the run's length as COUNT),
 * all in UTC. Calendars expand each rule exactly; split at the zone's
 * changes, 10:00 in the circle's zone stays 10:00 there all year. A monthly
 * circle (the first of a weekday in each month) has no UTC rule that is
 * always right, since its UTC date can fall in the month before: each of its
 * sessions is its own event in the same file.
 */

export interface CircleCalendarInput {
  /** Stable per circle and rhythm, e.g. `circle-7-2026-12-01-2-600@mentoring-bot`; each run adds its first session's number. */
  uid: string;
  title: string;
  description: string;
  cadence: CircleCadence;
  zone: string;
  /** Every session of the rhythm from its first, so each run keeps its UID as the file is extended. */
  sessions: readonly Occurrence[];
  attendees: readonly CalendarPerson[];
  /**
   * REQUEST puts the sessions on calendars and updates them (same UIDs, a
   * higher sequence); CANCEL takes them off. Both come from the organizer
   * (RFC 5546); without a method the file is a plain PUBLISH.
   */
  method?: 'REQUEST' | 'CANCEL';
  organizer?: CalendarPerson;
  sequence?: number;
  stampedAt?: Date;
}

export type CircleCalendarResult = { ok: true; ics: string } | { ok: false; error: string };

export function circleCalendarFile(input: CircleCalendarInput): CircleCalendarResult {
  if (input.sessions.length === 0) return { ok: false, error: 'the circle has no sessions to put in a calendar' };
  const runs = input.cadence === 'monthly' ? input.sessions.map((s) => [s]) : sameOffsetRuns(input.sessions, input.zone);
  const interval = input.cadence === 'monthly' ? 1 : CADENCE_DAYS[input.cadence] / 7;
  const cancelled = input.method === 'CANCEL';
  const events: Attributes[] = runs.map((run) => {
    const first = run[0] as Occurrence;
    return {
      ...utcEvent({ ...input, uid: `${first.seq}.${input.uid}`, start: first.startsAt, end: first.endsAt, sequence: input.sequence ?? 0 }),
      ...(run.length > 1 ? { recurrenceRule: `FREQ=WEEKLY;INTERVAL=${interval};COUNT=${run.length}` } : {}),
      ...(input.method === undefined ? {} : { method: input.method }),
      ...(cancelled ? { status: 'CANCELLED' as const } : {}),
    };
  });
  const { error, value } = createEvents(events);
  if (error || !value) return { ok: false, error: `could not build the calendar file: ${describeIcsError(error)}` };
  return { ok: true, ics: refold(value) };
}
