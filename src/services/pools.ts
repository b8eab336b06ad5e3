import type { Deps } from '../deps.js';
import type { DB, Tx } from '../db/client.js';
import type { MatchingPool } from '../domain/matching/pool.js';
import type { ProgramSettings } from '../domain/programs.js';
import { withoutBusyGivers } from '../domain/busyUntil.js';
import { loadMatchingPool } from '../repos/matchingPool.js';
import { busyUntilOf } from '../repos/profiles.js';

/** One program's matching pool as it stands now: its members, its kinds of pairing, its guardrails (mentees per mentor, minimum fit). */
export async function poolFor(deps: Deps, program: ProgramSettings, db: DB | Tx = deps.db): Promise<MatchingPool> {
  const now = deps.clock();
  const pool = await loadMatchingPool(db, now, deps.config.matchCooldownMonths, deps.config.ratingMinRaters, {
    programId: program.id,
    modes: program.modes,
    maxMenteesPerMentor: program.maxMenteesPerMentor,
    minFit: program.minFit,
  });
  // Mentors busy until a date keep their place but take nobody new until it has passed.
  const busy = await busyUntilOf(db, pool.participants.map((p) => p.id));
  return busy.size === 0 ? pool : { ...pool, participants: withoutBusyGivers(pool.participants, busy, now) };
}
