import { formatInTimeZone } from 'date-fns-tz';
import { describe, expect, it } from 'vitest';
import { type Interval, type WeeklyWindow, isWithinWindow } from '../../src/domain/localTime.js';
import {
  type SchedulingPerson,
  type Slot,
  commonFreeIntervals,
  nextMonthlySlot,
  proposeSlots,
} from '../../src/domain/scheduling/slots.js';

const nineToFive: WeeklyWindow = { days: [1, 2, 3, 4, 5], startMinute: 9 * 60, endMinute: 17 * 60 };
const person = (timeZone: string, availability: WeeklyWindow = nineToFive, busy: Interval[] = []): SchedulingPerson => ({
  timeZone,
  working: nineToFive,
  availability,
  busy,
});
const at = (iso: string) => new Date(iso);
const span = (start: string, end: string): Interval => ({ start: Date.parse(start), end: Date.parse(end) });
const starts = (slots: readonly Slot[]) => slots.map((s) => s.start.toISOString());
const free = (people: SchedulingPerson[], from: string, to: string) =>
  commonFreeIntervals(people, at(from), at(to)).map((i) => `${new Date(i.start).toISOString()}/${new Date(i.end).toISOString()}`);
const local = (d: Date, timeZone: string) => formatInTimeZone(d, timeZone, 'yyyy-MM-dd HH:mm');

/** Each slot sits inside both of each person's windows, on one local date of theirs. */
function expectInsideEveryone(slots: readonly Slot[], people: readonly SchedulingPerson[]) {
  for (const slot of slots) {
    const last = new Date(slot.end.getTime() - 60_000);
    for (const p of people) {
      for (const window of [p.working, p.availability]) {
        expect(isWithinWindow(slot.start, window, p.timeZone), `${slot.start.toISOString()} in ${p.timeZone}`).toBe(true);
        expect(isWithinWindow(last, window, p.timeZone), `${last.toISOString()} in ${p.timeZone}`).toBe(true);
      }
      expect(formatInTimeZone(last, p.timeZone, 'yyyy-MM-dd')).toBe(formatInTimeZone(slot.start, p.timeZone, 'yyyy-MM-dd'));
      for (const b of p.busy) expect(slot.start.getTime() < b.end && b.start < slot.end.getTime()).toBe(false);
    }
  }
}

const newYork = () => person('America/New_York');
const berlin = () => person('Europe/Berlin');

