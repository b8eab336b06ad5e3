import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { channelNameFrom, channelNameProblem, hostFor, sizeProblem } from '../../src/domain/circleRules.js';
import { firstSessionDate, occurrencesUntil, sameOffsetRuns } from '../../src/domain/circleSchedule.js';
import { localDateOf, localWeekday } from '../../src/domain/localTime.js';
import { circleCalendarFile } from '../../src/domain/scheduling/circleCalendar.js';

const LONDON_TUESDAY_15 = { slotWeekday: 2, slotMinute: 15 * 60, zone: 'Europe/London', sessionMinutes: 60, endsOn: null } as const;

describe('a circle’s rhythm', () => {
  it('keeps 15:00 in London across the March change, which New York makes two weeks earlier', () => {
    const sessions = occurrencesUntil({ ...LONDON_TUESDAY_15, cadence: 'weekly', startsOn: '2027-03-02' }, new Date('2027-04-07T00:00:00Z'));
    expect(sessions.map((s) => s.startsAt.toISOString())).toEqual([
      '2027-03-02T15:00:00.000Z',
      '2027-03-09T15:00:00.000Z',
      '2027-03-16T15:00:00.000Z',
      '2027-03-23T15:00:00.000Z',
      // British Summer Time from 28 March: still 15:00 on the wall, an hour earlier in UTC.
      '2027-03-30T14:00:00.000Z',
      '2027-04-06T14:00:00.000Z',
    ]);
    // Two runs of one offset each: what the calendar file writes as two rules.
    expect(sameOffsetRuns(sessions, 'Europe/London').map((r) => r.length)).toEqual([4, 2]);
  });

  it('meets monthly on the first of its weekday, and stops at its end date', () => {
    const sessions = occurrencesUntil({ ...LONDON_TUESDAY_15, cadence: 'monthly', startsOn: '2027-01-05', endsOn: '2027-04-30' }, new Date('2028-01-01T00:00:00Z'));
    expect(sessions.map((s) => localDateOf(s.startsAt, 'Europe/London'))).toEqual(['2027-01-05', '2027-02-02', '2027-03-02', '2027-04-06']);
  });

  it('starts on the first such weekday whose time has not passed', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 7 }), fc.integer({ min: 0, max: 47 }), fc.date({ min: new Date('2026-01-01'), max: new Date('2028-12-31'), noInvalidDate: true }), (weekday, half, now) => {
        const date = firstSessionDate(weekday, half * 30, 'America/New_York', now);
        const [first] = occurrencesUntil({ slotWeekday: weekday, slotMinute: half * 30, zone: 'America/New_York', cadence: 'weekly', sessionMinutes: 60, startsOn: date, endsOn: null }, new Date(now.getTime() + 30 * 86_400_000));
        expect(first && first.startsAt.getTime() > now.getTime()).toBe(true);
        expect(first && first.startsAt.getTime() - now.getTime() <= 8 * 86_400_000).toBe(true);
        expect(first && localWeekday(first.startsAt, 'America/New_York')).toBe(weekday);
      }),
      { numRuns: 200 },
    );
  });
});

describe('a circle’s calendar file', () => {
  it('is one file with a weekly rule per run of the same UTC offset', () => {
    const sessions = occurrencesUntil({ ...LONDON_TUESDAY_15, cadence: 'fortnightly', startsOn: '2027-03-02' }, new Date('2027-05-01T00:00:00Z'));
    const file = circleCalendarFile({ uid: 'circle-1@mentoring-bot', title: 'Technical mastery circle', description: 'Peer circle', cadence: 'fortnightly', zone: 'Europe/London', sessions, attendees: [{ name: 'Emma "E" Johnson', email: 'emma@example.com' }, { name: 'No email' }], stampedAt: new Date('2027-02-01T00:00:00Z') });
    expect(file.ok).toBe(true);
    const ics = file.ok ? file.ics : '';
    expect(ics.match(/BEGIN:VEVENT/g)).toHaveLength(2);
    expect(ics).toContain('RRULE:FREQ=WEEKLY;INTERVAL=2;COUNT=2');
    expect(ics).toContain('DTSTART:20270302T150000Z');
    expect(ics).toContain('DTSTART:20270330T140000Z');
    expect(ics).toContain('mailto:emma@example.com');
    expect(ics).not.toContain('No email');
  });

  it('folds every line to 75 octets, like a session file, even in accented text', () => {
    const sessions = occurrencesUntil({ ...LONDON_TUESDAY_15, cadence: 'weekly', startsOn: '2027-03-02' }, new Date('2027-03-20T00:00:00Z'));
    const file = circleCalendarFile({ uid: 'circle-2@mentoring-bot', title: 'Cercle « Maîtrise technique »', description: 'Équipe données & IA : réunions hebdomadaires, révisions de code, échanges très détaillés '.repeat(3), cadence: 'weekly', zone: 'Europe/London', sessions, attendees: [{ name: 'Chloé Martin', email: 'chloe@example.com' }] });
    const lines = file.ok ? file.ics.split('\r\n') : [];
    expect(lines.length).toBeGreaterThan(5);
    expect(lines.filter((l) => Buffer.byteLength(l, 'utf8') > 75)).toEqual([]);
  });
});

describe('circle rules', () => {
  it('turns any text into a channel name Slack accepts, or nothing', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        const name = channelNameFrom(text);
        expect(name === '' || channelNameProblem(name) === undefined).toBe(true);
      }),
      { numRuns: 300 },
    );
    expect(channelNameFrom('Équipe Données & IA: printemps 2027')).toBe('equipe-donnees-ia-printemps-2027');
  });

  it('says why a size rule is refused', () => {
    expect(sizeProblem(2, 5)).toContain('at least 3');
    expect(sizeProblem(3, 9)).toContain('at most 8');
    expect(sizeProblem(6, 4)).toBe('The smallest size is larger than the largest.');
    expect(sizeProblem(3, 8)).toBeUndefined();
  });

  it('gives peer circles a host in turn, everyone once before anyone twice', () => {
    const members = ['a', 'b', 'c'];
    expect([0, 1, 2, 3, 4].map((seq) => hostFor(seq, members))).toEqual(['a', 'b', 'c', 'a', 'b']);
    expect(hostFor(0, [])).toBeNull();
  });
});
