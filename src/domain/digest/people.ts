import type { Digest, ReachGroup, RosterEntry } from '../digestTypes.js';
import type { DigestIndex } from './digestIndex.js';

/** Someone with several roles counts under each, and a role stored twice counts once. */
export function participantsByRole(ix: DigestIndex): Digest['byRole'] {
  const counts = new Map<string, number>();
  for (const p of ix.activeNow) for (const r of new Set(p.roles)) counts.set(r, (counts.get(r) ?? 0) + 1);
  return [...counts].map(([role, count]) => ({ role, count })).sort((a, b) => b.count - a.count || a.role.localeCompare(b.role));
}

/** Who the program reaches against the whole roster, so under-represented groups come first. */
export function reach(ix: DigestIndex): Digest['reach'] {
  const { activeNow, input } = ix;
  return {
    byDepartment: reachBy(activeNow, input.roster, (e) => e.department ?? 'not given'),
    byLevel: reachBy(activeNow, input.roster, (e) => (e.level === null ? 'not given' : `level ${e.level}`)),
    byLocation: reachBy(activeNow, input.roster, (e) => e.location ?? 'not given'),
  };
}

function reachBy(participants: readonly RosterEntry[], roster: readonly RosterEntry[], key: (e: RosterEntry) => string): ReachGroup[] {
  const count = (list: readonly RosterEntry[]) => {
    const m = new Map<string, number>();
    for (const e of list) m.set(key(e), (m.get(key(e)) ?? 0) + 1);
    return m;
  };
  const inProgram = count(participants);
  const inRoster = count(roster);
  const groups = new Set([...inProgram.keys(), ...inRoster.keys()]);
  return [...groups]
    .map((group) => {
      const p = inProgram.get(group) ?? 0;
      const r = inRoster.get(group) ?? 0;
      const share = participants.length ? p / participants.length : 0;
      const rosterShare = roster.length ? r / roster.length : 0;
      return { group, participants: p, share, roster: r, rosterShare, gap: share - rosterShare };
    })
    .sort((a, b) => a.gap - b.gap || b.roster - a.roster || a.group.localeCompare(b.group));
}
