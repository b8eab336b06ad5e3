import { Temporal } from '@js-temporal/polyfill';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Interval,
  instantOf,
  isWithinWindow,
  localWeekday,
  nextWindowStart,
  utcOffsetMinutes,
  type WeeklyWindow,
  windowIntervals,
  zoneDistanceHours,
} from '../../src/domain/localTime.js';

/*
 * localTime.ts against an independent model: the Temporal polyfill, asked
 * for the earlier instant of a wall time and, when that instant shows a
 * different wall time (the wall time was skipped), for the zone's next
 * transition. Cases cluster around real transitions, where mistakes live.
 */

const ZONES = ['America/New_York', 'America/Santiago', 'Australia/Lord_Howe', 'America/St_Johns', 'Pacific/Chatham', 'Africa/Casablanca'] as const;
const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;
// The polyfill takes most of a millisecond per conversion: modest runs keep the file quick.
const RUNS = { numRuns: 40 };

interface Moment {
  zone: string;
  /** Epoch ms of a transition, or of an ordinary noon. */
  at: number;
}

/** Every transition of the zone from mid-2025 to mid-2027, found by walking from a seed instant. */
function transitionsOf(zone: string): Moment[] {
  const found: Moment[] = [];
  const end = Temporal.Instant.from('2027-07-01T00:00:00Z');
  let zdt: Temporal.ZonedDateTime | null = Temporal.Instant.from('2025-07-01T00:00:00Z').toZonedDateTimeISO(zone);
  while ((zdt = zdt.getTimeZoneTransition('next')) !== null && Temporal.Instant.compare(zdt.toInstant(), end) < 0) {
    found.push({ zone, at: zdt.epochMilliseconds });
  }
  return found;
}

const TRANSITIONS = ZONES.flatMap(transitionsOf);
const ORDINARY = ZONES.flatMap((zone) => ['2026-01-14T12:00:00Z', '2026-06-17T12:00:00Z'].map((iso) => ({ zone, at: Date.parse(iso) })));

const moment = fc.oneof({ arbitrary: fc.constantFrom(...TRANSITIONS), weight: 4 }, { arbitrary: fc.constantFrom(...ORDINARY), weight: 1 });

const wallOf = (zone: string, at: number) => Temporal.Instant.fromEpochMilliseconds(at).toZonedDateTimeISO(zone).toPlainDateTime();

/** The model's instant for a wall-clock minute (0–1440) of a local date. */
function modelInstant(date: Temporal.PlainDate, minute: number, zone: string): number {
  const wall = date.toPlainDateTime().add({ minutes: minute });
  const zdt = wall.toZonedDateTime(zone, { disambiguation: 'earlier' });
  if (Temporal.PlainDateTime.compare(zdt.toPlainDateTime(), wall) === 0) return zdt.epochMilliseconds;
  return (zdt.getTimeZoneTransition('next') as Temporal.ZonedDateTime).epochMilliseconds;
}

const modelOffsetMinutes = (zone: string, at: number) => Temporal.Instant.fromEpochMilliseconds(at).toZonedDateTimeISO(zone).offsetNanoseconds / 60e9;

/**
 * The model's occurrences of a window in [from, to), one per local date,
 * clipped, starting the day before `from`'s date and stopping at the first
 * that starts at or after `to` (or after `limit` of them).
 */
function modelIntervals(window: WeeklyWindow, zone: string, from: number, to: number, limit = Infinity): Interval[] {
  const out: Interval[] = [];
  const last = wallOf(zone, to).toPlainDate().add({ days: 1 });
  for (let date = wallOf(zone, from).toPlainDate().subtract({ days: 1 }); Temporal.PlainDate.compare(date, last) <= 0 && out.length < limit; date = date.add({ days: 1 })) {
    if (!window.days.includes(date.dayOfWeek)) continue;
    const start = modelInstant(date, window.startMinute, zone);
    if (start >= to) break;
    const end = Math.min(to, modelInstant(date, window.endMinute, zone));
    if (end > Math.max(from, start)) out.push({ start: Math.max(from, start), end });
  }
  return out;
}

/** A local date within a day of the moment, and a minute of it, mostly near the wall time of the change. */
const wallTime = moment.chain((m) => {
  const wall = wallOf(m.zone, m.at);
  const near = wall.hour * 60 + wall.minute;
  return fc.record({
    zone: fc.constant(m.zone),
    date: fc.integer({ min: -1, max: 1 }).map((d) => wall.toPlainDate().add({ days: d })),
    minute: fc.oneof(
      fc.integer({ min: -90, max: 90 }).map((d) => Math.min(1440, Math.max(0, near + d))),
      fc.integer({ min: 0, max: 1440 }),
    ),
  });
});

const window: fc.Arbitrary<WeeklyWindow> = fc
  .record({
    days: fc.subarray([1, 2, 3, 4, 5, 6, 7], { minLength: 1 }),
    a: fc.integer({ min: 0, max: 1440 }),
    b: fc.integer({ min: 0, max: 1440 }),
  })
  .filter(({ a, b }) => a !== b)
  .map(({ days, a, b }) => ({ days, startMinute: Math.min(a, b), endMinute: Math.max(a, b) }));

