import type { CircleTopic } from './circleInput.js';

/**
 * How well a person sits in a circle, from 0 to 1: the topic they share,
 * how many other departments are at the table, how far the levels spread,
 * and how many weekly times the whole circle could meet (one is enough to
 * start; a few more survive a changed calendar). The circle's fit is its
 * members' mean, and a program's total is the sum over everyone placed, so
 * placing one more person always counts.
 */

export const CIRCLE_FIT_WEIGHTS = { topic: 0.4, department: 0.25, level: 0.15, time: 0.2 } as const;
/** Common slots from which the time factor is full: the circle can move by an hour or two and still meet. */
export const ROBUST_COMMON_SLOTS = 4;
/** A spread of this many levels (e.g. 2 to 5) mixes experience fully. */
export const LEVEL_SPREAD_FULL = 3;

/**
 * How much a person wants a topic: wanting the topic (its cluster) itself
 * is full; otherwise each of its skills they want adds, from 0.7 for one
 * to 1 for three.
 */
export function topicAffinity(wants: readonly string[], topic: CircleTopic): { affinity: number; wanted: string[] } {
  if (wants.includes(topic.id)) return { affinity: 1, wanted: [topic.id] };
  const wanted = wants.filter((id) => topic.skillIds.includes(id));
  return { affinity: wanted.length === 0 ? 0 : Math.min(1, 0.55 + 0.15 * wanted.length), wanted };
}

/** The skills of a topic a facilitator offers (or the topic id itself). */
export function topicOffered(offers: readonly string[], topic: CircleTopic): string[] {
  return offers.includes(topic.id) ? [topic.id] : offers.filter((id) => topic.skillIds.includes(id));
}

export function levelPart(known: number, min: number, max: number): number {
  return known >= 2 ? Math.min(1, (max - min) / LEVEL_SPREAD_FULL) : 0;
}

export function timePart(commonSlots: number): number {
  return Math.min(1, commonSlots / ROBUST_COMMON_SLOTS);
}

/**
 * One member's fit. `sameDepartment` counts the circle's members of their
 * department, themselves included; an unknown department is nobody else's.
 */
export function memberFit(affinity: number, size: number, sameDepartment: number, level: number, time: number): number {
  const w = CIRCLE_FIT_WEIGHTS;
  const department = size > 1 ? (size - sameDepartment) / (size - 1) : 1;
  return w.topic * affinity + w.department * department + w.level * level + w.time * time;
}

/**
 * The sum of memberFit over a circle, from running totals alone: Σ over
 * members of (size − same) / (size − 1) is (size² − Σ same²) / (size − 1),
 * so adding a person only needs their department's count. `sameSquares` is
 * Σ over departments of count².
 */
export function circleSum(size: number, affinitySum: number, sameSquares: number, level: number, time: number): number {
  const w = CIRCLE_FIT_WEIGHTS;
  const department = size > 1 ? (size * size - sameSquares) / (size - 1) : size;
  return w.topic * affinitySum + w.department * department + size * (w.level * level + w.time * time);
}

/** The most a person could score in any circle of a topic, for the program's upper bound. */
export function bestPossibleFit(affinity: number, levelSpreadBound: number, commonSlotsBound: number): number {
  return memberFit(affinity, 2, 1, levelSpreadBound, timePart(commonSlotsBound));
}
