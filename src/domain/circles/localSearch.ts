import type { Circles, CircleState } from './circleState.js';
import type { Problem } from './problem.js';
import { emptySlotSet, hasSlot, SLOT_WORDS } from './weeklySlots.js';

/**
 * Improves a partition by small steps, each kept only when it raises the
 * total fit: a person moves to another circle of a topic they want, two
 * people swap circles, a waiting person takes a place (or a seat someone
 * fills less well), or a circle changes facilitator. Every step is checked
 * against the hard rules before it is taken, so the partition is valid
 * after each one. Which step is tried next comes from the seeded generator
 * alone, so the same input and seed give the same circles.
 */

export interface SearchLimits {
  iterations: number;
  /** With a clock, also stop at this time (in the clock's unit, ms). */
  deadline?: { clock: () => number; at: number };
}

/** Below this a change is rounding, not an improvement: without it two near-equal states could swap forever. */
const EPSILON = 1e-9;
/** Random circles looked at for one person before the step is given up: most circles elsewhere in the world share no time with them. */
const TARGET_TRIES = 4;
/** How often (in steps) the deadline is looked at: reading a clock costs more than a step. */
const CLOCK_EVERY = 256;

interface Candidate {
  delta: number;
  apply: () => void;
}

export function improve(p: Problem, circles: Circles, random: () => number, limits: SearchLimits): { iterations: number; accepted: number } {
  const movable = p.members.map((_, i) => i).filter((i) => (p.slotCount[i] as number) > 0 && (p.topicsOf[i] as Int32Array).length > 0);
  const scratchA = emptySlotSet();
  const scratchB = emptySlotSet();
  let accepted = 0;
  let iterations = 0;
  if (movable.length === 0 || circles.list.length === 0) return { iterations, accepted };
  const pick = <T>(items: ArrayLike<T>): T => items[Math.floor(random() * items.length)] as T;
  const commonLeft = emptySlotSet();

  /** Another circle of a topic m wants that m could meet with, from a few random tries; -1 when none turned up. */
  const targetFor = (m: number, from: number) => {
    const topics = p.topicsOf[m] as Int32Array;
    for (let tries = 0; tries < TARGET_TRIES; tries += 1) {
      const inTopic = circles.ofTopic[pick(topics)] as number[];
      if (inTopic.length === 0) continue;
      const to = pick(inTopic);
      if (to !== from && sharesSlot(p, m, (circles.list[to] as CircleState).common)) return to;
    }
    return -1;
  };

  /**
   * A would-be circle, scored, if it keeps a time to meet; its common slots
   * land in `into`. Two circles of one facilitator changing together must
   * keep their slots, or each could move onto the other's new time.
   */
  const attempt = (c: number, members: number[], into: Uint32Array, options: { facilitator?: number; keepSlot?: boolean } = {}) => {
    const circle = circles.list[c] as CircleState;
    const f = options.facilitator ?? circle.facilitator;
    const sum = circles.evaluate(circle.topic, f, members, into);
    if (options.keepSlot) return hasSlot(into, circle.slot) ? sum : undefined;
    const slot = circles.slotFor(f, into, c, f === circle.facilitator ? circle.slot : -1);
    return slot < 0 ? undefined : sum;
  };

  for (; iterations < limits.iterations; iterations += 1) {
    if (limits.deadline && iterations % CLOCK_EVERY === 0 && limits.deadline.clock() >= limits.deadline.at) break;
    let best: Candidate | undefined;
    const consider = (delta: number | undefined, apply: () => void) => {
      if (delta !== undefined && delta > EPSILON && (best === undefined || delta > best.delta)) best = { delta, apply };
    };

    if (p.facilitated && random() < 0.1) {
      // A circle takes another facilitator of its topic who has room (and perhaps more time in common).
      const c = Math.floor(random() * circles.list.length);
      const circle = circles.list[c] as CircleState;
      const options = p.facilitatorsOf[circle.topic] as Int32Array;
      if (options.length > 0) {
        const f = pick(options);
        if (f !== circle.facilitator && circles.facilitatorHasRoom(f)) {
          const sum = attempt(c, circle.members, scratchA, { facilitator: f });
          if (sum !== undefined) consider(sum - circle.sum, () => circles.update(c, circle.members, f));
        }
      }
    } else {
      const m = pick(movable);
      const from = circles.circleOf[m] as number;
      const to = targetFor(m, from);
      if (to >= 0) {
        const target = circles.list[to] as CircleState;
        const source = from >= 0 ? (circles.list[from] as CircleState) : undefined;
        const sourceLeft = source?.members.filter((x) => x !== m);
        const sourceSumLeft = source !== undefined && sourceLeft !== undefined ? circles.evaluate(source.topic, source.facilitator, sourceLeft, commonLeft) : 0;
        const sourceSum = source?.sum ?? 0;
        const keepSlot = source !== undefined && source.facilitator >= 0 && source.facilitator === target.facilitator;

        // Move: m takes a free place in the target; the source must stay at sizeMin or more.
        if (target.members.length < p.sizeMax && (source === undefined || source.members.length > p.sizeMin)) {
          const joined = [...target.members, m];
          const sum = attempt(to, joined, scratchB, { keepSlot });
          if (sum !== undefined) {
            consider(sum - target.sum + sourceSumLeft - sourceSum, () => {
              if (source !== undefined && sourceLeft !== undefined) circles.update(from, sourceLeft);
              circles.update(to, joined);
            });
          }
        }

        // Swap: m takes n's seat; n takes m's, or waits when m was waiting.
        for (const n of target.members) {
          if (source !== undefined && (!wants(p, n, source.topic) || !sharesSlot(p, n, commonLeft))) continue;
          const targetAfter = target.members.map((x) => (x === n ? m : x));
          const targetSum = attempt(to, targetAfter, scratchB, { keepSlot });
          if (targetSum === undefined) continue;
          let sourceAfter: number[] | undefined;
          let sourceNew = 0;
          if (source !== undefined) {
            sourceAfter = source.members.map((x) => (x === m ? n : x));
            const sum = attempt(from, sourceAfter, scratchA, { keepSlot });
            if (sum === undefined) continue;
            sourceNew = sum;
          }
          const after = sourceAfter;
          consider(targetSum - target.sum + sourceNew - sourceSum, () => {
            // Both leave first, so neither circle ever holds a person the other still has.
            if (after !== undefined) circles.update(from, after);
            circles.update(to, targetAfter);
          });
        }
      }
    }

    if (best !== undefined) {
      (best as Candidate).apply();
      accepted += 1;
    }
  }
  return { iterations, accepted };
}

function wants(p: Problem, member: number, topic: number): boolean {
  return (p.affinity[member * p.topics.length + topic] as number) > 0;
}

function sharesSlot(p: Problem, m: number, set: Uint32Array): boolean {
  for (let w = 0; w < SLOT_WORDS; w += 1) if (((set[w] as number) & (p.slots[m * SLOT_WORDS + w] as number)) !== 0) return true;
  return false;
}
