import type { AssignmentInput, AssignmentResult } from './assignment.js';
import { buildGraph, collectPairs, countingSort, type Graph, identity } from './assignmentGraph.js';
import { NodeHeap } from './nodeHeap.js';

/**
 * The first exact solver, kept as the oracle the current one is tested and
 * benchmarked against (test/unit/assignment*.test.ts, bench/match.ts): a
 * min-cost flow solved by successive shortest paths. Places are added one
 * at a time (a mentee, or one unit of a mentor's capacity, in id order), and
 * each augments along the cheapest path of the residual graph, found by
 * Dijkstra over reduced costs (Johnson potentials) and stopped as soon as
 * that path is settled, as in Jonker–Volgenant. A place may always stay
 * empty at no cost, so a path is only taken when it strictly raises the
 * total. Ties are settled by id order throughout.
 *
 * Fast when candidates spread over many mentors; slow when they crowd onto a
 * few with many seats each, since every one of those seats then searches
 * through everyone already competing for them (16–25 s for 10,000 mentees
 * whose best 20 mentors are the same, against 0.4 s on realistic data). Weights
 * are the graph's SCORE_RESOLUTION units: potentials stay within ±(largest
 * weight) and distances within a few times it, far below 2^53.
 */
export function solveAssignmentReference(input: AssignmentInput): AssignmentResult {
  const graph = buildGraph(input);
  const network = orient(graph);
  const solver = new FlowSolver(network);
  solver.solve();
  const chosen = new Uint8Array(graph.score.length);
  for (let e = 0; e < network.edge.length; e++) chosen[network.edge[e]!] = solver.inFlow[e]!;
  return collectPairs(graph, chosen);
}

/**
 * The graph as the solver sees it: "left" nodes are the side people are
 * added from, one unit of capacity at a time, "right" nodes the side they
 * are placed on. Either side can be left; see `orient`.
 */
interface Network {
  leftCapacity: Int32Array;
  rightCapacity: Int32Array;
  /** Left node `u`'s edges are start[u] .. start[u + 1] - 1. */
  start: Int32Array;
  left: Int32Array;
  right: Int32Array;
  weight: Float64Array;
  /** The graph edge each network edge stands for. */
  edge: Int32Array;
}

/**
 * Adds places from the side with fewer of them (mentees on a tie). Each
 * search ends where it finds spare room on the other side; when that side
 * has plenty, searches stop after a step or two, while from the crowded side
 * each newcomer has to push through everyone already competing. Measured on
 * 10,000 mentees for 6,000 mentor places: 1.3 million nodes settled from the
 * mentees' side, 17,000 from the mentors'; 1.8 s against 0.3 s.
 */
function orient(graph: Graph): Network {
  const menteeCount = graph.menteeIds.length;
  const mentorCount = graph.mentorIds.length;
  let menteePlaces = 0;
  for (let i = 0; i < menteeCount; i++) if (graph.start[i + 1]! > graph.start[i]!) menteePlaces++;
  const mentorPlaces = graph.capacity.reduce((sum, c) => sum + c, 0);
  const ones = (n: number) => new Int32Array(n).fill(1);
  if (menteePlaces <= mentorPlaces) {
    return network(graph, identity(graph.score.length), graph.source, ones(menteeCount), graph.target, graph.capacity);
  }
  return network(graph, countingSort(graph.target, mentorCount, identity(graph.score.length)), graph.target, graph.capacity, graph.source, ones(menteeCount));
}

/** The network whose edges are the graph's edges in `order`, which must be grouped by `leftOf`. */
function network(graph: Graph, order: Int32Array, leftOf: Int32Array, leftCapacity: Int32Array, rightOf: Int32Array, rightCapacity: Int32Array): Network {
  const net: Network = {
    leftCapacity,
    rightCapacity,
    start: new Int32Array(leftCapacity.length + 1),
    left: new Int32Array(order.length),
    right: new Int32Array(order.length),
    weight: new Float64Array(order.length),
    edge: order,
  };
  for (let e = 0; e < order.length; e++) {
    const from = order[e]!;
    net.left[e] = leftOf[from]!;
    net.right[e] = rightOf[from]!;
    net.weight[e] = graph.weight[from]!;
    net.start[leftOf[from]! + 1]!++;
  }
  for (let u = 0; u < leftCapacity.length; u++) net.start[u + 1]! += net.start[u]!;
  return net;
}

