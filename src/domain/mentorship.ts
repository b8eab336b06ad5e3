import { pausedWithin } from './pauseSpells.js';
import { lastSignOfLife, type PairFacts, quietFor } from './scheduling/cadence.js';

/**
 * What a mentorship is, in the words every layer shares: its kinds, the
 * states it moves through, and the few questions asked of it everywhere
 * (who is the other person, how long has it been quiet). The schema takes
 * its lists from here.
 */

/**
 * The three kinds of pairing. In every pair the "giver" mentors and the
 * "receiver" is mentored: for reverse mentoring the giver is the junior
 * reverse mentor and the receiver the leader.
 */
export const PAIR_KINDS = ['mentoring', 'peer', 'reverse'] as const;
export type PairKind = (typeof PAIR_KINDS)[number];

export const MATCH_STATUSES = ['requested', 'active', 'paused', 'declined', 'expired', 'ended'] as const;
export type MatchStatus = (typeof MATCH_STATUSES)[number];
/** A match that still binds its people: one per pair, and one per mentee and kind. */
export const OPEN_MATCH_STATUSES = ['requested', 'active', 'paused'] as const satisfies readonly MatchStatus[];
/**
 * A mentorship under way, accepted and not yet over: a request still waiting
 * on its mentor is open but not running, so only these can be ended, rated
 * as a pair or counted against a mentor's capacity.
 */
export const RUNNING_MATCH_STATUSES = ['active', 'paused'] as const satisfies readonly MatchStatus[];
export const isRunning = (status: MatchStatus): boolean => (RUNNING_MATCH_STATUSES as readonly MatchStatus[]).includes(status);

export interface PairSides {
  mentorId: string | null;
  menteeId: string | null;
}

/** The other person in a pair, from one side; null once they erased their data. */
export function partnerOf(pair: PairSides, userId: string): string | null {
  return pair.mentorId === userId ? pair.menteeId : pair.mentorId;
}

export const isInPair = (pair: PairSides, userId: string): boolean => pair.mentorId === userId || pair.menteeId === userId;

const WEEK_MS = 7 * 86_400_000;

/** Whole weeks since the pair last showed they are still at it. */
export function weeksQuiet(facts: PairFacts, now: Date): number {
  return Math.floor(quietFor(facts, now) / WEEK_MS);
}

/** Whole weeks since the last sign of life that either person spent on their own pause, which weeksQuiet leaves out. */
export function weeksPaused(facts: PairFacts, now: Date): number {
  return Math.floor(pausedWithin(facts.personPauses ?? [], lastSignOfLife(facts, now).getTime(), now.getTime()) / WEEK_MS);
}

/** Someone who joined and has not left: paused members are members. */
export function isMember(person: { joinedAt: Date | null; status: string } | undefined): boolean {
  return person !== undefined && person.joinedAt !== null && person.status !== 'left';
}
