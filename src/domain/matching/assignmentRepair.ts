import type { Graph } from './assignmentGraph.js';
import { NodeHeap } from './nodeHeap.js';

/**
 * The last step of the auction (assignmentAuction.ts): seats it left empty at
 * a price above 1 are filled, or given back, by shortest augmenting paths.
 *
 * The flow network: mentee → mentor for a pair not taken (cost −value),
 * mentor → mentee for one taken (+value), mentee → sink for staying out and
 * mentor → sink for each seat used (cost 0). Potentials: a mentee's is its
 * profit, a mentor's minus its price, the sink's 0; an arc's reduced cost is
 * its cost plus its tail's potential minus its head's. After the last phase
 * (ε = 1) every residual arc's reduced cost is −1 or more, except mentor →
 * sink for an empty seat priced above 1. Those seats are booked to the sink
 * up front, so the sink holds one unit per seat and each such mentor owes as
 * many, and the units are routed back keeping every reduced cost at −1 or
 * more, which is what makes the result exact (see assignmentAuction.ts).
 *
 * Each round is one Dijkstra from the sink over lengths max(reduced cost, 0)
 * that settles every owing mentor, the farthest at length D; each settled
 * node's potential then moves by (its length − D). An arc shortens by at
 * most its length, so the bound holds, and every shortest path found ends
 * with reduced costs of at most 0, so moving a unit along it keeps the bound
 * too. The paths are taken nearest first while they share no mentee (a
 * mentee moves once a round); the rest wait for the next round. So a round
 * costs about one pass over the pairs, every round moves at least one unit,
 * and the auction leaves few empty seats: a handful of rounds, measured.
 */

/** What the auction hands over. */
export interface AuctionState {
  graph: Graph;
  /** Per edge, the pair's value in whole units. */
  value: Float64Array;
  /** Per mentor. */
  price: Float64Array;
  /** Per mentee, the edge it holds, or OPTED_OUT. */
  held: Int32Array;
  load: Int32Array;
  /** Mentor j's holders are slots[slotStart[j] .. slotStart[j] + load[j] - 1], in any order. */
  slotStart: Int32Array;
  slots: Int32Array;
}

export const OPTED_OUT = -1;
/** A step to or from the sink. */
const SINK_STEP = -1;

/** Returns how many Dijkstra searches it took. */
export function settleVacancies(state: AuctionState): number {
  return new Repair(state).run();
}

class Repair {
  private readonly n: number;
  private readonly sink: number;
  private readonly owed: Int32Array;
  private owedTotal = 0;
  private readonly potential: Float64Array;
  // Scratch space for the searches, reused.
  private readonly dist: Float64Array;
  private readonly seen: Int32Array;
  private readonly settled: Int32Array;
  private readonly prev: Int32Array;
  private readonly heap: NodeHeap;
  private readonly used: Int32Array;
  private stamp = 0;

  constructor(private readonly state: AuctionState) {
    const { graph, value, price, held, load } = state;
    const { target, capacity } = graph;
    const m = graph.mentorIds.length;
    this.n = graph.menteeIds.length;
    this.sink = this.n + m;
    const nodes = this.sink + 1;
    this.owed = new Int32Array(m);
    for (let j = 0; j < m; j++) {
      if (load[j]! < capacity[j]! && price[j]! > 1) {
        this.owed[j] = capacity[j]! - load[j]!;
        this.owedTotal += this.owed[j]!;
      }
    }
    this.potential = new Float64Array(nodes);
    for (let i = 0; i < this.n; i++) this.potential[i] = held[i]! >= 0 ? value[held[i]!]! - price[target[held[i]!]!]! : 0;
    for (let j = 0; j < m; j++) this.potential[this.n + j] = -price[j]!;
    this.dist = new Float64Array(nodes);
    this.seen = new Int32Array(nodes);
    this.settled = new Int32Array(nodes);
    this.prev = new Int32Array(nodes);
    this.heap = new NodeHeap(nodes, this.dist);
    this.used = new Int32Array(this.n);
  }

  run(): number {
    let searches = 0;
    for (; this.owedTotal > 0; searches++) this.search();
    return searches;
  }

  /** Does the sink's arc to v exist: v a mentee who is out, or a mentor passing a unit on? */
  private fromSink(v: number): boolean {
    const { start } = this.state.graph;
    if (v < this.n) return this.state.held[v] === OPTED_OUT && start[v + 1]! > start[v]!;
    return this.state.load[v - this.n]! + this.owed[v - this.n]! > 0;
  }

