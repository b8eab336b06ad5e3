import type { Deps } from '../deps.js';
import { solveAssignment } from '../domain/matching/assignment.js';
import { fairnessGroupsOf } from '../domain/matching/fairnessGroups.js';
import { type FairnessCost, fairSolver } from '../domain/matching/fairnessTarget.js';
import { type MatchingPool, receivingKinds } from '../domain/matching/pool.js';
import type { Solver } from '../domain/matching/round.js';
import type { ProgramSettings } from '../domain/programs.js';

/**
 * The solver a program's round uses: the exact assignment, held to the
 * program's fairness target when it has one (groups of at least
 * FAIRNESS_MIN_GROUP_SIZE receivers, by department, level and location).
 * Receivers a coordinator pinned count as matched in every rate. After the
 * round has solved, `fairnessReport` says what the target bought
 * and what it cost in total fit; null when the program has no target.
 */
export interface RoundSolver {
  solve: Solver;
  fairnessReport(): FairnessCost | null;
}

export function roundSolverFor(deps: Deps, program: Pick<ProgramSettings, 'fairnessTarget'>, pool: MatchingPool): RoundSolver {
  // Everyone the round is for: those a coordinator pinned are not given to the solve, and still count.
  const receivers = pool.participants.filter((p) => receivingKinds(p, pool.busyReceivers).length > 0).map((p) => p.id);
  const fair = fairSolver(fairnessGroupsOf(pool), { targetPoints: program.fairnessTarget, minGroupSize: deps.config.fairnessMinGroupSize, receivers }, solveAssignment);
  return { solve: fair.solve, fairnessReport: fair.report };
}
