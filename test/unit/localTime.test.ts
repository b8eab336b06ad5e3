import { describe, expect, it } from 'vitest';
import { instantOf, isWithinWindow, localWeekday, nextWindowStart, overlapMs, utcOffsetMinutes, windowIntervals, zoneDistanceHours } from '../../src/domain/localTime.js';
import { ScoringSpace } from '../../src/domain/matching/scoring.js';
import type { Participant } from '../../src/domain/matching/participant.js';
import type { Taxonomy } from '../../src/domain/taxonomy.js';

const weekdays = { days: [1, 2, 3, 4, 5], startMinute: 9 * 60, endMinute: 17 * 60 };
const hours = (ms: number) => ms / 3_600_000;
const week = (iso: string) => ({ from: new Date(iso), to: new Date(new Date(iso).getTime() + 7 * 86_400_000) });
const overlapHours = (a: string, b: string, iso: string, wa = weekdays, wb = weekdays) => {
  const { from, to } = week(iso);
  return hours(overlapMs(windowIntervals(wa, a, from, to), windowIntervals(wb, b, from, to)));
};

describe('local working hours as instants', () => {
  it('maps 09:00 in New York across the 2026-03-08 spring-forward', () => {
    expect(instantOf('2026-03-06', 540, 'America/New_York').toISOString()).toBe('2026-03-06T14:00:00.000Z');
    expect(instantOf('2026-03-09', 540, 'America/New_York').toISOString()).toBe('2026-03-09T13:00:00.000Z');
  });

  it('maps 09:00 in New York across the 2026-11-01 fall-back', () => {
    expect(instantOf('2026-10-30', 540, 'America/New_York').toISOString()).toBe('2026-10-30T13:00:00.000Z');
    expect(instantOf('2026-11-02', 540, 'America/New_York').toISOString()).toBe('2026-11-02T14:00:00.000Z');
  });

  it('maps Berlin across 2026-03-29 and 2026-10-25, and Sydney across its own changes', () => {
    expect(instantOf('2026-03-27', 540, 'Europe/Berlin').toISOString()).toBe('2026-03-27T08:00:00.000Z');
    expect(instantOf('2026-03-30', 540, 'Europe/Berlin').toISOString()).toBe('2026-03-30T07:00:00.000Z');
    expect(instantOf('2026-10-26', 540, 'Europe/Berlin').toISOString()).toBe('2026-10-26T08:00:00.000Z');
    // Sydney leaves daylight time on 2026-04-05 and enters it on 2026-10-04.
    expect(instantOf('2026-04-02', 540, 'Australia/Sydney').toISOString()).toBe('2026-04-01T22:00:00.000Z');
    expect(instantOf('2026-04-06', 540, 'Australia/Sydney').toISOString()).toBe('2026-04-05T23:00:00.000Z');
    expect(instantOf('2026-10-05', 540, 'Australia/Sydney').toISOString()).toBe('2026-10-04T22:00:00.000Z');
  });

  it('handles fractional offsets without daylight saving: Kolkata and Kathmandu', () => {
    expect(instantOf('2026-03-09', 540, 'Asia/Kolkata').toISOString()).toBe('2026-03-09T03:30:00.000Z');
    expect(instantOf('2026-03-09', 540, 'Asia/Kathmandu').toISOString()).toBe('2026-03-09T03:15:00.000Z');
    expect(zoneDistanceHours('Asia/Kolkata', 'Asia/Kathmandu', new Date('2026-06-01'))).toBe(0.25);
  });

  it('counts 24:00 as the next local midnight', () => {
    expect(instantOf('2026-03-07', 1440, 'America/New_York').toISOString()).toBe('2026-03-08T05:00:00.000Z');
  });
});

