import { Temporal } from '@js-temporal/polyfill';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ProgramRow } from '../../src/domain/programs.js';
import { CATCH_UP_SHARE, dueRound, makesAutomaticRounds, nextOccurrence, occurrenceAtOrBefore, type WeeklyTime } from '../../src/domain/roundSchedule.js';

/*
 * When automatic rounds run: the weekly local time in the program's zone,
 * on both sides of every daylight-saving change. Examples first, then
 * properties against an independent model (the Temporal polyfill) with cases
 * clustered around real transitions.
 */

const MONDAY_10: WeeklyTime = { weekday: 1, minuteOfDay: 10 * 60 };
const iso = (d: Date) => d.toISOString();
const at = (s: string) => new Date(s);

describe('the occurrence at or before now', () => {
  it('is this week’s time once it has come, last week’s until then', () => {
    // Monday 23 March 2026, 10:00 in Paris (CET, UTC+1).
    expect(iso(occurrenceAtOrBefore(MONDAY_10, 'Europe/Paris', at('2026-03-23T09:00:00Z')))).toBe('2026-03-23T09:00:00.000Z');
    expect(iso(occurrenceAtOrBefore(MONDAY_10, 'Europe/Paris', at('2026-03-23T08:59:59.999Z')))).toBe('2026-03-16T09:00:00.000Z');
    expect(iso(occurrenceAtOrBefore(MONDAY_10, 'Europe/Paris', at('2026-03-28T12:00:00Z')))).toBe('2026-03-23T09:00:00.000Z');
  });

  it('stays at 10:00 local across the spring and autumn changes', () => {
    // Clocks go forward on 29 March: the next Monday's 10:00 is 08:00 UTC.
    expect(iso(occurrenceAtOrBefore(MONDAY_10, 'Europe/Paris', at('2026-03-30T07:59:00Z')))).toBe('2026-03-23T09:00:00.000Z');
    expect(iso(occurrenceAtOrBefore(MONDAY_10, 'Europe/Paris', at('2026-03-30T08:00:00Z')))).toBe('2026-03-30T08:00:00.000Z');
    // And back on 25 October: 10:00 is 09:00 UTC again.
    expect(iso(occurrenceAtOrBefore(MONDAY_10, 'Europe/Paris', at('2026-10-26T08:30:00Z')))).toBe('2026-10-19T08:00:00.000Z');
    expect(iso(occurrenceAtOrBefore(MONDAY_10, 'Europe/Paris', at('2026-10-26T09:00:00Z')))).toBe('2026-10-26T09:00:00.000Z');
    expect(iso(nextOccurrence(MONDAY_10, 'Europe/Paris', at('2026-10-19T08:00:00Z')))).toBe('2026-10-26T09:00:00.000Z');
  });

  it('takes a skipped local time as the transition, and a repeated one at its first occurrence', () => {
    const sunday = (minuteOfDay: number): WeeklyTime => ({ weekday: 7, minuteOfDay });
    // 02:30 does not exist in New York on 8 March 2026: the round runs at 03:00 EDT.
    expect(iso(occurrenceAtOrBefore(sunday(150), 'America/New_York', at('2026-03-08T12:00:00Z')))).toBe('2026-03-08T07:00:00.000Z');
    // 01:30 happens twice on 1 November 2026: the first time (EDT).
    expect(iso(occurrenceAtOrBefore(sunday(90), 'America/New_York', at('2026-11-01T12:00:00Z')))).toBe('2026-11-01T05:30:00.000Z');
    expect(iso(nextOccurrence(sunday(90), 'America/New_York', at('2026-11-01T05:30:00Z')))).toBe('2026-11-08T06:30:00.000Z');
  });

  it('reads the weekday in the program’s zone, not UTC', () => {
    // Monday 08:00 in Tokyo is still Sunday in UTC.
    const tokyo: WeeklyTime = { weekday: 1, minuteOfDay: 8 * 60 };
    expect(iso(occurrenceAtOrBefore(tokyo, 'Asia/Tokyo', at('2026-03-22T23:30:00Z')))).toBe('2026-03-22T23:00:00.000Z');
    expect(iso(nextOccurrence(tokyo, 'Asia/Tokyo', at('2026-03-22T22:59:00Z')))).toBe('2026-03-22T23:00:00.000Z');
  });
});