describe('New York and Berlin, 09:00–17:00 each, through the spring changes', () => {
  const people = [newYork(), berlin()];

  it('share 14–16 UTC, then 13–16 UTC while only New York is on summer time (2026-03-08 to 03-29), then 13–15 UTC', () => {
    expect(free(people, '2026-03-05T00:00:00Z', '2026-03-06T00:00:00Z')).toEqual(['2026-03-05T14:00:00.000Z/2026-03-05T16:00:00.000Z']);
    expect(free(people, '2026-03-09T00:00:00Z', '2026-03-10T00:00:00Z')).toEqual(['2026-03-09T13:00:00.000Z/2026-03-09T16:00:00.000Z']);
    expect(free(people, '2026-03-27T00:00:00Z', '2026-03-28T00:00:00Z')).toEqual(['2026-03-27T13:00:00.000Z/2026-03-27T16:00:00.000Z']);
    expect(free(people, '2026-03-30T00:00:00Z', '2026-03-31T00:00:00Z')).toEqual(['2026-03-30T13:00:00.000Z/2026-03-30T15:00:00.000Z']);
    // The weekend between has nothing.
    expect(free(people, '2026-03-07T00:00:00Z', '2026-03-09T00:00:00Z')).toEqual([]);
  });

  it('proposes the first shared start of each day: 09:00 New York, 15:00 then 14:00 then 15:00 again in Berlin', () => {
    const slots = proposeSlots({ people, now: at('2026-03-04T00:00:00Z'), horizonDays: 28, count: 20 });
    const expected = [
      ...['04', '05', '06'].map((d) => `2026-03-${d}T14:00:00.000Z`),
      ...['09', '10', '11', '12', '13', '16', '17', '18', '19', '20', '23', '24', '25', '26', '27'].map((d) => `2026-03-${d}T13:00:00.000Z`),
      ...['30', '31'].map((d) => `2026-03-${d}T13:00:00.000Z`),
    ];
    expect(starts(slots)).toEqual(expected);
    expect(slots.every((s) => s.end.getTime() - s.start.getTime() === 45 * 60_000)).toBe(true);
    expectInsideEveryone(slots, people);
    expect(slots.map((s) => local(s.start, 'America/New_York').slice(11))).toEqual(Array(20).fill('09:00'));
    expect(local(slots[0]!.start, 'Europe/Berlin')).toBe('2026-03-04 15:00');
    expect(local(slots[3]!.start, 'Europe/Berlin')).toBe('2026-03-09 14:00');
    expect(local(slots[18]!.start, 'Europe/Berlin')).toBe('2026-03-30 15:00');
  });

  it('fits a three-hour session only in the weeks between the two changes', () => {
    const slots = proposeSlots({ people, now: at('2026-03-02T00:00:00Z'), horizonDays: 35, durationMinutes: 180, count: 50 });
    const gapDays = ['09', '10', '11', '12', '13', '16', '17', '18', '19', '20', '23', '24', '25', '26', '27'];
    expect(starts(slots)).toEqual(gapDays.map((d) => `2026-03-${d}T13:00:00.000Z`));
    expect(slots.map((s) => s.end.toISOString())).toEqual(gapDays.map((d) => `2026-03-${d}T16:00:00.000Z`));
    expectInsideEveryone(slots, people);
  });
});

describe('New York and Berlin through the autumn changes', () => {
  const people = [newYork(), berlin()];

  it('share 13–15 UTC, then 13–16 UTC between 2026-10-25 and 11-01, then 14–16 UTC', () => {
    expect(free(people, '2026-10-23T00:00:00Z', '2026-10-24T00:00:00Z')).toEqual(['2026-10-23T13:00:00.000Z/2026-10-23T15:00:00.000Z']);
    expect(free(people, '2026-10-26T00:00:00Z', '2026-10-27T00:00:00Z')).toEqual(['2026-10-26T13:00:00.000Z/2026-10-26T16:00:00.000Z']);
    expect(free(people, '2026-10-30T00:00:00Z', '2026-10-31T00:00:00Z')).toEqual(['2026-10-30T13:00:00.000Z/2026-10-30T16:00:00.000Z']);
    expect(free(people, '2026-11-02T00:00:00Z', '2026-11-03T00:00:00Z')).toEqual(['2026-11-02T14:00:00.000Z/2026-11-02T16:00:00.000Z']);
  });

  it('moves the first start from 13:00 to 14:00 UTC when New York falls back, and fits three hours only in the gap week', () => {
    const slots = proposeSlots({ people, now: at('2026-10-21T00:00:00Z'), horizonDays: 14, count: 10 });
    expect(starts(slots)).toEqual([
      '2026-10-21T13:00:00.000Z',
      '2026-10-22T13:00:00.000Z',
      '2026-10-23T13:00:00.000Z',
      '2026-10-26T13:00:00.000Z',
      '2026-10-27T13:00:00.000Z',
      '2026-10-28T13:00:00.000Z',
      '2026-10-29T13:00:00.000Z',
      '2026-10-30T13:00:00.000Z',
      '2026-11-02T14:00:00.000Z',
      '2026-11-03T14:00:00.000Z',
    ]);
    expectInsideEveryone(slots, people);
    expect(local(slots[3]!.start, 'Europe/Berlin')).toBe('2026-10-26 14:00');
    expect(local(slots[8]!.start, 'Europe/Berlin')).toBe('2026-11-02 15:00');

    const long = proposeSlots({ people, now: at('2026-10-18T00:00:00Z'), horizonDays: 21, durationMinutes: 180, count: 10 });
    expect(starts(long)).toEqual(['26', '27', '28', '29', '30'].map((d) => `2026-10-${d}T13:00:00.000Z`));
    expectInsideEveryone(long, people);
  });
});

