import { type AssignmentInput, type AssignmentResult, solveAssignment } from './assignment.js';
import { bonusSearch } from './fairnessBonuses.js';
import { exactFairSearch } from './fairnessExact.js';
import { repairTowardsTarget } from './fairnessRepair.js';
import { type GroupIndex, indexGroups, pointsBelow, type RateSnapshot, rateSnapshot } from './groupRates.js';
import type { Solver } from './round.js';

/**
 * A program's fairness target inside the optimisation: no group of
 * receivers (a department, a level, a location) more than N points below
 * the overall match rate, where the pool makes that possible.
 *
 * Why weights and not quotas: quotas are exact in a flow network for one
 * partition of the receivers, but department, level and location overlap,
 * and lower bounds on three overlapping partitions are no longer a flow
 * problem (deciding them is NP-hard in general). So the exact solver stays
 * as it is, and the receivers of groups below the target get a bonus on
 * every pair they are in, set per group by bracketing (fairnessBonuses.ts)
 * and re-solved until every group meets the target with as little bonus
 * as the brackets find. Each solve is exact for its weights, so the target
 * is bought with the least fit those weights allow. A bonus moves a whole
 * group at once; when that falls short, people are moved one at a time
 * (fairnessRepair.ts), and a round of a dozen people is searched exactly
 * (fairnessExact.ts). The best assignment seen that meets the target wins;
 * when none does, the one nearest to it.
 *
 * Rules the result keeps: pairs carry their original scores; never fewer
 * people matched than without the target, and no seat left empty that
 * someone waiting could take (it changes who is matched, never leaves
 * people waiting to narrow a gap); a group that cannot be lifted (nobody
 * it could be paired with, or too few places even if it had every one) is
 * said to be so and not chased; a bounded number of solves. Deterministic:
 * groups, receivers and bonuses are taken in sorted order.
 */

/** Solves of a whole round, the first included; a small round's are cheap, so it gets more. */
export const DEFAULT_MAX_SOLVES = 14;
const SMALL_ROUND_PAIRS = 20_000;
const SMALL_ROUND_MAX_SOLVES = 40;
/** Assignments the one-at-a-time repair starts from in a small round, nearest misses first (a large one: the nearest only). */
const REPAIR_STARTS = 4;

export type UnliftedReason =
  /** Nobody in the group has anyone they could be paired with. */
  | 'no_candidates'
  /** Even with every place they could take, too few of the group could be paired. */
  | 'too_few_candidates'
  /** The places they could take are wanted by others, and the solves ran out before the gap closed. */
  | 'contested';

export interface GroupChange {
  group: string;
  participants: number;
  before: number;
  after: number;
}

export interface FairnessCost {
  targetPoints: number;
  met: boolean;
  overallBefore: number;
  overallAfter: number;
  matchedBefore: number;
  matchedAfter: number;
  /** The optimum without the target, and the chosen pairs' total at their original scores. */
  unconstrainedTotal: number;
  fairTotal: number;
  cost: number;
  /** The cost as a share of the unconstrained optimum, in percent. */
  costPercent: number;
  solves: number;
  /** Groups that were below the target without it, with their rates without and with it. */
  lifted: GroupChange[];
  /** Groups still below the target, and why. */
  unmet: (GroupChange & { reason: UnliftedReason })[];
}

export interface FairnessOptions {
  /** Points below the overall rate a group may be; null: no target, the solver unchanged. */
  targetPoints: number | null;
  /** Smaller groups are not held to it: their rate swings too far on one pairing. */
  minGroupSize: number;
  maxSolves?: number;
  /** Whether a small round that bonuses and moves leave short is searched exactly (default yes); tests turn it off to see the rest at work. */
  exactSearch?: boolean;
  /**
   * Everyone the round is for. Those of them the solve is not given are
   * pinned to a mentor by a coordinator: counted as matched in every rate.
   * Absent: the solve's mentees are everyone.
   */
  receivers?: readonly string[];
}

export interface FairSolver {
  solve: Solver;
  /** What the last solve bought and what it cost; null without a target or before any solve. */
  report(): FairnessCost | null;
}

