import { circleSum, levelPart, timePart } from './circleFit.js';
import type { Circles, CircleState } from './circleState.js';
import { apartFrom, type Problem } from './problem.js';
import { countSlots, emptySlotSet, popcount, SLOT_WORDS, type SlotSet } from './weeklySlots.js';

/**
 * The first partition, built greedily. People whose time is scarcest seed
 * circles first, because anyone can join a circle at a popular time but a
 * person free at one rare hour only fits the circle built around it. Each
 * seed grows a circle of each topic it wants, adding whoever raises the
 * circle's total most, and keeps the best. Then the leftovers join circles
 * with room, and finally may seed circles that borrow a member from circles
 * that can spare one.
 */

export function construct(problem: Problem, circles: Circles): void {
  const order = seedOrder(problem);
  for (const seed of order) if (circles.circleOf[seed] === -1) formAround(problem, circles, seed, false);
  for (const person of order) if (circles.circleOf[person] === -1) joinBest(problem, circles, person);
  for (const seed of order) if (circles.circleOf[seed] === -1) formAround(problem, circles, seed, true);
  for (const person of order) if (circles.circleOf[person] === -1) joinBest(problem, circles, person);
}

/** Fewest free slots first, then fewest topics, then id. People with no slot or no topic cannot be placed at all. */
function seedOrder(p: Problem): number[] {
  const people = p.members.map((_, i) => i).filter((i) => (p.slotCount[i] as number) > 0 && (p.topicsOf[i] as Int32Array).length > 0);
  return people.sort((a, b) => (p.slotCount[a] as number) - (p.slotCount[b] as number) || (p.topicsOf[a] as Int32Array).length - (p.topicsOf[b] as Int32Array).length || a - b);
}

interface Grown {
  topic: number;
  facilitator: number;
  members: number[];
  gain: number;
}

function formAround(p: Problem, circles: Circles, seed: number, borrow: boolean): void {
  let best: Grown | undefined;
  for (const topic of p.topicsOf[seed] as Int32Array) {
    const facilitator = p.facilitated ? bestFacilitator(p, circles, topic, seed) : -1;
    if (p.facilitated && facilitator < 0) continue;
    const grown = grow(p, circles, seed, topic, facilitator, borrow);
    if (grown !== undefined && (best === undefined || grown.gain > best.gain)) best = grown;
  }
  if (best === undefined) return;
  for (const m of best.members) {
    const from = circles.circleOf[m] as number;
    if (from >= 0) circles.update(from, (circles.list[from] as CircleState).members.filter((x) => x !== m));
  }
  circles.create(best.topic, best.facilitator, best.members);
}

/** The facilitator of the topic with room who shares most free slots with the seed; ties to the one with more room, then id. */
function bestFacilitator(p: Problem, circles: Circles, topic: number, seed: number): number {
  let best = -1;
  let bestShared = 0;
  let bestRoom = 0;
  const free = emptySlotSet();
  for (const f of p.facilitatorsOf[topic] as Int32Array) {
    if (!circles.facilitatorHasRoom(f) || apartFrom(p, seed, [], f)) continue;
    circles.facilitatorFree(f, -1, free);
    let shared = 0;
    for (let w = 0; w < SLOT_WORDS; w += 1) shared += popcount((p.slots[seed * SLOT_WORDS + w] as number) & (free[w] as number));
    const room = (p.capacity[f] as number) - (circles.ofFacilitator[f] as number[]).length;
    if (shared > bestShared || (shared === bestShared && shared > 0 && room > bestRoom)) {
      best = f;
      bestShared = shared;
      bestRoom = room;
    }
  }
  return best;
}

/**
 * Grows a circle from the seed one person at a time, each step taking the
 * candidate who raises the running total most (net of what their old circle
 * loses, when borrowing), then keeps the best size from sizeMin to sizeMax.
 * Running totals make a candidate's score a popcount and a few additions.
 */
