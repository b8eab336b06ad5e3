import type { Deps } from '../deps.js';
import { mayPrompt } from '../domain/participation.js';
import type { ProgramSettings } from '../domain/programs.js';
import type { PairFacts } from '../domain/scheduling/cadence.js';
import { type ActivePair, activePairs, pairFactsForAll } from '../repos/pairs.js';
import { participationOfAll } from '../repos/profiles.js';
import { programsById } from '../services/programs.js';

export interface PromptablePair {
  match: ActivePair;
  program: ProgramSettings;
  facts: PairFacts & { nextSessionAt: Date | null };
}

/**
 * The active pairs the pair jobs (check-ins, stalled pairs) may prompt at
 * `now`: both people may be prompted (neither paused nor gone) and the
 * pair's program is not paused. Every pair's facts come in a few queries,
 * not several per pair.
 */
export async function promptablePairs(deps: Deps, now: Date): Promise<PromptablePair[]> {
  const programs = await programsById(deps);
  const pairs = await activePairs(deps.db);
  const everyone = await participationOfAll(deps.db);
  const allFacts = await pairFactsForAll(deps.db, pairs, now);
  const promptable: PromptablePair[] = [];
  for (const match of pairs) {
    if (!mayPrompt(everyone.get(match.mentorId), now) || !mayPrompt(everyone.get(match.menteeId), now)) continue;
    const program = programs.get(match.programId);
    // A paused or closed program asks nothing of its pairs; a pair that outlived its cohort keeps its rhythm.
    if (!program || program.status === 'paused') continue;
    promptable.push({ match, program, facts: allFacts.get(match.id) as PromptablePair['facts'] });
  }
  return promptable;
}
