import { Worker } from 'node:worker_threads';
import type { Config } from '../config.js';
import type { Taxonomy } from '../domain/taxonomy.js';
import type { SuggestionAnswer, SuggestionRequest } from './keptPools.js';
import type { WorkerData, WorkerReply, WorkerRequest } from './suggestionWorker.js';

/**
 * The main thread's side of the suggestion worker: starts it, sends it
 * requests and settles each with its answer. Compiled, the worker is
 * dist/services/suggestionWorker.js beside this file; under tsx (tests, the
 * demo, the benches) it is the TypeScript source, and the thread registers
 * tsx before loading it, since a worker does not inherit the loader.
 */
export class SuggestionThread {
  private readonly worker: Worker;
  private readonly pending = new Map<number, { resolve: (a: SuggestionAnswer) => void; reject: (e: Error) => void }>();
  private next = 0;
  private failure: Error | undefined;

  constructor(config: Config, taxonomy: Taxonomy) {
    // The worker never talks to Slack, so it is not given the secrets.
    const workerData: WorkerData = { config: { ...config, botToken: '', signingSecret: undefined, appToken: undefined }, taxonomy };
    this.worker = startWorker(workerData);
    // Shutdown stops it; until then an idle worker must not keep a finished process alive.
    this.worker.unref();
    this.worker.on('message', (reply: WorkerReply) => {
      const waiting = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      if (this.pending.size === 0) this.worker.unref();
      if ('error' in reply) waiting?.reject(new Error(`suggestion worker: ${reply.error}`));
      else waiting?.resolve(reply.answer);
    });
    this.worker.on('error', (error) => this.fail(error));
    this.worker.on('exit', (code) => this.fail(new Error(`suggestion worker exited (code ${code})`)));
  }

  /** False once the worker has died: the caller starts another. */
  get alive(): boolean {
    return this.failure === undefined;
  }

  ask(request: SuggestionRequest): Promise<SuggestionAnswer> {
    if (this.failure) return Promise.reject(this.failure);
    const id = (this.next += 1);
    return new Promise((resolve, reject) => {
      // While someone waits for an answer the worker keeps the process alive (a shutdown waits for that answer).
      if (this.pending.size === 0) this.worker.ref();
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, request } satisfies WorkerRequest);
    });
  }

  async stop(): Promise<void> {
    this.fail(new Error('suggestion worker stopped'));
    await this.worker.terminate();
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const waiting of this.pending.values()) waiting.reject(error);
    this.pending.clear();
  }
}

function startWorker(workerData: WorkerData): Worker {
  const here = import.meta.url;
  if (!here.endsWith('.ts')) return new Worker(new URL('./suggestionWorker.js', here), { workerData });
  const tsx = import.meta.resolve('tsx/esm/api');
  const entry = new URL('./suggestionWorker.ts', here).href;
  return new Worker(`import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); });`, { eval: true, workerData });
}