describe('weekly overlap between two zones', () => {
  it('grows for New York and Berlin in the weeks between the two spring changes', () => {
    // Usually six hours apart: 15:00–17:00 Berlin meets 09:00–11:00 New York.
    expect(overlapHours('America/New_York', 'Europe/Berlin', '2026-03-02T00:00:00Z')).toBe(10);
    // 2026-03-09 to 03-13: New York is on daylight time, Berlin not yet: five hours apart.
    expect(overlapHours('America/New_York', 'Europe/Berlin', '2026-03-09T00:00:00Z')).toBe(15);
    expect(overlapHours('America/New_York', 'Europe/Berlin', '2026-03-30T00:00:00Z')).toBe(10);
  });

  it('is zero for working days that never meet, and counts fractional-offset overlaps exactly', () => {
    expect(overlapHours('Asia/Tokyo', 'America/New_York', '2026-06-01T00:00:00Z')).toBe(0);
    // Kathmandu is 15 minutes ahead of Kolkata.
    expect(overlapHours('Asia/Kolkata', 'Asia/Kathmandu', '2026-06-01T00:00:00Z')).toBe(5 * 7.75);
  });

  it('respects different working days', () => {
    const weekend = { days: [6, 7], startMinute: 9 * 60, endMinute: 17 * 60 };
    expect(overlapHours('Europe/Paris', 'Europe/Paris', '2026-06-01T00:00:00Z', weekdays, weekend)).toBe(0);
  });
});

describe('isWithinWindow', () => {
  it('follows the local clock through a daylight-saving change', () => {
    // 13:30 UTC is 08:30 in New York before the change and 09:30 after.
    expect(isWithinWindow(new Date('2026-03-06T13:30:00Z'), weekdays, 'America/New_York')).toBe(false);
    expect(isWithinWindow(new Date('2026-03-09T13:30:00Z'), weekdays, 'America/New_York')).toBe(true);
    // A Saturday is out whatever the hour.
    expect(isWithinWindow(new Date('2026-03-07T15:00:00Z'), weekdays, 'America/New_York')).toBe(false);
  });
});

describe('nextWindowStart', () => {
  it('is now inside working hours, else the next local start, across daylight-saving changes', async () => {
    const { nextWindowStart } = await import('../../src/domain/localTime.js');
    expect(nextWindowStart(new Date('2026-03-09T14:00:00Z'), weekdays, 'America/New_York')?.toISOString()).toBe('2026-03-09T14:00:00.000Z');
    // Friday 18:00 in New York before the change: next is Monday 09:00 EDT (13:00 UTC), one hour earlier in UTC than the Friday before.
    expect(nextWindowStart(new Date('2026-03-06T23:00:00Z'), weekdays, 'America/New_York')?.toISOString()).toBe('2026-03-09T13:00:00.000Z');
    // Saturday after the November change: Monday 09:00 EST is 14:00 UTC.
    expect(nextWindowStart(new Date('2026-10-31T12:00:00Z'), weekdays, 'America/New_York')?.toISOString()).toBe('2026-11-02T14:00:00.000Z');
    // Early morning in Kathmandu: later the same day at 09:00 local (03:15 UTC).
    expect(nextWindowStart(new Date('2026-06-01T01:00:00Z'), weekdays, 'Asia/Kathmandu')?.toISOString()).toBe('2026-06-01T03:15:00.000Z');
    expect(nextWindowStart(new Date('2026-06-01T00:00:00Z'), { days: [], startMinute: 0, endMinute: 60 }, 'UTC')).toBeUndefined();
  });
});

describe('independence from the server time zone', () => {
  it('keeps every local date when the server itself observes daylight saving', () => {
    const saved = process.env.TZ;
    process.env.TZ = 'America/New_York'; // Node applies a changed TZ at once
    try {
      const everyDay = { days: [1, 2, 3, 4, 5, 6, 7], startMinute: 9 * 60, endMinute: 17 * 60 };
      const days = windowIntervals(everyDay, 'Europe/Berlin', new Date('2026-10-30T22:30:00Z'), new Date('2026-11-03T00:00:00Z')).map((i) =>
        new Date(i.start).toISOString().slice(0, 10),
      );
      expect(days).toEqual(['2026-10-31', '2026-11-01', '2026-11-02']);
    } finally {
      process.env.TZ = saved;
    }
  });
});

/*
 * The rule at the edges of daylight saving: a wall time the clocks skip
 * means the transition instant (the first one after it that exists), and a
 * wall time they repeat means its first occurrence.
 */
const iso = (d: Date | undefined) => d?.toISOString();
const spans = (list: { start: number; end: number }[]) => list.map((i) => `${new Date(i.start).toISOString()}/${new Date(i.end).toISOString()}`);

