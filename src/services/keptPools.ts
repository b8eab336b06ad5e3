import type { Deps } from '../deps.js';
import type { DB, Tx } from '../db/client.js';
import { cooldownCutoff, poolChangesAt } from '../domain/matching/poolClock.js';
import type { ScoringContext } from '../domain/matching/scoring.js';
import { compileSuggestionPool, type Ranked, rankFor, type SuggestionPool } from '../domain/matching/suggestions.js';
import type { ProgramSettings } from '../domain/programs.js';
import { poolClockFacts } from '../repos/poolChanges.js';
import { poolFor } from './pools.js';

/**
 * Each program's matching pool, loaded and compiled once and kept until
 * something it was read from changes: the same code on the main thread (small
 * programs) and in the suggestion worker (large ones). A request says how far
 * the database has moved (`generation`, counted by poolIndex.ts) and when it
 * was asked (`now`); a kept pool older than either is read again, so every
 * answer is the one a freshly loaded pool would give.
 */

export interface SuggestionRequest {
  userId: string;
  program: ProgramSettings;
  /** When the person asked, epoch ms: the pool is the pool of this instant. */
  now: number;
  /** Grows whenever a write may have changed a pool; a pool read at a lower one is stale. */
  generation: number;
  /** The scoring context without the taxonomy, which each side holds already. */
  context: Omit<ScoringContext, 'taxonomy'>;
  limit: number;
}

export interface SuggestionAnswer {
  ranked: Ranked;
}

interface Kept {
  generation: number;
  loadedAt: number;
  /** From this instant on, time alone may have changed the pool (a pause ended, a cool-down ran out). */
  validUntil: number;
  contextKey: string;
  suggestionPool: SuggestionPool;
}

/** Reads with one consistent view of the database; a second connection needs a read transaction for that. */
export type Snapshot = <T>(db: DB, read: (db: DB | Tx) => Promise<T>) => Promise<T>;

export class KeptPools {
  private readonly kept = new Map<number, Kept & { programKey: string }>();

  constructor(
    private readonly deps: Omit<Deps, 'clock'>,
    private readonly snapshot: Snapshot = async (db, read) => read(db),
  ) {}

  async suggest(request: SuggestionRequest): Promise<SuggestionAnswer> {
    return { ranked: rankFor(await this.poolFor(request), request.userId, request.limit) };
  }

  private async poolFor(request: SuggestionRequest): Promise<SuggestionPool> {
    const { program, now, generation } = request;
    // Any change to the program's settings (kinds, caps, minimum fit) is a new pool.
    const programKey = JSON.stringify(program);
    const contextKey = JSON.stringify(request.context);
    const previous = this.kept.get(program.id);
    const kept = previous?.programKey === programKey ? previous : undefined;
    const fresh = kept && generation <= kept.generation && now >= kept.loadedAt && now < kept.validUntil;
    if (fresh && kept.contextKey === contextKey) return kept.suggestionPool;

    const at = new Date(now);
    // The same context object lets unchanged participants keep their compiled form.
    const context: ScoringContext = previous?.contextKey === contextKey ? previous.suggestionPool.context : { ...request.context, taxonomy: this.deps.taxonomy };
    const cooldown = this.deps.config.matchCooldownMonths;
    const { pool, validUntil } = fresh
      ? { pool: kept.suggestionPool.pool, validUntil: kept.validUntil }
      : await this.snapshot(this.deps.db, async (db) => ({
          pool: await poolFor({ ...this.deps, clock: () => at }, program, db),
          validUntil: poolChangesAt(await poolClockFacts(db, at, cooldownCutoff(at, cooldown)), at, cooldown),
        }));
    const suggestionPool = compileSuggestionPool(pool, context, previous?.suggestionPool);
    this.kept.set(program.id, {
      programKey,
      generation: fresh ? kept.generation : generation,
      loadedAt: fresh ? kept.loadedAt : now,
      validUntil,
      contextKey,
      suggestionPool,
    });
    return suggestionPool;
  }
}
