import type { Deps } from '../deps.js';
import { CURRENT_ENROLLMENT_STATUSES, DEFAULT_PROGRAM_ID } from '../domain/programs.js';
import { enrollmentsOf, goalsOf } from '../repos/enrollments.js';
import type { ProgramPart } from '../views/profileCard.js';
import { programById } from './programs.js';

/**
 * A person's part in each program they are in now, for their profile card:
 * roles, capacity and goals belong to a program, so someone in a cohort
 * sees the cohort's goals (its kickoff sends them to `/mentor profile`),
 * and someone who left Mentoring no longer sees its roles. Undefined for
 * someone in Mentoring alone, whose card reads as it always has.
 */
export async function profileParts(deps: Deps, userId: string): Promise<ProgramPart[] | undefined> {
  const current = (await enrollmentsOf(deps.db, userId)).filter((e) => (CURRENT_ENROLLMENT_STATUSES as readonly string[]).includes(e.status));
  if (current.length === 1 && current[0]?.programId === DEFAULT_PROGRAM_ID) return undefined;
  const parts: ProgramPart[] = [];
  for (const e of current) {
    const program = await programById(deps, e.programId);
    if (!program) continue;
    parts.push({
      program: program.name,
      standing: e.status as ProgramPart['standing'],
      roles: e.roles,
      goals: (await goalsOf(deps.db, userId, e.programId)).map((g) => ({ aim: g.aim, measure: g.measure, dueOn: g.dueOn })),
      capacityMentees: e.capacityMentees,
      capacityHoursPerMonth: e.capacityHoursPerMonth,
    });
  }
  return parts;
}

/** Spreads into the card's data only when there are parts (an absent key, not undefined, for exact optional types). */
export const withParts = (parts: ProgramPart[] | undefined): { parts?: ProgramPart[] } => (parts ? { parts } : {});
