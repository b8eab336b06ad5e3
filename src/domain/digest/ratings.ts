import type { Average, Digest, DigestRating } from '../digestTypes.js';
import { shuffledAnonymously } from '../random.js';
import type { DigestIndex } from './digestIndex.js';

/** Mean of a rating's given scores, or null when it has none (or the session did not happen). */
export function ratingScore(r: DigestRating): number | null {
  if (!r.happened) return null;
  let sum = 0;
  let n = 0;
  if (r.usefulness !== null) (sum += r.usefulness), (n += 1);
  if (r.clarity !== null) (sum += r.clarity), (n += 1);
  if (r.applicability !== null) (sum += r.applicability), (n += 1);
  return n === 0 ? null : sum / n;
}

/**
 * Accumulates an average together with its distinct raters, so the threshold
 * is applied to people rather than to ratings. Deleted raters (null) count as
 * one: they may all have been the same person.
 */
export class RaterMean {
  private sum = 0;
  private count = 0;
  private readonly raters = new Set<string | null>();
  add(value: number | null, raterId: string | null): void {
    if (value === null) return;
    this.sum += value;
    this.count += 1;
    this.raters.add(raterId);
  }
  get n(): number {
    return this.raters.size;
  }
  result(minRaters: number): Average {
    return { value: this.n >= minRaters && this.count > 0 ? round2(this.sum / this.count) : null, n: this.n };
  }
}

const round2 = (x: number) => Math.round(x * 100) / 100;

export function ratings(ix: DigestIndex): Digest['ratings'] {
  const { minRaters } = ix;
  const usefulness = new RaterMean();
  const clarity = new RaterMean();
  const applicability = new RaterMean();
  for (const r of ix.ratingsThisWeek) {
    // Scores for a session that did not happen describe nothing; its comment still counts.
    if (!r.happened) continue;
    usefulness.add(r.usefulness, r.raterId);
    clarity.add(r.clarity, r.raterId);
    applicability.add(r.applicability, r.raterId);
  }
  return {
    usefulness: usefulness.result(minRaters),
    clarity: clarity.result(minRaters),
    applicability: applicability.result(minRaters),
    overall: ix.ratingPerWeek[ix.last] as Average,
    ...anonymousComments(ix.ratingsThisWeek, ix),
  };
}

/**
 * The week's comments, counted always and shown only once enough different
 * people wrote them: many comments from one or two people would still point
 * at them, hence both counts. Shuffled, seeded by the week, so a re-sent
 * digest shows the same order.
 */
export function anonymousComments(
  rated: readonly { comment: string | null; raterId: string | null }[],
  ix: Pick<DigestIndex, 'minRaters' | 'week'>,
): { commentCount: number; comments: string[] } {
  const comments: string[] = [];
  const commenters = new Set<string | null>();
  for (const r of rated) {
    const text = r.comment?.trim();
    if (!text) continue;
    comments.push(text);
    commenters.add(r.raterId);
  }
  const show = comments.length >= ix.minRaters && commenters.size >= ix.minRaters;
  return { commentCount: comments.length, comments: show ? shuffledAnonymously(comments, ix.week.start.getTime() / 1000) : [] };
}
