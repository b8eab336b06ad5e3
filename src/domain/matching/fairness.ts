import type { Participant } from './participant.js';

/**
 * Did the round reach every part of the organisation? For each department,
 * level and location: how many asked for a mentor, how many got one, against
 * the overall rate, so a coordinator sees at a glance who is left behind.
 */
export interface GroupRate {
  group: string;
  participants: number;
  matched: number;
  rate: number;
}

export interface FairnessSummary {
  overallRate: number;
  byDepartment: GroupRate[];
  byLevel: GroupRate[];
  byLocation: GroupRate[];
  mentorLoad: { mentors: number; atCapacity: number; nearCapacity: number; averageLoad: number };
}

export function fairnessSummary(
  receivers: readonly Participant[],
  matchedIds: ReadonlySet<string>,
  givers: readonly Participant[],
  newLoad: ReadonlyMap<string, number>,
): FairnessSummary {
  const rates = (key: (p: Participant) => string) => {
    const groups = new Map<string, { participants: number; matched: number }>();
    for (const p of receivers) {
      const g = groups.get(key(p)) ?? { participants: 0, matched: 0 };
      g.participants += 1;
      if (matchedIds.has(p.id)) g.matched += 1;
      groups.set(key(p), g);
    }
    return [...groups.entries()]
      .map(([group, g]) => ({ group, ...g, rate: g.matched / g.participants }))
      .sort((a, b) => a.rate - b.rate || b.participants - a.participants || a.group.localeCompare(b.group));
  };
  const loads = givers.map((g) => ({ load: g.load + (newLoad.get(g.id) ?? 0), capacity: g.capacity }));
  return {
    overallRate: receivers.length === 0 ? 0 : receivers.filter((p) => matchedIds.has(p.id)).length / receivers.length,
    byDepartment: rates((p) => p.department ?? 'not given'),
    byLevel: rates((p) => (p.level === null ? 'not given' : `level ${p.level}`)),
    byLocation: rates((p) => p.location ?? 'not given'),
    mentorLoad: {
      mentors: loads.length,
      atCapacity: loads.filter((l) => l.load >= l.capacity).length,
      nearCapacity: loads.filter((l) => l.load < l.capacity && l.load >= l.capacity * 0.8).length,
      averageLoad: loads.length === 0 ? 0 : loads.reduce((s, l) => s + l.load, 0) / loads.length,
    },
  };
}