describe('the round due now', () => {
  const schedule = { ...MONDAY_10, reviewHours: 24 };

  it('publishes itself after the review window, in real hours', () => {
    expect(dueRound(schedule, 'Europe/Paris', at('2026-03-23T09:05:00Z'))).toEqual({ occurrence: at('2026-03-23T09:00:00Z'), publishAt: at('2026-03-24T09:00:00Z') });
    // Saturday 10:00 before the spring change: 24 hours later is Sunday 11:00 local.
    const saturday = { weekday: 6, minuteOfDay: 600, reviewHours: 24 };
    expect(dueRound(saturday, 'Europe/Paris', at('2026-03-28T09:00:00Z'))?.publishAt).toEqual(at('2026-03-29T09:00:00Z'));
  });

  it('is still made late while enough of the review window is left, then given up', () => {
    const half = schedule.reviewHours * CATCH_UP_SHARE * 3_600_000;
    const occurrence = at('2026-03-23T09:00:00Z').getTime();
    expect(dueRound(schedule, 'Europe/Paris', new Date(occurrence + half - 1))?.occurrence).toEqual(new Date(occurrence));
    expect(dueRound(schedule, 'Europe/Paris', new Date(occurrence + half))).toBeUndefined();
    expect(dueRound(schedule, 'Europe/Paris', new Date(occurrence - 1))).toBeUndefined();
  });
});

describe('which programs make automatic rounds', () => {
  const program: Pick<ProgramRow, 'status' | 'matchingMode' | 'autoRound' | 'startsOn' | 'endsOn'> = {
    status: 'active',
    matchingMode: 'automatic',
    autoRound: { weekday: 1, minuteOfDay: 600, reviewHours: 24 },
    startsOn: null,
    endsOn: null,
  };
  const now = at('2026-03-23T09:00:00Z');

  it('a running program with automatic matching and a schedule', () => {
    expect(makesAutomaticRounds(program, 'Europe/Paris', now)).toBe(true);
    expect(makesAutomaticRounds({ ...program, startsOn: '2026-01-05', endsOn: '2026-06-29' }, 'Europe/Paris', now)).toBe(true);
  });

  it('not one that is paused, closed, ended, unscheduled or matched another way', () => {
    expect(makesAutomaticRounds({ ...program, status: 'paused' }, 'Europe/Paris', now)).toBe(false);
    expect(makesAutomaticRounds({ ...program, status: 'closed' }, 'Europe/Paris', now)).toBe(false);
    expect(makesAutomaticRounds({ ...program, startsOn: '2025-09-01', endsOn: '2026-03-02' }, 'Europe/Paris', now)).toBe(false);
    expect(makesAutomaticRounds({ ...program, autoRound: null }, 'Europe/Paris', now)).toBe(false);
    expect(makesAutomaticRounds({ ...program, matchingMode: 'rounds' }, 'Europe/Paris', now)).toBe(false);
  });
});

/* Properties against Temporal, around every transition of a few zones from mid-2025 to mid-2027. */

const ZONES = ['Europe/Paris', 'America/New_York', 'America/Santiago', 'Australia/Lord_Howe', 'Pacific/Chatham', 'Africa/Casablanca'] as const;
const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;
const RUNS = { numRuns: 60 };

function transitionsOf(zone: string): { zone: string; at: number }[] {
  const found: { zone: string; at: number }[] = [];
  const end = Temporal.Instant.from('2027-07-01T00:00:00Z');
  let zdt: Temporal.ZonedDateTime | null = Temporal.Instant.from('2025-07-01T00:00:00Z').toZonedDateTimeISO(zone);
  while ((zdt = zdt.getTimeZoneTransition('next')) !== null && Temporal.Instant.compare(zdt.toInstant(), end) < 0) found.push({ zone, at: zdt.epochMilliseconds });
  return found;
}
const TRANSITIONS = ZONES.flatMap(transitionsOf);

const wallOf = (zone: string, ms: number) => Temporal.Instant.fromEpochMilliseconds(ms).toZonedDateTimeISO(zone).toPlainDateTime();

/** The model's instant of a wall-clock minute of a local date: the earlier one, or the transition for a skipped time. */
function modelInstant(date: Temporal.PlainDate, minute: number, zone: string): number {
  const wall = date.toPlainDateTime().add({ minutes: minute });
  const zdt = wall.toZonedDateTime(zone, { disambiguation: 'earlier' });
  if (Temporal.PlainDateTime.compare(zdt.toPlainDateTime(), wall) === 0) return zdt.epochMilliseconds;
  return (zdt.getTimeZoneTransition('next') as Temporal.ZonedDateTime).epochMilliseconds;
}

/** The model's occurrences on the scheduled weekday, from a week before `ms`'s local date to a week after. */
function modelOccurrences(s: WeeklyTime, zone: string, ms: number): number[] {
  const today = wallOf(zone, ms).toPlainDate();
  const out: number[] = [];
  for (let d = -9; d <= 9; d += 1) {
    const date = today.add({ days: d });
    if (date.dayOfWeek === s.weekday) out.push(modelInstant(date, s.minuteOfDay, zone));
  }
  return out;
}

