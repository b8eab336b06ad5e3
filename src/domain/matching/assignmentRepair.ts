import { countingSort, type Graph, identity } from './assignmentGraph.js';

/**
 * What the auction hands over: prices, who holds which seat, and each
 * mentor's holders (in any order here).
 */
export interface AuctionState {
  graph: Graph;
  /** Per edge, the pair's value in whole units. */
  value: Float64Array;
  /** Per mentor. */
  price: Float64Array;
  /** Per mentee, the edge it holds, or OPTED_OUT. */
  held: Int32Array;
  load: Int32Array;
  /** Mentor j's holders are slots[slotStart[j] .. slotStart[j] + load[j] - 1]. */
  slotStart: Int32Array;
  slots: Int32Array;
}

export const OPTED_OUT = -1;
/** Marks an owing mentor, where a path ends. */
const ARRIVED = -1;

/**
 * Empties the seats the auction left priced above ε: each such seat is
 * filled, or given up, along a cheapest chain of moves, one Dijkstra search
 * per seat (successive shortest paths), instead of by a reverse auction that
 * walks such a chain one ε at a time.
 *
 * The network: mentee → mentor for a pair not taken (cost −value), mentor →
 * mentee for one taken (+value), mentee → sink for staying out and mentor →
 * sink for a used seat (cost 0), with the residual arcs of both. The
 * auction leaves every residual arc's reduced cost at −ε or more except the
 * mentor → sink arcs of empty seats priced above ε. Those seats are booked
 * to the sink up front, so the sink holds one unit per seat and each such
 * mentor owes as many; searches from the sink over lengths max(reduced cost,
 * 0) find where each unit goes. Lengths rounded up by at most ε keep, after
 * the usual potential update, every reduced cost at −ε or more, so the flow
 * ends ε-optimal with no seat priced above ε left empty. The prices leave
 * with the sink's potential as 0. Returns how many searches it took.
 */
export function settleVacancies(state: AuctionState, epsilon: number): number {
  const { graph, value, price, held, load, slotStart, slots } = state;
  const { source, target, capacity } = graph;
  const n = graph.menteeIds.length;
  const m = graph.mentorIds.length;
  const sink = n + m;
  const owed = new Int32Array(m);
  let owedTotal = 0;
  for (let j = 0; j < m; j++) {
    if (load[j]! < capacity[j]! && price[j]! > epsilon) {
      owed[j] = capacity[j]! - load[j]!;
      owedTotal += owed[j]!;
    }
  }
  if (owedTotal === 0) return 0;

  // Potentials: a mentee's is its profit, a mentor's minus its price, the sink's 0.
  const potential = new Float64Array(n + m + 1);
  for (let i = 0; i < n; i++) potential[i] = held[i]! >= 0 ? value[held[i]!]! - price[target[held[i]!]!]! : 0;
  for (let j = 0; j < m; j++) potential[n + j] = -price[j]!;
  const byMentor = countingSort(target, m, identity(target.length));
  const mentorStart = new Int32Array(m + 1);
  for (let e = 0; e < target.length; e++) mentorStart[target[e]! + 1]!++;
  for (let j = 0; j < m; j++) mentorStart[j + 1]! += mentorStart[j]!;
  // Searched backwards, from the owing mentors towards the sink: `dist` is the length from a node on to an
  // owing mentor, `next` the step that way (a mentee's edge; a mentor's or the sink's next node).
  const dist = new Float64Array(n + m + 1);
  const next = new Int32Array(n + m + 1);
  const seen = new Int32Array(n + m + 1);
  const settled = new Int32Array(n + m + 1);
  const order = new Int32Array(n + m + 1);
  const heap = new NodeHeap(n + m + 1, dist);
  let searches = 0;

  const offer = (v: number, d: number, step: number) => {
    if (settled[v] === searches) return;
    if (seen[v] === searches && d >= dist[v]!) return;
    seen[v] = searches;
    dist[v] = d;
    next[v] = step;
    heap.upsert(v);
  };

  while (owedTotal > 0) {
    searches++;
    for (let j = 0; j < m; j++) if (owed[j]! > 0) offer(n + j, 0, ARRIVED);
    let count = 0;
    for (;;) {
      const u = heap.pop();
      settled[u] = searches;
      order[count++] = u;
      if (u === sink) break;
      const pu = potential[u]!;
      const du = dist[u]!;
      // Arcs into u, each offering its tail the length of the arc plus u's.
      if (u < n) {
        const h = held[u]!;
        if (h >= 0) offer(n + target[h]!, du + Math.max(0, value[h]! + potential[n + target[h]!]! - pu), u);
        else offer(sink, du + Math.max(0, potential[sink]! - pu), u);
      } else {
        const j = u - n;
        for (let k = mentorStart[j]!; k < mentorStart[j + 1]!; k++) {
          const e = byMentor[k]!;
          const i = source[e]!;
          if (held[i] !== e) offer(i, du + Math.max(0, potential[i]! - value[e]! - pu), e);
        }
        if (load[j]! + owed[j]! > 0) offer(sink, du + Math.max(0, potential[sink]! - pu), u);
      }
      // The sink is always reachable (an owing mentor can give a seat back), so the heap never runs dry first.
      if (seen[sink] === searches && dist[sink]! <= dist[heap.peek()]!) {
        settled[sink] = searches;
        order[count++] = sink;
        break;
      }
    }
    heap.clear();
    const reach = dist[sink]!;
    for (let k = 0; k < count; k++) potential[order[k]!]! += reach - dist[order[k]!]!;
    const mentor = augment(next);
    owed[mentor]!--;
    owedTotal--;
  }
  for (let j = 0; j < m; j++) price[j] = potential[sink]! - potential[n + j]!;
  return searches;

  /**
   * Follows the path from the sink to the owing mentor it ends at, moving
   * each mentee on it one mentor along; returns that mentor. The first step
   * brings in a mentee who was out, or has a mentor give up a seat.
   */
  function augment(step: Int32Array): number {
    let v = step[sink]!;
    for (;;) {
      if (v < n) {
        const e = step[v]!;
        if (held[v]! >= 0) removeHolder(state, target[held[v]!]!, v);
        held[v] = e;
        addHolder(state, target[e]!, v);
        v = n + target[e]!;
      } else if (step[v] === ARRIVED) {
        return v - n;
      } else {
        // The mentor's next mentee leaves it; that happens as the mentee moves on.
        v = step[v]!;
      }
    }
  }
}

