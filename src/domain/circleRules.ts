/*
 * Group circles: the words of the model and its rules. A circle belongs to a
 * program that offers circles; it has a topic, 3–8 members, a facilitator (a
 * group mentor) or a rotating host, and a recurring slot in the program's
 * zone. The engine that forms circles lives in ./circles/.
 */

export const CIRCLE_STYLES = ['facilitated', 'peer'] as const;
export type CircleStyle = (typeof CIRCLE_STYLES)[number];

export const CIRCLE_CADENCES = ['weekly', 'fortnightly', 'monthly'] as const;
export type CircleCadence = (typeof CIRCLE_CADENCES)[number];

export const CIRCLE_STATUSES = ['active', 'ended'] as const;
export type CircleStatus = (typeof CIRCLE_STATUSES)[number];

export const CIRCLE_MEMBER_STATUSES = ['member', 'waitlisted', 'left'] as const;
export type CircleMemberStatus = (typeof CIRCLE_MEMBER_STATUSES)[number];

export const CIRCLE_SESSION_STATUSES = ['planned', 'held', 'cancelled'] as const;
export type CircleSessionStatus = (typeof CIRCLE_SESSION_STATUSES)[number];

export const CIRCLE_SIZE_MIN = 3;
export const CIRCLE_SIZE_MAX = 8;
export const SESSION_MINUTES_CHOICES = [45, 60, 90] as const;

/** How a program runs its circles; null on a program means it offers none. */
export interface CircleSettings {
  style: CircleStyle;
  sizeMin: number;
  sizeMax: number;
  cadence: CircleCadence;
  sessionMinutes: number;
}

export const DEFAULT_CIRCLE_SETTINGS: CircleSettings = { style: 'facilitated', sizeMin: 5, sizeMax: 7, cadence: 'fortnightly', sessionMinutes: 60 };

/** Days between sessions of a weekly rhythm; a monthly circle meets on the first of its weekday in each month. */
export const CADENCE_DAYS: Record<Exclude<CircleCadence, 'monthly'>, number> = { weekly: 7, fortnightly: 14 };

/** Days between two sessions at most: what "has not met for two cadences" counts in. */
export const CADENCE_SPAN_DAYS: Record<CircleCadence, number> = { weekly: 7, fortnightly: 14, monthly: 35 };

export const CADENCE_WORDS: Record<CircleCadence, string> = { weekly: 'every week', fortnightly: 'every two weeks', monthly: 'once a month (the first of that weekday)' };

/** A size rule a circle or a program may have, or the reason it may not. */
export function sizeProblem(min: number, max: number): string | undefined {
  if (!Number.isInteger(min) || !Number.isInteger(max)) return 'Circle sizes are whole numbers.';
  if (min < CIRCLE_SIZE_MIN) return `A circle needs at least ${CIRCLE_SIZE_MIN} people: fewer is a pair or a triad of two.`;
  if (max > CIRCLE_SIZE_MAX) return `A circle has at most ${CIRCLE_SIZE_MAX} people, so everyone gets to speak.`;
  if (min > max) return 'The smallest size is larger than the largest.';
  return undefined;
}

/**
 * Slack channel names: lowercase letters, digits, hyphens and underscores,
 * at most 80 characters. A circle's channel is named from its program and
 * topic; this makes any text a name Slack accepts, or empty when nothing is left.
 */
export function channelNameFrom(text: string, maxLength = 80): string {
  const folded = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[-_]+|[-_]+$/g, '');
  return folded.slice(0, maxLength).replace(/[-_]+$/g, '');
}

/** Why a channel name typed by a coordinator would be refused by Slack, if it would. */
export function channelNameProblem(name: string): string | undefined {
  if (name.length === 0) return 'Give the channel a name.';
  if (name.length > 80) return 'Slack channel names have at most 80 characters.';
  if (!/^[a-z0-9_-]+$/.test(name)) return 'Slack channel names use only lowercase letters, digits, hyphens and underscores.';
  return undefined;
}

/** Who hosts session `seq` (0-based) of a peer circle: members take turns in the order they joined. */
export function hostFor(seq: number, memberIds: readonly string[]): string | null {
  if (memberIds.length === 0) return null;
  return memberIds[seq % memberIds.length] ?? null;
}
