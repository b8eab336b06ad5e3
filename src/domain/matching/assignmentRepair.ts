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
/** Marks a step to or from the sink. */
const FROM_SINK = -1;

/**
 * Empties the seats the auction left priced above ε: each is filled, or
 * given back, along a chain of moves found in the residual network, in the
 * manner of cost-scaling min-cost flow (Goldberg): price updates by a
 * shortest-path search, then as many augmentations as the admissible arcs
 * allow.
 *
 * The network: mentee → mentor for a pair not taken (cost −value), mentor →
 * mentee for one taken (+value), mentee → sink for staying out and mentor →
 * sink for a used seat (cost 0), with the residual arcs of both. The
 * auction leaves every residual arc's reduced cost at −ε or more except the
 * mentor → sink arcs of empty seats priced above ε. Those seats are booked
 * to the sink up front, so the sink holds one unit per seat and each such
 * mentor owes as many. An arc is admissible when its reduced cost is at
 * most 0; pushing a unit along a path of admissible arcs leaves every
 * reduced cost at −ε or more. When no admissible path is left, a search
 * back from the owing mentors over lengths ⌈reduced cost / ε⌉ lowers
 * potentials by ε per unit of length, which keeps that bound and makes the
 * nearest path admissible. The prices leave with the sink's potential as 0.
 * Returns how many searches it took.
 */
export function settleVacancies(state: AuctionState, epsilon: number): number {
  const repair = new Repair(state, epsilon);
  return repair.run();
}

class Repair {
  private readonly n: number;
  private readonly m: number;
  private readonly sink: number;
  private readonly owed: Int32Array;
  private owedTotal = 0;
  /** A mentee's is its profit, a mentor's minus its price, the sink's 0. */
  private readonly potential: Float64Array;
  private byMentor?: Int32Array;
  private mentorStart?: Int32Array;

  constructor(
    private readonly state: AuctionState,
    private readonly epsilon: number,
  ) {
    const { graph, value, price, held, load } = state;
    const { target, capacity } = graph;
    this.n = graph.menteeIds.length;
    this.m = graph.mentorIds.length;
    this.sink = this.n + this.m;
    this.owed = new Int32Array(this.m);
    for (let j = 0; j < this.m; j++) {
      if (load[j]! < capacity[j]! && price[j]! > epsilon) {
        this.owed[j] = capacity[j]! - load[j]!;
        this.owedTotal += this.owed[j]!;
      }
    }
    this.potential = new Float64Array(this.sink + 1);
    if (this.owedTotal === 0) return;
    for (let i = 0; i < this.n; i++) this.potential[i] = held[i]! >= 0 ? value[held[i]!]! - price[target[held[i]!]!]! : 0;
    for (let j = 0; j < this.m; j++) this.potential[this.n + j] = -price[j]!;
  }

  run(): number {
    if (this.owedTotal === 0) return 0;
    let searches = 0;
    this.augmentAll();
    let tu = 0, ta = 0;
    while (this.owedTotal > 0) {
      const t0 = performance.now();
      if ((globalThis as { forwardRepair?: boolean }).forwardRepair) this.updatePricesForward();
      else this.updatePrices();
      const t1 = performance.now();
      searches++;
      if (this.owedTotal > 0) this.augmentAll();
      tu += t1 - t0; ta += performance.now() - t1;
    }
    if ((globalThis as { repairCheck?: boolean }).repairCheck) console.error(`   repair eps ${this.epsilon} update ${tu.toFixed(1)} augment ${ta.toFixed(1)}`);
    const { price } = this.state;
    for (let j = 0; j < this.m; j++) price[j] = this.potential[this.sink]! - this.potential[this.n + j]!;
    return searches;
  }

