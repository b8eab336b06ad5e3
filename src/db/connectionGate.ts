import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * One SQLite connection serves every request of the process, and since the
 * data layer is async a transaction spans several turns of the event loop.
 * Left alone, another request's statement could run in one of those turns
 * and land inside the open transaction: committed with it, rolled back with
 * it, or refused as a nested BEGIN. The gate makes each transaction the
 * connection's only user while it is open: transactions queue for it, and a
 * statement from outside the open one waits until it has finished.
 */
export class ConnectionGate {
  private owner: object | undefined;
  private tail: Promise<void> = Promise.resolve();
  private readonly context = new AsyncLocalStorage<object>();

  /** True when a transaction is open and the caller is not inside it. */
  blocks(): boolean {
    return this.owner !== undefined && this.context.getStore() !== this.owner;
  }

  /** True when the caller runs inside the open transaction (a nested one becomes a savepoint). */
  inside(): boolean {
    return this.owner !== undefined && this.context.getStore() === this.owner;
  }

  /** Resolves when every transaction queued so far has finished (another may have begun by then: check `blocks` again). */
  drained(): Promise<void> {
    return this.tail;
  }

  /** Runs `work` as the connection's only user, after every transaction queued before it. */
  async exclusive<T>(work: () => Promise<T>): Promise<T> {
    const before = this.tail;
    let release!: () => void;
    this.tail = new Promise<void>((resolve) => (release = resolve));
    await before;
    const token = {};
    this.owner = token;
    try {
      return await this.context.run(token, work);
    } finally {
      this.owner = undefined;
      release();
    }
  }
}

type Execute = (placeholders?: unknown) => unknown;
const METHODS = ['all', 'get', 'run', 'values'] as const;

/**
 * Wraps a drizzle prepared query so that, while another transaction holds the
 * gate, it runs only once the gate is free. Every query is awaited, so a
 * deferred result is a promise the caller awaits like any other; drizzle's
 * own nested calls (`all` reading through `values`) run in the same turn as
 * the check and so pass straight through.
 */
export function gatePreparedQuery<Q extends object>(query: Q, gate: ConnectionGate): Q {
  const methods = query as unknown as Record<(typeof METHODS)[number], Execute>;
  for (const method of METHODS) {
    const run = methods[method].bind(query);
    methods[method] = (placeholders) => {
      if (!gate.blocks()) return run(placeholders);
      return (async () => {
        // The check and the run share one turn, so no transaction can begin between them.
        while (gate.blocks()) await gate.drained();
        return run(placeholders);
      })();
    };
  }
  return query;
}