describe('Sydney and Kolkata, 09:00–17:00 each', () => {
  const people = [person('Australia/Sydney'), person('Asia/Kolkata')];

  it('share 03:30–06:00 UTC on Sydney summer time and 03:30–07:00 UTC after it ends on 2026-04-05', () => {
    expect(free(people, '2026-04-03T00:00:00Z', '2026-04-04T00:00:00Z')).toEqual(['2026-04-03T03:30:00.000Z/2026-04-03T06:00:00.000Z']);
    expect(free(people, '2026-04-06T00:00:00Z', '2026-04-07T00:00:00Z')).toEqual(['2026-04-06T03:30:00.000Z/2026-04-06T07:00:00.000Z']);
  });

  it('fits a three-hour session only after 2026-04-05: 13:30 in Sydney, 09:00 in Kolkata', () => {
    const slots = proposeSlots({ people, now: at('2026-03-29T00:00:00Z'), horizonDays: 14, durationMinutes: 180, count: 5 });
    expect(starts(slots)).toEqual(['06', '07', '08', '09', '10'].map((d) => `2026-04-${d}T03:30:00.000Z`));
    expectInsideEveryone(slots, people);
    expect(local(slots[0]!.start, 'Australia/Sydney')).toBe('2026-04-06 13:30');
    expect(local(slots[0]!.start, 'Asia/Kolkata')).toBe('2026-04-06 09:00');
  });

  it('fits a three-hour session only before Sydney summer time starts on 2026-10-04', () => {
    expect(free(people, '2026-10-02T00:00:00Z', '2026-10-03T00:00:00Z')).toEqual(['2026-10-02T03:30:00.000Z/2026-10-02T07:00:00.000Z']);
    expect(free(people, '2026-10-05T00:00:00Z', '2026-10-06T00:00:00Z')).toEqual(['2026-10-05T03:30:00.000Z/2026-10-05T06:00:00.000Z']);
    const slots = proposeSlots({ people, now: at('2026-09-26T00:00:00Z'), horizonDays: 14, durationMinutes: 180, count: 10 });
    expect(starts(slots)).toEqual([
      '2026-09-28T03:30:00.000Z',
      '2026-09-29T03:30:00.000Z',
      '2026-09-30T03:30:00.000Z',
      '2026-10-01T03:30:00.000Z',
      '2026-10-02T03:30:00.000Z',
      // No second non-overlapping three hours on any day, so the overlapping 04:00 starts come last.
      '2026-09-28T04:00:00.000Z',
      '2026-09-29T04:00:00.000Z',
      '2026-09-30T04:00:00.000Z',
      '2026-10-01T04:00:00.000Z',
      '2026-10-02T04:00:00.000Z',
    ].sort());
    expectInsideEveryone(slots, people);
  });
});

describe('fractional offsets: Kolkata (+5:30) and Kathmandu (+5:45)', () => {
  it('share 03:30–11:15 UTC, and the last 45-minute start on the UTC half-hour grid is 10:30', () => {
    const kolkata = person('Asia/Kolkata', nineToFive, [span('2026-06-01T03:30:00Z', '2026-06-01T10:30:00Z')]);
    const people = [kolkata, person('Asia/Kathmandu')];
    expect(free([person('Asia/Kolkata'), person('Asia/Kathmandu')], '2026-06-01T00:00:00Z', '2026-06-02T00:00:00Z')).toEqual([
      '2026-06-01T03:30:00.000Z/2026-06-01T11:15:00.000Z',
    ]);
    const slots = proposeSlots({ people, now: at('2026-05-31T15:00:00Z'), horizonDays: 1 });
    expect(starts(slots)).toEqual(['2026-06-01T10:30:00.000Z']);
    expect(local(slots[0]!.end, 'Asia/Kathmandu')).toBe('2026-06-01 17:00');
    expectInsideEveryone(slots, people);
  });

  it('finds the one aligned slot in an hour of Kathmandu availability: 09:15 there, 09:00 in Kolkata', () => {
    const people = [person('Asia/Kolkata'), person('Asia/Kathmandu', { days: [1, 2, 3, 4, 5], startMinute: 9 * 60, endMinute: 10 * 60 })];
    const slots = proposeSlots({ people, now: at('2026-05-31T00:00:00Z'), horizonDays: 7, count: 10 });
    expect(starts(slots)).toEqual(['01', '02', '03', '04', '05'].map((d) => `2026-06-${d}T03:30:00.000Z`));
    expect(local(slots[0]!.start, 'Asia/Kathmandu')).toBe('2026-06-01 09:15');
    expect(local(slots[0]!.start, 'Asia/Kolkata')).toBe('2026-06-01 09:00');
    expectInsideEveryone(slots, people);
  });
});

