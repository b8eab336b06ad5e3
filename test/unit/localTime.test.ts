import { describe, expect, it } from 'vitest';
import { instantOf, isWithinWindow, overlapMs, windowIntervals, zoneDistanceHours } from '../../src/domain/localTime.js';

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