/**
 * Min-cost flow, one unit at a time. Nodes are numbered left first
 * (0 .. L-1), then right (L .. L+R-1); the sink is implicit, with potential
 * 0. Residual edges, costs in −weight for taking a pair:
 *   left → right    a pair not chosen yet, cost −w
 *   right → left    a chosen pair given up, cost +w
 *   right → sink    while the right node has room, cost 0
 *   left → sink     a left node giving up a pair and leaving the place empty, cost 0
 * The newcomer's own "leave it empty" costs 0 and is the path to beat.
 * Invariant: every residual edge's reduced cost, cost + p(from) − p(to), is
 * ≥ 0, so Dijkstra applies and a path of reduced cost 0 is a shortest one.
 */
class FlowSolver {
  /** Per network edge, 1 when the pair is chosen. */
  readonly inFlow: Uint8Array;
  private readonly leftCount: number;
  private readonly rightLoad: Int32Array;
  /** Right node j's chosen edges are slots[slotStart[j] .. slotStart[j] + rightLoad[j] - 1]. */
  private readonly slotStart: Int32Array;
  private readonly slots: Int32Array;
  private readonly potential: Float64Array;
  private readonly dist: Float64Array;
  /** The edge each node was reached by, in the last search. */
  private readonly pred: Int32Array;
  private readonly seen: Int32Array;
  private readonly settled: Int32Array;
  private readonly settledOrder: Int32Array;
  private readonly cursor: Int32Array;
  private readonly stack: Int32Array;
  private readonly heap: NodeHeap;
  private search = 0;

  constructor(private readonly net: Network) {
    this.leftCount = net.leftCapacity.length;
    const rightCount = net.rightCapacity.length;
    const nodes = this.leftCount + rightCount;
    this.inFlow = new Uint8Array(net.left.length);
    this.rightLoad = new Int32Array(rightCount);
    this.slotStart = new Int32Array(rightCount + 1);
    net.rightCapacity.forEach((cap, j) => (this.slotStart[j + 1] = this.slotStart[j]! + cap));
    this.slots = new Int32Array(this.slotStart[rightCount]!);
    this.potential = new Float64Array(nodes);
    this.dist = new Float64Array(nodes);
    this.pred = new Int32Array(nodes);
    this.seen = new Int32Array(nodes);
    this.settled = new Int32Array(nodes);
    this.settledOrder = new Int32Array(nodes);
    this.cursor = new Int32Array(nodes);
    this.stack = new Int32Array(nodes);
    this.heap = new NodeHeap(nodes, this.dist);
  }

  solve(): void {
    for (let u = 0; u < this.leftCount; u++) {
      // Once a place of u stays empty, so would all its further ones, now and after
      // others are added: the optimum is concave in each supply and submodular across them.
      for (let unit = 0; unit < this.net.leftCapacity[u]!; unit++) if (!this.addUnit(u)) break;
    }
  }

  /** One more place of `root`; false when it is best left empty. */
  private addUnit(root: number): boolean {
    const { start, right, weight } = this.net;
    // Lower the root's potential as far as its edges allow, so its best edge has reduced cost 0
    // (lowering is always safe: edges into the root only get dearer).
    let top = 0;
    for (let e = start[root]!; e < start[root + 1]!; e++) {
      if (!this.inFlow[e]) top = Math.max(top, this.potential[this.leftCount + right[e]!]! + weight[e]!);
    }
    if (top === 0) return false; // nothing it could take is worth more than its price
    this.potential[root] = top;
    let end = this.zeroPath(root);
    if (end < 0) end = this.shortestPath(root);
    if (end < 0) return false;
    this.augment(root, end);
    return true;
  }

  /**
   * A depth-first search over edges of reduced cost 0 for a way to the sink
   * that costs nothing: such a path is a shortest one, found without a heap
   * and without touching potentials. With ties in the scores, most places
   * are filled this way. Returns where the path meets the sink, or −1.
   */
  private zeroPath(root: number): number {
    const { start, left, right, weight } = this.net;
    const { potential, seen, pred, cursor, stack, slots, slotStart, rightLoad, inFlow } = this;
    const L = this.leftCount;
    const search = ++this.search;
    seen[root] = search;
    cursor[root] = start[root]!;
    stack[0] = root;
    let depth = 1;
    while (depth > 0) {
      const u = stack[depth - 1]!;
      let next = -1;
      let via = -1;
      if (u < L) {
        for (let e = cursor[u]!; e < start[u + 1]!; e++) {
          const v = L + right[e]!;
          if (inFlow[e] || seen[v] === search || potential[u]! - weight[e]! - potential[v]! !== 0) continue;
          next = v;
          via = e;
          cursor[u] = e + 1;
          break;
        }
      } else {
        const j = u - L;
        for (let s = cursor[u]!; s < slotStart[j]! + rightLoad[j]!; s++) {
          const e = slots[s]!;
          const v = left[e]!;
          if (seen[v] === search || weight[e]! + potential[u]! - potential[v]! !== 0) continue;
          next = v;
          via = e;
          cursor[u] = s + 1;
          break;
        }
      }
      if (next < 0) {
        depth--;
        continue;
      }
      seen[next] = search;
      pred[next] = via;
      if (potential[next] === 0 && (next < L || rightLoad[next - L]! < this.net.rightCapacity[next - L]!)) return next;
      cursor[next] = next < L ? start[next]! : slotStart[next - L]!;
      stack[depth++] = next;
    }
    return -1;
  }

