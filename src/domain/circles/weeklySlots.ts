import { instantOf, localDateOf, utcOffsetMinutes, type WeeklyWindow } from '../localTime.js';
import { formatMinutes } from '../intake.js';

/**
 * The recurring times a circle could meet, and who can make them.
 *
 * A circle meets at one fixed local weekday and time in its own zone (the
 * program's), weekly, fortnightly or monthly. The candidates are a grid of
 * 7 × 48 slots, one every 30 minutes of the circle's week:
 * slot = (ISO weekday − 1) × 48 + minuteOfDay / 30, so 0 is Monday 00:00 and
 * 335 is Sunday 23:30. A SlotSet is a bitset over that grid.
 *
 * API, for the services around it:
 * - slotCalendar({ timeZone, cadence, sessionMinutes, from, until }) once per
 *   program and horizon: every slot's occurrences in [from, until).
 * - availableSlots(calendar, { timeZone, windows }) per person: the slots
 *   whose every occurrence lies wholly inside all of the person's windows
 *   (working hours, and a narrower availability if they gave one).
 * - emptySlotSet, slotSetOf, hasSlot, addSlot, intersectSlots, overlaps,
 *   countSlots, slotIndices: bitset helpers.
 * - slotIndex(weekday, minuteOfDay), describeSlot(slot), and
 *   nextOccurrence(slot, after, spec) for the first meeting after a date.
 *
 * Cadences: weekly is every week; fortnightly is every other week counted
 * from the first occurrence at or after `from`; monthly is the first such
 * weekday of each calendar month ("the first Tuesday"), in the circle's zone.
 *
 * Why it is fast: between daylight-saving changes both zones keep their
 * offsets, so whether an occurrence fits depends only on the difference of
 * the two offsets. A horizon holds a handful of such regimes, and each is one
 * pass over the 336 slots in plain minute arithmetic. Occurrences within
 * ZONE_CHANGE_MARGIN_HOURS of a change in either zone (where a local day is
 * 23 or 25 hours long, or a wall time is skipped) are instead checked one by
 * one through localTime.ts, so they follow its rule for skipped and repeated
 * times exactly.
 */

export const SLOT_MINUTES = 30;
export const SLOTS_PER_DAY = (24 * 60) / SLOT_MINUTES;
export const SLOT_COUNT = 7 * SLOTS_PER_DAY;
export const SLOT_WORDS = Math.ceil(SLOT_COUNT / 32);

/** One bit per slot; SLOT_WORDS long. */
export type SlotSet = Uint32Array;

export type Cadence = 'weekly' | 'fortnightly' | 'monthly';

export interface SlotCalendarSpec {
  /** The circle's (the program's) IANA zone: slots are its local wall times. */
  timeZone: string;
  cadence: Cadence;
  sessionMinutes: number;
  /** Occurrences starting in [from, until) must all fit. */
  from: Date;
  until: Date;
}

export interface SlotCalendar {
  readonly spec: SlotCalendarSpec;
  /** Each slot's occurrence starts (epoch ms), earliest first. */
  readonly starts: readonly Float64Array[];
}

export interface SlotAvailability {
  timeZone: string;
  /** A session must lie wholly inside one occurrence of every window; an empty list rules nothing out. */
  windows: readonly WeeklyWindow[];
}

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;
const WEEK_MINUTES = 7 * 24 * 60;
/**
 * Further than this from a change, an occurrence's whole local day (at most 25
 * hours) sits in one regime in both zones, so minute arithmetic is exact.
 */
const ZONE_CHANGE_MARGIN_HOURS = 30;
/** Samples this far apart cannot straddle two changes: no zone changes its clocks twice in half a day. */
const SAMPLE_MS = 12 * HOUR_MS;

// ——— Bitsets ———

export function emptySlotSet(): SlotSet {
  return new Uint32Array(SLOT_WORDS);
}

export function slotSetOf(slots: Iterable<number>): SlotSet {
  const set = emptySlotSet();
  for (const slot of slots) addSlot(set, slot);
  return set;
}

export function addSlot(set: SlotSet, slot: number): void {
  set[slot >>> 5] = ((set[slot >>> 5] as number) | (1 << (slot & 31))) >>> 0;
}

export function hasSlot(set: SlotSet, slot: number): boolean {
  return (((set[slot >>> 5] as number) >>> (slot & 31)) & 1) === 1;
}

/** a ∩ b ∩ …, as a new set (or into `into`, which may be one of the inputs). */
export function intersectSlots(sets: readonly SlotSet[], into: SlotSet = emptySlotSet()): SlotSet {
  for (let w = 0; w < SLOT_WORDS; w += 1) {
    let word = 0xffffffff;
    for (const set of sets) word &= set[w] as number;
    into[w] = sets.length === 0 ? 0 : word >>> 0;
  }
  return into;
}

