import type { Deps } from '../deps.js';
import type { ProgramSettings } from '../domain/programs.js';
import { enrollmentsOf } from '../repos/enrollments.js';
import { matchInWhich, notSelfServe, notInProgram, programPaused } from '../views/programWords.js';
import { defaultProgram, isSingleProgram, programById, programByName } from './programs.js';

export type ProgramChoice = { ok: true; program: ProgramSettings } | { ok: false; message: string };

/**
 * Which program `/mentor match` looks in: the one named, or the only one
 * the person is active in; with several, they are asked to name one. A
 * workspace with one program never asks.
 */
export async function programToMatchIn(deps: Deps, userId: string, name: string): Promise<ProgramChoice> {
  if (await isSingleProgram(deps) && !name) return { ok: true, program: await defaultProgram(deps) };
  const mine: ProgramSettings[] = [];
  for (const e of await enrollmentsOf(deps.db, userId)) {
    if (e.status !== 'active') continue;
    const program = await programById(deps, e.programId);
    if (program && program.status !== 'closed') mine.push(program);
  }
  let program: ProgramSettings | undefined;
  if (name) {
    program = await programByName(deps, name);
    if (!program || !mine.some((p) => p.id === program?.id)) return { ok: false, message: notInProgram(name) };
  } else if (mine.length === 1) {
    program = mine[0];
  } else if (mine.length === 0) {
    return { ok: true, program: await defaultProgram(deps) };
  } else {
    return { ok: false, message: matchInWhich(mine) };
  }
  const chosen = program as ProgramSettings;
  if (chosen.status === 'paused') return { ok: false, message: programPaused(chosen) };
  if (chosen.matchingMode !== 'self_serve') return { ok: false, message: notSelfServe(chosen) };
  return { ok: true, program: chosen };
}
