import type { Digest, DigestMatch, MentorLoad, PersonSkill, SkillGap } from '../digestTypes.js';
import { OPEN_MATCH_STATUSES } from '../mentorship.js';
import type { DigestIndex } from './digestIndex.js';

export const NEAR_CAPACITY = 0.8;
const GIVING_ROLES = new Set(['mentor', 'peer', 'reverse_mentor']);
const RECEIVING_ROLES = new Set(['mentee', 'peer', 'reverse_mentee']);
/** A pending request or a paused pair holds a place in a mentor's capacity as an active pair does. */
const OPEN = new Set<DigestMatch['status']>(OPEN_MATCH_STATUSES);

/** Skills active participants want more than active participants offer; the five worst. */
export function skillGaps(ix: DigestIndex): SkillGap[] {
  const { input, activeIds, partnered } = ix;
  const seeker = new Set(ix.activeNow.filter((p) => !partnered.has(p.id) && p.roles.some((r) => RECEIVING_ROLES.has(r))).map((p) => p.id));
  const skillName = (id: string) =>
    (input.skillNames instanceof Map ? input.skillNames.get(id) : (input.skillNames as Record<string, string>)[id]) ?? id;
  // People, not rows: someone listing a skill twice is still one seeker.
  const tally = (list: readonly PersonSkill[]) => {
    const m = new Map<string, Set<string>>();
    for (const s of list) {
      if (!activeIds.has(s.personId)) continue;
      const set = m.get(s.skillId);
      if (set) set.add(s.personId);
      else m.set(s.skillId, new Set([s.personId]));
    }
    return m;
  };
  const wanted = tally(input.wanted);
  const offered = tally(input.offered);
  return [...wanted]
    .map(([skillId, who]) => {
      const o = offered.get(skillId)?.size ?? 0;
      const waiting = o === 0 ? [...who].filter((id) => seeker.has(id)).length : 0;
      return { skillId, name: skillName(skillId), wanted: who.size, offered: o, shortfall: who.size - o, waiting };
    })
    .filter((g) => g.shortfall > 0)
    .sort((a, b) => b.shortfall - a.shortfall || b.wanted - a.wanted || a.name.localeCompare(b.name))
    .slice(0, 5);
}

/** Active participants who give time and are full or nearly so, fullest first. */
export function mentorLoad(ix: DigestIndex): Digest['load'] {
  const load = new Map<string, number>();
  for (const m of ix.input.matches) {
    if (OPEN.has(m.status) && m.mentorId !== null) load.set(m.mentorId, (load.get(m.mentorId) ?? 0) + 1);
  }
  const atCapacity: MentorLoad[] = [];
  const nearCapacity: MentorLoad[] = [];
  for (const p of ix.activeNow) {
    if (p.capacity === null || p.capacity <= 0 || !p.roles.some((r) => GIVING_ROLES.has(r))) continue;
    const l = load.get(p.id) ?? 0;
    const entry = { mentorId: p.id, load: l, capacity: p.capacity };
    if (l >= p.capacity) atCapacity.push(entry);
    else if (l >= p.capacity * NEAR_CAPACITY) nearCapacity.push(entry);
  }
  const byLoad = (a: MentorLoad, b: MentorLoad) => b.load / b.capacity - a.load / a.capacity || b.load - a.load || a.mentorId.localeCompare(b.mentorId);
  return { atCapacity: atCapacity.sort(byLoad), nearCapacity: nearCapacity.sort(byLoad) };
}
