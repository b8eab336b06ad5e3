import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { WeeklyWindow } from '../../src/domain/localTime.js';
import { seededRandom } from '../../src/domain/random.js';
import { topicAffinity, topicOffered } from '../../src/domain/circles/circleFit.js';
import {
  type CircleFacilitator,
  type CircleMember,
  type CircleTopic,
  type Formation,
  type FormationInput,
  type FormationSettings,
  formCircles,
  type FormationOutcome,
} from '../../src/domain/circles/formation.js';
import { availableSlots, hasSlot, SLOT_COUNT, slotCalendar, slotSetOf } from '../../src/domain/circles/weeklySlots.js';

const TOPICS: CircleTopic[] = [
  { id: 'engineering', name: 'Engineering', skillIds: ['typescript', 'python', 'testing'] },
  { id: 'leadership', name: 'Leadership', skillIds: ['feedback', 'coaching', 'hiring'] },
  { id: 'sales', name: 'Sales', skillIds: ['negotiation'] },
];
const settings = (overrides: Partial<FormationSettings> = {}): FormationSettings => ({ sizeMin: 3, sizeMax: 5, mode: 'peer', topics: TOPICS, sessionMinutes: 60, ...overrides });
const member = (id: string, slots: number[], overrides: Partial<CircleMember> = {}): CircleMember => ({
  id,
  slots: slotSetOf(slots),
  wants: ['typescript'],
  department: null,
  level: null,
  location: null,
  ...overrides,
});
const facilitator = (id: string, slots: number[], overrides: Partial<CircleFacilitator> = {}): CircleFacilitator => ({
  id,
  slots: slotSetOf(slots),
  offers: ['typescript'],
  capacityLeft: 1,
  department: null,
  level: null,
  ...overrides,
});

function formed(input: FormationInput, budget: Parameters<typeof formCircles>[1] = {}): Formation & { ok: true } {
  const outcome = formCircles(input, budget);
  if (!outcome.ok) throw new Error(JSON.stringify(outcome.problems));
  return outcome;
}
const reasonsOf = (f: Formation) => Object.fromEntries(f.unplaced.map((u) => [u.id, u.reason]));

/** Every hard rule, checked on the answer alone. */
function expectValid(input: FormationInput, outcome: FormationOutcome): void {
  if (!outcome.ok) throw new Error(JSON.stringify(outcome.problems));
  const { sizeMin, sizeMax, mode, sessionMinutes } = input.settings;
  const members = new Map(input.members.map((m) => [m.id, m]));
  const facilitators = new Map(input.facilitators.map((f) => [f.id, f]));
  const placed = outcome.circles.flatMap((c) => c.memberIds);
  expect(new Set(placed).size).toBe(placed.length);
  const unplaced = outcome.unplaced.map((u) => u.id);
  expect([...placed, ...unplaced].sort()).toEqual([...members.keys()].sort());
  const led = new Map<string, number[]>();
  for (const c of outcome.circles) {
    expect(c.memberIds.length).toBeGreaterThanOrEqual(sizeMin);
    expect(c.memberIds.length).toBeLessThanOrEqual(sizeMax);
    const topic = TOPICS.find((t) => t.id === c.topicId) as CircleTopic;
    for (const id of c.memberIds) {
      const m = members.get(id) as CircleMember;
      expect(hasSlot(m.slots, c.slotIndex), `${id} free at ${c.slotIndex}`).toBe(true);
      expect(topicAffinity(m.wants, topic).affinity).toBeGreaterThan(0);
    }
    expect(c.fit).toBeGreaterThanOrEqual(0);
    expect(c.fit).toBeLessThanOrEqual(1 + 1e-12);
    if (mode === 'peer') {
      expect(c.facilitatorId).toBeNull();
    } else {
      const f = facilitators.get(c.facilitatorId as string) as CircleFacilitator;
      expect(hasSlot(f.slots, c.slotIndex)).toBe(true);
      expect(topicOffered(f.offers, topic).length).toBeGreaterThan(0);
      led.set(f.id, [...(led.get(f.id) ?? []), c.slotIndex]);
    }
  }
  const span = Math.ceil(sessionMinutes / 30);
  for (const [id, slots] of led) {
    expect(slots.length).toBeLessThanOrEqual((facilitators.get(id) as CircleFacilitator).capacityLeft);
    for (const a of slots) for (const b of slots) if (a !== b) expect(Math.min(Math.abs(a - b), SLOT_COUNT - Math.abs(a - b))).toBeGreaterThanOrEqual(span);
  }
  const total = outcome.circles.reduce((s, c) => s + c.members.reduce((t, m) => t + m.fit, 0), 0);
  expect(outcome.totalFit).toBeCloseTo(total, 9);
  expect(outcome.totalFit).toBeLessThanOrEqual(outcome.upperBound + 1e-9);
  expect(outcome.totalFit).toBeGreaterThanOrEqual(outcome.stats.greedyFit - 1e-9);
}

