import type { AssignmentInput, AssignmentResult } from './assignment.js';
import type { GroupIndex, RateSnapshot } from './groupRates.js';

/**
 * How the fairness target sets its bonuses: one per group, found by
 * bracketing each group's bonus between the largest that left it below the
 * target (lo) and the smallest that lifted it (hi). A group below the
 * target doubles its bonus until it has an upper bracket, then bisects; a
 * group lifted eases back toward its lower bracket, since every unneeded
 * bit of bonus costs fit and takes places other groups may need. Bonuses
 * start where they would seat just enough of the group: the gap between
 * its waiting members' scores and the weakest score
 * holding a seat they could take, for as many of them as the gap needs.
 * In a large pool that is small, and a fixed first step would lift whole
 * departments at once; in a small one it is the scale of the scores.
 */

interface Bracket {
  bonus: number;
  lo: number;
  hi: number | undefined;
}

export interface BonusSearch {
  /** The next bonuses after seeing an assignment's rates, or undefined when nothing is left to change. */
  next(result: AssignmentResult, snapshot: RateSnapshot): ReadonlyMap<string, number> | undefined;
}

/** Brackets this close (relative to their bonus) are settled. */
const SETTLED = 0.02;

export function bonusSearch(input: AssignmentInput, index: GroupIndex, targetPoints: number, liftable: (group: string) => boolean): BonusSearch {
  const brackets = new Map<string, Bracket>();
  const largest = input.scores.reduce((max, s) => Math.max(max, s.score), 0) || 1;
  const byMentee = new Map<string, { mentor: string; score: number }[]>();
  for (const s of input.scores) {
    if (s.score <= 0) continue;
    const list = byMentee.get(s.mentee);
    if (list) list.push(s);
    else byMentee.set(s.mentee, [s]);
  }
  const firstBonus = (group: string, result: AssignmentResult, snapshot: RateSnapshot): number => {
    const weakest = new Map<string, number>();
    for (const p of result.pairs) weakest.set(p.mentor, Math.min(weakest.get(p.mentor) ?? Number.POSITIVE_INFINITY, p.score));
    const matched = new Set(result.pairs.map((p) => p.mentee));
    const margins: number[] = [];
    for (const id of index.members.get(group) ?? []) {
      if (matched.has(id)) continue;
      let margin = Number.POSITIVE_INFINITY;
      for (const c of byMentee.get(id) ?? []) margin = Math.min(margin, (weakest.get(c.mentor) ?? Number.POSITIVE_INFINITY) - c.score);
      if (Number.isFinite(margin)) margins.push(margin);
    }
    if (margins.length === 0) return 0.05 * largest;
    margins.sort((a, b) => a - b);
    // As many of them as the gap needs would each take a seat at this bonus, if nobody else moved.
    const count = snapshot.groups.find((g) => g.group === group);
    const needed = count ? Math.ceil((snapshot.overall - targetPoints / 100) * count.participants - count.matched - 1e-9) : 1;
    const margin = margins[Math.min(margins.length, Math.max(1, needed)) - 1] as number;
    return Math.max(1e-6 * largest, margin * 1.01 + 1e-9 * largest);
  };

  return {
    next(result, snapshot) {
      const below = new Set(snapshot.below.map((g) => g.group).filter(liftable));
      let changed = false;
      for (const group of below) {
        const b = brackets.get(group) ?? { bonus: 0, lo: 0, hi: undefined };
        // Other groups' bonuses moved since the bracket was set: one that once lifted the group no longer does.
        if (b.hi !== undefined && b.bonus >= b.hi) b.hi = undefined;
        b.lo = Math.max(b.lo, b.bonus);
        const bonus = b.hi === undefined ? (b.bonus > 0 ? b.bonus * 2 : firstBonus(group, result, snapshot)) : (b.lo + b.hi) / 2;
        changed ||= bonus !== b.bonus;
        b.bonus = bonus;
        brackets.set(group, b);
      }
      for (const [group, b] of brackets) {
        if (below.has(group) || b.bonus === 0) continue;
        if (b.bonus <= b.lo) b.lo = 0;
        b.hi = Math.min(b.hi ?? Number.POSITIVE_INFINITY, b.bonus);
        if (b.hi - b.lo <= SETTLED * b.hi) continue;
        b.bonus = (b.lo + b.hi) / 2;
        changed = true;
      }
      if (!changed) return undefined;
      return new Map([...brackets].filter(([, b]) => b.bonus > 0).map(([g, b]) => [g, b.bonus]));
    },
  };
}