export function fairSolver(groupsOf: (receiverId: string) => readonly string[], options: FairnessOptions, solve: Solver = solveAssignment): FairSolver {
  let last: FairnessCost | null = null;
  return {
    solve(input) {
      if (options.targetPoints === null) {
        last = null;
        return solve(input);
      }
      const solving = new Set(input.mentees.map((m) => m.id));
      const pinned = new Set((options.receivers ?? []).filter((id) => !solving.has(id)));
      const { result, cost } = solveFairly(input, indexGroups([...solving, ...pinned], groupsOf, pinned), options.targetPoints, options, solve);
      last = cost;
      return result;
    },
    report: () => last,
  };
}

const pairKey = (mentee: string, mentor: string) => `${mentee}\u0000${mentor}`;

interface Attempt {
  result: AssignmentResult;
  snapshot: RateSnapshot;
  /** Points below the target summed over the groups that can still be lifted. */
  shortfall: number;
}

function solveFairly(input: AssignmentInput, index: GroupIndex, target: number, options: FairnessOptions, solve: Solver): { result: AssignmentResult; cost: FairnessCost } {
  const small = input.scores.length <= SMALL_ROUND_PAIRS;
  const maxSolves = Math.max(1, options.maxSolves ?? (small ? SMALL_ROUND_MAX_SOLVES : DEFAULT_MAX_SOLVES));
  let original: Map<string, number> | undefined;
  const matchedSet = (r: AssignmentResult) => new Set(r.pairs.map((p) => p.mentee));
  const base = solve(input);
  const baseSnapshot = rateSnapshot(index, matchedSet(base), target, options.minGroupSize);
  const beyondReach = reachOf(input, index, baseSnapshot.overall, target, solve);
  const liftable = (group: string) => beyondReach(group) === undefined;
  const shortfallOf = (s: RateSnapshot) => s.below.filter((g) => liftable(g.group)).reduce((sum, g) => sum + pointsBelow(s.overall, g.rate) - target, 0);
  let solves = 1;
  const attempt = (result: AssignmentResult): Attempt => {
    const snapshot = rateSnapshot(index, matchedSet(result), target, options.minGroupSize);
    return { result, snapshot, shortfall: shortfallOf(snapshot) };
  };
  const first = attempt(base);
  // Fewer people matched is never the price: such an assignment is not taken.
  const acceptable = (a: Attempt) => a.snapshot.matched >= baseSnapshot.matched;
  const feasible = (a: Attempt) => acceptable(a) && a.shortfall <= 0;
  let best = first;
  const tried: Attempt[] = [first];
  const consider = (a: Attempt) => {
    tried.push(a);
    if (!acceptable(a)) return;
    const better = feasible(a) ? !feasible(best) || a.result.total > best.result.total : !feasible(best) && (a.shortfall < best.shortfall || (a.shortfall === best.shortfall && a.result.total > best.result.total));
    if (better) best = a;
  };
  const run = (bonus: ReadonlyMap<string, number>) => {
    solves += 1;
    original ??= new Map(input.scores.map((s) => [pairKey(s.mentee, s.mentor), s.score]));
    const a = attempt(reprice(solve(boosted(input, index, bonus)), original));
    consider(a);
    return a;
  };

  if (!feasible(first)) {
    const search = bonusSearch(input, index, target, liftable);
    let current = first;
    while (solves < maxSolves) {
      const bonus = search.next(current.result, current.snapshot);
      if (!bonus) break;
      current = run(bonus);
    }
  }
  // Bonuses move whole groups; when that falls short, people are moved one at a time from the nearest miss.
  if (!feasible(best)) {
    const rules = { targetPoints: target, minGroupSize: options.minGroupSize, liftable };
    const starts = tried.filter(acceptable).sort((a, b) => a.shortfall - b.shortfall || b.result.total - a.result.total).slice(0, small ? REPAIR_STARTS : 1);
    for (const start of starts) {
      consider(attempt(repairTowardsTarget(input, index, start.result, rules)));
      if (feasible(best)) break;
    }
  }
  if (!feasible(best) && options.exactSearch !== false) {
    const exact = exactFairSearch(input, (matched) => shortfallOf(rateSnapshot(index, matched, target, options.minGroupSize)) <= 0, solve);
    if (exact) consider(attempt(exact));
  }
  return { result: best.result, cost: costOf(base, baseSnapshot, best, beyondReach, target, solves) };
}

