import { type Graph, SCORE_RESOLUTION, scaledWeight } from './assignmentGraph.js';
import { type AuctionState, OPTED_OUT, settleVacancies } from './assignmentRepair.js';

/**
 * The exact solver behind solveAssignment: an ε-scaling auction (Bertsekas)
 * for the assignment with capacities, finished by shortest augmenting paths.
 *
 * Each mentor has one price; a mentee's profit from a mentor is the pair's
 * value minus that price, and staying unmatched is worth 0. A mentee without
 * a seat bids for its most profitable mentor, offering as much above the
 * price as that mentor is worth to it over its second choice, plus ε. A
 * mentor with room seats the bidder; a full one lets its lowest bidder go,
 * and its price becomes the lowest bid it still holds. So a crowd raises a
 * popular mentor's price for all its seats at once, each bid costs one pass
 * over the bidder's candidates, and when it ends every mentee is within ε of
 * its best choice (ε-complementary slackness).
 *
 * Phases divide ε by EPSILON_FACTOR, from a quarter of the largest value down
 * to 1. Each starts from the last one's prices, lowered by PRICE_DROP times
 * the last ε, and its assignment, keeping whoever is still within the new ε
 * of their best. The lowering matters: an auction only raises prices, so a
 * mentor priced too high at the start of a phase would end it with an empty
 * seat nobody bids for; starting a little low, prices climb back as bids
 * arrive. Neither number bears on exactness, only on speed. Any seat still
 * empty at a price above 1 after the last phase is settled by shortest
 * augmenting paths (assignmentRepair.ts).
 *
 * Exact: values are whole numbers times (nodes + 1), nodes being the flow
 * network's mentees, mentors and sink, so in the last phase, at ε = 1, every
 * residual cycle costs more than −(nodes + 1), that is at least 0, and the
 * flow is optimal. The grid is the scores' own when they are all whole
 * numbers of 10^−d (d ≤ 6), divided by their greatest common divisor (so
 * ties and equal scores need few phases); otherwise 2^50 / (nodes + 1) steps
 * of the largest score, at most SCORE_RESOLUTION. Prices stay between 0 and
 * the largest value plus ε, and every number stays an integer below 2^53.
 *
 * Ties: mentees bid in id order (the queue is first in, first out); among
 * equally profitable mentors a mentee bids for the lower id; a full mentor
 * lets go of the later id among equal lowest bids; the repair searches in id
 * order. So equal totals are split by ids only, never by input order, though
 * not always as the reference solver splits them.
 */

/** How much each phase divides ε by; 4 measured best on bench/assignmentShapes.ts. */
const EPSILON_FACTOR = 4;
/** How far prices are lowered between phases, in units of the last phase's ε. */
const PRICE_DROP = 2;
/** Values stay below this, so prices, bids, profits and path lengths are exact integers in a double. */
const LARGEST_VALUE = 2 ** 50;
/** The finest decimal grid tried for the scores' own. */
const MAX_DECIMALS = 6;
const WAITING = -2;

/** Per edge of the graph, 1 when the pair is chosen. */
export function auctionAssignment(graph: Graph): Uint8Array {
  const auction = new Auction(graph);
  auction.solve();
  const chosen = new Uint8Array(graph.score.length);
  for (const edge of auction.held) if (edge >= 0) chosen[edge] = 1;
  return chosen;
}

class Auction implements AuctionState {
  readonly value: Float64Array;
  readonly price: Float64Array;
  readonly load: Int32Array;
  readonly held: Int32Array;
  readonly slotStart: Int32Array;
  readonly slots: Int32Array;
  private readonly menteeCount: number;
  private readonly mentorCount: number;
  /** Per mentee, its bid: the highest price at which its seat still leaves it within ε of its best. */
  private readonly bid: Float64Array;
  private readonly queue: Int32Array;