describe('settings', () => {
  it('sizes outside 3–8, or a minimum above the maximum, are refused with the field named', () => {
    const tooSmall = formCircles({ settings: settings({ sizeMin: 2 }), members: [], facilitators: [] });
    expect(tooSmall).toEqual({ ok: false, problems: [{ field: 'settings.sizeMin', code: 'out_of_range', message: 'sizeMin must be a whole number from 3 to 8, not 2' }] });
    const tooBig = formCircles({ settings: settings({ sizeMax: 9 }), members: [], facilitators: [] });
    expect(tooBig.ok === false && tooBig.problems.map((p) => p.field)).toEqual(['settings.sizeMax']);
    const crossed = formCircles({ settings: settings({ sizeMin: 6, sizeMax: 4 }), members: [], facilitators: [] });
    expect(crossed.ok === false && crossed.problems[0]?.message).toBe('sizeMin (6) must not be more than sizeMax (4)');
  });

  it('repeated ids, broken slot sets, negative capacity and a person in both lists are refused', () => {
    const outcome = formCircles({
      settings: settings({ mode: 'facilitated' }),
      members: [member('a', [1]), member('a', [1]), { ...member('b', []), slots: new Uint32Array(3) }],
      facilitators: [facilitator('b', [1], { capacityLeft: -1 })],
    });
    expect(outcome.ok === false && outcome.problems.map((p) => `${p.field} ${p.code}`)).toEqual([
      'members[1].id duplicate',
      'members[2].slots invalid',
      'facilitators[0].capacityLeft out_of_range',
      'facilitators[0].id duplicate',
    ]);
  });

  it('nobody to place is no circle and no error', () => {
    expect(formed({ settings: settings(), members: [], facilitators: [] })).toMatchObject({ circles: [], unplaced: [], totalFit: 0, upperBound: 0 });
  });
});

describe('why someone waits', () => {
  const nineToFive: WeeklyWindow = { days: [1, 2, 3, 4, 5], startMinute: 540, endMinute: 1020 };

  it('people whose working hours never overlap: no_common_time', () => {
    // Tokyo and New York office hours never meet, whatever the circle's zone: three of each cannot make a circle of four.
    const calendar = slotCalendar({ timeZone: 'Europe/London', cadence: 'weekly', sessionMinutes: 60, from: new Date('2027-03-01T00:00:00Z'), until: new Date('2027-05-01T00:00:00Z') });
    const members = ['Asia/Tokyo', 'Asia/Tokyo', 'Asia/Tokyo', 'America/New_York', 'America/New_York', 'America/New_York'].map((timeZone, i) =>
      member(`p${i}`, [], { slots: availableSlots(calendar, { timeZone, windows: [nineToFive] }) }),
    );
    const result = formed({ settings: settings({ sizeMin: 4 }), members, facilitators: [] });
    expect(result.circles).toEqual([]);
    expect(result.unplaced.map((u) => u.reason)).toEqual(Array(6).fill('no_common_time'));
    expect(result.upperBound).toBe(0);
  });

  it('no topic, too few, no facilitator, facilitators full and no room', () => {
    expect(reasonsOf(formed({ settings: settings(), members: [member('a', [1], { wants: ['knitting'] })], facilitators: [] }))).toEqual({ a: 'no_topic' });
    expect(reasonsOf(formed({ settings: settings(), members: [member('a', [1]), member('b', [1])], facilitators: [] }))).toEqual({ a: 'too_few', b: 'too_few' });
    const four = ['a', 'b', 'c', 'd'].map((id) => member(id, [1, 2]));
    expect(reasonsOf(formed({ settings: settings({ mode: 'facilitated' }), members: four, facilitators: [facilitator('f', [1], { offers: ['coaching'] })] }))).toEqual({
      a: 'no_facilitator',
      b: 'no_facilitator',
      c: 'no_facilitator',
      d: 'no_facilitator',
    });
    // A facilitator of the topic, but never free when the members are.
    expect(Object.values(reasonsOf(formed({ settings: settings({ mode: 'facilitated' }), members: four, facilitators: [facilitator('f', [9])] })))).toEqual(Array(4).fill('no_facilitator'));
    const six = ['a', 'b', 'c', 'd', 'e', 'f'].map((id) => member(id, [1]));
    const oneFacilitator = formed({ settings: settings({ mode: 'facilitated', sizeMax: 3 }), members: six, facilitators: [facilitator('x', [1])] });
    expect(oneFacilitator.circles).toHaveLength(1);
    expect(Object.values(reasonsOf(oneFacilitator))).toEqual(Array(3).fill('facilitators_full'));
    const peers = formed({ settings: settings({ sizeMax: 3 }), members: four, facilitators: [] });
    expect(peers.circles).toHaveLength(1);
    expect(Object.values(reasonsOf(peers))).toEqual(['no_room']);
  });
});