describe('proposal rules', () => {
  it('has nothing when the hours never meet: Tokyo and New York, 09:00–17:00', () => {
    const people = [person('Asia/Tokyo'), newYork()];
    expect(proposeSlots({ people, now: at('2026-06-01T00:00:00Z'), horizonDays: 14 })).toEqual([]);
    expect(nextMonthlySlot({ people, now: at('2026-06-01T00:00:00Z'), after: at('2026-06-01T00:00:00Z') })).toBeUndefined();
  });

  it('has nothing for nobody', () => {
    expect(proposeSlots({ people: [], now: at('2026-06-01T00:00:00Z') })).toEqual([]);
  });

  it('keeps to availability inside working hours, which moves with the clocks too', () => {
    const lateMornings = { days: [2, 4], startMinute: 10 * 60 + 30, endMinute: 12 * 60 };
    const people = [person('America/New_York', lateMornings), berlin()];
    const slots = proposeSlots({ people, now: at('2026-03-02T00:00:00Z'), count: 4 });
    // 10:30–12:00 New York meets Berlin's day for 30 minutes in winter (15:30–16:00 UTC),
    // but for 90 minutes (14:30–16:00 UTC) in the gap week: Tuesday and Thursday, twice each.
    expect(starts(slots)).toEqual(['2026-03-10T14:30:00.000Z', '2026-03-10T15:00:00.000Z', '2026-03-12T14:30:00.000Z', '2026-03-12T15:00:00.000Z']);
    expectInsideEveryone(slots, people);
    expect(local(slots[0]!.start, 'America/New_York')).toBe('2026-03-10 10:30');
  });

  it('avoids busy intervals of either person; touching one is fine', () => {
    const people = [
      person('America/New_York', nineToFive, [span('2026-03-02T13:00:00Z', '2026-03-02T14:00:00Z'), span('2026-03-04T13:00:00Z', '2026-03-04T17:00:00Z')]),
      person('Europe/Berlin', nineToFive, [span('2026-03-03T14:00:00Z', '2026-03-03T14:45:00Z')]),
    ];
    const slots = proposeSlots({ people, now: at('2026-03-02T00:00:00Z'), horizonDays: 5 });
    // Tuesday's 14:00 is taken, so the next start on the grid; Wednesday is booked out.
    expect(starts(slots)).toEqual(['2026-03-02T14:00:00.000Z', '2026-03-03T15:00:00.000Z', '2026-03-05T14:00:00.000Z']);
    expectInsideEveryone(slots, people);
  });

  it('gives at least the minimum notice, 12 hours unless told', () => {
    const people = [newYork(), berlin()];
    const monday10 = at('2026-03-02T10:00:00Z');
    expect(starts(proposeSlots({ people, now: monday10, count: 1 }))).toEqual(['2026-03-03T14:00:00.000Z']);
    expect(starts(proposeSlots({ people, now: monday10, count: 1, minNoticeHours: 4 }))).toEqual(['2026-03-02T14:00:00.000Z']);
    // 14:10 is the earliest; the next start on the grid is 14:30.
    expect(starts(proposeSlots({ people, now: at('2026-03-02T10:10:00Z'), count: 1, minNoticeHours: 4 }))).toEqual(['2026-03-02T14:30:00.000Z']);
    expect(starts(proposeSlots({ people, now: monday10, count: 1, notBefore: at('2026-03-05T00:00:00Z') }))).toEqual(['2026-03-05T14:00:00.000Z']);
  });

  it('ends every slot within the horizon', () => {
    const people = [newYork(), berlin()];
    // The horizon ends at 14:30 on Tuesday: too soon for 14:00–14:45.
    expect(proposeSlots({ people, now: at('2026-03-02T14:30:00Z'), horizonDays: 1 })).toEqual([]);
    expect(starts(proposeSlots({ people, now: at('2026-03-02T14:45:00Z'), horizonDays: 1 }))).toEqual(['2026-03-03T14:00:00.000Z']);
    const slots = proposeSlots({ people, now: at('2026-03-02T00:00:00Z'), count: 100 });
    expect(slots.length).toBeGreaterThan(0);
    expect(Math.max(...slots.map((s) => s.end.getTime()))).toBeLessThanOrEqual(Date.parse('2026-03-16T00:00:00Z'));
    expect(slots.at(-1)!.start.toISOString()).toBe('2026-03-13T15:00:00.000Z');
  });

  it('spreads over different UTC days first, then a second, separate time on a day', () => {
    const people = [newYork(), berlin()];
    const now = at('2026-03-02T00:00:00Z');
    expect(starts(proposeSlots({ people, now }))).toEqual(['2026-03-02T14:00:00.000Z', '2026-03-03T14:00:00.000Z', '2026-03-04T14:00:00.000Z']);
    // Two days in the horizon: the third slot is the second on the first day, clear of its first.
    expect(starts(proposeSlots({ people, now, horizonDays: 2 }))).toEqual([
      '2026-03-02T14:00:00.000Z',
      '2026-03-02T15:00:00.000Z',
      '2026-03-03T14:00:00.000Z',
    ]);
    // Five days, three starts each (14:00, 14:30, 15:00): overlapping 14:30s only once nothing else is left.
    const all = proposeSlots({ people, now, horizonDays: 5, count: 12 });
    expect(starts(all).filter((s) => s.endsWith('14:30:00.000Z'))).toEqual(['2026-03-02T14:30:00.000Z', '2026-03-03T14:30:00.000Z']);
    expect(proposeSlots({ people, now, horizonDays: 5, count: 20 })).toHaveLength(15);
  });

  it('is deterministic, whatever the order of people and bookings', () => {
    const busy = [span('2026-03-03T14:00:00Z', '2026-03-03T14:30:00Z'), span('2026-03-05T15:00:00Z', '2026-03-05T16:00:00Z')];
    const a = [person('America/New_York', nineToFive, busy), berlin()];
    const b = [berlin(), person('America/New_York', nineToFive, [...busy].reverse())];
    const request = { now: at('2026-03-02T09:13:00Z'), count: 5 };
    const first = proposeSlots({ ...request, people: a });
    expect(proposeSlots({ ...request, people: a })).toEqual(first);
    expect(proposeSlots({ ...request, people: b })).toEqual(first);
    expect(first).toHaveLength(5);
  });

  it('rejects a zero step or duration instead of looping', () => {
    const people = [newYork(), berlin()];
    expect(() => proposeSlots({ people, now: at('2026-03-02T00:00:00Z'), stepMinutes: 0 })).toThrow(RangeError);
    expect(() => proposeSlots({ people, now: at('2026-03-02T00:00:00Z'), durationMinutes: 0 })).toThrow(RangeError);
  });
});

