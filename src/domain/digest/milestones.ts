import type { Milestone } from '../digestTypes.js';
import { ACCEPTED } from './activity.js';
import type { DigestIndex } from './digestIndex.js';
import { within } from './weeks.js';

export const SESSION_MILESTONES = [5, 10, 25, 50, 100, 250, 500, 1000] as const;

/** Six months on from 31 August is 28 (or 29) February, not 3 March: the anniversary stays in its month. */
function addMonthsUtc(at: Date, months: number): Date {
  const d = new Date(at.getTime());
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + months);
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, last));
  return d;
}

/** Mentors who reached a count of held sessions this week, and pairs six months on that are still together. */
export function milestones(ix: DigestIndex): Milestone[] {
  const { week, endMs } = ix;
  const out: Milestone[] = [];
  const heldByMentor = new Map<string, number[]>();
  for (const s of ix.input.sessions) {
    if (s.status !== 'held' || s.startsAt.getTime() >= endMs) continue;
    const mentorId = ix.matchById.get(s.matchId)?.mentorId;
    if (!mentorId) continue;
    const list = heldByMentor.get(mentorId);
    if (list) list.push(s.startsAt.getTime());
    else heldByMentor.set(mentorId, [s.startsAt.getTime()]);
  }
  // A milestone belongs to the week of the session that reached it, so each is celebrated once.
  for (const [mentorId, times] of heldByMentor) {
    times.sort((a, b) => a - b);
    for (const n of SESSION_MILESTONES) {
      const t = times[n - 1];
      if (t !== undefined && t >= week.start.getTime()) out.push({ kind: 'sessions', mentorId, count: n });
    }
  }
  for (const m of ix.input.matches) {
    if (!m.mentorId || !m.decidedAt || !ACCEPTED.has(m.status)) continue;
    const half = addMonthsUtc(m.decidedAt, 6);
    if (!within(half, week)) continue;
    if (m.endedAt !== null && m.endedAt.getTime() <= half.getTime()) continue;
    out.push({ kind: 'six_months', mentorId: m.mentorId, menteeId: m.menteeId, matchId: m.id });
  }
  return out.sort((a, b) => a.mentorId.localeCompare(b.mentorId) || a.kind.localeCompare(b.kind));
}