/** Whether two sets share a slot, without building the intersection. */
export function overlaps(a: SlotSet, b: SlotSet): boolean {
  for (let w = 0; w < SLOT_WORDS; w += 1) if (((a[w] as number) & (b[w] as number)) !== 0) return true;
  return false;
}

export function countSlots(set: SlotSet): number {
  let count = 0;
  for (let w = 0; w < SLOT_WORDS; w += 1) count += popcount(set[w] as number);
  return count;
}

export function popcount(word: number): number {
  let x = word - ((word >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) & 0xff;
}

export function slotIndices(set: SlotSet): number[] {
  const out: number[] = [];
  for (let slot = 0; slot < SLOT_COUNT; slot += 1) if (hasSlot(set, slot)) out.push(slot);
  return out;
}

// ——— Naming slots ———

/** The slot of an ISO weekday (1–7) and a local minute of the day on the 30-minute grid. */
export function slotIndex(weekday: number, minuteOfDay: number): number {
  if (!Number.isInteger(weekday) || weekday < 1 || weekday > 7 || !Number.isInteger(minuteOfDay) || minuteOfDay < 0 || minuteOfDay >= 24 * 60 || minuteOfDay % SLOT_MINUTES !== 0) {
    throw new RangeError(`no slot at weekday ${weekday}, minute ${minuteOfDay}`);
  }
  return (weekday - 1) * SLOTS_PER_DAY + minuteOfDay / SLOT_MINUTES;
}

/** A slot as the circle's zone reads it: ISO weekday and "HH:MM". */
export function describeSlot(slot: number): { weekday: number; minuteOfDay: number; time: string } {
  checkSlot(slot);
  const minuteOfDay = (slot % SLOTS_PER_DAY) * SLOT_MINUTES;
  const time = formatMinutes(minuteOfDay);
  return { weekday: Math.floor(slot / SLOTS_PER_DAY) + 1, minuteOfDay, time };
}

function checkSlot(slot: number): void {
  if (!Number.isInteger(slot) || slot < 0 || slot >= SLOT_COUNT) throw new RangeError(`slot ${slot} is not in 0–${SLOT_COUNT - 1}`);
}

// ——— Occurrences ———

const dateText = (day: number) => new Date(day).toISOString().slice(0, 10);
/** ISO weekday of a local date given as its midnight wall value; 1970-01-01 was a Thursday. */
const weekdayOfDay = (day: number) => ((((Math.floor(day / DAY_MS) + 3) % 7) + 7) % 7) + 1;
const wallDay = (at: Date, timeZone: string) => Date.parse(`${localDateOf(at, timeZone)}T00:00:00Z`);

type Resolve = (localDay: number, minuteOfDay: number) => number;

/**
 * The slot's occurrences from its first one at or after `from`, lazily: each
 * is a local date of the right weekday, resolved to an instant (by instantOf
 * unless the caller has a faster way that agrees with it).
 */
function* occurrences(slot: number, spec: Pick<SlotCalendarSpec, 'timeZone' | 'cadence' | 'from'>, resolve?: Resolve): Generator<number> {
  const { weekday, minuteOfDay } = describeSlot(slot);
  const at = resolve ?? ((day: number, minute: number) => instantOf(dateText(day), minute, spec.timeZone).getTime());
  const first = wallDay(spec.from, spec.timeZone);
  let day = first + ((weekday - weekdayOfDay(first) + 7) % 7) * DAY_MS;
  if (at(day, minuteOfDay) < spec.from.getTime()) day += 7 * DAY_MS;
  const step = (spec.cadence === 'fortnightly' ? 14 : 7) * DAY_MS;
  for (; ; day += step) {
    if (spec.cadence === 'monthly' && new Date(day).getUTCDate() > 7) continue;
    yield at(day, minuteOfDay);
  }
}

export function slotCalendar(spec: SlotCalendarSpec): SlotCalendar {
  if (!Number.isInteger(spec.sessionMinutes) || spec.sessionMinutes < 1 || spec.sessionMinutes > 24 * 60) {
    throw new RangeError(`sessionMinutes must be a whole number of minutes from 1 to 1440, not ${spec.sessionMinutes}`);
  }
  if (!(spec.from.getTime() < spec.until.getTime())) throw new RangeError('the horizon must end after it starts');
  const until = spec.until.getTime();
  const margin = ZONE_CHANGE_MARGIN_HOURS * HOUR_MS;
  const zone = zoneChanges(spec.timeZone, spec.from.getTime() - 2 * margin, until + 2 * margin);
  // Away from the zone's changes a wall time is one fixed offset away from its instant; near them, instantOf decides.
  const resolve: Resolve = (day, minute) => {
    const wall = day + minute * MINUTE_MS;
    const guess = wall - offsetIn(zone, wall) * MINUTE_MS;
    if (zone.changes.some((c) => Math.abs(c.at - guess) <= margin)) return instantOf(dateText(day), minute, spec.timeZone).getTime();
    return guess;
  };
  const starts = Array.from({ length: SLOT_COUNT }, (_, slot) => {
    const list: number[] = [];
    for (const start of occurrences(slot, spec, resolve)) {
      if (start >= until) break;
      list.push(start);
    }
    return Float64Array.from(list);
  });
  return { spec, starts };
}

/** The slot's first occurrence strictly after `after` (never before `from`), DST-correct through instantOf. */
export function nextOccurrence(slot: number, after: Date, spec: Pick<SlotCalendarSpec, 'timeZone' | 'cadence' | 'from'>): Date {
  checkSlot(slot);
  let from = spec.from;
  if (after.getTime() > spec.from.getTime()) {
    if (spec.cadence === 'fortnightly') {
      // Whole fortnights from the first meeting keep the rhythm; starting a day early absorbs any clock change.
      const first = occurrences(slot, spec).next().value as number;
      const fortnights = Math.max(0, Math.floor((after.getTime() - first) / (14 * DAY_MS)));
      from = new Date(Math.max(spec.from.getTime(), first + fortnights * 14 * DAY_MS - DAY_MS));
    } else {
      from = after;
    }
  }
  for (const start of occurrences(slot, { ...spec, from })) if (start > after.getTime()) return new Date(start);
  throw new Error('unreachable: occurrences never end');
}

// ——— Who can make which slot ———

interface ZoneChange {
  at: number;
  /** Offset in minutes from `at` on. */
  offset: number;
}

/** The zone's offset changes in [from, until), found by sampling and then bisecting to the second. */
function zoneChanges(timeZone: string, from: number, until: number): { initial: number; changes: ZoneChange[] } {
  const offset = (t: number) => utcOffsetMinutes(timeZone, new Date(t));
  const initial = offset(from);
  const changes: ZoneChange[] = [];
  let before = initial;
  for (let t = from; t < until; t += SAMPLE_MS) {
    const next = Math.min(t + SAMPLE_MS, until);
    const after = offset(next);
    if (after === before) continue;
    let lo = Math.floor(t / 1000);
    let hi = Math.ceil(next / 1000);
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (offset(mid * 1000) === before) lo = mid;
      else hi = mid;
    }
    changes.push({ at: hi * 1000, offset: after });
    before = after;
  }
  return { initial, changes };
}

