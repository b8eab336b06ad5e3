import type { MatchingPool } from '../../src/domain/matching/pool.js';
import type { Participant } from '../../src/domain/matching/participant.js';

/** Weekdays nine to five, the working week most fixtures share. */
export const OFFICE = { days: [1, 2, 3, 4, 5], startMinute: 9 * 60, endMinute: 17 * 60 };

/** A mentee in Berlin who wants TypeScript, varied by `over`. */
export function person(id: string, over: Partial<Participant> = {}): Participant {
  return {
    id,
    roles: ['mentee'],
    offered: [],
    wanted: ['typescript'],
    goals: [],
    timeZone: 'Europe/Berlin',
    availability: OFFICE,
    department: 'Engineering',
    level: 3,
    location: 'Berlin',
    managerId: null,
    capacity: 0,
    load: 0,
    ...over,
  };
}

/** A mentor three levels up in another department who offers TypeScript, with room for two. */
export const mentor = (id: string, over: Partial<Participant> = {}): Participant =>
  person(id, { roles: ['mentor'], offered: ['typescript'], wanted: [], level: 6, capacity: 2, department: 'Platform', ...over });

/** A pool of just these people: their own reporting lines, nothing blocked, nobody busy. */
export const pool = (participants: Participant[], over: Partial<MatchingPool> = {}): MatchingPool => ({
  participants,
  managers: new Map(participants.map((p) => [p.id, p.managerId])),
  blockedPairs: new Set(),
  busyReceivers: new Set(),
  ...over,
});
