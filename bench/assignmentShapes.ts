import type { AssignmentInput, PairScore } from '../src/domain/matching/assignment.js';
import { prng } from './syntheticOrg.js';

/**
 * Seeded assignment inputs in the shapes that are hard for an exact solver,
 * built directly (no scoring): crowds on a few popular mentors, scarce unit
 * seats, scores without any spread, exactly as many seats as mentees.
 */

export type ShapeName = 'popular' | 'unit' | 'equal' | 'ties' | 'ties-real' | 'exact-fit' | 'random-cut';

export interface ShapeOptions {
  mentees: number;
  mentors: number;
  perMentee: number;
  seed?: number;
}

export const SHAPES: Record<ShapeName, string> = {
  popular: 'every mentee’s best 20 are the same 20 mentors (mentees/25 seats each), the rest have 1 seat',
  unit: 'every mentor has 1 seat; a tenth of the mentors are wanted by most mentees',
  equal: 'all scores equal, capacities 1–5, candidates skewed to a tenth of the mentors',
  ties: 'scores from ten values, the popular mentors’ shape',
  'ties-real': 'scores from ten unrelated real values, the popular mentors’ shape',
  'exact-fit': 'seats equal to mentees exactly (5 each), candidates skewed',
  'random-cut': 'uniform candidates, capacities 1–5, real scores',
};

/** Ten unrelated levels (no common divisor), lowest first. */
const LEVELS = [0.1031, 0.1712, 0.2383, 0.3154, 0.4477, 0.5209, 0.6653, 0.8011, 0.8897, 0.9713].map((x) => x + Math.PI * 1e-7);

export function shapeInput(shape: ShapeName, options: ShapeOptions): AssignmentInput {
  const { mentees: menteeCount, mentors: mentorCount, perMentee } = options;
  const random = prng(options.seed ?? 2026);
  const popularCount = Math.min(20, mentorCount);
  const popularSeats = Math.max(1, Math.round(menteeCount / 25));
  const capacity = (m: number): number => {
    switch (shape) {
      case 'popular':
      case 'ties':
      case 'ties-real':
        return m < popularCount ? popularSeats : 1;
      case 'unit':
        return 1;
      case 'exact-fit':
        return Math.floor(menteeCount / mentorCount) + (m < menteeCount % mentorCount ? 1 : 0);
      default:
        return 1 + Math.floor(random() * 5);
    }
  };
  const mentors = Array.from({ length: mentorCount }, (_, m) => ({ id: `M${String(m).padStart(5, '0')}`, capacity: capacity(m) }));
  const mentees = Array.from({ length: menteeCount }, (_, e) => ({ id: `E${String(e).padStart(6, '0')}` }));
  const hot = Math.max(1, Math.floor(mentorCount / 10));
  const scores: PairScore[] = [];
  for (const mentee of mentees) {
    const picked = new Set<number>();
    const crowded = shape === 'popular' || shape === 'ties' || shape === 'ties-real';
    if (crowded) for (let m = 0; m < popularCount && picked.size < perMentee; m++) picked.add(m);
    const want = Math.min(perMentee, mentorCount);
    while (picked.size < want) {
      // Skewed shapes draw 70% of candidates from the hot tenth.
      const skewed = shape !== 'random-cut' && !crowded && random() < 0.7;
      picked.add(skewed ? Math.floor(random() * hot) : Math.floor(random() * mentorCount));
    }
    for (const m of picked) {
      let score: number;
      if (shape === 'equal') score = 0.5;
      else if (shape === 'ties') score = (m < popularCount ? 8 + Math.floor(random() * 3) : 1 + Math.floor(random() * 7)) / 10;
      else if (shape === 'ties-real') score = m < popularCount ? LEVELS[7 + Math.floor(random() * 3)]! : LEVELS[Math.floor(random() * 7)]!;
      else if (shape === 'popular') score = m < popularCount ? 0.8 + random() * 0.2 : 0.1 + random() * 0.6;
      else score = Math.round(random() * 1e6) / 1e6 + 1e-6;
      scores.push({ mentee: mentee.id, mentor: mentors[m]!.id, score });
    }
  }
  return { mentors, mentees, scores };
}
