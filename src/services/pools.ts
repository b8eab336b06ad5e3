import type { Deps } from '../deps.js';
import type { DB, Tx } from '../db/client.js';
import type { MatchingPool } from '../domain/matching/pool.js';
import type { ProgramSettings } from '../domain/programs.js';
import { loadMatchingPool } from '../repos/matchingPool.js';

/** One program's matching pool as it stands now: its members, its kinds of pairing, its guardrail. */
export function poolFor(deps: Deps, program: ProgramSettings, db: DB | Tx = deps.db): MatchingPool {
  return loadMatchingPool(db, deps.clock(), deps.config.matchCooldownMonths, deps.config.ratingMinRaters, {
    programId: program.id,
    modes: program.modes,
    maxMenteesPerMentor: program.maxMenteesPerMentor,
  });
}