function grow(p: Problem, circles: Circles, seed: number, topic: number, facilitator: number, borrow: boolean): Grown | undefined {
  const t = p.topics.length;
  // Only slots the facilitator is not already using elsewhere.
  const common = facilitator >= 0 ? circles.facilitatorFree(facilitator, -1, emptySlotSet()) : emptySlotSet().fill(0xffffffff);
  for (let w = 0; w < SLOT_WORDS; w += 1) common[w] = ((common[w] as number) & (p.slots[seed * SLOT_WORDS + w] as number)) >>> 0;
  if (countSlots(common) === 0) return undefined;

  // Candidates who want the topic and share a slot with the seed; a borrowed one costs what their circle loses without them.
  const candidates: number[] = [];
  const cost = new Map<number, number>();
  const scratch = emptySlotSet();
  for (const c of p.membersOf[topic] as Int32Array) {
    if (c === seed || !sharesSlot(p, c, common)) continue;
    const from = circles.circleOf[c] as number;
    if (from >= 0) {
      const circle = circles.list[from] as CircleState;
      if (!borrow || circle.members.length <= p.sizeMin) continue;
      cost.set(c, circle.sum - circles.evaluate(circle.topic, circle.facilitator, circle.members.filter((x) => x !== c), scratch));
    }
    candidates.push(c);
  }

  const members = [seed];
  // Scores shift little as a circle grows, so the best few first-step candidates stand in for all of them; the rest wait in reserve.
  let reserve = shortlist(p, candidates, seed, topic, common, cost);
  const counts = new Map<number, number>([[p.department[seed] as number, 1]]);
  let affinitySum = p.affinity[seed * t + topic] as number;
  let sameSquares = 1;
  type Levels = { known: number; min: number; max: number };
  const addLevel = (l: number, to: Levels): Levels => (Number.isNaN(l) ? to : { known: to.known + 1, min: Math.min(to.min, l), max: Math.max(to.max, l) });
  let levels = addLevel(p.level[seed] as number, { known: 0, min: Infinity, max: -Infinity });
  let borrowedCost = 0;
  const lenders = new Set<number>();
  let best: Grown | undefined;

  while (members.length < p.sizeMax) {
    let pick = -1;
    let pickScore = -Infinity;
    let pickCommon = 0;
    let kept = 0;
    for (const c of candidates) {
      let shared = 0;
      for (let w = 0; w < SLOT_WORDS; w += 1) shared += popcount((common[w] as number) & (p.slots[c * SLOT_WORDS + w] as number));
      if (shared === 0) continue; // the common set only shrinks: never again
      if (apartFrom(p, c, members, facilitator)) continue; // members only join, so a conflict never clears: dropped for good
      const lender = circles.circleOf[c] as number;
      if (lender >= 0 && lenders.has(lender)) continue; // one person per circle, so the lender stays at sizeMin or more
      candidates[kept++] = c;
      const d = p.department[c] as number;
      const l = addLevel(p.level[c] as number, levels);
      const score =
        circleSum(members.length + 1, affinitySum + (p.affinity[c * t + topic] as number), sameSquares + 2 * (counts.get(d) ?? 0) + 1, levelPart(l.known, l.min, l.max), timePart(shared)) -
        (cost.get(c) ?? 0);
      if (score > pickScore) {
        pick = c;
        pickScore = score;
        pickCommon = shared;
      }
    }
    candidates.length = kept;
    if (pick < 0 && reserve.length > 0) {
      candidates.push(...reserve);
      reserve = [];
      continue;
    }
    if (pick < 0) break;
    members.push(pick);
    const d = p.department[pick] as number;
    sameSquares += 2 * (counts.get(d) ?? 0) + 1;
    counts.set(d, (counts.get(d) ?? 0) + 1);
    affinitySum += p.affinity[pick * t + topic] as number;
    levels = addLevel(p.level[pick] as number, levels);
    for (let w = 0; w < SLOT_WORDS; w += 1) common[w] = ((common[w] as number) & (p.slots[pick * SLOT_WORDS + w] as number)) >>> 0;
    borrowedCost += cost.get(pick) ?? 0;
    if ((circles.circleOf[pick] as number) >= 0) lenders.add(circles.circleOf[pick] as number);
    candidates.splice(candidates.indexOf(pick), 1);
    if (members.length >= p.sizeMin) {
      const gain = circleSum(members.length, affinitySum, sameSquares, levelPart(levels.known, levels.min, levels.max), timePart(pickCommon)) - borrowedCost;
      if (gain > 0 && (best === undefined || gain > best.gain)) best = { topic, facilitator, members: [...members], gain };
    }
  }
  return best;
}