  /**
   * Depth-first searches from the sink over admissible arcs, augmenting
   * along every path that reaches an owing mentor. A node whose search came
   * to nothing is not tried again until the next price update.
   */
  private augmentAll(): void {
    const { n, m, sink, potential, owed, state } = this;
    const { value, held, load, slots, slotStart } = state;
    const { start, target } = state.graph;
    const nodes = sink + 1;
    const dead = new Uint8Array(nodes);
    const onPath = new Uint8Array(nodes);
    const cursor = new Int32Array(nodes);
    const stack = new Int32Array(nodes);
    /** The step each node on the stack took: a mentee's edge, a mentor's holder, the sink's neighbour. */
    const step = new Int32Array(nodes);
    const resetCursor = (v: number) => {
      cursor[v] = v < n ? start[v]! : v < sink ? 0 : 0;
    };
    for (let v = 0; v < nodes; v++) resetCursor(v);
    // The sink's arcs: to each mentee who is out, and to each mentor passing a unit on.
    for (;;) {
      let depth = 0;
      stack[depth++] = sink;
      onPath[sink] = 1;
      let reached = -1;
      while (depth > 0 && reached < 0) {
        const u = stack[depth - 1]!;
        let nextNode = -1;
        if (u === sink) {
          while (cursor[u]! < n + m) {
            const v = cursor[u]!++;
            if (dead[v] || onPath[v]) continue;
            const open = v < n ? held[v] === OPTED_OUT && start[v + 1]! > start[v]! : load[v - n]! + owed[v - n]! > 0;
            if (open && potential[sink]! - potential[v]! <= 0) {
              nextNode = v;
              step[u] = v;
              break;
            }
          }
        } else if (u < n) {
          const h = held[u]!;
          while (cursor[u]! < start[u + 1]!) {
            const e = cursor[u]!++;
            const v = n + target[e]!;
            if (e === h || dead[v] || onPath[v]) continue;
            if (potential[u]! - value[e]! - potential[v]! <= 0) {
              nextNode = v;
              step[u] = e;
              break;
            }
          }
        } else {
          const j = u - n;
          if (owed[j]! > 0) {
            reached = u;
            break;
          }
          while (cursor[u]! < load[j]!) {
            const i = slots[slotStart[j]! + cursor[u]!++]!;
            if (dead[i] || onPath[i]) continue;
            if (value[held[i]!]! + potential[u]! - potential[i]! <= 0) {
              nextNode = i;
              step[u] = i;
              break;
            }
          }
        }
        if (reached >= 0) break;
        if (nextNode < 0) {
          dead[u] = 1;
          onPath[u] = 0;
          depth--;
          continue;
        }
        onPath[nextNode] = 1;
        stack[depth++] = nextNode;
      }
      if (reached < 0) return;
      // Move each mentee on the path one mentor along, the last first, so a seat is left before it is taken;
      // then let the path's nodes be tried again.
      for (let k = depth - 2; k >= 1; k--) if (stack[k]! < n) this.move(stack[k]!, step[stack[k]!]!);
      for (let k = 0; k < depth; k++) {
        onPath[stack[k]!] = 0;
        if (stack[k]! !== sink) resetCursor(stack[k]!);
      }
      // The sink's last neighbour may take another path.
      cursor[sink]!--;
      owed[reached - n]!--;
      if ((globalThis as { repairCheck?: boolean }).repairCheck) {
        for (let k = 0; k < depth; k++) { const v = stack[k]!; if (v >= n && v < sink && load[v - n]! > state.graph.capacity[v - n]!) console.error('DFS overfill', v - n, 'path', Array.from(stack.subarray(0, depth)).map((x) => (x < n ? 'e' + x : x < sink ? 'm' + (x - n) + (owed[x - n]! > 0 ? '*' : '') : 'T')).join(' ')); }
      }
      if (--this.owedTotal === 0) return;
    }
  }

