import type { Deps } from '../deps.js';
import type { Tx } from '../db/client.js';
import type { Circle } from '../db/schema.js';
import { type CircleRhythm, occurrencesUntil } from '../domain/circleSchedule.js';
import { type CalendarPerson } from '../domain/scheduling/calendarFile.js';
import { circleCalendarFile } from '../domain/scheduling/circleCalendar.js';
import { enqueueFile } from '../outbox/outbox.js';
import { activeCircles, calendarsOf, calendarsOfEndedCircles, type CircleCalendar, findCircle, markCalendarCancelled, recordCalendar, seatsOf } from '../repos/circles.js';
import { findPerson } from '../repos/profiles.js';
import { circleFacts, rhythmOf } from '../services/circles.js';
import { buildCalendarNote } from '../views/circleMessages.js';

/*
 * Everyone in a circle holds one calendar file for it, and the file follows
 * the circle: a member who joins gets it, a move cancels the old times and
 * sends the new ones, a member who leaves and everyone in a circle that
 * ends get a CANCEL for exactly what they hold, and a file nearing the end
 * of what it covers is extended in place (same UIDs, a higher SEQUENCE).
 * What each person holds is recorded with the message that sends it, so a
 * rerun or a second replica sends nothing twice.
 */

const DAY_MS = 86_400_000;
/** How far a file reaches: a circle without an end date is put on calendars for a year at a time. */
const HORIZON_DAYS = 365;
/** A file with less than this left is extended. */
const RENEW_DAYS = 91;
/** Every session since the rhythm began goes in the file, so its runs keep their UIDs: decades of weekly sessions. */
const MAX_SESSIONS = 5_000;

export interface CalendarSync {
  sent: number;
  cancelled: number;
}

/** `firstSeq:startsOn:weekday:minute`: the rhythm a file holds, from which its events' UIDs are made. */
const rhythmKey = (c: Pick<Circle, 'firstSeq' | 'startsOn' | 'slotWeekday' | 'slotMinute'>) => `${c.firstSeq}:${c.startsOn}:${c.slotWeekday}:${c.slotMinute}`;

function heldRhythm(circle: Circle, held: CircleCalendar): CircleRhythm {
  const [firstSeq, startsOn, weekday, minute] = held.rhythm.split(':');
  return { ...rhythmOf(circle), firstSeq: Number(firstSeq), startsOn: startsOn as string, slotWeekday: Number(weekday), slotMinute: Number(minute) };
}

export async function syncCircleCalendars(deps: Deps, now: Date): Promise<CalendarSync> {
  const sync: CalendarSync = { sent: 0, cancelled: 0 };
  const horizon = new Date(now.getTime() + HORIZON_DAYS * DAY_MS);
  for (const circle of await activeCircles(deps.db)) {
    // Its welcome goes first: a circle without its channel yet sends no files.
    if (!circle.channelId) continue;
    const rhythm = rhythmOf(circle);
    const sessions = occurrencesUntil(rhythm, horizon, circle.firstSeq, MAX_SESSIONS);
    const last = sessions[sessions.length - 1];
    // Nothing ahead at this time (a circle about to end): nothing to put on anyone's calendar.
    if (!last || last.startsAt.getTime() <= now.getTime()) continue;
    const people = [...(await seatsOf(deps.db, circle.id)).map((s) => s.personId), ...(circle.facilitatorId ? [circle.facilitatorId] : [])];
    const held = new Map((await calendarsOf(deps.db, circle.id)).map((h) => [h.personId, h]));
    const key = rhythmKey(circle);
    for (const personId of people) {
      const h = held.get(personId);
      const holding = h !== undefined && h.cancelledAt === null;
      const current = holding && h.rhythm === key;
      if (current && (h.coversUntil.getTime() >= now.getTime() + RENEW_DAYS * DAY_MS || last.startsAt.getTime() < h.coversUntil.getTime())) continue;
      await deps.db.transaction(async (tx) => {
        if (holding && !current && await cancel(deps, tx, circle, h, now)) sync.cancelled += 1;
        // The same events come back above any SEQUENCE already sent for them (a CANCEL included); new times start at 0.
        const sequence = h?.rhythm === key ? h.sequence + 1 : 0;
        if (await send(deps, tx, circle, personId, { method: 'REQUEST', sequence, sessions, attendees: people, key, now })) sync.sent += 1;
        await recordCalendar(tx, { circleId: circle.id, personId, rhythm: key, sequence, coversUntil: horizon, sentAt: now });
      });
    }
    // Someone who left the circle (or stopped facilitating it) has it taken off their calendar.
    for (const h of held.values()) {
      if (people.includes(h.personId) || h.cancelledAt !== null) continue;
      await deps.db.transaction(async (tx) => {
        if (await cancel(deps, tx, circle, h, now)) sync.cancelled += 1;
      });
    }
  }
  for (const h of await calendarsOfEndedCircles(deps.db)) {
    const circle = await findCircle(deps.db, h.circleId) as Circle;
    await deps.db.transaction(async (tx) => {
      if (await cancel(deps, tx, circle, h, now)) sync.cancelled += 1;
    });
  }
  return sync;
}