/** How many first-step candidates a growing circle keeps looking at. */
const SHORTLIST = 96;

/** Keeps the SHORTLIST best candidates (as a circle of two with the seed) in `candidates` and returns the others. */
function shortlist(p: Problem, candidates: number[], seed: number, topic: number, common: SlotSet, cost: ReadonlyMap<number, number>): number[] {
  if (candidates.length <= SHORTLIST) return [];
  const t = p.topics.length;
  const seedLevel = p.level[seed] as number;
  const seedAffinity = p.affinity[seed * t + topic] as number;
  const score = new Float64Array(candidates.length);
  candidates.forEach((c, k) => {
    let shared = 0;
    for (let w = 0; w < SLOT_WORDS; w += 1) shared += popcount((common[w] as number) & (p.slots[c * SLOT_WORDS + w] as number));
    const level = p.level[c] as number;
    const spread = Number.isNaN(level) || Number.isNaN(seedLevel) ? 0 : levelPart(2, Math.min(level, seedLevel), Math.max(level, seedLevel));
    const sameSquares = p.department[c] === p.department[seed] ? 4 : 2;
    score[k] = circleSum(2, seedAffinity + (p.affinity[c * t + topic] as number), sameSquares, spread, timePart(shared)) - (cost.get(c) ?? 0);
  });
  // The SHORTLIST-th best score, from a native numeric sort; ties at it go to the lower index, as everywhere.
  const threshold = Float64Array.from(score).sort()[candidates.length - SHORTLIST] as number;
  let above = 0;
  for (const v of score) if (v > threshold) above += 1;
  let tiesLeft = SHORTLIST - above;
  const kept: number[] = [];
  const reserve: number[] = [];
  candidates.forEach((c, k) => {
    const v = score[k] as number;
    if (v > threshold || (v === threshold && tiesLeft-- > 0)) kept.push(c);
    else reserve.push(c);
  });
  candidates.length = 0;
  candidates.push(...kept);
  return reserve;
}

function sharesSlot(p: Problem, c: number, set: SlotSet): boolean {
  for (let w = 0; w < SLOT_WORDS; w += 1) if (((set[w] as number) & (p.slots[c * SLOT_WORDS + w] as number)) !== 0) return true;
  return false;
}

/** A leftover joins the circle with room that gains most from them, if any has a time that still works. */
function joinBest(p: Problem, circles: Circles, person: number): void {
  let best = -1;
  let bestGain = 0;
  const scratch = emptySlotSet();
  for (const topic of p.topicsOf[person] as Int32Array) {
    for (const c of circles.ofTopic[topic] as number[]) {
      const circle = circles.list[c] as CircleState;
      if (circle.members.length >= p.sizeMax || !sharesSlot(p, person, circle.common)) continue;
      const gain = circles.evaluate(topic, circle.facilitator, [...circle.members, person], scratch) - circle.sum;
      if (gain > bestGain && circles.slotFor(circle.facilitator, scratch, c, circle.slot) >= 0) {
        best = c;
        bestGain = gain;
      }
    }
  }
  if (best >= 0) circles.update(best, [...(circles.list[best] as CircleState).members, person]);
}