function offsetIn(zone: { initial: number; changes: readonly ZoneChange[] }, at: number): number {
  let offset = zone.initial;
  for (const change of zone.changes) {
    if (change.at > at) break;
    offset = change.offset;
  }
  return offset;
}

/** What every person in one zone shares: which slots occur under which offset difference, and which occurrences need care. */
interface ZonePlan {
  timeZone: string;
  occurs: SlotSet;
  regimes: { delta: number; slots: SlotSet }[];
  /** Occurrences near a change, checked through localTime one by one; `day` is the person's local date of the start. */
  nearChanges: { slot: number; start: number; day: number }[];
  /** instantOf for the few (date, minute) pairs near changes, which many people share. */
  instants: Map<number, number>;
  /** People often keep the same hours: answers by window set. */
  answers: Map<string, SlotSet>;
}

const plans = new WeakMap<SlotCalendar, Map<string, ZonePlan>>();

function planFor(calendar: SlotCalendar, personZone: string): ZonePlan {
  let byZone = plans.get(calendar);
  if (byZone === undefined) plans.set(calendar, (byZone = new Map()));
  let plan = byZone.get(personZone);
  if (plan !== undefined) return plan;
  const { spec, starts } = calendar;
  const margin = ZONE_CHANGE_MARGIN_HOURS * HOUR_MS;
  const lo = spec.from.getTime() - 2 * margin;
  const hi = spec.until.getTime() + spec.sessionMinutes * MINUTE_MS + 2 * margin;
  const circle = zoneChanges(spec.timeZone, lo, hi);
  const person = zoneChanges(personZone, lo, hi);
  const changeTimes = [...circle.changes, ...person.changes].map((c) => c.at);
  const nearChange = (start: number) => {
    const end = start + spec.sessionMinutes * MINUTE_MS;
    return changeTimes.some((t) => t >= start - margin && t <= end + margin);
  };
  const occurs = emptySlotSet();
  const regimes = new Map<number, SlotSet>();
  const nearChanges: ZonePlan['nearChanges'] = [];
  starts.forEach((list, slot) => {
    for (const start of list) {
      addSlot(occurs, slot);
      if (nearChange(start)) {
        nearChanges.push({ slot, start, day: wallDay(new Date(start), personZone) });
        continue;
      }
      const delta = offsetIn(person, start) - offsetIn(circle, start);
      let set = regimes.get(delta);
      if (set === undefined) regimes.set(delta, (set = emptySlotSet()));
      addSlot(set, slot);
    }
  });
  const sortedRegimes = [...regimes].sort(([a], [b]) => a - b).map(([delta, slots]) => ({ delta, slots }));
  plan = { timeZone: personZone, occurs, regimes: sortedRegimes, nearChanges, instants: new Map(), answers: new Map() };
  byZone.set(personZone, plan);
  return plan;
}

