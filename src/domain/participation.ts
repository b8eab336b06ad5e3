/**
 * Whether someone takes part right now. A pause with an end date lapses by
 * itself, so nobody has to remember to resume, and nothing has to run at
 * the moment it ends.
 */
export const PARTICIPATION_STATUSES = ['active', 'paused', 'left'] as const;
export type Participation = (typeof PARTICIPATION_STATUSES)[number];

export interface ParticipationFacts {
  status: Participation;
  pausedUntil: Date | null;
}

export function effectiveStatus(person: ParticipationFacts, now: Date): Participation {
  if (person.status === 'paused' && person.pausedUntil !== null && person.pausedUntil <= now) return 'active';
  return person.status;
}

/**
 * The one rule for whether the bot may start a conversation with someone:
 * they joined, and they are neither paused nor gone. Replies to a person's
 * own command are not covered: they asked.
 */
export function mayPrompt(person: (ParticipationFacts & { joinedAt: Date | null }) | undefined, now: Date): boolean {
  return person !== undefined && person.joinedAt !== null && effectiveStatus(person, now) === 'active';
}

export const MAX_PAUSE_WEEKS = 26;

/** Parses the optional `[weeks]` of `/mentor pause`: empty means until resumed. */
export function parsePauseWeeks(arg: string | undefined): { ok: true; weeks: number | null } | { ok: false; message: string } {
  if (arg === undefined || arg === '') return { ok: true, weeks: null };
  const how = `Use \`/mentor pause\` to pause until you resume, or \`/mentor pause 4\` for 1 to ${MAX_PAUSE_WEEKS} weeks.`;
  if (!/^\d+$/.test(arg)) return { ok: false, message: `"${arg.slice(0, 20)}" is not a number of weeks. ${how}` };
  const weeks = Number(arg);
  if (weeks < 1 || weeks > MAX_PAUSE_WEEKS) {
    return { ok: false, message: `A dated pause lasts from 1 to ${MAX_PAUSE_WEEKS} weeks, so ${weeks} ${weeks === 1 ? 'week is' : 'weeks is'} outside it. ${how}` };
  }
  return { ok: true, weeks };
}