describe('facilitators', () => {
  const six = ['a', 'b', 'c', 'd', 'e', 'f'];

  it('are never double-booked: two circles of one facilitator need sessions that do not overlap', () => {
    // An hour-long session at slot 10 runs into slot 11; slot 12 is clear of it.
    const clashing = formed({ settings: settings({ mode: 'facilitated', sizeMax: 3 }), members: six.map((id) => member(id, [10, 11])), facilitators: [facilitator('x', [10, 11], { capacityLeft: 2 })] });
    expect(clashing.circles).toHaveLength(1);
    expect(clashing.unplaced.map((u) => u.reason)).toEqual(Array(3).fill('facilitators_full'));
    const apart = formed({ settings: settings({ mode: 'facilitated', sizeMax: 3 }), members: six.map((id) => member(id, [10, 12])), facilitators: [facilitator('x', [10, 12], { capacityLeft: 2 })] });
    expect(apart.circles.map((c) => [c.facilitatorId, c.slotIndex])).toEqual([
      ['x', 10],
      ['x', 12],
    ]);
  });

  it('take no more circles than they have room for', () => {
    const result = formed({
      settings: settings({ mode: 'facilitated', sizeMax: 3 }),
      members: [...six, 'g', 'h', 'i'].map((id) => member(id, [10, 20, 30])),
      facilitators: [facilitator('x', [10, 20, 30], { capacityLeft: 2 })],
    });
    expect(result.circles).toHaveLength(2);
    expect(result.unplaced).toHaveLength(3);
  });
});

describe('fit and reasons', () => {
  it('a circle that is everything the program wants scores its upper bound', () => {
    const members = [
      member('a', [1, 2, 3, 4], { wants: ['engineering'], department: 'Sales', level: 1 }),
      member('b', [1, 2, 3, 4], { wants: ['typescript', 'python', 'testing'], department: 'Data', level: 3 }),
      member('c', [1, 2, 3, 4], { wants: ['engineering'], department: 'Design', level: 5 }),
    ];
    const result = formed({ settings: settings(), members, facilitators: [] });
    expect(result.circles).toHaveLength(1);
    expect(result.totalFit).toBeCloseTo(3, 12);
    expect(result.upperBound).toBeCloseTo(3, 12);
    const circle = result.circles[0];
    expect(circle?.slotIndex).toBe(2); // the middle of the run 1–4, so it can move either way
    expect(circle?.members.find((m) => m.id === 'b')?.reasons).toEqual([
      { kind: 'topic', topicId: 'engineering', wanted: ['typescript', 'python', 'testing'] },
      { kind: 'time', slotIndex: 2, commonSlots: 4 },
      { kind: 'department_variety', departments: 3 },
      { kind: 'level_spread', minLevel: 1, maxLevel: 5 },
    ]);
  });

  it('mixes departments: two teams of three become two mixed circles', () => {
    const members = ['a', 'b', 'c', 'd', 'e', 'f'].map((id, i) => member(id, [1], { department: i < 3 ? 'Platform' : 'Sales' }));
    const result = formed({ settings: settings({ sizeMax: 3 }), members, facilitators: [] });
    for (const c of result.circles) {
      const departments = c.memberIds.map((id) => members.find((m) => m.id === id)?.department);
      expect(new Set(departments).size).toBe(2);
    }
  });
});

