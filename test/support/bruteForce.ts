import type { AssignmentInput } from '../../src/domain/matching/assignment.js';

/**
 * Every feasible assignment, tried one mentee at a time: the optimum total the
 * solvers are held to on small instances. A pair scoring 0 or less never
 * raises a total, so it is never worth a place.
 */
export function bruteForceOptimum(input: AssignmentInput): number {
  const room = new Map(input.mentors.map((m) => [m.id, m.capacity]));
  const options = input.mentees.map((e) => input.scores.filter((s) => s.mentee === e.id && s.score > 0));
  const search = (k: number): number => {
    if (k === options.length) return 0;
    let best = search(k + 1);
    for (const pair of options[k]!) {
      if (room.get(pair.mentor)! === 0) continue;
      room.set(pair.mentor, room.get(pair.mentor)! - 1);
      best = Math.max(best, pair.score + search(k + 1));
      room.set(pair.mentor, room.get(pair.mentor)! + 1);
    }
    return best;
  };
  return search(0);
}