  constructor(readonly graph: Graph) {
    this.menteeCount = graph.menteeIds.length;
    this.mentorCount = graph.mentorIds.length;
    this.value = values(graph);
    this.price = new Float64Array(this.mentorCount);
    this.load = new Int32Array(this.mentorCount);
    this.held = new Int32Array(this.menteeCount).fill(WAITING);
    this.bid = new Float64Array(this.menteeCount);
    this.slotStart = new Int32Array(this.mentorCount + 1);
    for (let j = 0; j < this.mentorCount; j++) this.slotStart[j + 1] = this.slotStart[j]! + graph.capacity[j]!;
    this.slots = new Int32Array(this.slotStart[this.mentorCount]!);
    this.queue = new Int32Array(this.menteeCount);
  }

  solve(): void {
    let largest = 0;
    for (let e = 0; e < this.value.length; e++) largest = Math.max(largest, this.value[e]!);
    let epsilon = Math.max(1, Math.floor(largest / EPSILON_FACTOR));
    for (;;) {
      this.forward(epsilon, this.keepSatisfied(epsilon));
      if (epsilon === 1) break;
      for (let j = 0; j < this.mentorCount; j++) this.price[j] = Math.max(0, this.price[j]! - PRICE_DROP * epsilon);
      epsilon = Math.max(1, Math.floor(epsilon / EPSILON_FACTOR));
    }
    settleVacancies(this);
  }

  /**
   * Starts a phase from the last one's assignment: a mentee still within
   * the new ε of its best choice keeps its seat (or stays out), with its
   * bid worked out afresh; everyone else waits to bid. Returns how many wait.
   */
  private keepSatisfied(epsilon: number): number {
    const { start, target, capacity } = this.graph;
    const { value, price, load, held, bid, queue, slots, slotStart } = this;
    load.fill(0);
    let waiting = 0;
    for (let i = 0; i < this.menteeCount; i++) {
      const h = held[i]!;
      if (start[i + 1] === start[i]) {
        held[i] = OPTED_OUT;
        continue;
      }
      let alternative = 0;
      for (let e = start[i]!; e < start[i + 1]!; e++) if (e !== h) alternative = Math.max(alternative, value[e]! - price[target[e]!]!);
      const mine = h >= 0 ? value[h]! - price[target[h]!]! : 0;
      if (h !== WAITING && mine >= alternative - epsilon) {
        if (h >= 0) {
          const j = target[h]!;
          bid[i] = value[h]! - alternative + epsilon;
          siftUp(slots, bid, slotStart[j]!, load[j]!++, i);
        }
      } else {
        held[i] = WAITING;
        queue[waiting++] = i;
      }
    }
    // A full mentor's price is its lowest bid, so the next bidder has to beat that.
    for (let j = 0; j < this.mentorCount; j++) if (load[j] === capacity[j] && load[j]! > 0) price[j] = bid[slots[slotStart[j]!]!]!;
    return waiting;
  }

  /** Bids, first in first out, until everyone waiting holds a seat or has opted out. */
  private forward(epsilon: number, waitingAtStart: number): void {
    const { start, target, capacity } = this.graph;
    const { value, price, load, held, bid, queue, slots, slotStart } = this;
    const n = this.menteeCount;
    let waiting = waitingAtStart;
    let head = 0;
    let tail = waiting % n;
    while (waiting > 0) {
      const i = queue[head]!;
      head = head + 1 === n ? 0 : head + 1;
      waiting--;
      // The best profit and the second best, staying unmatched (0) included.
      let best = 0;
      let second = -Infinity;
      let bestEdge = -1;
      for (let e = start[i]!; e < start[i + 1]!; e++) {
        const profit = value[e]! - price[target[e]!]!;
        if (profit > best) {
          second = best;
          best = profit;
          bestEdge = e;
        } else if (profit > second) {
          second = profit;
        }
      }
      if (bestEdge < 0) {
        held[i] = OPTED_OUT;
        continue;
      }
      const j = target[bestEdge]!;
      held[i] = bestEdge;
      bid[i] = value[bestEdge]! - second + epsilon;
      const base = slotStart[j]!;
      if (load[j]! < capacity[j]!) {
        siftUp(slots, bid, base, load[j]!, i);
        if (++load[j]! === capacity[j]!) price[j] = bid[slots[base]!]!;
      } else {
        // The bid beats the lowest held (the price) by at least ε, so the bidder stays.
        const out = slots[base]!;
        siftDown(slots, bid, base, load[j]!, i);
        price[j] = bid[slots[base]!]!;
        held[out] = WAITING;
        queue[tail] = out;
        tail = tail + 1 === n ? 0 : tail + 1;
        waiting++;
      }
    }
  }
}

