/**
 * Spells of quiet by agreement: a pair's pause, or one person's own. The
 * quiet-pair flag and the bias audit leave them out of a pair's quiet time.
 */

/** From when to when; a spell still running has no end. */
export interface Spell {
  from: Date;
  to: Date | null;
}

/** How much of [from, to] lies inside any of the spells, each moment counted once (spells may overlap). */
export function pausedWithin(spells: readonly Spell[], from: number, to: number): number {
  const clipped = spells
    .map((p) => [Math.max(from, p.from.getTime()), Math.min(to, p.to?.getTime() ?? to)] as const)
    .filter(([a, b]) => b > a)
    .sort((x, y) => x[0] - y[0]);
  let total = 0;
  let reach = Number.NEGATIVE_INFINITY;
  for (const [a, b] of clipped) {
    const start = Math.max(a, reach);
    if (b > start) total += b - start;
    reach = Math.max(reach, b);
  }
  return total;
}

/** A person's pause as a spell: it ends when they resumed or left, or on the date they gave, whichever came first. */
export function personSpell(row: { pausedAt: Date; until: Date | null; endedAt: Date | null }): Spell {
  const ends = [row.until, row.endedAt].filter((d): d is Date => d !== null);
  return { from: row.pausedAt, to: ends.length === 0 ? null : new Date(Math.min(...ends.map((d) => d.getTime()))) };
}

/** Both people's own spells, for one pair (someone who erased their data has none). */
export const spellsOfPair = (spells: ReadonlyMap<string, readonly Spell[]>, pair: { mentorId: string | null; menteeId: string | null }): Spell[] => [
  ...(pair.mentorId ? (spells.get(pair.mentorId) ?? []) : []),
  ...(pair.menteeId ? (spells.get(pair.menteeId) ?? []) : []),
];
