import { type Interval, intersectIntervals, type WeeklyWindow, windowIntervals } from '../localTime.js';

/**
 * Proposing session times two (or more) people can both make. Pure: the
 * caller passes `now`, everyone's hours and what is already booked. All
 * wall-clock reasoning goes through localTime.ts, one local day at a time,
 * so the proposals stay right across daylight-saving changes in any zone.
 */

export interface SchedulingPerson {
  timeZone: string;
  /** Their working hours, local to `timeZone`. */
  working: WeeklyWindow;
  /** When they said they can meet, local to `timeZone`; only its overlap with `working` counts. */
  availability: WeeklyWindow;
  /** Already booked (sessions, protected time), as epoch-ms intervals. */
  busy: readonly Interval[];
}

export interface SlotRequest {
  people: readonly SchedulingPerson[];
  now: Date;
  /** How far ahead a slot may end, counted from `now`. Default 14. */
  horizonDays?: number;
  /** Default 45. */
  durationMinutes?: number;
  /** How many proposals to return at most. Default 3. */
  count?: number;
  /** Starts sit on this grid in UTC (30 → :00 and :30). Should divide a day. Default 30. */
  stepMinutes?: number;
  /** Nobody wants a session sprung on them: the earliest start is `now` plus this. Default 12. */
  minNoticeHours?: number;
  /** An extra lower bound on starts, e.g. "not before the match is announced". */
  notBefore?: Date;
}

export interface Slot {
  start: Date;
  end: Date;
}

export const SLOT_DEFAULTS = {
  horizonDays: 14,
  durationMinutes: 45,
  count: 3,
  stepMinutes: 30,
  minNoticeHours: 12,
} as const;

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

/** Up to `count` slots everyone can make, spread over different UTC days, earliest first. */
export function proposeSlots(request: SlotRequest): Slot[] {
  const settings = resolve(request);
  const from = earliestStart(request, settings.minNoticeHours);
  const to = request.now.getTime() + settings.horizonDays * DAY_MS;
  const candidates = candidateSlots(request.people, from, to, settings);
  return spread(candidates, settings.count).map(toSlot);
}

export type MonthlySlotRequest = Omit<SlotRequest, 'horizonDays' | 'count'> & { after: Date };

/**
 * Reverse mentoring keeps a protected hour each month. The first workable
 * slot in the UTC calendar month after `after`, preferably in that month's
 * first full (Monday-to-Sunday) week so the habit lands at a predictable
 * point in the month. The month itself is the horizon.
 */
export function nextMonthlySlot(request: MonthlySlotRequest): Slot | undefined {
  const settings = resolve(request);
  const after = request.after;
  const monthStart = Date.UTC(after.getUTCFullYear(), after.getUTCMonth() + 1, 1);
  const monthEnd = Date.UTC(after.getUTCFullYear(), after.getUTCMonth() + 2, 1);
  const weekStart = firstFullWeekStart(monthStart);
  const earliest = earliestStart(request, settings.minNoticeHours);
  const firstIn = (from: number, to: number) => candidateSlots(request.people, Math.max(from, earliest), to, settings)[0];
  const slot = firstIn(weekStart, weekStart + 7 * DAY_MS) ?? firstIn(monthStart, monthEnd);
  return slot === undefined ? undefined : toSlot(slot);
}

/**
 * The time everyone is free between `from` and `to`: inside each person's
 * working hours and availability on the same local day, minus their busy
 * intervals. Pieces from different local days are never merged, even when
 * they touch at midnight, because a session must sit within one local day
 * for each person.
 */
export function commonFreeIntervals(people: readonly SchedulingPerson[], from: Date, to: Date): Interval[] {
  // Nobody to meet: no free time to offer, rather than all of it.
  if (people.length === 0) return [];
  return people.map((person) => personFree(person, from, to)).reduce((a, b) => intersectIntervals(a, b));
}

type Settings = Required<Omit<SlotRequest, 'people' | 'now' | 'notBefore'>>;

function resolve(request: Partial<SlotRequest>): Settings {
  const settings: Settings = {
    horizonDays: request.horizonDays ?? SLOT_DEFAULTS.horizonDays,
    durationMinutes: request.durationMinutes ?? SLOT_DEFAULTS.durationMinutes,
    count: request.count ?? SLOT_DEFAULTS.count,
    stepMinutes: request.stepMinutes ?? SLOT_DEFAULTS.stepMinutes,
    minNoticeHours: request.minNoticeHours ?? SLOT_DEFAULTS.minNoticeHours,
  };
  // A zero step would never advance, and a zero-length session is no session.
  for (const key of ['durationMinutes', 'stepMinutes'] as const) {
    if (!(Number.isFinite(settings[key]) && settings[key] > 0)) throw new RangeError(`${key} is ${settings[key]}; it must be more than 0`);
  }
  for (const key of ['horizonDays', 'count', 'minNoticeHours'] as const) {
    if (!(Number.isFinite(settings[key]) && settings[key] >= 0)) throw new RangeError(`${key} is ${settings[key]}; it must be at least 0`);
  }
  return settings;
}

