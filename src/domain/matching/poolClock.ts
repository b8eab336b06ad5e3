import { subMonths } from 'date-fns';
import { isBusy } from '../busyUntil.js';

/**
 * When time alone changes a matching pool. With no write to the database, a
 * pool loaded at one instant is still the pool of a later one until a pause
 * ends, a recent pairing leaves the cool-down or a "busy until" date passes
 * in its owner's zone; a kept pool is reloaded from that instant on.
 *
 * Each of these only ever lets someone back in, never shuts anyone out, so a
 * late reload could only miss a person; it is still done on time, so a kept
 * pool answers exactly as a fresh one would.
 */

export interface PoolClockFacts {
  /** The earliest end of a pause still running (epoch ms), or null. */
  pauseEnds: number | null;
  /** The earliest decision (ended or declined) still inside the cool-down (epoch ms), or null. */
  decidedSince: number | null;
  /** The earliest end of a pairing still inside the cool-down (epoch ms), or null. */
  endedSince: number | null;
  /** "Busy until" dates that may still be running, with their owners' zones. */
  busy: readonly { busyUntil: string; timeZone: string }[];
}

/** The oldest decision still inside the cool-down at `now`: what loadMatchingPool compares with. */
export const cooldownCutoff = (now: Date, months: number): Date => subMonths(now, months);

const CENTURY_MS = 100 * 365 * 86_400_000;

/** The first instant after `after` at which `holds` becomes true, for a predicate that stays true once true. */
function firstInstant(after: number, holds: (t: number) => boolean): number {
  let span = 86_400_000;
  while (!holds(after + span)) {
    if (span > CENTURY_MS) return Number.POSITIVE_INFINITY;
    span *= 2;
  }
  let [lo, hi] = [after, after + span];
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (holds(mid)) hi = mid;
    else lo = mid;
  }
  return hi;
}

/** The first instant after `now` at which time alone changes the pool; Infinity when nothing waits on the clock. */
export function poolChangesAt(facts: PoolClockFacts, now: Date, cooldownMonths: number): number {
  const t = now.getTime();
  const instants: number[] = [];
  if (facts.pauseEnds !== null && facts.pauseEnds > t) instants.push(facts.pauseEnds);
  for (const since of [facts.decidedSince, facts.endedSince]) {
    if (since !== null) instants.push(firstInstant(t, (at) => cooldownCutoff(new Date(at), cooldownMonths).getTime() > since));
  }
  for (const { busyUntil, timeZone } of facts.busy) {
    if (isBusy(busyUntil, now, timeZone)) instants.push(firstInstant(t, (at) => !isBusy(busyUntil, new Date(at), timeZone)));
  }
  return Math.min(Number.POSITIVE_INFINITY, ...instants);
}