/** Per edge, the pair's value: its score as a whole number on the grid, times (nodes + 1). */
function values(graph: Graph): Float64Array {
  let nodes = 1;
  for (let i = 0; i < graph.menteeIds.length; i++) if (graph.start[i + 1]! > graph.start[i]!) nodes++;
  for (let j = 0; j < graph.mentorIds.length; j++) if (graph.capacity[j]! > 0) nodes++;
  const scale = nodes + 1;
  const value = new Float64Array(graph.score.length);
  const decimals = decimalGrid(graph.score);
  if (decimals !== undefined) {
    let divisor = 0;
    let largest = 0;
    for (let e = 0; e < value.length; e++) {
      value[e] = Math.round(graph.score[e]! * 10 ** decimals);
      divisor = gcd(divisor, value[e]!);
      largest = Math.max(largest, value[e]!);
    }
    if ((largest / divisor) * scale < LARGEST_VALUE) {
      for (let e = 0; e < value.length; e++) value[e] = (value[e]! / divisor) * scale;
      return value;
    }
  }
  const resolution = Math.min(SCORE_RESOLUTION, Math.floor(LARGEST_VALUE / scale));
  for (let e = 0; e < value.length; e++) value[e] = scaledWeight(graph.score[e]!, graph.largest, resolution) * scale;
  return value;
}

/** The fewest decimals (at most MAX_DECIMALS) that write every score exactly, if there are such. */
function decimalGrid(scores: Float64Array): number | undefined {
  for (let d = 0; d <= MAX_DECIMALS; d++) {
    const unit = 10 ** d;
    let exact = true;
    for (let e = 0; e < scores.length && exact; e++) {
      // Only float noise off a whole number, and never rounding a positive score to nothing.
      const x = scores[e]! * unit;
      exact = x >= 0.5 && Math.abs(x - Math.round(x)) <= 1e-9 * x;
    }
    if (exact) return d;
  }
  return undefined;
}

function gcd(a: number, b: number): number {
  while (b > 0) [a, b] = [b, a % b];
  return a;
}

/** Whether holder a goes before b: the lower bid, and on equal bids the later mentee, is let go first. */
function before(bid: Float64Array, a: number, b: number): boolean {
  return bid[a]! < bid[b]! || (bid[a] === bid[b] && a > b);
}

/** Adds `node` to the heap of `size` holders at `base`. */
function siftUp(slots: Int32Array, bid: Float64Array, base: number, size: number, node: number): void {
  let at = size;
  while (at > 0) {
    const parent = (at - 1) >> 1;
    if (!before(bid, node, slots[base + parent]!)) break;
    slots[base + at] = slots[base + parent]!;
    at = parent;
  }
  slots[base + at] = node;
}

/** Replaces the top of the heap of `size` holders at `base` by `node`. */
function siftDown(slots: Int32Array, bid: Float64Array, base: number, size: number, node: number): void {
  let at = 0;
  for (;;) {
    let child = 2 * at + 1;
    if (child >= size) break;
    if (child + 1 < size && before(bid, slots[base + child + 1]!, slots[base + child]!)) child++;
    if (!before(bid, slots[base + child]!, node)) break;
    slots[base + at] = slots[base + child]!;
    at = child;
  }
  slots[base + at] = node;
}
