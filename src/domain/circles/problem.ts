import { bestPossibleFit, levelPart, topicAffinity, topicOffered } from './circleFit.js';
import type { CircleFacilitator, CircleMember, CircleTopic, FormationInput } from './circleInput.js';
import { addSlot, countSlots, emptySlotSet, hasSlot, intersectSlots, SLOT_COUNT, SLOT_MINUTES, SLOT_WORDS, type SlotSet } from './weeklySlots.js';

/**
 * The input as numbers: people by index (sorted by id, so the order they
 * arrive in changes nothing), slot sets in one flat array, affinities in a
 * member × topic table. Construction and local search read only this.
 */
export interface Problem {
  sizeMin: number;
  sizeMax: number;
  facilitated: boolean;
  topics: readonly CircleTopic[];
  members: readonly CircleMember[];
  /** members × SLOT_WORDS. */
  slots: Uint32Array;
  slotCount: Int32Array;
  /** members × topics. */
  affinity: Float64Array;
  /** Each member's topics, strongest first. */
  topicsOf: readonly Int32Array[];
  /** Members wanting each topic. */
  membersOf: readonly Int32Array[];
  /** A department number; an unknown department gets one of its own. */
  department: Int32Array;
  /** NaN when unknown. */
  level: Float64Array;
  facilitators: readonly CircleFacilitator[];
  facilitatorSlots: Uint32Array;
  capacity: Int32Array;
  /** Facilitators with room who offer each topic. */
  facilitatorsOf: readonly Int32Array[];
  /** Slots a session covers: a facilitator's circles must start at least this many slots apart. */
  span: number;
  /** Member pairs (i * n + j, both orders) and facilitator–member pairs (f * n + m) that may never share a circle. */
  apart: ReadonlySet<number>;
  facilitatorApart: ReadonlySet<number>;
  /** Slots where at least sizeMin of a topic's people are free. */
  possibleForMembers: readonly SlotSet[];
  /** The same, facilitated, where a facilitator of the topic with room is free too: the only slots a circle of it can have. */
  possible: readonly SlotSet[];
  /** Slots where some facilitator of the topic with room is free. */
  facilitatorUnion: readonly SlotSet[];
  /** Each member's best possible fit. */
  bound: Float64Array;
}

export function compileProblem(input: FormationInput): Problem {
  const { settings } = input;
  const facilitated = settings.mode === 'facilitated';
  const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  const members = [...input.members].sort(byId);
  const facilitators = facilitated ? [...input.facilitators].sort(byId) : [];
  const topics = settings.topics;
  const n = members.length;
  const t = topics.length;

  const slots = new Uint32Array(n * SLOT_WORDS);
  const slotCount = new Int32Array(n);
  const affinity = new Float64Array(n * t);
  const department = new Int32Array(n);
  const level = new Float64Array(n);
  const departments = new Map<string, number>();
  const topicLists: number[][] = topics.map(() => []);
  const topicsOf = members.map((m, i) => {
    slots.set(m.slots, i * SLOT_WORDS);
    slotCount[i] = countSlots(m.slots);
    department[i] = m.department === null ? -1 - i : (departments.get(m.department) ?? departments.set(m.department, departments.size).size - 1);
    level[i] = m.level ?? Number.NaN;
    const mine: number[] = [];
    topics.forEach((topic, k) => {
      const a = topicAffinity(m.wants, topic).affinity;
      affinity[i * t + k] = a;
      if (a > 0) {
        mine.push(k);
        (topicLists[k] as number[]).push(i);
      }
    });
    return Int32Array.from(mine.sort((x, y) => (affinity[i * t + y] as number) - (affinity[i * t + x] as number) || x - y));
  });

  const facilitatorSlots = new Uint32Array(facilitators.length * SLOT_WORDS);
  const capacity = Int32Array.from(facilitators, (f) => f.capacityLeft);
  const facilitatorUnion = topics.map(() => emptySlotSet());
  const facilitatorsOf = topics.map((topic, k) => {
    const offering: number[] = [];
    facilitators.forEach((f, j) => {
      if (f.capacityLeft <= 0 || topicOffered(f.offers, topic).length === 0) return;
      offering.push(j);
      const union = facilitatorUnion[k] as SlotSet;
      for (let w = 0; w < SLOT_WORDS; w += 1) union[w] = ((union[w] as number) | (f.slots[w] as number)) >>> 0;
    });
    return Int32Array.from(offering);
  });
  facilitators.forEach((f, j) => facilitatorSlots.set(f.slots, j * SLOT_WORDS));

  // A circle's common slots are slots all its members share, so a slot fewer than sizeMin of the topic's people have can never be one.
  const possibleForMembers = topicLists.map((list) => {
    const counts = new Int32Array(SLOT_COUNT);
    for (const i of list) for (let s = 0; s < SLOT_COUNT; s += 1) if (hasSlot(members[i]?.slots as SlotSet, s)) counts[s] = (counts[s] as number) + 1;
    const set = emptySlotSet();
    counts.forEach((c, s) => c >= settings.sizeMin && addSlot(set, s));
    return set;
  });
  const possible = possibleForMembers.map((set, k) => (facilitated ? intersectSlots([set, facilitatorUnion[k] as SlotSet]) : set));

  const levelBound = topicLists.map((list) => {
    const known = list.map((i) => level[i] as number).filter((l) => !Number.isNaN(l));
    return levelPart(known.length, known.reduce((a, b) => Math.min(a, b), Infinity), known.reduce((a, b) => Math.max(a, b), -Infinity));
  });
  const bound = Float64Array.from(members, (m, i) => {
    let best = 0;
    for (const k of topicsOf[i] as Int32Array) {
      const common = countSlots(intersectSlots([m.slots, possible[k] as SlotSet]));
      if (common > 0) best = Math.max(best, bestPossibleFit(affinity[i * t + k] as number, levelBound[k] as number, common));
    }
    return best;
  });

  const memberIndex = new Map(members.map((m, i) => [m.id, i]));
  const facilitatorIndex = new Map(facilitators.map((f, j) => [f.id, j]));
  const apart = new Set<number>();
  const facilitatorApart = new Set<number>();
  for (const [a, b] of input.apart ?? []) {
    const [i, j] = [memberIndex.get(a), memberIndex.get(b)];
    if (i !== undefined && j !== undefined) apart.add(i * n + j).add(j * n + i);
    for (const [f, m] of [[a, b], [b, a]] as const) {
      const [fi, mi] = [facilitatorIndex.get(f), memberIndex.get(m)];
      if (fi !== undefined && mi !== undefined) facilitatorApart.add(fi * n + mi);
    }
  }

  return {
    apart,
    facilitatorApart,
    sizeMin: settings.sizeMin,
    sizeMax: settings.sizeMax,
    facilitated,
    topics,
    members,
    slots,
    slotCount,
    affinity,
    topicsOf,
    membersOf: topicLists.map((list) => Int32Array.from(list)),
    department,
    level,
    facilitators,
    facilitatorSlots,
    capacity,
    facilitatorsOf,
    span: Math.ceil(settings.sessionMinutes / SLOT_MINUTES),
    possibleForMembers,
    possible,
    facilitatorUnion,
    bound,
  };
}

/** Whether person `c` must be kept apart from the facilitator or anyone already in `members`. */
export function apartFrom(p: Problem, c: number, members: readonly number[], facilitator: number): boolean {
  if (p.apart.size === 0 && p.facilitatorApart.size === 0) return false;
  const n = p.members.length;
  if (facilitator >= 0 && p.facilitatorApart.has(facilitator * n + c)) return true;
  return members.some((m) => p.apart.has(m * n + c));
}
