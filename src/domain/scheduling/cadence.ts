import { pausedWithin, type Spell } from '../pauseSpells.js';

/**
 * The rhythm of an active mentorship: which check-ins are due, when the bot
 * stops asking a pair that never answers, and when a quiet pair needs a nudge
 * or a coordinator. Pure: the job that runs it passes `now` and the facts.
 */

export type CheckInKind = 'mentor' | 'mentee_goals';

export interface CheckInFacts {
  kind: CheckInKind;
  dueAt: Date;
  sentAt: Date | null;
  answeredAt: Date | null;
}

export interface PairFacts {
  matchId: number;
  startedAt: Date;
  /** The latest held or booked session start; one still in the future is not yet a sign of life. */
  lastSessionAt: Date | null;
  checkIns: CheckInFacts[];
  /** Either person's own pauses: quiet by agreement, left out of the pair's quiet time. */
  personPauses?: readonly Spell[];
}

export interface Cadence {
  mentorCheckInDays: number;
  menteeGoalCheckInDays: number;
  unansweredLimit: number;
  nudgeAfterDays: number;
  flagAfterDays: number;
}

export const CADENCE_DEFAULTS: Readonly<Cadence> = {
  mentorCheckInDays: 14,
  menteeGoalCheckInDays: 30,
  unansweredLimit: 3,
  nudgeAfterDays: 28,
  flagAfterDays: 42,
};

export type StallStage = 'active' | 'nudge' | 'flag';

/*
 * Days are fixed 24-hour spans, not calendar days in the server's zone: the
 * anchors are stored as the check-in's dueAt under a unique index, so they
 * must come out identical whatever TZ the process runs in.
 */
const DAY_MS = 24 * 60 * 60 * 1000;

function periodDays(kind: CheckInKind, cadence: Cadence): number {
  return kind === 'mentor' ? cadence.mentorCheckInDays : cadence.menteeGoalCheckInDays;
}

/** The latest anchor (start + n × period, n ≥ 1) at or before `now`, or null before the first. */
function latestAnchor(startedAt: Date, days: number, now: Date): Date | null {
  const period = days * DAY_MS;
  const n = Math.floor((now.getTime() - startedAt.getTime()) / period);
  return n >= 1 ? new Date(startedAt.getTime() + n * period) : null;
}

/**
 * At most one check-in per kind: the latest one due. Earlier anchors that
 * were missed (the job was down) are skipped on purpose; a burst of stale
 * "how is it going?" messages helps nobody.
 */
export function dueCheckIns(pair: PairFacts, now: Date, cadence: Cadence = CADENCE_DEFAULTS): { kind: CheckInKind; dueAt: Date }[] {
  const due: { kind: CheckInKind; dueAt: Date }[] = [];
  for (const kind of ['mentor', 'mentee_goals'] as const) {
    const dueAt = latestAnchor(pair.startedAt, periodDays(kind, cadence), now);
    if (dueAt === null) continue;
    // A created check-in at or after the anchor already covers it.
    const created = pair.checkIns.some((c) => c.kind === kind && c.dueAt.getTime() >= dueAt.getTime());
    if (!created) due.push({ kind, dueAt });
  }
  return due;
}

/**
 * Trailing unanswered check-ins of a kind. Ones never sent (queued, or held
 * back while someone was paused) are skipped: nobody could have answered them.
 * An answer ends the streak even if the send was not recorded.
 */
export function unansweredStreak(checkIns: readonly CheckInFacts[], kind: CheckInKind = 'mentor'): number {
  const relevant = checkIns
    .filter((c) => c.kind === kind && (c.sentAt !== null || c.answeredAt !== null))
    .sort((a, b) => b.dueAt.getTime() - a.dueAt.getTime());
  let streak = 0;
  for (const c of relevant) {
    if (c.answeredAt !== null) break;
    streak += 1;
  }
  return streak;
}

/** Only the mentor's check-ins count: the mentee's are monthly, so they would take months to add up. */
export function silencePause(pair: PairFacts, cadence: Cadence = CADENCE_DEFAULTS): boolean {
  return unansweredStreak(pair.checkIns, 'mentor') >= cadence.unansweredLimit;
}

/** The latest moment the pair showed they are still at it. Nothing in the future counts. */
export function lastSignOfLife(pair: PairFacts, now: Date): Date {
  let latest = pair.startedAt.getTime();
  const consider = (at: Date | null) => {
    if (at !== null && at.getTime() <= now.getTime() && at.getTime() > latest) latest = at.getTime();
  };
  consider(pair.lastSessionAt);
  for (const c of pair.checkIns) consider(c.answeredAt);
  return new Date(latest);
}

/**
 * How long the pair has been quiet: since its last sign of life, less any
 * time either person spent on their own pause (the clock stops for it and
 * goes on from where it was; a pair's pause restarts it, as a resume).
 */
export function quietFor(pair: PairFacts, now: Date): number {
  const since = lastSignOfLife(pair, now).getTime();
  return now.getTime() - since - pausedWithin(pair.personPauses ?? [], since, now.getTime());
}

export function stallStage(pair: PairFacts, now: Date, cadence: Cadence = CADENCE_DEFAULTS): StallStage {
  const silentMs = quietFor(pair, now);
  if (silentMs >= cadence.flagAfterDays * DAY_MS) return 'flag';
  if (silentMs >= cadence.nudgeAfterDays * DAY_MS) return 'nudge';
  return 'active';
}