/** A seeded org of `n` people over a few slots, topics and departments. */
function randomInput(n: number, seed: number, mode: 'peer' | 'facilitated'): FormationInput {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)] as T;
  const skills = ['typescript', 'python', 'testing', 'feedback', 'coaching', 'hiring', 'negotiation', 'sales'];
  const slots = () => Array.from({ length: 3 + Math.floor(random() * 6) }, () => pick([9, 10, 11, 12, 13, 14, 60, 61, 62, 200, 201]));
  const people = Array.from({ length: n }, (_, i) =>
    member(`m${String(i).padStart(3, '0')}`, slots(), { wants: [pick(skills), pick(skills)], department: pick(['A', 'B', 'C', 'D', 'E']), level: 1 + Math.floor(random() * 7) }),
  );
  const leads = Array.from({ length: Math.ceil(n / 8) }, (_, i) => facilitator(`f${i}`, slots(), { offers: [pick(skills), pick(skills), pick(skills)], capacityLeft: 1 + Math.floor(random() * 3) }));
  return { settings: settings({ mode, sizeMin: 4, sizeMax: 6 }), members: people, facilitators: mode === 'facilitated' ? leads : [] };
}

describe('local search', () => {
  it('never ends below the greedy construction alone, and does better on a mixed org', () => {
    for (const mode of ['peer', 'facilitated'] as const) {
      const input = randomInput(64, 7, mode);
      const greedy = formed(input, { iterations: 0 });
      const searched = formed(input, { iterations: 1500 });
      expectValid(input, searched);
      expect(greedy.totalFit).toBeCloseTo(searched.stats.greedyFit, 9);
      expect(searched.totalFit).toBeGreaterThan(greedy.totalFit);
      expect(searched.stats.acceptedMoves).toBeGreaterThan(0);
    }
  });

  it('is deterministic, and the order people arrive in changes nothing', () => {
    const input = randomInput(60, 3, 'facilitated');
    const reversed = { ...input, members: [...input.members].reverse(), facilitators: [...input.facilitators].reverse() };
    expect(formed(reversed, { iterations: 1000, seed: 5 })).toEqual(formed(input, { iterations: 1000, seed: 5 }));
  });

  it('stops at the time limit of an injected clock', () => {
    let now = 0;
    const result = formed(randomInput(40, 4, 'peer'), { iterations: 1_000_000, timeLimitMs: 10, clock: () => (now += 1) });
    expect(result.stats.iterations).toBeLessThan(1_000_000);
    expect(result.stats.timings).toBeDefined();
  });
});

describe('properties', () => {
  const PALETTE = [10, 11, 12, 13, 60, 61, 200];
  const SKILLS = ['typescript', 'python', 'feedback', 'coaching', 'negotiation', 'sales', 'knitting'];
  const department = fc.option(fc.constantFrom('A', 'B', 'C', 'D'), { nil: null });
  const level = fc.option(fc.integer({ min: 1, max: 8 }), { nil: null });
  const arbitraryInput = fc
    .record({
      sizeMin: fc.integer({ min: 3, max: 5 }),
      extra: fc.integer({ min: 0, max: 3 }),
      mode: fc.constantFrom<'peer' | 'facilitated'>('peer', 'facilitated'),
      sessionMinutes: fc.constantFrom(30, 60, 90),
      members: fc.array(fc.record({ slots: fc.subarray(PALETTE), wants: fc.subarray(SKILLS), department, level }), { maxLength: 36 }),
      facilitators: fc.array(fc.record({ slots: fc.subarray(PALETTE), offers: fc.subarray(SKILLS), capacityLeft: fc.integer({ min: 0, max: 3 }), department, level }), { maxLength: 6 }),
    })
    .map(
      (r): FormationInput => ({
        settings: settings({ sizeMin: r.sizeMin, sizeMax: Math.min(8, r.sizeMin + r.extra), mode: r.mode, sessionMinutes: r.sessionMinutes }),
        members: r.members.map((m, i) => member(`m${i}`, m.slots, { wants: m.wants, department: m.department, level: m.level })),
        facilitators: r.facilitators.map((f, i) => facilitator(`f${i}`, f.slots, { offers: f.offers, capacityLeft: f.capacityLeft, department: f.department, level: f.level })),
      }),
    );

  it('every hard rule holds, totalFit ≤ upperBound, and everyone is placed or told why', () => {
    fc.assert(
      fc.property(arbitraryInput, fc.integer({ min: 0, max: 400 }), (input, iterations) => {
        expectValid(input, formCircles(input, { iterations, seed: iterations }));
      }),
      { numRuns: 80 },
    );
  });
});