describe('wall times the clocks skip (New York springs forward 2026-03-08 at 02:00 EST = 07:00Z)', () => {
  const sunday = { days: [7], startMinute: 2 * 60 + 30, endMinute: 3 * 60 + 30 };

  it('moves 02:30 to the transition instant, 03:00 EDT', () => {
    expect(iso(instantOf('2026-03-08', 150, 'America/New_York'))).toBe('2026-03-08T07:00:00.000Z');
    expect(iso(instantOf('2026-03-08', 120, 'America/New_York'))).toBe('2026-03-08T07:00:00.000Z');
    expect(iso(instantOf('2026-03-08', 180, 'America/New_York'))).toBe('2026-03-08T07:00:00.000Z');
    expect(iso(instantOf('2026-03-08', 119, 'America/New_York'))).toBe('2026-03-08T06:59:00.000Z');
  });

  it('delivers to someone working 02:30–03:30 at 03:00 EDT that Sunday, not at 01:30 EST', () => {
    expect(iso(nextWindowStart(new Date('2026-03-07T12:00:00Z'), sunday, 'America/New_York'))).toBe('2026-03-08T07:00:00.000Z');
    expect(spans(windowIntervals(sunday, 'America/New_York', new Date('2026-03-07T00:00:00Z'), new Date('2026-03-09T00:00:00Z')))).toEqual([
      '2026-03-08T07:00:00.000Z/2026-03-08T07:30:00.000Z',
    ]);
    expect(isWithinWindow(new Date('2026-03-08T06:30:00Z'), sunday, 'America/New_York')).toBe(false);
    expect(isWithinWindow(new Date('2026-03-08T07:00:00Z'), sunday, 'America/New_York')).toBe(true);
  });

  it('gives Santiago a Sunday that starts at 01:00 (its clocks skip midnight on 2026-09-06) no Saturday hours', () => {
    const sundayNight = { days: [7], startMinute: 0, endMinute: 120 };
    // 00:00 does not exist; 01:00 -03 (04:00Z) is the first instant of that Sunday.
    expect(iso(instantOf('2026-09-06', 0, 'America/Santiago'))).toBe('2026-09-06T04:00:00.000Z');
    expect(spans(windowIntervals(sundayNight, 'America/Santiago', new Date('2026-09-05T00:00:00Z'), new Date('2026-09-07T00:00:00Z')))).toEqual([
      '2026-09-06T04:00:00.000Z/2026-09-06T05:00:00.000Z',
    ]);
    expect(isWithinWindow(new Date('2026-09-06T03:30:00Z'), sundayNight, 'America/Santiago')).toBe(false);
    expect(localWeekday(new Date('2026-09-06T03:30:00Z'), 'America/Santiago')).toBe(6);
    expect(localWeekday(new Date('2026-09-06T04:00:00Z'), 'America/Santiago')).toBe(7);
  });
});

describe('wall times the clocks repeat (New York falls back 2026-11-01 at 02:00 EDT = 06:00Z)', () => {
  it('takes the first occurrence of 01:30', () => {
    expect(iso(instantOf('2026-11-01', 90, 'America/New_York'))).toBe('2026-11-01T05:30:00.000Z');
    expect(iso(instantOf('2026-11-01', 120, 'America/New_York'))).toBe('2026-11-01T07:00:00.000Z');
  });

  it('keeps the whole elapsed stretch of a window that starts in the repeated hour, and does not skip to next week', () => {
    const sunday = { days: [7], startMinute: 90, endMinute: 180 };
    // 01:30 EDT (05:30Z) to 03:00 EST (08:00Z): two and a half hours on the wall clock's own terms.
    expect(spans(windowIntervals(sunday, 'America/New_York', new Date('2026-10-31T00:00:00Z'), new Date('2026-11-02T00:00:00Z')))).toEqual([
      '2026-11-01T05:30:00.000Z/2026-11-01T08:00:00.000Z',
    ]);
    // 01:10 EST, the second time round, is inside that stretch.
    const secondTime = new Date('2026-11-01T06:10:00Z');
    expect(isWithinWindow(secondTime, sunday, 'America/New_York')).toBe(true);
    expect(iso(nextWindowStart(secondTime, sunday, 'America/New_York'))).toBe('2026-11-01T06:10:00.000Z');
  });

  it('ends a window at the first 01:30, so the second time round is after it', () => {
    const sunday = { days: [7], startMinute: 60, endMinute: 90 };
    expect(isWithinWindow(new Date('2026-11-01T05:15:00Z'), sunday, 'America/New_York')).toBe(true);
    expect(isWithinWindow(new Date('2026-11-01T06:15:00Z'), sunday, 'America/New_York')).toBe(false);
    expect(iso(nextWindowStart(new Date('2026-11-01T06:15:00Z'), sunday, 'America/New_York'))).toBe('2026-11-08T06:00:00.000Z');
  });
});

