import type { AssignmentInput, AssignmentResult, PairScore } from './assignment.js';

/**
 * The input of every assignment solver, checked and put in a canonical
 * order, and the way back from chosen edges to pairs. Shared by the solver,
 * the greedy baseline and the reference solver, so all three see the same
 * pairs, the same capacities and the same ids.
 */

/**
 * The graph's weights round scores to whole multiples of 1e-12 of the
 * largest score, so every sum the reference solver compares is an exact
 * integer in a double and its total is optimal within 1e-12 × the largest
 * score per chosen pair. The auction uses this grid too while it fits, and
 * a coarser one on large inputs (see assignmentAuction.ts).
 */
export const SCORE_RESOLUTION = 1e12;

/**
 * The usable pairs in compressed sparse rows: mentees and mentors are
 * numbered in id order and each mentee's pairs sit together, by mentor, so
 * every later choice (and tie) depends only on the ids, never on the order
 * the arrays came in.
 */
export interface Graph {
  menteeIds: string[];
  mentorIds: string[];
  /** Per mentor, its capacity capped at its number of pairs (more can never be used). */
  capacity: Int32Array;
  /** Mentee `i`'s pairs are edges start[i] .. start[i + 1] - 1. */
  start: Int32Array;
  source: Int32Array;
  target: Int32Array;
  /** The score as a positive whole number of SCORE_RESOLUTION units. */
  weight: Float64Array;
  score: Float64Array;
  /** The largest score kept (0 when none is). */
  largest: number;
}

export function buildGraph(input: AssignmentInput): Graph {
  const mentorIds = sortedIds(input.mentors, 'mentor');
  const menteeIds = sortedIds(input.mentees, 'mentee');
  const mentorIndex = new Map(mentorIds.map((id, i) => [id, i]));
  const menteeIndex = new Map(menteeIds.map((id, i) => [id, i]));
  const rawCapacity = new Int32Array(mentorIds.length);
  for (const mentor of input.mentors) {
    if (!Number.isInteger(mentor.capacity) || mentor.capacity < 0 || mentor.capacity > 2 ** 31 - 1) {
      throw new RangeError(`mentor "${mentor.id}" has capacity ${mentor.capacity}; it must be a whole number of at least 0`);
    }
    rawCapacity[mentorIndex.get(mentor.id)!] = mentor.capacity;
  }

  const source = new Int32Array(input.scores.length);
  const target = new Int32Array(input.scores.length);
  const score = new Float64Array(input.scores.length);
  // Scores usually come grouped by mentee: remembering the last one halves the lookups.
  let lastMentee: string | undefined;
  let mentee: number | undefined;
  for (let k = 0; k < input.scores.length; k++) {
    const pair = input.scores[k]!;
    if (pair.mentee !== lastMentee) [lastMentee, mentee] = [pair.mentee, menteeIndex.get(pair.mentee)];
    const mentor = mentorIndex.get(pair.mentor);
    if (mentee === undefined) throw new RangeError(`a score names mentee "${pair.mentee}", who is not in mentees`);
    if (mentor === undefined) throw new RangeError(`a score names mentor "${pair.mentor}", who is not in mentors`);
    if (!Number.isFinite(pair.score)) throw new RangeError(`the pair ${pair.mentee}/${pair.mentor} has score ${pair.score}; it must be finite`);
    source[k] = mentee;
    target[k] = mentor;
    score[k] = pair.score;
  }

  // Every pair in (mentee, mentor) order, so a repeat sits next to its first; then only the pairs that
  // could ever help are kept: a positive score and a mentor with room.
  const order = countingSort(source, menteeIds.length, countingSort(target, mentorIds.length, identity(source.length)));
  const keep = (k: number) => score[k]! > 0 && rawCapacity[target[k]!]! > 0;
  let kept = 0;
  let largest = 0;
  for (let at = 0; at < order.length; at++) {
    const k = order[at]!;
    const before = at > 0 ? order[at - 1]! : -1;
    if (before >= 0 && source[before] === source[k] && target[before] === target[k]) {
      throw new RangeError(`the pair ${menteeIds[source[k]!]}/${mentorIds[target[k]!]} is listed twice`);
    }
    if (!keep(k)) continue;
    kept++;
    largest = Math.max(largest, score[k]!);
  }
  const graph: Graph = {
    menteeIds,
    mentorIds,
    capacity: new Int32Array(mentorIds.length),
    start: new Int32Array(menteeIds.length + 1),
    source: new Int32Array(kept),
    target: new Int32Array(kept),
    weight: new Float64Array(kept),
    score: new Float64Array(kept),
    largest,
  };
  let edge = 0;
  for (const k of order) {
    if (!keep(k)) continue;
    graph.source[edge] = source[k]!;
    graph.target[edge] = target[k]!;
    graph.score[edge] = score[k]!;
    graph.weight[edge] = scaledWeight(score[k]!, largest, SCORE_RESOLUTION);
    graph.start[source[k]! + 1]!++;
    graph.capacity[target[k]!]!++;
    edge++;
  }
  for (let i = 0; i < menteeIds.length; i++) graph.start[i + 1]! += graph.start[i]!;
  for (let m = 0; m < mentorIds.length; m++) graph.capacity[m] = Math.min(graph.capacity[m]!, rawCapacity[m]!);
  return graph;
}

/** A score as a whole number of `resolution`ths of the largest; at least one, as a positive score, however small, is still worth taking. */
export function scaledWeight(score: number, largest: number, resolution: number): number {
  return Math.max(1, Math.round((score / largest) * resolution));
}

function sortedIds(people: readonly { id: string }[], role: string): string[] {
  // Code-unit order, not locale order: the same on every machine.
  const ids = people.map((p) => p.id).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  ids.forEach((id, i) => {
    if (i > 0 && ids[i - 1] === id) throw new RangeError(`${role} id "${id}" is listed twice`);
  });
  return ids;
}

export function identity(n: number): Int32Array {
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  return order;
}

/** A stable counting sort of `order` by `keys[order[k]]`; linear, so 500k pairs cost nothing. */
export function countingSort(keys: ArrayLike<number>, keyCount: number, order: Int32Array): Int32Array {
  const next = new Int32Array(keyCount + 1);
  for (let i = 0; i < order.length; i++) next[keys[order[i]!]! + 1]!++;
  for (let key = 0; key < keyCount; key++) next[key + 1]! += next[key]!;
  const sorted = new Int32Array(order.length);
  for (let i = 0; i < order.length; i++) sorted[next[keys[order[i]!]!]!++] = order[i]!;
  return sorted;
}

/** The chosen edges (1 in `chosen`) as pairs in edge order, i.e. by mentee id, then mentor id. */
export function collectPairs(graph: Graph, chosen: Uint8Array): AssignmentResult {
  const pairs: PairScore[] = [];
  let total = 0;
  for (let edge = 0; edge < chosen.length; edge++) {
    if (!chosen[edge]) continue;
    pairs.push({ mentee: graph.menteeIds[graph.source[edge]!]!, mentor: graph.mentorIds[graph.target[edge]!]!, score: graph.score[edge]! });
    total += graph.score[edge]!;
  }
  return { pairs, total };
}