  /**
   * Dijkstra back from the owing mentors over lengths ⌈max(reduced cost, 0)
   * / ε⌉ until the sink is settled at some length D; each settled node's
   * potential then rises by ε × (D − its length), so the path found becomes
   * admissible and no reduced cost falls below −ε.
   */
  private updatePrices(): void {
    const { n, m, sink, potential, owed, epsilon, state } = this;
    const { value, held, load } = state;
    const { source, target } = state.graph;
    if (!this.byMentor) {
      this.byMentor = countingSort(target, m, identity(target.length));
      this.mentorStart = new Int32Array(m + 1);
      for (let e = 0; e < target.length; e++) this.mentorStart[target[e]! + 1]!++;
      for (let j = 0; j < m; j++) this.mentorStart[j + 1]! += this.mentorStart[j]!;
    }
    const byMentor = this.byMentor;
    const mentorStart = this.mentorStart!;
    const nodes = sink + 1;
    const dist = new Float64Array(nodes);
    const seen = new Uint8Array(nodes);
    const settled = new Uint8Array(nodes);
    /** The step from each node towards an owing mentor: a mentee's edge, a mentor's holder, the sink's neighbour. */
    const next = new Int32Array(nodes);
    const order: number[] = [];
    const heap = new NodeHeap(nodes, dist);
    const length = (reduced: number) => (reduced <= 0 ? 0 : Math.ceil(reduced / epsilon));
    const offer = (v: number, d: number, via: number) => {
      if (settled[v] || (seen[v] && d >= dist[v]!)) return;
      // Nothing at or beyond the sink's best length so far can shorten it.
      if (seen[sink] && d >= dist[sink]!) return;
      seen[v] = 1;
      dist[v] = d;
      next[v] = via;
      heap.upsert(v);
    };
    for (let j = 0; j < m; j++) if (owed[j]! > 0) offer(n + j, 0, -1);
    for (;;) {
      const u = heap.pop();
      settled[u] = 1;
      order.push(u);
      if (u === sink) break;
      const pu = potential[u]!;
      const du = dist[u]!;
      // Arcs into u, each offering its tail the arc's length plus u's.
      if (u < n) {
        const h = held[u]!;
        if (h >= 0) offer(n + target[h]!, du + length(value[h]! + potential[n + target[h]!]! - pu), u);
        else offer(sink, du + length(potential[sink]! - pu), u);
      } else {
        const j = u - n;
        for (let k = mentorStart[j]!; k < mentorStart[j + 1]!; k++) {
          const e = byMentor[k]!;
          const i = source[e]!;
          if (held[i] !== e) offer(i, du + length(potential[i]! - value[e]! - pu), e);
        }
        if (load[j]! + owed[j]! > 0) offer(sink, du + length(potential[sink]! - pu), u);
      }
      // The sink is always reachable (an owing mentor can give a seat back), so the heap never runs dry first.
      if (seen[sink] && dist[sink]! <= dist[heap.peek()]!) {
        settled[sink] = 1;
        order.push(sink);
        break;
      }
    }
    const reach = dist[sink]!;
    for (const v of order) potential[v]! += epsilon * (reach - dist[v]!);
    // The path found is now admissible: take it, so every search moves a unit.
    const movers: number[] = [];
    let v = next[sink]!;
    for (;;) {
      if (v < n) {
        movers.push(v);
        v = n + target[next[v]!]!;
      } else if (next[v] === -1) {
        break;
      } else {
        v = next[v]!;
      }
    }
    for (let k = movers.length - 1; k >= 0; k--) this.move(movers[k]!, next[movers[k]!]!);
    owed[v - n]!--;
    this.owedTotal--;
  }

