import { SLOT_WORDS, type SlotSet } from './weeklySlots.js';

/**
 * What forming circles is given, and the checks that turn a bad input into
 * a list of problems (each naming its field) instead of a wrong answer.
 */

/** The sizes a circle may have: fewer than three is a pair, more than eight stops being a conversation. */
export const CIRCLE_SIZE_LIMITS = { min: 3, max: 8 } as const;

export type CircleMode = 'facilitated' | 'peer';

export interface CircleTopic {
  id: string;
  name: string;
  /** Skill (or cluster) ids the topic covers. Wanting any of them, or the topic id itself, is wanting the topic. */
  skillIds: readonly string[];
}

export interface FormationSettings {
  sizeMin: number;
  sizeMax: number;
  mode: CircleMode;
  topics: readonly CircleTopic[];
  /** The session length the slot sets were computed for: a facilitator's two circles may not overlap. */
  sessionMinutes: number;
}

export interface CircleMember {
  id: string;
  /** From availableSlots, for the program's slot calendar. */
  slots: SlotSet;
  /** Skill or cluster ids. */
  wants: readonly string[];
  department: string | null;
  level: number | null;
  /** Carried for the caller's preview; the fit does not use it (time zones already spread circles across offices). */
  location: string | null;
}

export interface CircleFacilitator {
  id: string;
  slots: SlotSet;
  /** Skill or cluster ids. */
  offers: readonly string[];
  /** Circles they can still take on. */
  capacityLeft: number;
  department: string | null;
  level: number | null;
}

export interface FormationInput {
  settings: FormationSettings;
  members: readonly CircleMember[];
  /** Ignored in peer mode. */
  facilitators: readonly CircleFacilitator[];
  /** Pairs of ids never to sit in one circle (a person's own exclusions, a coordinator's): a hard rule, like time. */
  apart?: readonly (readonly [string, string])[];
}

export interface CircleInputProblem {
  /** A path into the input, e.g. `settings.sizeMax` or `members[3].slots`. */
  field: string;
  code: 'out_of_range' | 'invalid' | 'duplicate';
  message: string;
}

export function checkFormationInput(input: FormationInput): CircleInputProblem[] {
  const problems: CircleInputProblem[] = [];
  const add = (field: string, code: CircleInputProblem['code'], message: string) => problems.push({ field, code, message });
  const { settings } = input;
  const { min, max } = CIRCLE_SIZE_LIMITS;
  for (const field of ['sizeMin', 'sizeMax'] as const) {
    const value = settings[field];
    if (!Number.isInteger(value) || value < min || value > max) add(`settings.${field}`, 'out_of_range', `${field} must be a whole number from ${min} to ${max}, not ${value}`);
  }
  if (problems.length === 0 && settings.sizeMin > settings.sizeMax) add('settings.sizeMin', 'out_of_range', `sizeMin (${settings.sizeMin}) must not be more than sizeMax (${settings.sizeMax})`);
  if (settings.mode !== 'facilitated' && settings.mode !== 'peer') add('settings.mode', 'invalid', `mode must be "facilitated" or "peer", not ${JSON.stringify(settings.mode)}`);
  if (!Number.isInteger(settings.sessionMinutes) || settings.sessionMinutes < 1 || settings.sessionMinutes > 24 * 60) {
    add('settings.sessionMinutes', 'out_of_range', `sessionMinutes must be a whole number from 1 to 1440, not ${settings.sessionMinutes}`);
  }
  if (settings.topics.length === 0) add('settings.topics', 'invalid', 'a program needs at least one topic to form circles around');
  duplicates(settings.topics, 'settings.topics', add);
  duplicates(input.members, 'members', add);
  input.members.forEach((m, i) => checkSlots(m.slots, `members[${i}].slots`, add));
  if (settings.mode === 'facilitated') {
    duplicates(input.facilitators, 'facilitators', add);
    const memberIds = new Set(input.members.map((m) => m.id));
    input.facilitators.forEach((f, i) => {
      checkSlots(f.slots, `facilitators[${i}].slots`, add);
      if (!Number.isInteger(f.capacityLeft) || f.capacityLeft < 0) add(`facilitators[${i}].capacityLeft`, 'out_of_range', `capacityLeft must be a whole number of circles, 0 or more, not ${f.capacityLeft}`);
      // Leading one circle while sitting in another could put one person at two tables at once; the caller decides which role they take.
      if (memberIds.has(f.id)) add(`facilitators[${i}].id`, 'duplicate', `"${f.id}" is both a member and a facilitator; pass them as one or the other`);
    });
  }
  return problems;
}

function duplicates(items: readonly { id: string }[], field: string, add: (field: string, code: CircleInputProblem['code'], message: string) => void): void {
  const seen = new Set<string>();
  items.forEach((item, i) => {
    if (seen.has(item.id)) add(`${field}[${i}].id`, 'duplicate', `id "${item.id}" appears more than once`);
    seen.add(item.id);
  });
}

function checkSlots(slots: SlotSet, field: string, add: (field: string, code: CircleInputProblem['code'], message: string) => void): void {
  if (!(slots instanceof Uint32Array) || slots.length !== SLOT_WORDS) add(field, 'invalid', `slots must be a slot set (a Uint32Array of ${SLOT_WORDS} words, from availableSlots)`);
}
