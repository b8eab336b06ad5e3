import type { AssignmentInput } from './assignment.js';

/**
 * The quick way in for match:solve, checked by hand without loading zod,
 * whose import alone costs about 0.1 s of a command that should answer in
 * well under half a second. It returns the input when its shape is certainly
 * one that parseAssignmentInput (assignmentInput.ts) accepts and no id is
 * repeated; unknown names and repeated pairs are left to solveAssignment,
 * which looks every pair up anyway and throws a RangeError on them. Anything
 * else gets undefined. Either way, the caller then asks the full parser,
 * which names every problem.
 */

export const MAX_CAPACITY = 1000;

export function quickAssignmentInput(text: string): AssignmentInput | undefined {
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    return undefined;
  }
  if (!isRecord(data) || !Array.isArray(data.mentors) || !Array.isArray(data.mentees) || !Array.isArray(data.scores)) return undefined;
  const mentors = new Set<string>();
  for (const mentor of data.mentors as unknown[]) {
    if (!isRecord(mentor) || !isId(mentor.id) || mentors.has(mentor.id)) return undefined;
    const capacity = mentor.capacity;
    if (typeof capacity !== 'number' || !Number.isInteger(capacity) || capacity < 0 || capacity > MAX_CAPACITY) return undefined;
    mentors.add(mentor.id);
  }
  const mentees = new Set<string>();
  for (const mentee of data.mentees as unknown[]) {
    if (!isRecord(mentee) || !isId(mentee.id) || mentees.has(mentee.id)) return undefined;
    mentees.add(mentee.id);
  }
  for (const pair of data.scores as unknown[]) {
    if (!isRecord(pair) || !isId(pair.mentee) || !isId(pair.mentor) || typeof pair.score !== 'number' || !Number.isFinite(pair.score)) return undefined;
  }
  return data as unknown as AssignmentInput;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isId(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0;
}
