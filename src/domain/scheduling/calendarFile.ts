import { createEvent, type EventAttributes } from 'ics';

/**
 * The .ics file for a booked session. Calendars match updates by UID and
 * take the highest SEQUENCE, so a session keeps one stable UID for life and
 * every reschedule or cancellation sends the same UID with a higher sequence.
 */

export interface CalendarPerson {
  name: string;
  /** Without one the person is left out of the file: a calendar address needs it. */
  email?: string;
}

export interface SessionCalendarInput {
  /** Stable for the session's life, e.g. `session-42@mentoring-bot`. */
  uid: string;
  start: Date;
  end: Date;
  title: string;
  description: string;
  /**
   * Required, with an email, whenever `method` is set: RFC 5546 has a
   * REQUEST or CANCEL come from an ORGANIZER that replies go back to, and
   * calendars drop invitations without one. Without a method it is optional.
   */
  organizer?: CalendarPerson;
  attendees: readonly CalendarPerson[];
  /** 0 when first booked; one more for each change. */
  sequence?: number;
  /** Left out, the file is a plain PUBLISH that any calendar can import. Set, it needs an `organizer` with an email. */
  method?: 'REQUEST' | 'CANCEL';
  /** Defaults to CANCELLED for a CANCEL, which calendars expect together. */
  status?: 'CONFIRMED' | 'CANCELLED';
  /** DTSTAMP. Left out, the `ics` package stamps the current time itself. */
  stampedAt?: Date;
}

export type SessionCalendarResult = { ok: true; ics: string } | { ok: false; error: string };

// `timestamp` feeds DTSTAMP; the package validates and uses it but leaves it out of its types.
export type Attributes = EventAttributes & { timestamp?: number };

/** One event as both calendar files write it: in UTC, its people invited, stamped when given. */
export function utcEvent(e: { uid: string; start: Date; end: Date; title: string; description: string; attendees: readonly CalendarPerson[]; organizer?: CalendarPerson; sequence: number; stampedAt?: Date }): Attributes {
  return {
    uid: e.uid,
    start: e.start.getTime(),
    end: e.end.getTime(),
    startInputType: 'utc',
    startOutputType: 'utc',
    endInputType: 'utc',
    endOutputType: 'utc',
    title: e.title,
    description: e.description,
    attendees: invitees(e.attendees),
    sequence: e.sequence,
    productId: 'mentoring-bot',
    ...organizer(e.organizer),
    ...(e.stampedAt === undefined ? {} : { timestamp: e.stampedAt.getTime() }),
  };
}

export function sessionCalendarFile(input: SessionCalendarInput): SessionCalendarResult {
  const problem = inputProblem(input);
  if (problem !== undefined) return { ok: false, error: problem };
  const attributes: Attributes = {
    ...utcEvent({ ...input, sequence: input.sequence ?? 0 }),
    ...(input.method === undefined ? {} : { method: input.method }),
    ...status(input),
  };
  const { error, value } = createEvent(attributes);
  if (error || value === null) return { ok: false, error: `could not build the calendar file: ${describeIcsError(error)}` };
  return { ok: true, ics: refold(value) };
}

/** What `ics` does not check itself: it happily writes an event that ends before it starts. */
function inputProblem(input: SessionCalendarInput): string | undefined {
  if (input.uid.trim() === '') return 'the session needs a uid so calendar updates find the same entry';
  if (Number.isNaN(input.start.getTime()) || Number.isNaN(input.end.getTime())) return 'the session start or end is not a valid date';
  if (input.end.getTime() <= input.start.getTime()) {
    return `the session ends (${input.end.toISOString()}) at or before it starts (${input.start.toISOString()})`;
  }
  if (input.sequence !== undefined && !(Number.isInteger(input.sequence) && input.sequence >= 0)) {
    return `sequence is ${input.sequence}; it must be a whole number of at least 0`;
  }
  if (input.stampedAt !== undefined && Number.isNaN(input.stampedAt.getTime())) return 'stampedAt is not a valid date';
  if (input.method !== undefined && (input.organizer === undefined || addressable(input.organizer).length === 0)) {
    return `a ${input.method} needs an organizer with an email address (RFC 5546), for calendars to send replies to`;
  }
  return undefined;
}