/**
 * The slots whose every occurrence in the calendar's horizon lies wholly
 * inside each of the person's windows, in the person's own zone. A slot
 * with no occurrence in the horizon is never available. The result is the
 * caller's to keep or change.
 */
export function availableSlots(calendar: SlotCalendar, person: SlotAvailability): SlotSet {
  const plan = planFor(calendar, person.timeZone);
  const key = person.windows.map((w) => `${w.days.join(',')}/${w.startMinute}-${w.endMinute}`).join(';');
  let answer = plan.answers.get(key);
  if (answer === undefined) {
    answer = computeSlots(plan, calendar.spec.sessionMinutes, person.windows);
    plan.answers.set(key, answer);
  }
  return Uint32Array.from(answer);
}

function computeSlots(plan: ZonePlan, duration: number, windows: readonly WeeklyWindow[]): SlotSet {
  const result = Uint32Array.from(plan.occurs);
  for (const { delta, slots } of plan.regimes) {
    for (let slot = 0; slot < SLOT_COUNT; slot += 1) {
      if (hasSlot(slots, slot) && hasSlot(result, slot) && !fitsUnderDelta(slot, delta, duration, windows)) clearSlot(result, slot);
    }
  }
  for (const { slot, start, day } of plan.nearChanges) {
    if (hasSlot(result, slot) && !fitsExactly(plan, start, day, duration, windows)) clearSlot(result, slot);
  }
  return result;
}

function clearSlot(set: SlotSet, slot: number): void {
  set[slot >>> 5] = ((set[slot >>> 5] as number) & ~(1 << (slot & 31))) >>> 0;
}

/**
 * Far from any change, the person's wall clock is the circle's plus `delta`
 * minutes for the whole local day, so a window's stretch is plain minutes
 * of the person's week. A window may run past midnight (endMinute > 1440),
 * so the day before is asked too.
 */
function fitsUnderDelta(slot: number, delta: number, duration: number, windows: readonly WeeklyWindow[]): boolean {
  const minuteOfWeek = (((slot * SLOT_MINUTES + delta) % WEEK_MINUTES) + WEEK_MINUTES) % WEEK_MINUTES;
  const dayIndex = Math.floor(minuteOfWeek / 1440);
  const minute = minuteOfWeek - dayIndex * 1440;
  for (const w of windows) {
    const today = w.days.includes(dayIndex + 1) && w.startMinute <= minute && minute + duration <= w.endMinute;
    const yesterday = w.days.includes(((dayIndex + 6) % 7) + 1) && w.startMinute <= minute + 1440 && minute + 1440 + duration <= w.endMinute;
    if (!today && !yesterday) return false;
  }
  return true;
}

/** The same question for one occurrence, asked of localTime: the window's stretch on the person's local date (or a neighbour) must hold the session. */
function fitsExactly(plan: ZonePlan, start: number, today: number, duration: number, windows: readonly WeeklyWindow[]): boolean {
  const end = start + duration * MINUTE_MS;
  const at = (day: number, minute: number) => {
    const key = (day / DAY_MS) * 4096 + minute;
    let instant = plan.instants.get(key);
    if (instant === undefined) plan.instants.set(key, (instant = instantOf(dateText(day), minute, plan.timeZone).getTime()));
    return instant;
  };
  return windows.every((w) =>
    [today - DAY_MS, today, today + DAY_MS].some((day) => w.days.includes(weekdayOfDay(day)) && at(day, w.startMinute) <= start && end <= at(day, w.endMinute)),
  );
}