/** The input with each pair's score raised by the bonuses of its receiver's groups; pairs the scorer ruled out stay out. */
function boosted(input: AssignmentInput, index: GroupIndex, bonus: ReadonlyMap<string, number>): AssignmentInput {
  const extra = new Map<string, number>();
  for (const id of index.receivers) {
    let sum = 0;
    for (const g of index.groupsOf.get(id) ?? []) sum += bonus.get(g) ?? 0;
    if (sum > 0) extra.set(id, sum);
  }
  return { ...input, scores: input.scores.map((s) => (s.score > 0 && extra.has(s.mentee) ? { ...s, score: s.score + (extra.get(s.mentee) as number) } : s)) };
}

/** The same pairs at the scores the scorer gave them, totalled in pairs order as the solver does. */
function reprice(result: AssignmentResult, original: ReadonlyMap<string, number>): AssignmentResult {
  const pairs = result.pairs.map((p) => ({ ...p, score: original.get(pairKey(p.mentee, p.mentor)) as number }));
  return { pairs, total: pairs.reduce((sum, p) => sum + p.score, 0) };
}

/**
 * Why a group cannot be lifted, or undefined when it can: the most of them
 * that could be paired at once, given every place they could take, is still
 * below the target. Since the overall rate may not fall (nobody fewer is
 * matched), the base's overall rate is the bar. Worked out once per group,
 * and with a solve only when counting who has a candidate at all leaves it open.
 */
function reachOf(input: AssignmentInput, index: GroupIndex, overall: number, target: number, solve: Solver): (group: string) => UnliftedReason | undefined {
  const known = new Map<string, UnliftedReason | undefined>();
  let withCandidates: Set<string> | undefined;
  const reaches = (most: number, of: number) => pointsBelow(overall, most / of) <= target + 1e-9;
  return (group) => {
    if (known.has(group)) return known.get(group);
    const members = index.members.get(group) ?? [];
    withCandidates ??= new Set(input.scores.filter((s) => s.score > 0).map((s) => s.mentee));
    const hopeful = members.filter((id) => (withCandidates as Set<string>).has(id));
    const pinned = members.filter((id) => index.pinned.has(id)).length;
    let reason: UnliftedReason | undefined;
    if (hopeful.length === 0) reason = pinned > 0 && reaches(pinned, members.length) ? undefined : 'no_candidates';
    else if (!reaches(pinned + hopeful.length, members.length)) reason = 'too_few_candidates';
    else {
      const mine = new Set(hopeful);
      const scores = input.scores.filter((s) => s.score > 0 && mine.has(s.mentee)).map((s) => ({ ...s, score: 1 }));
      const most = solve({ mentors: input.mentors, mentees: hopeful.map((id) => ({ id })), scores }).pairs.length;
      if (!reaches(pinned + most, members.length)) reason = 'too_few_candidates';
    }
    known.set(group, reason);
    return reason;
  };
}

function costOf(base: AssignmentResult, before: RateSnapshot, chosen: Attempt, beyondReach: (group: string) => UnliftedReason | undefined, target: number, solves: number): FairnessCost {
  const after = chosen.snapshot;
  const rateAfter = new Map(after.groups.map((g) => [g.group, g.rate]));
  const change = (g: { group: string; participants: number; rate: number }) => ({ group: g.group, participants: g.participants, before: g.rate, after: rateAfter.get(g.group) ?? 0 });
  const rateBefore = new Map(before.groups.map((g) => [g.group, g]));
  const stillBelow = new Set(after.below.map((g) => g.group));
  // Solver grids round scores at about 1e-11 of the largest: a "negative cost" is that rounding, not a gain.
  const cost = Math.max(0, base.total - chosen.result.total);
  return {
    targetPoints: target,
    met: after.below.length === 0,
    overallBefore: before.overall,
    overallAfter: after.overall,
    matchedBefore: before.matched,
    matchedAfter: after.matched,
    unconstrainedTotal: base.total,
    fairTotal: chosen.result.total,
    cost,
    costPercent: base.total > 0 ? (cost / base.total) * 100 : 0,
    solves,
    lifted: before.below.filter((g) => !stillBelow.has(g.group)).map(change),
    unmet: after.below.map((g) => ({ ...change(rateBefore.get(g.group) ?? g), reason: beyondReach(g.group) ?? 'contested' })),
  };
}
