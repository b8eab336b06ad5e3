import type { Deps } from '../deps.js';
import type { MatchingPool } from '../domain/matching/pool.js';
import { proposeRound, type RoundProposal } from '../domain/matching/round.js';
import type { RoundAdjustments } from '../domain/matching/roundAdjustments.js';
import type { ProgramSettings } from '../domain/programs.js';
import { poolFor } from './pools.js';
import { roundSolverFor } from './roundSolver.js';
import { scoringContext } from './selfServe.js';

/**
 * A program's round as the solver proposes it now: the one place coordinator
 * rounds, automatic rounds and a re-solve after a change in the preview
 * choose the pool, the scoring and the solver (held to the program's
 * fairness target when it has one, with what that cost).
 */
export async function proposeProgramRound(deps: Deps, program: ProgramSettings, options: { pool?: MatchingPool; adjustments?: RoundAdjustments } = {}): Promise<RoundProposal> {
  const pool = options.pool ?? await poolFor(deps, program);
  const solver = roundSolverFor(deps, program, pool);
  const proposal = proposeRound(pool, scoringContext(deps), solver.solve, options.adjustments ? { adjustments: options.adjustments } : {});
  const fairnessCost = solver.fairnessReport();
  return fairnessCost ? { ...proposal, fairnessCost } : proposal;
}
