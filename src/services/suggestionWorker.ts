import { parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import type { Config } from '../config.js';
import { openReadOnly, readSnapshot } from '../db/readOnly.js';
import type { Taxonomy } from '../domain/taxonomy.js';
import { createLogger } from '../logger.js';
import { KeptPools, type SuggestionAnswer, type SuggestionRequest } from './keptPools.js';

/**
 * The suggestion worker thread (started by suggestionThread.ts): it keeps the
 * large programs' pools, read through its own read-only connection, so
 * loading and compiling 10,000 members never holds up the main thread's
 * event loop. Requests are answered in the order they came.
 */

export interface WorkerData {
  config: Config;
  taxonomy: Taxonomy;
}

export type WorkerRequest = { id: number; request: SuggestionRequest };
export type WorkerReply = { id: number; answer: SuggestionAnswer } | { id: number; error: string };

const { config, taxonomy } = workerData as WorkerData;
const database = openReadOnly(config.databasePath);
const kept = new KeptPools({ config, db: database.db, logger: createLogger(config.logLevel, 'suggestions'), taxonomy }, readSnapshot);
const port = parentPort as NonNullable<typeof parentPort>;
/** Requests not yet answered: one batch is read at a time, and those arriving meanwhile make up the next. */
const waiting: WorkerRequest[] = [];
let answering = false;

port.on('message', (request: WorkerRequest) => {
  waiting.push(request);
  if (!answering) void answerWaiting();
});
port.once('close', () => void database.close());

async function answerWaiting(): Promise<void> {
  answering = true;
  try {
    while (waiting.length > 0) await answerBatch(waiting.splice(0));
  } finally {
    answering = false;
  }
}

async function answerBatch(batch: WorkerRequest[]): Promise<void> {
  // Requests that queued while a pool was being read are answered from one read of the newest
  // state any of them knew about: fresher than each asked for, and read once rather than once per write.
  for (let next = receiveMessageOnPort(port); next; next = receiveMessageOnPort(port)) batch.push(next.message as WorkerRequest);
  const newest = new Map<number, number>();
  for (const { request } of batch) newest.set(request.program.id, Math.max(newest.get(request.program.id) ?? 0, request.generation));
  for (const { id, request } of batch) {
    let reply: WorkerReply;
    try {
      reply = { id, answer: await kept.suggest({ ...request, generation: newest.get(request.program.id) ?? request.generation }) };
    } catch (error) {
      reply = { id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
    }
    port.postMessage(reply);
  }
}
