import type { Digest, DigestMatch, Week } from '../digestTypes.js';
import type { DigestIndex } from './digestIndex.js';
import { within } from './weeks.js';

/** A match that was accepted, whatever has happened to it since. */
export const ACCEPTED = new Set<DigestMatch['status']>(['active', 'paused', 'ended']);

const acceptedDuring = (m: DigestMatch, w: Week) => ACCEPTED.has(m.status) && within(m.decidedAt, w);

export const acceptedIn = (matches: readonly DigestMatch[], w: Week) => matches.filter((m) => acceptedDuring(m, w)).length;

export function matchActivity(ix: DigestIndex): Digest['matches'] {
  const { week } = ix;
  const counts = { proposed: 0, accepted: 0, declined: 0, expired: 0 };
  for (const m of ix.input.matches) {
    if (within(m.requestedAt, week)) counts.proposed += 1;
    if (acceptedDuring(m, week)) counts.accepted += 1;
    if (m.status === 'declined' && within(m.decidedAt, week)) counts.declined += 1;
    if (m.status === 'expired' && within(m.decidedAt, week)) counts.expired += 1;
  }
  return counts;
}

export function sessionActivity(ix: DigestIndex): Digest['sessions'] {
  let cancelled = 0;
  for (const s of ix.input.sessions) if (s.status === 'cancelled' && within(s.startsAt, ix.week)) cancelled += 1;
  return { held: ix.heldPerWeek[ix.last] as number, cancelled };
}
