import type { Format } from '../intake.js';

/**
 * How two people like to work together: the format they prefer (video, in
 * person, async) and their learning pace (how often they want to meet).
 * Both are soft: a mismatch lowers a pair's score, never rules it out, and
 * an unanswered question is neutral so nobody is penalised for skipping it.
 */

export const PACES = ['weekly', 'fortnightly', 'monthly'] as const;
export type Pace = (typeof PACES)[number];

/** The value a pair gets when either person gave no preference. */
export const NO_PREFERENCE = 0.5;

/**
 * Same format: full credit, except that meeting in person needs the same
 * location (two people in different cities who both like in-person would
 * meet on video). Video is everyone's fallback, so it half-suits the others;
 * a group-circle preference says nothing about a 1:1 and stays neutral.
 */
export function formatValue(receiver: Format | null | undefined, giver: Format | null | undefined, sameLocation: boolean): number {
  if (!receiver || !giver || receiver === 'group' || giver === 'group') return NO_PREFERENCE;
  if (receiver === giver) return receiver === 'in_person' && !sameLocation ? 0.25 : 1;
  if (receiver === 'video' || giver === 'video') return 0.5;
  return 0.25; // in person against async: the two furthest apart
}

/** Same rhythm: full credit; one step apart (weekly and fortnightly): half; weekly against monthly: none. */
export function paceValue(receiver: Pace | null | undefined, giver: Pace | null | undefined): number {
  if (!receiver || !giver) return NO_PREFERENCE;
  const gap = Math.abs(PACES.indexOf(receiver) - PACES.indexOf(giver));
  return gap === 0 ? 1 : gap === 1 ? 0.5 : 0;
}
