/**
 * A binary min-heap of node ids keyed by `dist`, with an index so a key can
 * be lowered in place. Equal keys go to the smaller id, so the search order
 * depends only on the distances, never on the order nodes were pushed.
 */
export class NodeHeap {
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
    this.siftUp(node, at);
  }

  pop(): number {
    const top = this.nodes[0]!;
    this.position[top] = -1;
    const last = this.nodes[--this.size]!;
    if (this.size > 0) this.siftDown(last, 0);
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

  private siftUp(node: number, at: number): void {
    while (at > 0) {
      const parentAt = (at - 1) >> 1;
      const parent = this.nodes[parentAt]!;
      if (!this.before(node, parent)) break;
      this.place(parent, at);
      at = parentAt;
    }
    this.place(node, at);
  }

  private siftDown(node: number, at: number): void {
    for (;;) {
      let child = 2 * at + 1;
      if (child >= this.size) break;
      if (child + 1 < this.size && this.before(this.nodes[child + 1]!, this.nodes[child]!)) child++;
      const smaller = this.nodes[child]!;
      if (!this.before(smaller, node)) break;
      this.place(smaller, at);
      at = child;
    }
    this.place(node, at);
  }

  private place(node: number, at: number): void {
    this.nodes[at] = node;
    this.position[node] = at;
  }
}
