import { auctionAssignment } from './assignmentAuction.js';
import { buildGraph, collectPairs } from './assignmentGraph.js';

/**
 * The global assignment at the heart of matching: given the pairs a scorer
 * allows, choose at most one mentor per mentee, at most `capacity` mentees
 * per mentor, with the largest possible total score (a maximum-weight
 * b-matching). Matching a whole program at once beats "best pair first",
 * which can spend a mentor on one mentee and leave two others stranded.
 *
 * Solved exactly by an ε-scaling auction (assignmentAuction.ts), whose time
 * does not blow up when candidates crowd onto a few mentors with many seats;
 * the first solver, successive shortest paths, stays as the oracle tests and
 * benchmarks compare with (assignmentReference.ts). Equal totals are split
 * by ids, never by the order the arrays come in (the auction says how).
 *
 * Pure: no I/O. The input is expected to be valid (see assignmentInput.ts);
 * unknown ids, repeated ids or pairs, bad capacities and non-finite scores
 * throw, since they are a caller's mistake rather than a matching outcome.
 */

export { SCORE_RESOLUTION } from './assignmentGraph.js';

export interface AssignmentInput {
  mentors: readonly { id: string; capacity: number }[];
  mentees: readonly { id: string }[];
  /** The allowed pairs only; a pair that is not listed is never used. */
  scores: readonly PairScore[];
}

export interface PairScore {
  mentee: string;
  mentor: string;
  score: number;
}

export interface AssignmentResult {
  /** The chosen pairs with their scores, sorted by mentee id, then mentor id. */
  pairs: PairScore[];
  /** The sum of the chosen pairs' scores, added up in `pairs` order. */
  total: number;
}

export function solveAssignment(input: AssignmentInput): AssignmentResult {
  const graph = buildGraph(input);
  return collectPairs(graph, auctionAssignment(graph));
}

/**
 * The baseline the solver must never fall below: take pairs from the best
 * score down (ties by mentee id, then mentor id) while both sides have room.
 */
export function greedyAssignment(input: AssignmentInput): AssignmentResult {
  const graph = buildGraph(input);
  const edges = Array.from(graph.score.keys()).sort((a, b) => graph.score[b]! - graph.score[a]! || a - b);
  const chosen = new Uint8Array(graph.score.length);
  const matched = new Uint8Array(graph.menteeIds.length);
  const load = new Int32Array(graph.mentorIds.length);
  for (const edge of edges) {
    const mentee = graph.source[edge]!;
    const mentor = graph.target[edge]!;
    if (matched[mentee] || load[mentor]! >= graph.capacity[mentor]!) continue;
    chosen[edge] = matched[mentee] = 1;
    load[mentor]!++;
  }
  return collectPairs(graph, chosen);
}