  /**
   * Dijkstra from the root over reduced costs, stopped once nothing left in
   * the heap can beat the best way to the sink found so far; then the
   * potentials of the settled nodes are shifted so the found path has
   * reduced cost 0 and every edge stays ≥ 0 (the unsettled keep theirs).
   * Returns where the path meets the sink, or −1 when the root stays put.
   */
  private shortestPath(root: number): number {
    const { start, left, right, weight, rightCapacity } = this.net;
    const { potential, dist, settled, settledOrder, heap, slots, slotStart, rightLoad, inFlow } = this;
    const L = this.leftCount;
    const search = ++this.search;
    // Staying empty: root → sink at cost 0, reduced cost p(root) − p(sink).
    let best = potential[root]!;
    let end = -1;
    let settledCount = 0;
    dist[root] = 0;
    let u = root;
    for (;;) {
      settled[u] = search;
      settledOrder[settledCount++] = u;
      // Every way on from u costs du + (edge cost) − p(next): its reduced cost added to dist[u].
      const du = dist[u]! + potential[u]!;
      if (u < L) {
        // Beyond the root, a left node may give up its pair and leave the place empty.
        if (u !== root && du < best) {
          best = du;
          end = u;
        }
        for (let e = start[u]!; e < start[u + 1]!; e++) {
          if (!inFlow[e]) this.relax(L + right[e]!, du - weight[e]!, e, search);
        }
      } else {
        const j = u - L;
        if (rightLoad[j]! < rightCapacity[j]! && du < best) {
          best = du;
          end = u;
        }
        for (let s = slotStart[j]!; s < slotStart[j]! + rightLoad[j]!; s++) this.relax(left[slots[s]!]!, du + weight[slots[s]!]!, slots[s]!, search);
      }
      // Ties go to the path already found, so equal totals never cause churn.
      if (heap.size === 0 || dist[heap.peek()]! >= best) break;
      u = heap.pop();
    }
    heap.clear();
    for (let k = 0; k < settledCount; k++) potential[settledOrder[k]!]! += dist[settledOrder[k]!]! - best;
    return end;
  }

  /** Offers node `v` the distance `throughFrom − p(v)`, reached by edge `e`. */
  private relax(v: number, throughFrom: number, e: number, search: number): void {
    if (this.settled[v] === search) return;
    const d = throughFrom - this.potential[v]!;
    if (this.seen[v] === search && d >= this.dist[v]!) return;
    this.seen[v] = search;
    this.dist[v] = d;
    this.pred[v] = e;
    this.heap.upsert(v);
  }

  /** Walks the path back from where it meets the sink, moving each pair one step along it. */
  private augment(root: number, end: number): void {
    const { left, right } = this.net;
    // The right node whose freed (or spare) place the next step back fills.
    let j: number;
    if (end < this.leftCount) {
      this.unassign(this.pred[end]!);
      j = right[this.pred[end]!]!;
    } else {
      j = end - this.leftCount;
    }
    for (;;) {
      const e = this.pred[this.leftCount + j]!;
      this.assign(e);
      const u = left[e]!;
      if (u === root) return;
      this.unassign(this.pred[u]!);
      j = right[this.pred[u]!]!;
    }
  }

  private assign(e: number): void {
    const j = this.net.right[e]!;
    this.slots[this.slotStart[j]! + this.rightLoad[j]!] = e;
    this.rightLoad[j]!++;
    this.inFlow[e] = 1;
  }

  private unassign(e: number): void {
    const j = this.net.right[e]!;
    const first = this.slotStart[j]!;
    const last = first + --this.rightLoad[j]!;
    for (let s = first; s <= last; s++) {
      if (this.slots[s] === e) {
        this.slots[s] = this.slots[last]!;
        break;
      }
    }
    this.inFlow[e] = 0;
  }
}