/** The attendees a calendar file invites: those with an address, each asked to reply. */
export function invitees(people: readonly CalendarPerson[]): NonNullable<EventAttributes['attendees']> {
  return people.flatMap(addressable).map((person) => ({ ...person, rsvp: true, role: 'REQ-PARTICIPANT', partstat: 'NEEDS-ACTION' }));
}

/**
 * Only people with an email address. Without one, `ics` writes an ATTENDEE or
 * ORGANIZER line with no value at all, which some calendars reject along
 * with the whole file; the names are in Slack anyway.
 */
function addressable(person: CalendarPerson): { name: string; email: string }[] {
  return person.email === undefined || person.email.trim() === '' ? [] : [{ name: paramSafe(person.name), email: person.email }];
}

/**
 * A CN parameter may not contain double quotes or control characters at all
 * (RFC 5545 has no escape for them there), and `ics` writes them through
 * as `\"`, which strict parsers reject. Display names lose little by the swap.
 */
function paramSafe(name: string): string {
  return name.replace(/"/g, "'").replace(/[\u0000-\u001f\u007f]/g, ' ');
}

function organizer(person: CalendarPerson | undefined): { organizer?: { name: string; email: string } } {
  const [addressed] = person === undefined ? [] : addressable(person);
  return addressed === undefined ? {} : { organizer: addressed };
}

function status(input: SessionCalendarInput): { status?: 'CONFIRMED' | 'CANCELLED' } {
  const value = input.status ?? (input.method === 'CANCEL' ? 'CANCELLED' : undefined);
  return value === undefined ? {} : { status: value };
}

/** RFC 5545 §3.1: content lines are at most 75 octets, CRLF excluded. */
const MAX_LINE_OCTETS = 75;

/**
 * `ics` folds at 75 characters, so a line of accented or CJK text runs past
 * 75 octets, and it continues with a tab. Unfold and fold again by UTF-8
 * bytes, between characters (RFC 5545 forbids splitting one), continuing
 * with a single space.
 */
export function refold(text: string): string {
  const lines = text.replace(/\r?\n[ \t]/g, '').split(/\r?\n/);
  if (lines[lines.length - 1] === '') lines.pop();
  return `${lines.map(foldLine).join('\r\n')}\r\n`;
}

function foldLine(line: string): string {
  const parts: string[] = [];
  let part = '';
  let octets = 0;
  // Iterating a string yields whole code points, so a surrogate pair is never split.
  for (const char of line) {
    const size = utf8Octets(char);
    // Each continuation line gives one of its octets to the leading space.
    const room = parts.length === 0 ? MAX_LINE_OCTETS : MAX_LINE_OCTETS - 1;
    if (octets + size > room) {
      parts.push(part);
      [part, octets] = ['', 0];
    }
    part += char;
    octets += size;
  }
  parts.push(part);
  return parts.join('\r\n ');
}

function utf8Octets(char: string): number {
  const point = char.codePointAt(0) as number;
  if (point < 0x80) return 1;
  if (point < 0x800) return 2;
  // A lone surrogate is written as U+FFFD, three octets.
  return point < 0x10000 ? 3 : 4;
}

/** The package hands back a copy of yup's ValidationError, not an Error: read what is there. */
export function describeIcsError(error: unknown): string {
  if (error === null || error === undefined) return 'no output';
  const { errors, message } = error as { errors?: unknown; message?: unknown };
  if (Array.isArray(errors) && errors.length > 0) return errors.map(String).join('; ');
  if (typeof message === 'string' && message !== '') return message;
  return String(error);
}
