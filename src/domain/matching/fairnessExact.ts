import type { AssignmentInput, AssignmentResult } from './assignment.js';
import type { Solver } from './round.js';

/**
 * The fairness target's last resort on a small round: when bonuses and
 * one-at-a-time moves both fall short, and at most EXACT_SEARCH_UP_TO
 * people have anyone they could be paired with, every set of them that
 * could be matched at once with as many people as possible is tried, and
 * the best-fitting one within the target is kept. Holding three
 * overlapping kinds of group to one target is a covering problem that no
 * fast method always solves; a cohort of a dozen is small enough to solve
 * it exactly, and that is where one pairing moves a rate the most.
 */

export const EXACT_SEARCH_UP_TO = 12;

/** The best assignment matching exactly the chosen people, or undefined when they cannot all be matched at once. */
function coverExactly(input: AssignmentInput, chosen: ReadonlySet<string>, solve: Solver): AssignmentResult | undefined {
  const scores = input.scores.filter((s) => s.score > 0 && chosen.has(s.mentee));
  // A bonus above any total makes covering everyone chosen come first, and fit decide among the covers.
  const bonus = 1 + scores.reduce((sum, s) => sum + s.score, 0);
  const result = solve({ mentors: input.mentors, mentees: [...chosen].sort().map((id) => ({ id })), scores: scores.map((s) => ({ ...s, score: s.score + bonus })) });
  if (result.pairs.length < chosen.size) return undefined;
  const original = new Map(scores.map((s) => [`${s.mentee}\u0000${s.mentor}`, s.score]));
  const pairs = result.pairs.map((p) => ({ ...p, score: original.get(`${p.mentee}\u0000${p.mentor}`) as number }));
  return { pairs, total: pairs.reduce((sum, p) => sum + p.score, 0) };
}

/**
 * The best-fitting assignment that matches as many people as can be matched
 * at once and that `meets` accepts, or undefined when none does or the round
 * is too large to search.
 */
export function exactFairSearch(input: AssignmentInput, meets: (matched: ReadonlySet<string>) => boolean, solve: Solver): AssignmentResult | undefined {
  const hopeful = [...new Set(input.scores.filter((s) => s.score > 0).map((s) => s.mentee))].sort();
  if (hopeful.length > EXACT_SEARCH_UP_TO) return undefined;
  const most = solve({ ...input, scores: input.scores.filter((s) => s.score > 0).map((s) => ({ ...s, score: 1 })) }).pairs.length;
  let best: AssignmentResult | undefined;
  const chosen: string[] = [];
  const walk = (from: number) => {
    if (chosen.length === most) {
      const set = new Set(chosen);
      if (!meets(set)) return;
      const cover = coverExactly(input, set, solve);
      if (cover && (!best || cover.total > best.total)) best = cover;
      return;
    }
    for (let i = from; i <= hopeful.length - (most - chosen.length); i += 1) {
      chosen.push(hopeful[i] as string);
      walk(i + 1);
      chosen.pop();
    }
  };
  walk(0);
  return best;
}