describe('nextMonthlySlot', () => {
  const people = [newYork(), berlin()];
  const monthly = { people, durationMinutes: 60 };

  it('lands in the first full week of the next month (April 2026 starts on a Wednesday)', () => {
    const slot = nextMonthlySlot({ ...monthly, now: at('2026-03-15T12:00:00Z'), after: at('2026-03-15T12:00:00Z') });
    expect(slot).toEqual({ start: at('2026-04-06T13:00:00Z'), end: at('2026-04-06T14:00:00Z') });
    expectInsideEveryone([slot!], people);
  });

  it('takes the first of the month when it is a Monday', () => {
    const slot = nextMonthlySlot({ ...monthly, now: at('2026-05-20T00:00:00Z'), after: at('2026-05-20T00:00:00Z') });
    expect(slot?.start.toISOString()).toBe('2026-06-01T13:00:00.000Z');
  });

  it('falls back to the earliest slot of the month when the first full week is booked', () => {
    const booked = [person('America/New_York'), person('Europe/Berlin', nineToFive, [span('2026-04-06T00:00:00Z', '2026-04-13T00:00:00Z')])];
    const slot = nextMonthlySlot({ people: booked, durationMinutes: 60, now: at('2026-03-15T12:00:00Z'), after: at('2026-03-15T12:00:00Z') });
    expect(slot?.start.toISOString()).toBe('2026-04-01T13:00:00.000Z');
  });

  it('rolls over the year, in winter time on both sides', () => {
    const slot = nextMonthlySlot({ ...monthly, now: at('2026-12-10T00:00:00Z'), after: at('2026-12-31T23:59:00Z') });
    // 2027-01-01 is a Friday; the first full week starts Monday the 4th. 09:00 New York, 15:00 Berlin.
    expect(slot?.start.toISOString()).toBe('2027-01-04T14:00:00.000Z');
  });

  it('still gives the minimum notice', () => {
    const slot = nextMonthlySlot({ ...monthly, now: at('2026-04-07T20:00:00Z'), after: at('2026-03-31T00:00:00Z') });
    expect(slot?.start.toISOString()).toBe('2026-04-08T13:00:00.000Z');
  });
});

