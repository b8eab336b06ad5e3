import type { Deps } from '../deps.js';
import { suggestionCards, suggestionContext } from '../domain/matching/suggestions.js';
import type { ProgramSettings } from '../domain/programs.js';
import { activeEnrollmentCount, inTransaction, othersCommits, watchPoolTables } from '../repos/poolChanges.js';
import { KeptPools, type SuggestionAnswer, type SuggestionRequest } from './keptPools.js';
import { everyProgram } from './programs.js';
import { describePerson, scoringContext, SUGGESTIONS, suggestFor, type Suggestions } from './selfServe.js';
import { SuggestionThread } from './suggestionThread.js';

/**
 * Self-serve suggestions that scale: `/mentor match` is answered from each
 * program's kept pool (keptPools.ts) instead of loading and scoring the whole
 * pool on every call. What it answers is what `suggestFor` gives on a freshly
 * loaded pool: a kept pool is read again when a pool table was written (by
 * this connection: TEMP triggers; by any other, another process or replica:
 * SQLite's data_version) or when the clock passes an instant that changes it.
 *
 * A large program's pool (WORKER_FROM members and more) is kept in a worker
 * thread, so loading and compiling it never blocks the event loop and other
 * people's acks; a small one is quicker kept here, and needs no thread.
 */

export const WORKER_FROM = 500;

export interface PoolIndex {
  /** The best few givers for this person now in one program, each with its reasons, or why there are none. */
  suggest(userId: string, program: ProgramSettings, limit?: number): Promise<Suggestions>;
  /** Loads every large self-serve program's pool in the worker, so the first `/mentor match` after a start is as quick as the next. */
  warm(): Promise<void>;
  /** Stops the worker, if one was started. */
  stop(): Promise<void>;
}

export interface PoolIndexOptions {
  /** Pools this large and larger are kept in the worker thread (tests lower it). */
  workerFrom?: number;
}

export function createPoolIndex(deps: Deps, options: PoolIndexOptions = {}): PoolIndex {
  const workerFrom = options.workerFrom ?? WORKER_FROM;
  // An in-memory database exists only on its own connection: no second one can read it. The worker
  // reads the SQLite file; on PostgreSQL, where every suggestion loads its pool afresh anyway, it is not used.
  const threadable = deps.config.databasePath !== ':memory:' && deps.config.databaseUrl === undefined;
  let written = 0;
  const unwatch = watchPoolTables(deps.db, () => {
    written += 1;
  });
  let seen = { written, others: othersCommits(deps.db) };
  let generation = 0;
  const currentGeneration = () => {
    const latest = { written, others: othersCommits(deps.db) };
    if (latest.written !== seen.written || latest.others !== seen.others) {
      seen = latest;
      generation += 1;
    }
    return generation;
  };

  const local = new KeptPools(deps);
  let thread: SuggestionThread | undefined;
  const sizes = new Map<number, { generation: number; size: number }>();
  const sizeOf = async (programId: number, at: number) => {
    const known = sizes.get(programId);
    if (known && known.generation === at) return known.size;
    const size = await activeEnrollmentCount(deps.db, programId);
    sizes.set(programId, { generation: at, size });
    return size;
  };

  const large = async (programId: number, at: number) => threadable && await sizeOf(programId, at) >= workerFrom;
  let stopped = false;
  const answer = async (request: SuggestionRequest): Promise<SuggestionAnswer> => {
    if (!await large(request.program.id, request.generation)) return local.suggest(request);
    if (!thread?.alive) thread = new SuggestionThread(deps.config, deps.taxonomy);
    try {
      return await thread.ask(request);
    } catch (error) {
      if (stopped) throw error;
      // Correct and slow beats fast and silent: the main thread answers while the next request starts a new worker.
      deps.logger.error('suggestion worker failed; answering on the main thread', error);
      return local.suggest(request);
    }
  };

  const index: PoolIndex = {
    async suggest(userId, program, limit = SUGGESTIONS) {
      // Stopped, nothing is watched any more; inside a transaction, its writes are not yet what another
      // connection reads, nor final. Either way only a pool loaded afresh here is sure to be right.
      if (stopped || inTransaction(deps.db)) return suggestFor(deps, userId, program, undefined, limit);
      const now = deps.clock();
      const { taxonomy: _, ...context } = suggestionContext({ ...scoringContext(deps), now });
      const request: SuggestionRequest = { userId, program, now: now.getTime(), generation: currentGeneration(), context, limit };
      const { ranked } = await answer(request);
      return suggestionCards(ranked, program.id, describePerson);
    },
    async warm() {
      for (const program of await everyProgram(deps, { open: true })) {
        // Nobody is asking: the answer is "gone", and the pool is kept.
        if (!stopped && program.matchingMode === 'self_serve' && await large(program.id, currentGeneration())) await index.suggest('', program);
      }
    },
    async stop() {
      stopped = true;
      unwatch();
      await thread?.stop();
      thread = undefined;
    },
  };
  return index;
}
