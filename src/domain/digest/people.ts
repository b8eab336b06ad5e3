import type { Digest, ReachGroup, RosterEntry } from '../digestTypes.js';
import type { DigestIndex } from './digestIndex.js';

/** Someone with several roles counts under each, and a role stored twice counts once. */
export function participantsByRole(ix: DigestIndex): Digest['byRole'] {
  const counts = new Map<string, number>();
  for (const p of ix.activeNow) for (const r of new Set(p.roles)) counts.set(r, (counts.get(r) ?? 0) + 1);
  return [...counts].map(([role, count]) => ({ role, count })).sort((a, b) => b.count - a.count || a.role.localeCompare(b.role));
}

/** How each reach grouping names a raw value; a missing value and a group literally called "not given" are one group. */
const LABELS = {
  department: (v: RosterEntry['department']) => v ?? 'not given',
  level: (v: RosterEntry['level']) => (v === null ? 'not given' : `level ${v}`),
  location: (v: RosterEntry['location']) => v ?? 'not given',
};

/** Who the program reaches against the whole roster, so under-represented groups come first. */
export function reach(ix: DigestIndex): Digest['reach'] {
  return reachAgainstRoster(ix.activeNow, ix.input.roster);
}

/** How a group of people (a program's participants, the people in its circles) spreads over the roster's groups. */
export function reachAgainstRoster(group: readonly RosterEntry[], roster: readonly RosterEntry[]): Digest['reach'] {
  const inProgram = tally(group);
  // The roster is every program's: thousands of entries, so each is counted once for all three groupings, by raw value.
  const inRoster = tally(roster);
  return {
    byDepartment: reachBy(labelled(inProgram.department, LABELS.department), group.length, labelled(inRoster.department, LABELS.department), roster.length),
    byLevel: reachBy(labelled(inProgram.level, LABELS.level), group.length, labelled(inRoster.level, LABELS.level), roster.length),
    byLocation: reachBy(labelled(inProgram.location, LABELS.location), group.length, labelled(inRoster.location, LABELS.location), roster.length),
  };
}

function tally(list: readonly RosterEntry[]) {
  const department = new Map<RosterEntry['department'], number>();
  const level = new Map<RosterEntry['level'], number>();
  const location = new Map<RosterEntry['location'], number>();
  for (const e of list) {
    department.set(e.department, (department.get(e.department) ?? 0) + 1);
    level.set(e.level, (level.get(e.level) ?? 0) + 1);
    location.set(e.location, (location.get(e.location) ?? 0) + 1);
  }
  return { department, level, location };
}

/** Raw counts under their group names, in the order the groups were first seen. */
function labelled<K>(counts: ReadonlyMap<K, number>, label: (value: K) => string): Map<string, number> {
  const out = new Map<string, number>();
  for (const [value, n] of counts) {
    const group = label(value);
    out.set(group, (out.get(group) ?? 0) + n);
  }
  return out;
}

function reachBy(inProgram: ReadonlyMap<string, number>, participants: number, inRoster: ReadonlyMap<string, number>, roster: number): ReachGroup[] {
  const groups = new Set([...inProgram.keys(), ...inRoster.keys()]);
  return [...groups]
    .map((group) => {
      const p = inProgram.get(group) ?? 0;
      const r = inRoster.get(group) ?? 0;
      const share = participants ? p / participants : 0;
      const rosterShare = roster ? r / roster : 0;
      return { group, participants: p, share, roster: r, rosterShare, gap: share - rosterShare };
    })
    .sort((a, b) => a.gap - b.gap || b.roster - a.roster || a.group.localeCompare(b.group));
}