/** A schedule whose time sits near the wall time of a real change, on that weekday or another, and a moment near it. */
const caseNearTransition = fc.constantFrom(...TRANSITIONS).chain((t) => {
  const wall = wallOf(t.zone, t.at);
  const near = wall.hour * 60 + wall.minute;
  return fc.record({
    zone: fc.constant(t.zone),
    schedule: fc.record({
      weekday: fc.oneof(fc.constant(wall.dayOfWeek), fc.integer({ min: 1, max: 7 })),
      minuteOfDay: fc.oneof(fc.integer({ min: -90, max: 90 }).map((d) => Math.min(1439, Math.max(0, near + d))), fc.integer({ min: 0, max: 1439 })),
    }),
    now: fc.oneof(fc.integer({ min: -3 * HOUR_MS, max: 3 * HOUR_MS }), fc.integer({ min: -8 * DAY_MS, max: 8 * DAY_MS })).map((shift) => t.at + shift),
  });
});

describe('occurrences against Temporal, around real transitions', () => {
  it('found transitions in every zone', () => {
    for (const zone of ZONES) expect(TRANSITIONS.filter((t) => t.zone === zone).length, zone).toBeGreaterThanOrEqual(2);
  });

  it('the occurrence at or before now is the model’s latest one not after now', () => {
    fc.assert(
      fc.property(caseNearTransition, ({ zone, schedule, now }) => {
        const expected = Math.max(...modelOccurrences(schedule, zone, now).filter((o) => o <= now));
        expect(occurrenceAtOrBefore(schedule, zone, new Date(now)).getTime()).toBe(expected);
      }),
      RUNS,
    );
  });

  it('the next occurrence is the model’s first one after now, and nothing lies between the two', () => {
    fc.assert(
      fc.property(caseNearTransition, ({ zone, schedule, now }) => {
        const next = nextOccurrence(schedule, zone, new Date(now)).getTime();
        expect(next).toBe(Math.min(...modelOccurrences(schedule, zone, now).filter((o) => o > now)));
        const previous = occurrenceAtOrBefore(schedule, zone, new Date(now)).getTime();
        // The two are a local week apart: seven days, give or take the change.
        expect(Math.abs(next - previous - 7 * DAY_MS)).toBeLessThanOrEqual(HOUR_MS);
        expect(occurrenceAtOrBefore(schedule, zone, new Date(next - 1)).getTime()).toBe(previous);
        expect(occurrenceAtOrBefore(schedule, zone, new Date(next)).getTime()).toBe(next);
      }),
      RUNS,
    );
  });

  it('an occurrence shows the scheduled weekday and time, unless the clocks skipped that time', () => {
    fc.assert(
      fc.property(caseNearTransition, ({ zone, schedule, now }) => {
        const occurrence = occurrenceAtOrBefore(schedule, zone, new Date(now)).getTime();
        const wall = wallOf(zone, occurrence);
        const offsetBefore = Temporal.Instant.fromEpochMilliseconds(occurrence - 1).toZonedDateTimeISO(zone).offsetNanoseconds;
        const offsetAt = Temporal.Instant.fromEpochMilliseconds(occurrence).toZonedDateTimeISO(zone).offsetNanoseconds;
        const onTime = wall.dayOfWeek === schedule.weekday && wall.hour * 60 + wall.minute === schedule.minuteOfDay;
        // Off the scheduled time only at a transition, and then only because the clocks jumped over it.
        if (!onTime) expect(offsetAt).toBeGreaterThan(offsetBefore);
      }),
      RUNS,
    );
  });

  it('one due round per occurrence: ticks through a week never see two, and each is due only inside its catch-up window', () => {
    fc.assert(
      fc.property(caseNearTransition, fc.integer({ min: 1, max: 168 }), ({ zone, schedule, now }, reviewHours) => {
        const full = { ...schedule, reviewHours };
        const seen = new Set<number>();
        for (let tick = now - 8 * DAY_MS; tick <= now; tick += 15 * MINUTE_MS) {
          const due = dueRound(full, zone, new Date(tick));
          if (!due) continue;
          const o = due.occurrence.getTime();
          expect(o).toBeLessThanOrEqual(tick);
          expect(tick - o).toBeLessThan(reviewHours * HOUR_MS * CATCH_UP_SHARE);
          expect(due.publishAt.getTime() - o).toBe(reviewHours * HOUR_MS);
          seen.add(o);
        }
        // Distinct occurrences are at least a local week (less an hour) apart.
        const sorted = [...seen].sort((a, b) => a - b);
        for (let i = 1; i < sorted.length; i += 1) expect((sorted[i] as number) - (sorted[i - 1] as number)).toBeGreaterThanOrEqual(7 * DAY_MS - HOUR_MS);
      }),
      { numRuns: 25 },
    );
  });
});
