import type { MatchingPool } from './pool.js';

/**
 * The groups a round's fairness is measured over: each receiver's
 * department, level and location, with "not given" a group of its own, as
 * in the round's fairness summary. A group is named `dimension: value`, so
 * the three kinds never collide ("Sales" the department and "Sales" the
 * office are two groups).
 */

export const FAIRNESS_DIMENSIONS = ['department', 'level', 'location'] as const;
export type FairnessDimension = (typeof FAIRNESS_DIMENSIONS)[number];

const NOT_GIVEN = 'not given';

export const groupName = (dimension: string, value: string): string => `${dimension}: ${value}`;

/** A group's name back into its dimension and value. */
export function splitGroupName(group: string): { dimension: string; value: string } {
  const at = group.indexOf(': ');
  return at < 0 ? { dimension: '', value: group } : { dimension: group.slice(0, at), value: group.slice(at + 2) };
}

export function fairnessGroupsOf(pool: MatchingPool): (receiverId: string) => readonly string[] {
  const byId = new Map(pool.participants.map((p) => [p.id, p]));
  return (id) => {
    const p = byId.get(id);
    if (!p) return [];
    return [groupName('department', p.department ?? NOT_GIVEN), groupName('level', p.level === null ? NOT_GIVEN : String(p.level)), groupName('location', p.location ?? NOT_GIVEN)];
  };
}