  /**
   * Dijkstra forwards from the sink over lengths ⌈max(reduced cost, 0) / ε⌉
   * until every owing mentor is settled, the farthest at length D; each
   * settled node's potential then moves by ε × (its length − D), which makes
   * every shortest path found admissible and keeps every reduced cost at −ε
   * or more. Then the paths to the owing mentors, nearest first, are taken
   * while they share no mentee.
   */
  private updatePricesForward(): void {
    const { n, m, sink, potential, owed, epsilon, state } = this;
    const { value, held, load, slots, slotStart } = state;
    const { start, source, target } = state.graph;
    const nodes = sink + 1;
    const dist = new Float64Array(nodes);
    const seen = new Uint8Array(nodes);
    const settled = new Uint8Array(nodes);
    /** How each node was reached: a mentor by an edge (or from the sink), a mentee from its mentor (or the sink). */
    const prev = new Int32Array(nodes);
    const order: number[] = [];
    const ends: number[] = [];
    const heap = new NodeHeap(nodes, dist);
    const length = (reduced: number) => (reduced <= 0 ? 0 : Math.ceil(reduced / epsilon));
    const offer = (v: number, d: number, via: number) => {
      if (settled[v] || (seen[v] && d >= dist[v]!)) return;
      seen[v] = 1;
      dist[v] = d;
      prev[v] = via;
      heap.upsert(v);
    };
    let owing = 0;
    for (let j = 0; j < m; j++) if (owed[j]! > 0) owing++;
    let u = sink;
    dist[sink] = 0;
    for (;;) {
      settled[u] = 1;
      order.push(u);
      const pu = potential[u]!;
      const du = dist[u]!;
      if (u === sink) {
        for (let i = 0; i < n; i++) if (held[i] === OPTED_OUT && start[i + 1]! > start[i]!) offer(i, du + length(pu - potential[i]!), FROM_SINK);
        for (let j = 0; j < m; j++) if (load[j]! + owed[j]! > 0) offer(n + j, du + length(pu - potential[n + j]!), FROM_SINK);
      } else if (u < n) {
        const h = held[u]!;
        for (let e = start[u]!; e < start[u + 1]!; e++) if (e !== h) offer(n + target[e]!, du + length(pu - value[e]! - potential[n + target[e]!]!), e);
      } else {
        const j = u - n;
        if (owed[j]! > 0) {
          ends.push(u);
          if (ends.length === owing) break;
        } else {
          for (let s = slotStart[j]!; s < slotStart[j]! + load[j]!; s++) {
            const i = slots[s]!;
            offer(i, du + length(value[held[i]!]! + pu - potential[i]!), u);
          }
        }
      }
      u = heap.pop();
    }
    const reach = dist[ends[ends.length - 1]!]!;
    for (const v of order) potential[v]! += epsilon * (dist[v]! - reach);
    const used = new Uint8Array(n);
    const path: number[] = [];
    for (const end of ends) {
      path.length = 0;
      let ok = true;
      let v = end;
      for (;;) {
        const e = prev[v]!;
        if (e === FROM_SINK) {
          if (load[v - n]! + owed[v - n]! === 0) ok = false;
          break;
        }
        const i = source[e]!;
        if (used[i]) ok = false;
        path.push(i, e);
        if (prev[i] === FROM_SINK) {
          if (held[i] !== OPTED_OUT) ok = false;
          break;
        }
        v = prev[i]!;
      }
      if (!ok || owed[end - n] === 0) continue;
      for (let k = 0; k < path.length; k += 2) {
        used[path[k]!] = 1;
        this.move(path[k]!, path[k + 1]!);
      }
      owed[end - n]!--;
      this.owedTotal--;
    }
  }