/** Takes what the person holds off their calendar: the same events, one SEQUENCE on, cancelled; the row remembers it. */
async function cancel(deps: Deps, tx: Tx, circle: Circle, held: CircleCalendar, now: Date): Promise<boolean> {
  // As far as the file they hold reaches: it was sent a horizon ahead (an erasure elsewhere may have moved `coversUntil` up to renew it).
  const reach = new Date(held.sentAt.getTime() + HORIZON_DAYS * DAY_MS);
  const rhythm = heldRhythm(circle, held);
  const sessions = occurrencesUntil(rhythm, reach, rhythm.firstSeq, MAX_SESSIONS);
  const sequence = held.sequence + 1;
  await markCalendarCancelled(tx, held.id, sequence, now);
  if (sessions.length === 0) return false;
  return send(deps, tx, circle, held.personId, { method: 'CANCEL', sequence, sessions, attendees: [held.personId], key: held.rhythm, now });
}

async function send(
  deps: Deps,
  tx: Tx,
  circle: Circle,
  personId: string,
  file: { method: 'REQUEST' | 'CANCEL'; sequence: number; sessions: ReturnType<typeof occurrencesUntil>; attendees: readonly string[]; key: string; now: Date },
): Promise<boolean> {
  const facts = await circleFacts(deps, circle);
  const cancelled = file.method === 'CANCEL';
  const attendees: CalendarPerson[] = [];
  for (const id of file.attendees) attendees.push(await attendee(deps, id));
  const ics = circleCalendarFile({
    uid: `circle-${circle.id}-${file.key.replace(/:/g, '-')}@mentoring-bot`,
    title: `${facts.topicName} circle`,
    description: `${facts.programName}: the ${facts.topicName} circle. Topics and hosts are announced in its Slack channel the day before.`,
    cadence: circle.cadence,
    zone: circle.zone,
    sessions: file.sessions,
    attendees,
    organizer: { name: 'Mentoring program', email: deps.config.calendarOrganizerEmail },
    method: file.method,
    sequence: file.sequence,
    stampedAt: file.now,
  });
  if (!ics.ok) {
    deps.logger.error(`circle ${circle.id}: ${ics.error}`);
    return false;
  }
  return enqueueFile(tx, {
    key: `circle:${circle.id}:calendar:${personId}:${file.key}:${file.sequence}`,
    recipient: personId,
    file: {
      filename: cancelled ? 'mentoring-circle-cancelled.ics' : 'mentoring-circle.ics',
      title: cancelled ? `${facts.topicName} circle: off your calendar` : `${facts.topicName} circle`,
      content: ics.ics,
      ...(cancelled ? {} : { comment: buildCalendarNote(facts) }),
    },
    notBefore: file.now,
    // The file names and addresses everyone on it: each is its subject, for export and erasure.
    about: file.attendees,
  });
}

async function attendee(deps: Deps, id: string): Promise<CalendarPerson> {
  const p = await findPerson(deps.db, id);
  return { name: p?.displayName ?? p?.id ?? 'Member', ...(p?.email ? { email: p.email } : {}) };
}
