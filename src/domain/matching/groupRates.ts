/**
 * Match rates by group for one assignment, as the fairness target reads
 * them: every receiver counts in the denominator (those with no candidate
 * too, as in the round's fairness summary), and a group is held to the
 * target only when it has at least `minGroupSize` receivers, since the rate
 * of two people swings by fifty points on one pairing.
 */

export interface GroupCount {
  group: string;
  participants: number;
  matched: number;
  rate: number;
}

export interface RateSnapshot {
  overall: number;
  matched: number;
  groups: GroupCount[];
  /** Groups held to the target that are more than the target below the overall rate, worst first. */
  below: GroupCount[];
}

/** Points are compared with this much slack, so a rate exactly on the line meets the target. */
const POINT_EPSILON = 1e-9;

/** Each receiver's groups, fixed for one round: the sorted list of groups and who is in each. */
export interface GroupIndex {
  receivers: readonly string[];
  groupsOf: ReadonlyMap<string, readonly string[]>;
  members: ReadonlyMap<string, readonly string[]>;
  /** Receivers a coordinator pinned to a mentor: matched whatever the solve does, and counted so. */
  pinned: ReadonlySet<string>;
}

export function indexGroups(receivers: readonly string[], groupsOf: (receiverId: string) => readonly string[], pinned: ReadonlySet<string> = new Set()): GroupIndex {
  const of = new Map<string, readonly string[]>();
  const members = new Map<string, string[]>();
  for (const id of [...receivers].sort()) {
    const groups = [...new Set(groupsOf(id))].sort();
    of.set(id, groups);
    for (const g of groups) {
      const list = members.get(g);
      if (list) list.push(id);
      else members.set(g, [id]);
    }
  }
  const sorted = new Map([...members.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return { receivers: [...of.keys()], groupsOf: of, members: sorted, pinned };
}

/** How far below the overall rate a group is, in points (negative when above it). */
export const pointsBelow = (overall: number, rate: number): number => (overall - rate) * 100;

export function rateSnapshot(index: GroupIndex, matched: ReadonlySet<string>, targetPoints: number, minGroupSize: number): RateSnapshot {
  const total = index.receivers.length;
  const isMatched = (id: string) => matched.has(id) || index.pinned.has(id);
  const matchedCount = index.receivers.filter(isMatched).length;
  const overall = total === 0 ? 0 : matchedCount / total;
  const groups = [...index.members.entries()].map(([group, ids]) => {
    const m = ids.filter(isMatched).length;
    return { group, participants: ids.length, matched: m, rate: m / ids.length };
  });
  const below = groups
    .filter((g) => g.participants >= minGroupSize && pointsBelow(overall, g.rate) > targetPoints + POINT_EPSILON)
    .sort((a, b) => a.rate - b.rate || b.participants - a.participants || (a.group < b.group ? -1 : 1));
  return { overall, matched: matchedCount, groups, below };
}
