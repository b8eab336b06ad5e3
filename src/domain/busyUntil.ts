import { localDateOf } from './localTime.js';
import type { Participant } from './matching/participant.js';

/**
 * "Busy until" (a launch, parental leave): a mentor keeps their profile,
 * their mentees and their place, but is offered to nobody new until the
 * local date has passed in their own zone; then they are offered again
 * with nothing to do. Pure: `now` is passed.
 */
export function isBusy(busyUntil: string | null | undefined, now: Date, timeZone: string): boolean {
  return typeof busyUntil === 'string' && busyUntil >= localDateOf(now, timeZone);
}

/** The pool as matching sees it: a busy giver has no room for anyone new, whatever their capacity. */
export function withoutBusyGivers(participants: readonly Participant[], busyUntil: ReadonlyMap<string, string>, now: Date): Participant[] {
  return participants.map((p) => (isBusy(busyUntil.get(p.id), now, p.timeZone) ? { ...p, capacity: Math.min(p.capacity, p.load) } : p));
}
