import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { instantOf, type WeeklyWindow, windowIntervals } from '../../src/domain/localTime.js';
import {
  addSlot,
  availableSlots,
  type Cadence,
  countSlots,
  describeSlot,
  emptySlotSet,
  hasSlot,
  intersectSlots,
  nextOccurrence,
  overlaps,
  SLOT_COUNT,
  type SlotAvailability,
  type SlotCalendar,
  slotCalendar,
  slotIndex,
  slotIndices,
  slotSetOf,
} from '../../src/domain/circles/weeklySlots.js';

const WEEKDAYS: WeeklyWindow['days'] = [1, 2, 3, 4, 5];
const nineToFive: WeeklyWindow = { days: WEEKDAYS, startMinute: 9 * 60, endMinute: 17 * 60 };
const hhmm = (h: number, m = 0) => h * 60 + m;
/** "1 14:00"-style labels (ISO weekday, circle-local time) of a slot set. */
const labels = (set: Uint32Array) => slotIndices(set).map((s) => `${describeSlot(s).weekday} ${describeSlot(s).time}`);
const times = (set: Uint32Array, weekday: number) => slotIndices(set).filter((s) => describeSlot(s).weekday === weekday).map((s) => describeSlot(s).time);
const london = (cadence: Cadence, from: string, until: string, sessionMinutes = 60) =>
  slotCalendar({ timeZone: 'Europe/London', cadence, sessionMinutes, from: new Date(from), until: new Date(until) });
