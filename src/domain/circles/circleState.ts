import { circleSum, levelPart, timePart } from './circleFit.js';
import type { Problem } from './problem.js';
import { emptySlotSet, hasSlot, popcount, SLOT_COUNT, SLOT_WORDS, type SlotSet } from './weeklySlots.js';

/**
 * The circles being formed, and the two questions every step asks: what a
 * would-be circle scores, and whether it still has a time to meet that its
 * facilitator is not already using. Construction and local search change
 * circles only through here, so the hard rules hold after every step.
 */

export interface CircleState {
  topic: number;
  /** -1 in peer mode. */
  facilitator: number;
  members: number[];
  /** Slots every member and the facilitator share. */
  common: SlotSet;
  commonCount: number;
  /** Always in `common`, and never overlapping another circle of the same facilitator. */
  slot: number;
  /** Sum of the members' fits. */
  sum: number;
}

export class Circles {
  readonly list: CircleState[] = [];
  readonly circleOf: Int32Array;
  readonly ofTopic: number[][];
  readonly ofFacilitator: number[][];
  /** Set by evaluate. */
  commonCount = 0;
  private readonly busy = emptySlotSet();

  constructor(readonly problem: Problem) {
    this.circleOf = new Int32Array(problem.members.length).fill(-1);
    this.ofTopic = problem.topics.map(() => []);
    this.ofFacilitator = problem.facilitators.map(() => []);
  }

  /** The sum of member fits of a would-be circle; its common slots go into `into`, their count into commonCount. */
  evaluate(topic: number, facilitator: number, members: readonly number[], into: SlotSet): number {
    const { slots, facilitatorSlots, affinity, department, level } = this.problem;
    const t = this.problem.topics.length;
    const size = members.length;
    if (this.keptApart(facilitator, members)) {
      // Two people who must not meet: as unworkable as a circle with no common time.
      into.fill(0);
      this.commonCount = 0;
      return 0;
    }
    let count = 0;
    for (let w = 0; w < SLOT_WORDS; w += 1) {
      let word = facilitator >= 0 ? (facilitatorSlots[facilitator * SLOT_WORDS + w] as number) : 0xffffffff;
      for (let i = 0; i < size && word !== 0; i += 1) word &= slots[(members[i] as number) * SLOT_WORDS + w] as number;
      into[w] = word >>> 0;
      count += popcount(word);
    }
    let affinitySum = 0;
    let sameSquares = 0;
    let known = 0;
    let min = Infinity;
    let max = -Infinity;
    for (let i = 0; i < size; i += 1) {
      const m = members[i] as number;
      affinitySum += affinity[m * t + topic] as number;
      const d = department[m];
      for (let j = 0; j < size; j += 1) if (department[members[j] as number] === d) sameSquares += 1;
      const l = level[m] as number;
      if (l === l) {
        known += 1;
        if (l < min) min = l;
        if (l > max) max = l;
      }
    }
    this.commonCount = count;
    return circleSum(size, affinitySum, sameSquares, levelPart(known, min, max), timePart(count));
  }

  /** Whether the would-be circle seats two people who must be kept apart. */
  private keptApart(facilitator: number, members: readonly number[]): boolean {
    const { apart, facilitatorApart } = this.problem;
    if (apart.size === 0 && facilitatorApart.size === 0) return false;
    const n = this.problem.members.length;
    for (let i = 0; i < members.length; i += 1) {
      const a = members[i] as number;
      if (facilitator >= 0 && facilitatorApart.has(facilitator * n + a)) return true;
      for (let j = i + 1; j < members.length; j += 1) if (apart.has(a * n + (members[j] as number))) return true;
    }
    return false;
  }

  /**
   * A slot for a circle with these common slots: `current` while it still
   * works (circles do not hop about as people move), otherwise the middle
   * of the longest run the facilitator has free. -1 when there is none.
   */
  slotFor(facilitator: number, common: SlotSet, except: number, current: number): number {
    let usable = common;
    if (facilitator >= 0) {
      this.busyOf(facilitator, except);
      usable = this.busy;
      for (let w = 0; w < SLOT_WORDS; w += 1) usable[w] = ((common[w] as number) & ~(usable[w] as number)) >>> 0;
    }
    if (current >= 0 && hasSlot(usable, current)) return current;
    return pickSlot(usable);
  }

