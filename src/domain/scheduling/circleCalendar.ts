import { createEvents, type EventAttributes } from 'ics';
import { CADENCE_DAYS, type CircleCadence } from '../circleRules.js';
import { type Occurrence, sameOffsetRuns } from '../circleSchedule.js';
import { type CalendarPerson, describeIcsError, invitees, refold } from './calendarFile.js';

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
  /** Stable per circle, e.g. `circle-7@mentoring-bot`; each run adds its first session's number. */
  uid: string;
  title: string;
  description: string;
  cadence: CircleCadence;
  zone: string;
  sessions: readonly Occurrence[];
  attendees: readonly CalendarPerson[];
  stampedAt?: Date;
}

export type CircleCalendarResult = { ok: true; ics: string } | { ok: false; error: string };

type Attributes = EventAttributes & { timestamp?: number };

export function circleCalendarFile(input: CircleCalendarInput): CircleCalendarResult {
  if (input.sessions.length === 0) return { ok: false, error: 'the circle has no sessions to put in a calendar' };
  const runs = input.cadence === 'monthly' ? input.sessions.map((s) => [s]) : sameOffsetRuns(input.sessions, input.zone);
  const interval = input.cadence === 'monthly' ? 1 : CADENCE_DAYS[input.cadence] / 7;
  const attendees = invitees(input.attendees);
  const events: Attributes[] = runs.map((run) => {
    const first = run[0] as Occurrence;
    return {
      uid: `${first.seq}.${input.uid}`,
      start: first.startsAt.getTime(),
      end: first.endsAt.getTime(),
      startInputType: 'utc',
      startOutputType: 'utc',
      endInputType: 'utc',
      endOutputType: 'utc',
      title: input.title,
      description: input.description,
      ...(run.length > 1 ? { recurrenceRule: `FREQ=WEEKLY;INTERVAL=${interval};COUNT=${run.length}` } : {}),
      attendees,
      productId: 'mentoring-bot',
      ...(input.stampedAt === undefined ? {} : { timestamp: input.stampedAt.getTime() }),
    };
  });
  const { error, value } = createEvents(events);
  if (error || !value) return { ok: false, error: `could not build the calendar file: ${describeIcsError(error)}` };
  return { ok: true, ics: refold(value) };
}