/** Windows whose edges sit on the hour of the moment's change, in its zone. */
const windowNear = moment.chain((m) => {
  const wall = wallOf(m.zone, m.at);
  const near = wall.hour * 60 + wall.minute;
  const edge = fc.oneof(fc.integer({ min: -75, max: 75 }).map((d) => Math.min(1440, Math.max(0, near + d))), fc.integer({ min: 0, max: 1440 }));
  return fc.record({
    moment: fc.constant(m),
    window: fc
      .record({ days: fc.subarray([1, 2, 3, 4, 5, 6, 7], { minLength: 1 }), a: edge, b: edge })
      .filter(({ a, b }) => a !== b)
      .map(({ days, a, b }) => ({ days, startMinute: Math.min(a, b), endMinute: Math.max(a, b) })),
  });
});

const offsetFromMoment = fc.oneof(fc.integer({ min: -2 * HOUR_MS, max: 2 * HOUR_MS }), fc.integer({ min: -3 * DAY_MS, max: 3 * DAY_MS }));

describe('localTime against Temporal, around real transitions', () => {
  it('found transitions to test around in every zone', () => {
    for (const zone of ZONES) expect(TRANSITIONS.filter((t) => t.zone === zone).length, zone).toBeGreaterThanOrEqual(2);
  });

  it('instantOf: the earlier occurrence, or the transition instant for a skipped wall time', () => {
    fc.assert(
      fc.property(wallTime, ({ zone, date, minute }) => {
        expect(instantOf(date.toString(), minute, zone).getTime()).toBe(modelInstant(date, minute, zone));
      }),
      RUNS,
    );
  });

  it('utcOffsetMinutes, localWeekday and zoneDistanceHours at any instant', () => {
    fc.assert(
      fc.property(moment, offsetFromMoment, fc.constantFrom(...ZONES, 'Pacific/Kiritimati', 'Pacific/Pago_Pago'), (m, shift, other) => {
        const at = m.at + shift;
        expect(utcOffsetMinutes(m.zone, new Date(at))).toBe(modelOffsetMinutes(m.zone, at));
        expect(localWeekday(new Date(at), m.zone)).toBe(wallOf(m.zone, at).dayOfWeek);
        const apart = Math.abs(modelOffsetMinutes(m.zone, at) - modelOffsetMinutes(other, at)) / 60;
        const aroundTheClock = apart % 24;
        expect(zoneDistanceHours(m.zone, other, new Date(at))).toBe(Math.min(aroundTheClock, 24 - aroundTheClock));
      }),
      RUNS,
    );
  });

  it('windowIntervals: one occurrence per local date, as the model has them', () => {
    fc.assert(
      fc.property(windowNear, fc.integer({ min: -2 * DAY_MS, max: DAY_MS / 2 }), fc.integer({ min: HOUR_MS, max: 2 * DAY_MS }), ({ moment: m, window: w }, shift, length) => {
        const from = m.at + shift;
        const to = from + length;
        expect(windowIntervals(w, m.zone, new Date(from), new Date(to))).toEqual(modelIntervals(w, m.zone, from, to));
      }),
      RUNS,
    );
  });

  it('isWithinWindow is true exactly inside windowIntervals, at and around every edge', () => {
    fc.assert(
      fc.property(windowNear, fc.array(offsetFromMoment, { maxLength: 5 }), ({ moment: m, window: w }, shifts) => {
        const from = m.at - 3 * DAY_MS;
        const to = m.at + 3 * DAY_MS;
        const intervals = windowIntervals(w, m.zone, new Date(from), new Date(to));
        const edges = intervals.flatMap((i) => [i.start - MINUTE_MS, i.start - 1, i.start, i.end - 1, i.end]);
        for (const at of [...edges, ...shifts.map((s) => m.at + s), m.at - 1, m.at]) {
          if (at < from + DAY_MS || at >= to - DAY_MS) continue;
          const inside = intervals.some((i) => i.start <= at && at < i.end);
          expect(isWithinWindow(new Date(at), w, m.zone), new Date(at).toISOString()).toBe(inside);
        }
      }),
      RUNS,
    );
  });

  it('nextWindowStart: now inside the window, else the start of the next occurrence', () => {
    fc.assert(
      fc.property(fc.oneof(windowNear, fc.record({ moment, window })), offsetFromMoment, ({ moment: m, window: w }, shift) => {
        const now = m.at + shift;
        const next = nextWindowStart(new Date(now), w, m.zone);
        const [first] = modelIntervals(w, m.zone, now, now + 16 * DAY_MS, 1);
        expect(next?.getTime()).toBe(first?.start);
        if (next !== undefined) expect(isWithinWindow(next, w, m.zone)).toBe(true);
      }),
      RUNS,
    );
  });
});