function addHolder(s: AuctionState, j: number, i: number): void {
  s.slots[s.slotStart[j]! + s.load[j]!] = i;
  s.load[j]!++;
}

function removeHolder(s: AuctionState, j: number, i: number): void {
  const first = s.slotStart[j]!;
  const last = first + --s.load[j]!;
  for (let k = first; k <= last; k++) {
    if (s.slots[k] === i) {
      s.slots[k] = s.slots[last]!;
      return;
    }
  }
}

/**
 * A binary min-heap of node ids keyed by `dist`, with an index so a key can
 * be lowered in place. Equal keys go to the smaller id, so the search order
 * depends only on the distances, never on the order nodes were pushed.
 */
class NodeHeap {
  size = 0;
  private readonly nodes: Int32Array;
  private readonly position: Int32Array;

  constructor(
    capacity: number,
    private readonly dist: Float64Array,
  ) {
    this.nodes = new Int32Array(capacity);
    this.position = new Int32Array(capacity).fill(-1);
  }

  peek(): number {
    return this.nodes[0]!;
  }

  /** Inserts the node, or moves it up after its key was lowered. */
  upsert(node: number): void {
    let at = this.position[node]!;
    if (at < 0) at = this.size++;
    while (at > 0) {
      const parentAt = (at - 1) >> 1;
      const parent = this.nodes[parentAt]!;
      if (!this.before(node, parent)) break;
      this.place(parent, at);
      at = parentAt;
    }
    this.place(node, at);
  }

  pop(): number {
    const top = this.nodes[0]!;
    this.position[top] = -1;
    const last = this.nodes[--this.size]!;
    if (this.size === 0) return top;
    let at = 0;
    for (;;) {
      let child = 2 * at + 1;
      if (child >= this.size) break;
      if (child + 1 < this.size && this.before(this.nodes[child + 1]!, this.nodes[child]!)) child++;
      const smaller = this.nodes[child]!;
      if (!this.before(smaller, last)) break;
      this.place(smaller, at);
      at = child;
    }
    this.place(last, at);
    return top;
  }

  clear(): void {
    for (let k = 0; k < this.size; k++) this.position[this.nodes[k]!] = -1;
    this.size = 0;
  }

  private before(a: number, b: number): boolean {
    const da = this.dist[a]!;
    const db = this.dist[b]!;
    return da < db || (da === db && a < b);
  }

  private place(node: number, at: number): void {
    this.nodes[at] = node;
    this.position[node] = at;
  }
}