  /** Mentee i leaves its seat (if any) for edge e's mentor. */
  private move(i: number, e: number): void {
    const { held } = this.state;
    const { target } = this.state.graph;
    if (held[i]! >= 0) removeHolder(this.state, target[held[i]!]!, i);
    held[i] = e;
    addHolder(this.state, target[e]!, i);
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

/**
 * Between phases: each mentor left with an empty seat priced above ε drops
 * its price to where the mentees it is worth most to would come (the
 * (room + 1)-th largest gain, less ε), without moving anyone; the next
 * phase re-seats whoever that now tempts.
 */
export function repriceVacancies(state: AuctionState, epsilon: number): number {
  const { graph, value, price, held, load } = state;
  const { source, target, capacity } = graph;
  const m = graph.mentorIds.length;
  let byMentor: Int32Array | undefined;
  let mentorStart: Int32Array | undefined;
  let gains: Float64Array | undefined;
  let count = 0;
  for (let j = 0; j < m; j++) {
    const room = capacity[j]! - load[j]!;
    if (room === 0 || price[j]! <= epsilon) continue;
    if (!byMentor) {
      byMentor = countingSort(target, m, identity(target.length));
      mentorStart = new Int32Array(m + 1);
      for (let e = 0; e < target.length; e++) mentorStart[target[e]! + 1]!++;
      for (let k = 0; k < m; k++) mentorStart[k + 1]! += mentorStart[k]!;
      let most = 0;
      for (let k = 0; k < m; k++) most = Math.max(most, capacity[k]!);
      gains = new Float64Array(most + 1);
    }
    count++;
    let size = 0;
    for (let k = mentorStart![j]!; k < mentorStart![j + 1]!; k++) {
      const e = byMentor[k]!;
      const h = held[source[e]!]!;
      if (h === e) continue;
      const gain = value[e]! - (h >= 0 ? value[h]! - price[target[h]!]! : 0);
      if (size <= room) gainUp(gains!, size++, gain);
      else if (gain > gains![0]!) gainDown(gains!, size, gain);
    }
    price[j] = size > room ? Math.max(0, gains![0]! - epsilon) : 0;
  }
  return count;
}

function gainUp(heap: Float64Array, size: number, g: number): void {
  let at = size;
  while (at > 0) {
    const parent = (at - 1) >> 1;
    if (heap[parent]! <= g) break;
    heap[at] = heap[parent]!;
    at = parent;
  }
  heap[at] = g;
}

function gainDown(heap: Float64Array, size: number, g: number): void {
  let at = 0;
  for (;;) {
    let child = 2 * at + 1;
    if (child >= size) break;
    if (child + 1 < size && heap[child + 1]! < heap[child]!) child++;
    if (heap[child]! >= g) break;
    heap[at] = heap[child]!;
    at = child;
  }
  heap[at] = g;
}

/**
 * Reverse bids (Bertsekas): a mentor with an empty seat priced above ε
 * lowers its price to just below what the first mentee left out would pay,
 * and takes the mentees it is worth most to, each gaining at least ε; the
 * mentors they leave may then bid in turn. Keeps ε-CS for everyone. Stops
 * after `budget` bids (the rest is left for the searches). Returns the count.
 */
export function reverseBids(state: AuctionState, epsilon: number, budget: number): number {
  const { graph, value, price, held, load } = state;
  const { source, target, capacity } = graph;
  const m = graph.mentorIds.length;
  const pending: number[] = [];
  const queued = new Uint8Array(m);
  for (let j = 0; j < m; j++) {
    if (load[j]! < capacity[j]! && price[j]! > epsilon) {
      pending.push(j);
      queued[j] = 1;
    }
  }
  if (pending.length === 0) return 0;
  const byMentor = countingSort(target, m, identity(target.length));
  const mentorStart = new Int32Array(m + 1);
  for (let e = 0; e < target.length; e++) mentorStart[target[e]! + 1]!++;
  for (let k = 0; k < m; k++) mentorStart[k + 1]! += mentorStart[k]!;
  let most = 0;
  for (let k = 0; k < m; k++) most = Math.max(most, capacity[k]!);
  const gain = new Float64Array(most + 1);
  const edge = new Int32Array(most + 1);
  let bids = 0;
  while (pending.length > 0 && bids < budget) {
    const j = pending.pop()!;
    queued[j] = 0;
    const room = capacity[j]! - load[j]!;
    if (room === 0 || price[j]! <= epsilon) continue;
    bids++;
    let size = 0;
    for (let k = mentorStart[j]!; k < mentorStart[j + 1]!; k++) {
      const e = byMentor[k]!;
      const h = held[source[e]!]!;
      if (h === e) continue;
      const worth = value[e]! - (h >= 0 ? value[h]! - price[target[h]!]! : 0);
      if (worth < epsilon) continue;
      if (size <= room) candidateUp(gain, edge, size++, worth, e);
      else if (worth > gain[0]!) candidateDown(gain, edge, size, worth, e);
    }
    let first = 0;
    let newPrice = 0;
    if (size > room) {
      newPrice = gain[0]! - epsilon;
      first = 1;
    }
    price[j] = newPrice;
    for (let k = first; k < size; k++) {
      const e = edge[k]!;
      const i = source[e]!;
      const h = held[i]!;
      if (h >= 0) {
        const from = target[h]!;
        removeHolder(state, from, i);
        if (price[from]! > epsilon && !queued[from]) {
          pending.push(from);
          queued[from] = 1;
        }
      }
      held[i] = e;
      addHolder(state, j, i);
    }
  }
  return bids;
}

/** Whether candidate (ga, ea) is worse than (gb, eb): a smaller gain, or on equal gains the later mentee. */
function worse(ga: number, ea: number, gb: number, eb: number): boolean {
  return ga < gb || (ga === gb && ea > eb);
}

function candidateUp(gain: Float64Array, edge: Int32Array, size: number, g: number, e: number): void {
  let at = size;
  while (at > 0) {
    const parent = (at - 1) >> 1;
    if (!worse(g, e, gain[parent]!, edge[parent]!)) break;
    gain[at] = gain[parent]!;
    edge[at] = edge[parent]!;
    at = parent;
  }
  gain[at] = g;
  edge[at] = e;
}

function candidateDown(gain: Float64Array, edge: Int32Array, size: number, g: number, e: number): void {
  let at = 0;
  for (;;) {
    let child = 2 * at + 1;
    if (child >= size) break;
    if (child + 1 < size && worse(gain[child + 1]!, edge[child + 1]!, gain[child]!, edge[child]!)) child++;
    if (!worse(gain[child]!, edge[child]!, g, e)) break;
    gain[at] = gain[child]!;
    edge[at] = edge[child]!;
    at = child;
  }
  gain[at] = g;
  edge[at] = e;
}