describe('UTC offsets and zone distance at the instant, even within an hour of a change', () => {
  it('switches Lord Howe from +11:00 to +10:30 at 2026-04-04T15:00Z and St John\'s from −2:30 to −3:30 at 2026-11-01T04:30Z', () => {
    expect(utcOffsetMinutes('Australia/Lord_Howe', new Date('2026-04-04T14:59:59.999Z'))).toBe(660);
    expect(utcOffsetMinutes('Australia/Lord_Howe', new Date('2026-04-04T15:00:00Z'))).toBe(630);
    expect(utcOffsetMinutes('Australia/Lord_Howe', new Date('2026-04-04T20:00:00Z'))).toBe(630);
    expect(utcOffsetMinutes('America/St_Johns', new Date('2026-11-01T04:00:00Z'))).toBe(-150);
    expect(utcOffsetMinutes('America/St_Johns', new Date('2026-11-01T04:30:00Z'))).toBe(-210);
    expect(utcOffsetMinutes('Asia/Kathmandu', new Date('2026-06-01T00:00:00Z'))).toBe(345);
  });

  it('measures Lord Howe to St John\'s as the clocks show it', () => {
    // 10:30 + 2:30 = 13 hours one way, 11 the other.
    expect(zoneDistanceHours('Australia/Lord_Howe', 'America/St_Johns', new Date('2026-04-04T20:00:00Z'))).toBe(11);
    // 11:00 + 2:30 = 13.5 hours one way, 10.5 the other, until St John's falls back at 04:30Z.
    expect(zoneDistanceHours('Australia/Lord_Howe', 'America/St_Johns', new Date('2026-11-01T04:00:00Z'))).toBe(10.5);
    expect(zoneDistanceHours('Australia/Lord_Howe', 'America/St_Johns', new Date('2026-11-01T05:00:00Z'))).toBe(9.5);
  });

  it('goes the short way round the clock: Kiritimati (+14) and Pago Pago (−11) are an hour apart', () => {
    expect(zoneDistanceHours('Pacific/Kiritimati', 'Pacific/Pago_Pago', new Date('2026-06-01T00:00:00Z'))).toBe(1);
    expect(zoneDistanceHours('Pacific/Pago_Pago', 'Pacific/Kiritimati', new Date('2026-06-01T00:00:00Z'))).toBe(1);
    expect(zoneDistanceHours('Pacific/Kiritimati', 'Etc/GMT+10', new Date('2026-06-01T00:00:00Z'))).toBe(0);
  });

  it('is what matching scores by, near a change and across the date line', () => {
    const taxonomy: Taxonomy = { clusters: [], skills: new Map() };
    const distance = (now: string, a: string, b: string) => {
      const space = new ScoringSpace({ taxonomy, weights: { skills: 1, goals: 0, availability: 0, timeZone: 0, capacity: 0, diversity: 0, seniority: 0, rating: 0, format: 0, pace: 0 }, now: new Date(now) });
      const calendar = (timeZone: string) =>
        space.calendar({
          ...{ id: timeZone, roles: [], offered: [], wanted: [], goals: [], department: null, level: null, location: null, managerId: null, capacity: 0, load: 0 },
          timeZone,
          availability: weekdays,
        } satisfies Participant);
      return space.zoneDistance(space.cell(calendar(a), calendar(b)));
    };
    expect(distance('2026-04-04T20:00:00Z', 'Australia/Lord_Howe', 'America/St_Johns')).toBe(11);
    expect(distance('2026-11-01T04:00:00Z', 'Australia/Lord_Howe', 'America/St_Johns')).toBe(10.5);
    expect(distance('2026-06-01T00:00:00Z', 'Pacific/Kiritimati', 'Pacific/Pago_Pago')).toBe(1);
  });
});