function earliestStart(request: Pick<SlotRequest, 'now' | 'notBefore'>, minNoticeHours: number): number {
  const notice = request.now.getTime() + minNoticeHours * HOUR_MS;
  return Math.max(notice, request.notBefore?.getTime() ?? notice);
}

/** Every grid-aligned slot that starts at or after `from` and ends by `to`, in start order. */
function candidateSlots(people: readonly SchedulingPerson[], from: number, to: number, settings: Settings): Interval[] {
  if (to <= from) return [];
  const duration = settings.durationMinutes * MINUTE_MS;
  const step = settings.stepMinutes * MINUTE_MS;
  const slots: Interval[] = [];
  for (const free of commonFreeIntervals(people, new Date(from), new Date(to))) {
    // The grid is counted from the epoch, which is a UTC midnight.
    for (let start = Math.ceil(free.start / step) * step; start + duration <= free.end; start += step) {
      slots.push({ start, end: start + duration });
    }
  }
  return slots;
}

function personFree(person: SchedulingPerson, from: Date, to: Date): Interval[] {
  const working = windowIntervals(person.working, person.timeZone, from, to);
  const available = windowIntervals(person.availability, person.timeZone, from, to);
  return subtract(intersectIntervals(working, available), person.busy);
}


/** Busy intervals may come unsorted and overlapping (double bookings happen). Touching is not overlapping. */
function subtract(free: readonly Interval[], busy: readonly Interval[]): Interval[] {
  const blocks = [...busy].sort((x, y) => x.start - y.start);
  const out: Interval[] = [];
  for (const interval of free) {
    let cursor = interval.start;
    for (const block of blocks) {
      if (block.end <= cursor || block.start >= interval.end) continue;
      if (block.start > cursor) out.push({ start: cursor, end: block.start });
      cursor = Math.max(cursor, block.end);
    }
    if (interval.end > cursor) out.push({ start: cursor, end: interval.end });
  }
  return out;
}

/**
 * Spread the choice: round by round, the earliest slot on each UTC day in
 * date order, so nobody is offered three times on one afternoon while other
 * days are open. Slots that overlap one already chosen come last: "14:00 or
 * 14:30" is a poorer choice than two separate times, but better than nothing.
 */
function spread(candidates: readonly Interval[], count: number): Interval[] {
  const chosen: Interval[] = [];
  const overlapsChosen = (slot: Interval) => chosen.some((c) => slot.start < c.end && c.start < slot.end);
  roundRobinByDay(candidates, chosen, count, (slot) => !overlapsChosen(slot));
  roundRobinByDay(candidates, chosen, count, () => true);
  return chosen.sort((x, y) => x.start - y.start);
}

function roundRobinByDay(candidates: readonly Interval[], chosen: Interval[], count: number, acceptable: (slot: Interval) => boolean): void {
  const days = groupByUtcDay(candidates);
  let pickedInRound = true;
  while (chosen.length < count && pickedInRound) {
    pickedInRound = false;
    for (const slots of days) {
      if (chosen.length >= count) return;
      const next = slots.find((slot) => !chosen.includes(slot) && acceptable(slot));
      if (next === undefined) continue;
      chosen.push(next);
      pickedInRound = true;
    }
  }
}

/** Candidates come sorted, so days and the slots within them come out in order. */
function groupByUtcDay(candidates: readonly Interval[]): Interval[][] {
  const days = new Map<number, Interval[]>();
  for (const slot of candidates) {
    const day = Math.floor(slot.start / DAY_MS);
    const slots = days.get(day);
    if (slots === undefined) days.set(day, [slot]);
    else slots.push(slot);
  }
  return [...days.values()];
}

/** Monday of the first Monday-to-Sunday week wholly inside the month starting at `monthStart` (UTC). */
function firstFullWeekStart(monthStart: number): number {
  const isoWeekday = ((new Date(monthStart).getUTCDay() + 6) % 7) + 1;
  return monthStart + ((8 - isoWeekday) % 7) * DAY_MS;
}

function toSlot(interval: Interval): Slot {
  return { start: new Date(interval.start), end: new Date(interval.end) };
}
