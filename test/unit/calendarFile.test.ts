import { describe, expect, it } from 'vitest';
import { type SessionCalendarInput, sessionCalendarFile } from '../../src/domain/scheduling/calendarFile.js';

const session: SessionCalendarInput = {
  uid: 'session-42@mentoring-bot',
  start: new Date('2026-03-09T13:00:00Z'),
  end: new Date('2026-03-09T13:45:00Z'),
  title: 'Mentoring: Ada and Grace',
  description: 'First session. Agenda: goals for the next three months.',
  organizer: { name: 'Mentoring bot', email: 'mentoring@example.com' },
  attendees: [
    { name: 'Ada Lovelace', email: 'ada@example.com' },
    { name: 'Grace Hopper', email: 'grace@example.com' },
  ],
  stampedAt: new Date('2026-03-01T10:00:00Z'),
};

function ics(input: SessionCalendarInput): string {
  const result = sessionCalendarFile(input);
  if (!result.ok) throw new Error(result.error);
  return result.ics;
}

/** Unfold RFC 5545 continuation lines so long values can be matched whole. */
const lines = (text: string) => text.replace(/\r\n[ \t]/g, '').split('\r\n');

describe('sessionCalendarFile', () => {
  it('writes one event in UTC with the stable uid, summary, people and sequence 0', () => {
    const text = ics(session);
    const all = lines(text);
    expect(all[0]).toBe('BEGIN:VCALENDAR');
    expect(all).toContain('BEGIN:VEVENT');
    expect(all).toContain('END:VEVENT');
    expect(all).toContain('UID:session-42@mentoring-bot');
    expect(all).toContain('DTSTART:20260309T130000Z');
    expect(all).toContain('DTEND:20260309T134500Z');
    expect(all).toContain('DTSTAMP:20260301T100000Z');
    expect(all).toContain('SUMMARY:Mentoring: Ada and Grace');
    expect(all).toContain('SEQUENCE:0');
    expect(all.some((l) => l.startsWith('DESCRIPTION:First session.'))).toBe(true);
    expect(all.some((l) => l.startsWith('ORGANIZER;') && l.endsWith(':MAILTO:mentoring@example.com'))).toBe(true);
    const attendees = all.filter((l) => l.startsWith('ATTENDEE;'));
    expect(attendees).toHaveLength(2);
    expect(attendees[0]).toMatch(/CN="Ada Lovelace":mailto:ada@example\.com$/);
    expect(attendees[1]).toMatch(/CN="Grace Hopper":mailto:grace@example\.com$/);
    // Every line ends in CRLF, as RFC 5545 requires.
    expect(text.endsWith('END:VCALENDAR\r\n')).toBe(true);
  });

  it('updates the same entry on reschedule: same uid, higher sequence, REQUEST', () => {
    const all = lines(
      ics({ ...session, start: new Date('2026-03-10T13:00:00Z'), end: new Date('2026-03-10T13:45:00Z'), sequence: 1, method: 'REQUEST', status: 'CONFIRMED' }),
    );
    expect(all).toContain('METHOD:REQUEST');
    expect(all).toContain('UID:session-42@mentoring-bot');
    expect(all).toContain('SEQUENCE:1');
    expect(all).toContain('STATUS:CONFIRMED');
    expect(all).toContain('DTSTART:20260310T130000Z');
  });

  it('cancels with METHOD:CANCEL and STATUS:CANCELLED, the latter implied by the former', () => {
    for (const input of [
      { ...session, sequence: 2, method: 'CANCEL' as const, status: 'CANCELLED' as const },
      { ...session, sequence: 2, method: 'CANCEL' as const },
    ]) {
      const all = lines(ics(input));
      expect(all).toContain('METHOD:CANCEL');
      expect(all).toContain('STATUS:CANCELLED');
      expect(all).toContain('SEQUENCE:2');
      expect(all).toContain('UID:session-42@mentoring-bot');
    }
  });

  it('is deterministic once stamped', () => {
    expect(ics(session)).toBe(ics({ ...session }));
  });

  it('leaves out people without an email rather than writing an address-less line', () => {
    const all = lines(ics({ ...session, organizer: { name: 'Bot' }, attendees: [{ name: 'Ada Lovelace', email: 'ada@example.com' }, { name: 'No Mail' }] }));
    expect(all.filter((l) => l.startsWith('ATTENDEE;'))).toHaveLength(1);
    expect(all.some((l) => l.startsWith('ORGANIZER'))).toBe(false);
    expect(all.some((l) => l.includes('No Mail'))).toBe(false);
  });

  it('keeps display names inside what a CN parameter allows', () => {
    const all = lines(ics({ ...session, attendees: [{ name: 'Ada "The Countess"\nLovelace', email: 'ada@example.com' }] }));
    expect(all.find((l) => l.startsWith('ATTENDEE;'))).toMatch(/CN="Ada 'The Countess' Lovelace":mailto:ada@example\.com$/);
  });

  it('refuses a session that ends before it starts', () => {
    const result = sessionCalendarFile({ ...session, end: new Date('2026-03-09T12:00:00Z') });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(/ends .* before it starts/);
    expect(sessionCalendarFile({ ...session, end: session.start }).ok).toBe(false);
  });

  it('refuses other bad input with a message: no uid, a bad date, a bad sequence, a bad email', () => {
    const failures = [
      sessionCalendarFile({ ...session, uid: ' ' }),
      sessionCalendarFile({ ...session, start: new Date('nonsense') }),
      sessionCalendarFile({ ...session, sequence: -1 }),
      sessionCalendarFile({ ...session, attendees: [{ name: 'Ada', email: 'not-an-email' }] }),
    ];
    for (const result of failures) {
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error.length).toBeGreaterThan(10);
    }
    const email = failures[3]!;
    if (!email.ok) expect(email.error).toContain('email');
  });

  it('refuses a REQUEST or CANCEL without an organizer to reply to (RFC 5546), and names the problem', () => {
    for (const method of ['REQUEST', 'CANCEL'] as const) {
      for (const organizer of [undefined, { name: 'Mentoring bot' }, { name: 'Mentoring bot', email: ' ' }]) {
        const result = sessionCalendarFile({ ...session, method, organizer });
        expect(result.ok, `${method} with ${JSON.stringify(organizer)}`).toBe(false);
        if (!result.ok) expect(result.error).toMatch(new RegExp(`${method}.*organizer.*email`));
      }
    }
    // A plain PUBLISH has nobody to reply to and needs none.
    expect(sessionCalendarFile({ ...session, organizer: undefined }).ok).toBe(true);
  });

  it('folds lines at 75 octets, never inside a character, with CRLF and one-space continuations', () => {
    const description = `Agenda — ${'café, 東京, naïve 🙂 '.repeat(12)}and the rest.`;
    const title = `Mentoring: ${'Zoë and Siobhán, '.repeat(5)}again`;
    const text = ics({ ...session, title, description });
    expect(text.endsWith('\r\n')).toBe(true);
    const physical = text.slice(0, -2).split('\r\n');
    for (const line of physical) {
      expect(Buffer.byteLength(line, 'utf8'), line).toBeLessThanOrEqual(75);
      // A split inside a character would leave half a surrogate pair (or bytes that do not decode).
      expect(line, line).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
      expect(line.includes('\n') || line.includes('\r') || line.startsWith('\t')).toBe(false);
    }
    expect(physical.some((line) => line.startsWith(' '))).toBe(true);
    const all = text.replace(/\r\n /g, '').split('\r\n');
    expect(all).toContain(`SUMMARY:${title.replace(/,/g, '\\,')}`);
    expect(all.find((l) => l.startsWith('DESCRIPTION:'))).toBe(`DESCRIPTION:${description.replace(/,/g, '\\,')}`);
    // Only long lines fold: short ones stay whole.
    expect(physical).toContain('UID:session-42@mentoring-bot');
  });

  it('fills lines up to the 75-octet limit rather than folding early', () => {
    const text = ics({ ...session, description: 'x'.repeat(300) });
    const physical = text.slice(0, -2).split('\r\n');
    const start = physical.findIndex((l) => l.startsWith('DESCRIPTION:'));
    expect(Buffer.byteLength(physical[start]!)).toBe(75);
    expect(Buffer.byteLength(physical[start + 1]!)).toBe(75);
  });
});