  /** Dijkstra from the sink until every owing mentor is settled, then the potential update and the paths. */
  private search(): void {
    const { n, sink, potential, owed, dist, seen, settled, prev, heap } = this;
    const { value, held, load, slots, slotStart } = this.state;
    const { start, source, target } = this.state.graph;
    const stamp = ++this.stamp;
    let owing = 0;
    for (let j = 0; j < owed.length; j++) if (owed[j]! > 0) owing++;
    const order: number[] = [];
    const ends: number[] = [];
    // The sink's arcs: to each mentee who is out, and to each mentor passing a unit on.
    const ps = potential[sink]!;
    settled[sink] = stamp;
    order.push(sink);
    dist[sink] = 0;
    for (let v = 0; v < sink; v++) {
      if (!this.fromSink(v)) continue;
      const reduced = ps - potential[v]!;
      seen[v] = stamp;
      dist[v] = reduced > 0 ? reduced : 0;
      prev[v] = SINK_STEP;
      heap.upsert(v);
    }
    // Every owing mentor can be reached straight from the sink, so the heap holds the rest until then.
    for (;;) {
      const u = heap.pop();
      settled[u] = stamp;
      order.push(u);
      const pu = potential[u]!;
      const du = dist[u]!;
      if (u < n) {
        const h = held[u]!;
        for (let e = start[u]!; e < start[u + 1]!; e++) {
          if (e === h) continue;
          const v = n + target[e]!;
          if (settled[v] === stamp) continue;
          const reduced = pu - value[e]! - potential[v]!;
          const d = reduced > 0 ? du + reduced : du;
          if (seen[v] === stamp && d >= dist[v]!) continue;
          seen[v] = stamp;
          dist[v] = d;
          prev[v] = e;
          heap.upsert(v);
        }
      } else {
        const j = u - n;
        if (owed[j]! > 0) {
          ends.push(u);
          if (ends.length === owing) break;
        }
        // A path may run on through an owing mentor too.
        for (let s = slotStart[j]!; s < slotStart[j]! + load[j]!; s++) {
          const i = slots[s]!;
          if (settled[i] === stamp) continue;
          const reduced = value[held[i]!]! + pu - potential[i]!;
          const d = reduced > 0 ? du + reduced : du;
          if (seen[i] === stamp && d >= dist[i]!) continue;
          seen[i] = stamp;
          dist[i] = d;
          prev[i] = u;
          heap.upsert(i);
        }
      }
    }
    heap.clear();
    const reach = dist[ends[ends.length - 1]!]!;
    for (const v of order) potential[v]! += dist[v]! - reach;

    // Each path back from its owing mentor: mentee, edge it moves along, and so on towards the sink.
    const used = this.used;
    const path: number[] = [];
    for (const end of ends) {
      path.length = 0;
      let open = owed[end - n]! > 0;
      let v = end;
      while (open) {
        const e = prev[v]!;
        if (e === SINK_STEP) {
          open = this.fromSink(v);
          break;
        }
        const i = source[e]!;
        if (used[i] === stamp) open = false;
        path.push(i, e);
        if (prev[i] === SINK_STEP) {
          open = held[i] === OPTED_OUT;
          break;
        }
        v = prev[i]!;
      }
      if (!open) continue;
      // Walking back from the end, each mentee leaves its seat before the one behind it takes it.
      for (let k = 0; k < path.length; k += 2) {
        used[path[k]!] = stamp;
        this.move(path[k]!, path[k + 1]!);
      }
      owed[end - n]!--;
      this.owedTotal--;
    }
  }

  /** Mentee i leaves its seat (if any) for edge e's mentor. */
  private move(i: number, e: number): void {
    const { held, load, slots, slotStart } = this.state;
    const { target } = this.state.graph;
    const h = held[i]!;
    if (h >= 0) {
      const j = target[h]!;
      const first = slotStart[j]!;
      const last = first + --load[j]!;
      for (let k = first; k <= last; k++) {
        if (slots[k] === i) {
          slots[k] = slots[last]!;
          break;
        }
      }
    }
    held[i] = e;
    const j = target[e]!;
    slots[slotStart[j]! + load[j]!++] = i;
  }
}