describe('hours that start or end where the clocks skip or repeat', () => {
  const sundayNight: WeeklyWindow = { days: [7], startMinute: 0, endMinute: 120 };
  const santiago = () => ({ timeZone: 'America/Santiago', working: sundayNight, availability: sundayNight, busy: [] });

  it('offers Santiago nothing on Saturday 23:00 when its clocks skip Sunday midnight (2026-09-06)', () => {
    // Sunday starts at 01:00 -03 (04:00Z); the window is the one hour left of 00:00–02:00.
    const slots = proposeSlots({ people: [santiago()], now: at('2026-09-01T00:00:00Z'), horizonDays: 7, count: 5 });
    expect(starts(slots)).toEqual(['2026-09-06T04:00:00.000Z']);
    expect(local(slots[0]!.start, 'America/Santiago')).toBe('2026-09-06 01:00');
    expectInsideEveryone(slots, [santiago()]);
  });

  it('gives Santiago its full two hours when the clocks repeat Saturday 23:00 instead (2026-04-05)', () => {
    const slots = proposeSlots({ people: [santiago()], now: at('2026-03-31T00:00:00Z'), horizonDays: 7, count: 5, durationMinutes: 60 });
    expect(starts(slots)).toEqual(['2026-04-05T04:00:00.000Z', '2026-04-05T04:30:00.000Z', '2026-04-05T05:00:00.000Z']);
    expectInsideEveryone(slots, [santiago()]);
  });

  it('starts New York hours of 02:30–03:30 at 03:00 EDT on the spring-forward Sunday', () => {
    const early: WeeklyWindow = { days: [7], startMinute: 150, endMinute: 210 };
    const ny = { timeZone: 'America/New_York', working: early, availability: early, busy: [] };
    const slots = proposeSlots({ people: [ny], now: at('2026-03-02T00:00:00Z'), horizonDays: 14, count: 5, durationMinutes: 30 });
    // 2026-03-01 is before `now`; on 03-08 only 03:00–03:30 EDT exists; 03-15 is an ordinary Sunday (06:30Z).
    expect(starts(slots)).toEqual(['2026-03-08T07:00:00.000Z', '2026-03-15T06:30:00.000Z', '2026-03-15T07:00:00.000Z']);
    expectInsideEveryone(slots, [ny]);
  });
});