const newYorker: SlotAvailability = { timeZone: 'America/New_York', windows: [nineToFive] };
/** Every half hour from `first` to `last` (inclusive), as "HH:MM". */
const halfHours = (first: number, last: number) => Array.from({ length: (last - first) / 30 + 1 }, (_, i) => first + i * 30).map((m) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`);

describe('slots and bitsets', () => {
  it('number the week from Monday 00:00 in half hours and read back as weekday and time', () => {
    expect(slotIndex(1, 0)).toBe(0);
    expect(slotIndex(7, hhmm(23, 30))).toBe(SLOT_COUNT - 1);
    expect(describeSlot(slotIndex(3, hhmm(14, 30)))).toEqual({ weekday: 3, minuteOfDay: 870, time: '14:30' });
    expect(() => slotIndex(8, 0)).toThrow(RangeError);
    expect(() => slotIndex(1, 15)).toThrow(RangeError);
    expect(() => describeSlot(SLOT_COUNT)).toThrow(RangeError);
  });

  it('intersect, count and list', () => {
    const a = slotSetOf([0, 5, 40, 335]);
    const b = slotSetOf([5, 40, 41]);
    expect(slotIndices(intersectSlots([a, b]))).toEqual([5, 40]);
    expect(countSlots(a)).toBe(4);
    expect(overlaps(a, slotSetOf([41]))).toBe(false);
    expect(hasSlot(a, 335)).toBe(true);
    const c = emptySlotSet();
    addSlot(c, 31);
    addSlot(c, 32);
    expect(slotIndices(c)).toEqual([31, 32]);
    expect(slotIndices(intersectSlots([]))).toEqual([]);
  });
});

describe('a New Yorker (09:00–17:00) and a circle in London, across March 2027', () => {
  // The US changes on 14 March, the UK on 28 March: for two weeks New York is four hours behind, not five.
  it('before the US change: London 14:00 to 21:00 starts fit (New York 09:00–16:00)', () => {
    const slots = availableSlots(london('weekly', '2027-03-01T00:00:00Z', '2027-03-13T00:00:00Z'), newYorker);
    expect(times(slots, 1)).toEqual(halfHours(hhmm(14), hhmm(21)));
    expect(times(slots, 6)).toEqual([]);
  });

  it('between the two changes: London 13:00 to 20:00', () => {
    const slots = availableSlots(london('weekly', '2027-03-15T00:00:00Z', '2027-03-27T00:00:00Z'), newYorker);
    expect(times(slots, 2)).toEqual(halfHours(hhmm(13), hhmm(20)));
  });

  it('over the whole month only the starts that fit in both regimes: London 14:00 to 20:00, Monday to Friday', () => {
    const slots = availableSlots(london('weekly', '2027-03-01T00:00:00Z', '2027-04-12T00:00:00Z'), newYorker);
    for (const day of WEEKDAYS) expect(times(slots, day)).toEqual(halfHours(hhmm(14), hhmm(20)));
    expect(countSlots(slots)).toBe(5 * 13);
  });

  it('a monthly circle (first Tuesday: 2 March and 6 April, both five hours apart) keeps 20:30 and 21:00, which the weekly one loses', () => {
    const monthly = availableSlots(london('monthly', '2027-03-01T00:00:00Z', '2027-05-01T00:00:00Z'), newYorker);
    const weekly = availableSlots(london('weekly', '2027-03-01T00:00:00Z', '2027-05-01T00:00:00Z'), newYorker);
    expect(times(monthly, 2)).toEqual(halfHours(hhmm(14), hhmm(21)));
    expect(times(weekly, 2)).toEqual(halfHours(hhmm(14), hhmm(20)));
  });
});

describe('the edges of working hours', () => {
  const calendar = london('weekly', '2027-05-03T00:00:00Z', '2027-06-28T00:00:00Z');
  const londoner = (windows: WeeklyWindow[]): SlotAvailability => ({ timeZone: 'Europe/London', windows });

  it('a session ending exactly at 17:00 fits, one ending at 17:30 does not; 09:00 fits, 08:30 does not', () => {
    const slots = availableSlots(calendar, londoner([nineToFive]));
    expect(hasSlot(slots, slotIndex(3, hhmm(16)))).toBe(true);
    expect(hasSlot(slots, slotIndex(3, hhmm(16, 30)))).toBe(false);
    expect(hasSlot(slots, slotIndex(3, hhmm(9)))).toBe(true);
    expect(hasSlot(slots, slotIndex(3, hhmm(8, 30)))).toBe(false);
    expect(labels(slots).filter((l) => l.startsWith('6 ') || l.startsWith('7 '))).toEqual([]);
  });

  it('every window must hold the session: working hours and a narrower availability', () => {
    const slots = availableSlots(calendar, londoner([nineToFive, { days: [2, 4], startMinute: hhmm(10), endMinute: hhmm(12) }]));
    expect(labels(slots)).toEqual(['2 10:00', '2 10:30', '2 11:00', '4 10:00', '4 10:30', '4 11:00']);
  });

  it('a 90-minute session needs 90 minutes of the window', () => {
    const long = london('weekly', '2027-05-03T00:00:00Z', '2027-06-28T00:00:00Z', 90);
    expect(times(availableSlots(long, londoner([{ days: [1], startMinute: hhmm(9), endMinute: hhmm(11) }])), 1)).toEqual(['09:00', '09:30']);
  });
});

describe('occurrences', () => {
  it('monthly is the first such weekday of each month', () => {
    const calendar = london('monthly', '2027-01-01T00:00:00Z', '2027-07-01T00:00:00Z');
    const tuesdayTen = Array.from(calendar.starts[slotIndex(2, hhmm(10))] ?? [], (t) => new Date(t).toISOString());
    expect(tuesdayTen).toEqual(['2027-01-05T10:00:00.000Z', '2027-02-02T10:00:00.000Z', '2027-03-02T10:00:00.000Z', '2027-04-06T09:00:00.000Z', '2027-05-04T09:00:00.000Z', '2027-06-01T09:00:00.000Z']);
  });

  it('a wall time the clocks skip resolves as localTime does: 01:30 on 28 March 2027 is the change itself', () => {
    const calendar = london('weekly', '2027-03-20T00:00:00Z', '2027-04-05T00:00:00Z');
    const sundayHalfOne = Array.from(calendar.starts[slotIndex(7, hhmm(1, 30))] ?? [], (t) => new Date(t).toISOString());
    expect(sundayHalfOne).toEqual(['2027-03-21T01:30:00.000Z', '2027-03-28T01:00:00.000Z', '2027-04-04T00:30:00.000Z']);
  });

  it('the next meeting after a date, in local time across the change', () => {
    const spec = { timeZone: 'Europe/London', from: new Date('2027-03-01T00:00:00Z') };
    const tuesdayTen = slotIndex(2, hhmm(10));
    expect(nextOccurrence(tuesdayTen, new Date('2027-03-27T12:00:00Z'), { ...spec, cadence: 'weekly' }).toISOString()).toBe('2027-03-30T09:00:00.000Z');
    // Fortnightly from 2 March: 16 March, 30 March, …
    expect(nextOccurrence(tuesdayTen, new Date('2027-03-17T00:00:00Z'), { ...spec, cadence: 'fortnightly' }).toISOString()).toBe('2027-03-30T09:00:00.000Z');
    expect(nextOccurrence(tuesdayTen, new Date('2027-09-01T00:00:00Z'), { ...spec, cadence: 'fortnightly' }).toISOString()).toBe('2027-09-14T09:00:00.000Z');
    expect(nextOccurrence(tuesdayTen, new Date('2027-03-03T00:00:00Z'), { ...spec, cadence: 'monthly' }).toISOString()).toBe('2027-04-06T09:00:00.000Z');
    // Before the program starts, the first meeting is its first occurrence.
    expect(nextOccurrence(tuesdayTen, new Date('2026-01-01T00:00:00Z'), { ...spec, cadence: 'weekly' }).toISOString()).toBe('2027-03-02T10:00:00.000Z');
  });

  it('refuses a horizon that ends before it starts and a session longer than a day', () => {
    expect(() => london('weekly', '2027-03-02T00:00:00Z', '2027-03-01T00:00:00Z')).toThrow(RangeError);
    expect(() => london('weekly', '2027-03-01T00:00:00Z', '2027-04-01T00:00:00Z', 1441)).toThrow(RangeError);
  });
});

/*
 * Against the slow, obvious answer: every occurrence, resolved date by date
 * with instantOf, checked against each window's stretches from
 * windowIntervals. Zones with odd offsets and half-hour changes, horizons
 * around the changes.
 */
describe('availableSlots agrees with checking every occurrence through localTime', () => {
  const ZONES = ['Europe/London', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'America/St_Johns', 'Australia/Sydney', 'America/Sao_Paulo', 'Pacific/Chatham'];
  const DAY_MS = 86_400_000;

  function expectedStarts(calendar: SlotCalendar, slot: number): number[] {
    const { timeZone, cadence, from, until } = calendar.spec;
    const { weekday, minuteOfDay } = describeSlot(slot);
    const out: number[] = [];
    let first: number | undefined;
    for (let day = Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate()) - DAY_MS; ; day += DAY_MS) {
      const date = new Date(day);
      const iso = date.toISOString().slice(0, 10);
      if (((date.getUTCDay() + 6) % 7) + 1 !== weekday) continue;
      const start = instantOf(iso, minuteOfDay, timeZone).getTime();
      if (start < from.getTime()) continue;
      if (start >= until.getTime()) return out;
      first ??= day;
      if (cadence === 'fortnightly' && Math.round((day - first) / DAY_MS) % 14 !== 0) continue;
      if (cadence === 'monthly' && date.getUTCDate() > 7) continue;
      out.push(start);
    }
  }

  function slowAnswer(calendar: SlotCalendar, person: SlotAvailability): Uint32Array {
    const duration = calendar.spec.sessionMinutes * 60_000;
    const set = emptySlotSet();
    for (let slot = 0; slot < SLOT_COUNT; slot += 1) {
      const starts = calendar.starts[slot] ?? new Float64Array();
      const fits = (start: number) =>
        person.windows.every((w) =>
          windowIntervals(w, person.timeZone, new Date(start - 2 * DAY_MS), new Date(start + 3 * DAY_MS)).some((i) => i.start <= start && start + duration <= i.end),
        );
      if (starts.length > 0 && Array.from(starts).every(fits)) addSlot(set, slot);
    }
    return set;
  }

  const window = fc
    .record({ days: fc.subarray([1, 2, 3, 4, 5, 6, 7], { minLength: 1 }), start: fc.integer({ min: 0, max: 47 }), length: fc.integer({ min: 1, max: 48 }) })
    .map(({ days, start, length }) => ({ days, startMinute: start * 30, endMinute: Math.min(1440, (start + length) * 30) }));

  it('for random zones, windows, cadences and horizons near the changes', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ZONES),
        fc.constantFrom(...ZONES),
        fc.constantFrom<Cadence>('weekly', 'fortnightly', 'monthly'),
        fc.constantFrom(45, 60, 90),
        fc.constantFrom('2027-03-01', '2027-03-20', '2027-09-25', '2027-10-20', '2027-03-31'),
        fc.integer({ min: 14, max: 70 }),
        fc.array(window, { minLength: 1, maxLength: 2 }),
        (circleZone, personZone, cadence, sessionMinutes, fromDate, days, windows) => {
          const from = new Date(`${fromDate}T07:00:00Z`);
          const calendar = slotCalendar({ timeZone: circleZone, cadence, sessionMinutes, from, until: new Date(from.getTime() + days * DAY_MS) });
          for (const slot of [0, 27, 100, 200, 313]) expect(Array.from(calendar.starts[slot] ?? [])).toEqual(expectedStarts(calendar, slot));
          const person = { timeZone: personZone, windows };
          expect(slotIndices(availableSlots(calendar, person))).toEqual(slotIndices(slowAnswer(calendar, person)));
        },
      ),
      { numRuns: 12 },
    );
  });
});
