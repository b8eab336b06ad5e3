import { type Graph, SCORE_RESOLUTION, scaledWeight } from './assignmentGraph.js';
import { type AuctionState, OPTED_OUT, repriceVacancies, reverseBids, settleVacancies } from './assignmentRepair.js';

/**
 * The exact solver behind solveAssignment: an ε-scaling auction (Bertsekas)
 * for the assignment with capacities.
 */

export const tuning = { factor: 8, drop: 4, debug: false, mode: 'search', adaptive: false, finalDrop: 0, budget: 1e9, every: 4, below: 1e6 };

/** Values stay below this, so prices, bids, profits and distances are exact integers in a double. */
const LARGEST_VALUE = 2 ** 50;
const WAITING = -2;

/** Per edge of the graph, 1 when the pair is chosen. */
export function auctionAssignment(graph: Graph): Uint8Array {
  const auction = new Auction(graph);
  auction.solve();
  return auction.chosen();
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
  /** Per mentee, its last bid: the highest price at which its seat still satisfies it. */
  private readonly bid: Float64Array;
  private readonly queue: Int32Array;

  constructor(readonly graph: Graph) {
    this.menteeCount = graph.menteeIds.length;
    this.mentorCount = graph.mentorIds.length;
    const weights = new Float64Array(graph.score.length);
    const nodes = activeNodes(graph);
    const scale = nodes + 1;
    const resolution = Math.min(SCORE_RESOLUTION, Math.floor(LARGEST_VALUE / scale));
    let divisor = 0;
    for (let e = 0; e < weights.length; e++) {
      weights[e] = scaledWeight(graph.score[e]!, graph.largest, resolution);
      divisor = gcd(divisor, weights[e]!);
    }
    this.value = new Float64Array(weights.length);
    for (let e = 0; e < weights.length; e++) this.value[e] = (weights[e]! / divisor) * scale;
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
    let epsilon = Math.max(1, Math.floor(largest / tuning.factor));
    let dropFactor = tuning.drop;
    let phase = 0;
    for (;;) {
      const t0 = performance.now();
      const waiting = this.keepSatisfied(epsilon);
      const bids = this.forward(epsilon, waiting);
      const t1 = performance.now();
      let vac = 0;
      for (let j = 0; j < this.mentorCount; j++) if (this.price[j]! > epsilon) vac += this.graph.capacity[j]! - this.load[j]!;
      if (tuning.debug) {
        const cnt = new Int32Array(this.mentorCount);
        for (let i = 0; i < this.menteeCount; i++) if (this.held[i]! >= 0) cnt[this.graph.target[this.held[i]!]!]!++;
        for (let j = 0; j < this.mentorCount; j++) if (cnt[j] !== this.load[j] || cnt[j]! > this.graph.capacity[j]!) console.error(`   BAD-BEFORE mentor ${j} count ${cnt[j]} load ${this.load[j]} cap ${this.graph.capacity[j]} after eps ${epsilon}`);
      }
      const reverse = tuning.mode === 'reverse' || tuning.mode === 'reverse-all' ? reverseBids(this, epsilon, epsilon === 1 && tuning.mode === 'reverse' ? 0 : tuning.budget) : 0;
      phase++;
      const searches = epsilon === 1 || tuning.mode === 'search' || (tuning.mode === 'every' && phase % tuning.every === 0) || (tuning.mode === 'below' && epsilon <= tuning.below) ? settleVacancies(this, epsilon) : tuning.mode === 'reprice' ? -repriceVacancies(this, epsilon) : 0;
      if (tuning.debug && reverse) console.error(`   reverse ${reverse}`);
      if (tuning.debug) {
        const cnt = new Int32Array(this.mentorCount);
        for (let i = 0; i < this.menteeCount; i++) if (this.held[i]! >= 0) cnt[this.graph.target[this.held[i]!]!]!++;
        for (let j = 0; j < this.mentorCount; j++) if (cnt[j] !== this.load[j] || cnt[j]! > this.graph.capacity[j]!) console.error(`   BAD mentor ${j} count ${cnt[j]} load ${this.load[j]} cap ${this.graph.capacity[j]} after eps ${epsilon}`);
      }
      if (tuning.debug) console.error(`eps ${epsilon.toExponential(2)} vac ${vac} bids ${bids} fwd ${(t1 - t0).toFixed(1)}ms searches ${searches} ${(performance.now() - t1).toFixed(1)}ms`);
      if (epsilon === 1) return;
      if (tuning.debug && (globalThis as { vacDebug?: boolean }).vacDebug) {
        const before = Float64Array.from(this.price);
        repriceVacancies(this, epsilon);
        for (let j = 0; j < this.mentorCount; j++) if (before[j]! > epsilon && this.load[j]! < this.graph.capacity[j]!) console.error(`   vacant ${j} cap ${this.graph.capacity[j]} load ${this.load[j]} price ${before[j]!.toExponential(3)} gap/eps ${((before[j]! - this.price[j]!) / epsilon).toFixed(1)}`);
        this.price.set(before);
      }
      if (tuning.adaptive) dropFactor = searches > 8 ? Math.min(8, dropFactor * 2) : searches === 0 ? Math.max(0.5, dropFactor * 0.75) : dropFactor;
      const last = Math.max(1, Math.floor(epsilon / tuning.factor)) === 1;
      const drop = epsilon * (last && tuning.finalDrop ? tuning.finalDrop : dropFactor);
      for (let j = 0; j < this.mentorCount; j++) this.price[j] = Math.max(0, this.price[j]! - drop);
      epsilon = Math.max(1, Math.floor(epsilon / tuning.factor));
    }
  }

  chosen(): Uint8Array {
    const chosen = new Uint8Array(this.value.length);
    for (let i = 0; i < this.menteeCount; i++) if (this.held[i]! >= 0) chosen[this.held[i]!] = 1;
    return chosen;
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
    for (let j = 0; j < this.mentorCount; j++) if (load[j] === capacity[j] && load[j]! > 0) price[j] = bid[slots[slotStart[j]!]!]!;
    return waiting;
  }

  /** Forward bids until everyone holds a seat or has opted out. */
  private forward(epsilon: number, waitingAtStart: number): number {
    const { start, target, capacity } = this.graph;
    const { value, price, load, held, bid, queue, slots, slotStart } = this;
    const n = this.menteeCount;
    let bids = 0;
    let waiting = waitingAtStart;
    let head = 0;
    let tail = waiting === n ? 0 : waiting;
    while (waiting > 0) {
      bids++;
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
    return bids;
  }
}

/** Mentees with a pair, mentors with a seat, and the sink: the nodes of the flow network. */
function activeNodes(graph: Graph): number {
  let nodes = 1;
  for (let i = 0; i < graph.menteeIds.length; i++) if (graph.start[i + 1]! > graph.start[i]!) nodes++;
  for (let j = 0; j < graph.mentorIds.length; j++) if (graph.capacity[j]! > 0) nodes++;
  return nodes;
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

/** Replaces the heap's top by `node`. */
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