  /** Slots the facilitator's other circles make impossible: within a session's length of their starts. */
  private busyOf(facilitator: number, except: number): void {
    this.busy.fill(0);
    const span = this.problem.span;
    for (const c of this.ofFacilitator[facilitator] as number[]) {
      if (c === except) continue;
      const slot = (this.list[c] as CircleState).slot;
      for (let d = -span + 1; d < span; d += 1) {
        const s = (((slot + d) % SLOT_COUNT) + SLOT_COUNT) % SLOT_COUNT;
        this.busy[s >>> 5] = ((this.busy[s >>> 5] as number) | (1 << (s & 31))) >>> 0;
      }
    }
  }

  /** The facilitator's slots that none of their other circles rules out. */
  facilitatorFree(facilitator: number, except: number, into: SlotSet): SlotSet {
    this.busyOf(facilitator, except);
    const own = this.problem.facilitatorSlots;
    for (let w = 0; w < SLOT_WORDS; w += 1) into[w] = ((own[facilitator * SLOT_WORDS + w] as number) & ~(this.busy[w] as number)) >>> 0;
    return into;
  }

  facilitatorHasRoom(facilitator: number): boolean {
    return (this.ofFacilitator[facilitator] as number[]).length < (this.problem.capacity[facilitator] as number);
  }

  create(topic: number, facilitator: number, members: number[]): number {
    const common = emptySlotSet();
    const sum = this.evaluate(topic, facilitator, members, common);
    const slot = this.slotFor(facilitator, common, -1, -1);
    if (slot < 0 || members.some((m) => this.circleOf[m] !== -1)) throw new Error('a circle was created against the rules');
    const c = this.list.length;
    this.list.push({ topic, facilitator, members, common, commonCount: this.commonCount, slot, sum });
    for (const m of members) this.circleOf[m] = c;
    (this.ofTopic[topic] as number[]).push(c);
    if (facilitator >= 0) (this.ofFacilitator[facilitator] as number[]).push(c);
    return c;
  }

  /** Gives a circle new members (and facilitator); the caller has checked a slot exists. */
  update(c: number, members: number[], facilitator: number = (this.list[c] as CircleState).facilitator): void {
    const circle = this.list[c] as CircleState;
    for (const m of circle.members) if (this.circleOf[m] === c) this.circleOf[m] = -1;
    if (facilitator !== circle.facilitator) {
      if (circle.facilitator >= 0) {
        const mine = this.ofFacilitator[circle.facilitator] as number[];
        mine.splice(mine.indexOf(c), 1);
      }
      (this.ofFacilitator[facilitator] as number[]).push(c);
    }
    circle.sum = this.evaluate(circle.topic, facilitator, members, circle.common);
    circle.commonCount = this.commonCount;
    const slot = this.slotFor(facilitator, circle.common, c, circle.facilitator === facilitator ? circle.slot : -1);
    if (slot < 0) throw new Error('a circle was left without a time to meet');
    circle.slot = slot;
    circle.facilitator = facilitator;
    circle.members = members;
    for (const m of members) this.circleOf[m] = c;
  }

  total(): number {
    return this.list.reduce((sum, c) => sum + c.sum, 0);
  }
}

/** The middle of the longest run of consecutive slots in the set (round the week's end too); ties go to the earliest. -1 when empty. */
export function pickSlot(set: SlotSet): number {
  let gap = -1;
  for (let s = 0; s < SLOT_COUNT; s += 1) {
    if (!hasSlot(set, s)) {
      gap = s;
      break;
    }
  }
  if (gap < 0) return 0;
  let best = -1;
  let bestLength = 0;
  let runStart = -1;
  for (let k = 1; k <= SLOT_COUNT; k += 1) {
    const s = (gap + k) % SLOT_COUNT;
    if (hasSlot(set, s)) {
      if (runStart < 0) runStart = k;
      continue;
    }
    if (runStart >= 0) {
      const length = k - runStart;
      const middle = (gap + runStart + Math.floor((length - 1) / 2)) % SLOT_COUNT;
      if (length > bestLength || (length === bestLength && middle < best)) {
        best = middle;
        bestLength = length;
      }
      runStart = -1;
    }
  }
  return best;
}
