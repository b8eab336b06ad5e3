import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type AssignmentInput, type AssignmentResult, greedyAssignment, type PairScore, solveAssignment } from '../../src/domain/matching/assignment.js';
import { solveAssignmentReference } from '../../src/domain/matching/assignmentReference.js';
import { SHAPES, type ShapeName, shapeInput } from '../../bench/assignmentShapes.js';
import { prng } from '../../bench/syntheticOrg.js';
import { bruteForceOptimum } from '../support/bruteForce.js';

/*
 * The auction (solveAssignment) against the first solver, successive
 * shortest paths (solveAssignmentReference), which stays as the oracle: the
 * same optimal total on random inputs and on the shapes that made the oracle
 * slow. Pairs may differ where totals tie; totals may differ by the rounding
 * of scores to each solver's grid, at most 1e-11 of the largest score a pair.
 */

const near = (a: number, b: number, pairs: number, largest: number) => Math.abs(a - b) <= 1e-11 * Math.max(1, pairs) * Math.max(1, largest) + 1e-12;

/** Each mentee at most once, each mentor within capacity, only listed pairs with a positive score, and the total adds up. */
function expectFeasible(input: AssignmentInput, result: AssignmentResult): void {
  const listed = new Map(input.scores.map((s) => [`${s.mentee}\u0000${s.mentor}`, s.score]));
  const capacity = new Map(input.mentors.map((m) => [m.id, m.capacity]));
  const used = new Map<string, number>();
  for (const pair of result.pairs) {
    expect(listed.get(`${pair.mentee}\u0000${pair.mentor}`)).toBe(pair.score);
    expect(pair.score).toBeGreaterThan(0);
    used.set(pair.mentor, (used.get(pair.mentor) ?? 0) + 1);
  }
  expect(new Set(result.pairs.map((p) => p.mentee)).size).toBe(result.pairs.length);
  for (const [mentor, count] of used) expect(count).toBeLessThanOrEqual(capacity.get(mentor)!);
  expect(result.total).toBeCloseTo(result.pairs.reduce((sum, p) => sum + p.score, 0), 9);
}

function expectSameOptimum(input: AssignmentInput): AssignmentResult {
  const result = solveAssignment(input);
  const oracle = solveAssignmentReference(input);
  expectFeasible(input, result);
  const largest = Math.max(0, ...input.scores.map((s) => s.score));
  expect(near(result.total, oracle.total, result.pairs.length, largest), `${result.total} against ${oracle.total}`).toBe(true);
  return result;
}

/** What kind of scores an instance has: each kind makes a different sort of tie, or none. */
const SCORE_KINDS = ['real', 'equal', 'three levels', 'quarters from -1/4', 'near ties'] as const;

function scoreFor(kind: (typeof SCORE_KINDS)[number], random: () => number, levels: number[], popular: boolean): number {
  switch (kind) {
    case 'real':
      return random();
    case 'equal':
      return 0.5;
    case 'three levels':
      return levels[Math.floor(random() * 3)]!;
    case 'quarters from -1/4':
      return (Math.floor(random() * 6) - 1) / 4;
    case 'near ties':
      // A few popular mentors worth nearly the same to everyone, apart in the last digits.
      return (popular ? 0.9 : 0.3) + Math.floor(random() * 4) * 1e-9;
  }
}

/**
 * Small instances in every adversarial mood: a few popular mentors with many
 * seats beside unit ones, mentors with no room, mentees with no candidates,
 * exactly as many seats as mentees, every kind of tie.
 */
const instance = fc
  .record({
    mentees: fc.integer({ min: 0, max: 14 }),
    popular: fc.array(fc.integer({ min: 2, max: 20 }), { maxLength: 3 }),
    others: fc.array(fc.integer({ min: 0, max: 2 }), { maxLength: 7 }),
    density: fc.constantFrom(0.25, 0.5, 0.9, 1),
    kind: fc.constantFrom(...SCORE_KINDS),
    exactFit: fc.boolean(),
    seed: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
  })
  .map(({ mentees: menteeCount, popular, others, density, kind, exactFit, seed }): AssignmentInput => {
    const random = prng(seed);
    const capacities = [...popular, ...others];
    if (exactFit && capacities.length > 0) {
      // Seats equal to mentees: spread the mentees over the mentors.
      capacities.fill(0);
      for (let i = 0; i < menteeCount; i++) capacities[i % capacities.length]!++;
    }
    const mentors = capacities.map((capacity, m) => ({ id: `M${m}`, capacity }));
    const mentees = Array.from({ length: menteeCount }, (_, e) => ({ id: `E${e}` }));
    const levels = [random(), random(), random()];
    const scores: PairScore[] = [];
    for (const mentee of mentees) {
      for (const [m, mentor] of mentors.entries()) {
        const isPopular = m < popular.length;
        if (!isPopular && random() >= density) continue;
        scores.push({ mentee: mentee.id, mentor: mentor.id, score: scoreFor(kind, random, levels, isPopular) });
      }
    }
    return { mentors, mentees, scores };
  });

describe('solveAssignment against the reference solver', () => {
  it('finds the same optimal total on random small instances of every shape, never below greedy', () => {
    fc.assert(
      fc.property(instance, (input) => {
        const result = expectSameOptimum(input);
        expect(result.total).toBeGreaterThanOrEqual(greedyAssignment(input).total - 1e-9);
      }),
      { numRuns: 400, seed: 20261201 },
    );
  });

  it('gives the same pairs for shuffled copies of any instance', () => {
    fc.assert(
      fc.property(instance, fc.integer({ min: 1, max: 1000 }), (input, seed) => {
        const random = prng(seed);
        const shuffle = <T>(items: readonly T[]) => items.map((item) => [random(), item] as const).sort((a, b) => a[0] - b[0]).map(([, item]) => item);
        const expected = solveAssignment(input);
        expect(solveAssignment({ mentors: shuffle(input.mentors), mentees: shuffle(input.mentees), scores: shuffle(input.scores) })).toEqual(expected);
      }),
      { numRuns: 150, seed: 20261202 },
    );
  });

  // Sizes where the solver's grid is coarser than the reference's (over ~1,100 mentees and mentors):
  // the totals must still agree to the rounding of the scores.
  it.for(Object.keys(SHAPES) as ShapeName[])('finds the same optimal total on the %s shape', (shape) => {
    const small = shapeInput(shape, { mentees: 600, mentors: 120, perMentee: 30, seed: 7 });
    expectSameOptimum(small);
    const large = shapeInput(shape, { mentees: 1500, mentors: 300, perMentee: 20, seed: 11 });
    expectSameOptimum(large);
  });

  it('keeps exact scores exact: whole hundredths solve on their own grid, the same total as with noise that forces the general one', () => {
    const random = prng(5);
    const mentors = Array.from({ length: 40 }, (_, m) => ({ id: `M${m}`, capacity: m < 4 ? 25 : 1 + (m % 3) }));
    const mentees = Array.from({ length: 300 }, (_, e) => ({ id: `E${e}` }));
    const scores = mentees.flatMap((e) => mentors.filter(() => random() < 0.3).map((m) => ({ mentee: e.id, mentor: m.id, score: (1 + Math.floor(random() * 100)) / 100 })));
    const input = { mentors, mentees, scores };
    const exact = expectSameOptimum(input);
    const noisy = expectSameOptimum({ ...input, scores: scores.map((s, k) => ({ ...s, score: s.score + (k % 7) * 1e-13 })) });
    expect(Math.abs(exact.total - noisy.total)).toBeLessThan(1e-9);
  });
});

describe('solveAssignment in the hard cases, by hand', () => {
  it('fills a popular mentor with the mentees it is worth most to and sends the rest on', () => {
    // M1 has three seats and everyone's first choice; E4 and E5 are worth least to it and have somewhere else.
    const input = {
      mentors: [{ id: 'M1', capacity: 3 }, { id: 'M2', capacity: 1 }, { id: 'M3', capacity: 1 }],
      mentees: ['E1', 'E2', 'E3', 'E4', 'E5'].map((id) => ({ id })),
      scores: [
        ...['E1', 'E2', 'E3'].map((mentee) => ({ mentee, mentor: 'M1', score: 0.9 })),
        { mentee: 'E4', mentor: 'M1', score: 0.8 },
        { mentee: 'E4', mentor: 'M2', score: 0.7 },
        { mentee: 'E5', mentor: 'M1', score: 0.8 },
        { mentee: 'E5', mentor: 'M3', score: 0.6 },
      ],
    };
    expect(solveAssignment(input).pairs.map((p) => `${p.mentee}-${p.mentor}`)).toEqual(['E1-M1', 'E2-M1', 'E3-M1', 'E4-M2', 'E5-M3']);
  });

  it('with all scores equal, matches as many as the seats allow', () => {
    // A chain: each mentee can take its own mentor or the next one's; greedy by id would strand E3.
    const input = {
      mentors: [{ id: 'M1', capacity: 1 }, { id: 'M2', capacity: 1 }, { id: 'M3', capacity: 1 }],
      mentees: [{ id: 'E1' }, { id: 'E2' }, { id: 'E3' }],
      scores: [
        { mentee: 'E1', mentor: 'M1', score: 1 },
        { mentee: 'E1', mentor: 'M2', score: 1 },
        { mentee: 'E2', mentor: 'M2', score: 1 },
        { mentee: 'E2', mentor: 'M3', score: 1 },
        { mentee: 'E3', mentor: 'M1', score: 1 },
      ],
    };
    expect(solveAssignment(input).total).toBe(3);
  });

  it('settles ties by id: earlier mentees win a seat, a mentee takes the earlier mentor, a full mentor keeps the earlier mentees', () => {
    const seat = { mentors: [{ id: 'M1', capacity: 2 }], mentees: [{ id: 'E3' }, { id: 'E1' }, { id: 'E2' }], scores: ['E3', 'E2', 'E1'].map((mentee) => ({ mentee, mentor: 'M1', score: 0.4 })) };
    expect(solveAssignment(seat).pairs.map((p) => p.mentee)).toEqual(['E1', 'E2']);
    const choice = { mentors: [{ id: 'M2', capacity: 1 }, { id: 'M1', capacity: 1 }], mentees: [{ id: 'E1' }], scores: ['M2', 'M1'].map((mentor) => ({ mentee: 'E1', mentor, score: 0.4 })) };
    expect(solveAssignment(choice).pairs.map((p) => p.mentor)).toEqual(['M1']);
  });

  it('leaves mentees without candidates, and mentors without room, out', () => {
    const input = {
      mentors: [{ id: 'M1', capacity: 0 }, { id: 'M2', capacity: 1000 }],
      mentees: [{ id: 'E1' }, { id: 'E2' }, { id: 'E3' }],
      scores: [
        { mentee: 'E1', mentor: 'M1', score: 1 },
        { mentee: 'E2', mentor: 'M2', score: 0.2 },
      ],
    };
    expect(solveAssignment(input)).toEqual({ pairs: [{ mentee: 'E2', mentor: 'M2', score: 0.2 }], total: 0.2 });
  });

  it('refuses a repeated pair even when neither copy could be used', () => {
    const base = { mentors: [{ id: 'M1', capacity: 1 }, { id: 'M0', capacity: 0 }], mentees: [{ id: 'E1' }] };
    expect(() => solveAssignment({ ...base, scores: [{ mentee: 'E1', mentor: 'M1', score: -1 }, { mentee: 'E1', mentor: 'M1', score: 0 }] })).toThrow(/E1\/M1 is listed twice/);
    expect(() => solveAssignment({ ...base, scores: [{ mentee: 'E1', mentor: 'M0', score: 1 }, { mentee: 'E1', mentor: 'M0', score: 2 }] })).toThrow(/E1\/M0 is listed twice/);
    expect(() => solveAssignment({ ...base, scores: [{ mentee: 'E1', mentor: 'M1', score: 1 }, { mentee: 'E1', mentor: 'M1', score: -2 }] })).toThrow(/E1\/M1 is listed twice/);
  });
});

describe('solveAssignmentReference, the oracle', () => {
  it('reaches the brute-force optimum on small instances of every shape', () => {
    const tiny = instance.filter((input) => input.mentees.length <= 6 && input.mentors.length <= 5);
    fc.assert(
      fc.property(tiny, (input) => {
        expect(Math.abs(solveAssignmentReference(input).total - bruteForceOptimum(input))).toBeLessThanOrEqual(1e-9);
      }),
      { numRuns: 150, seed: 20261203 },
    );
  });
});
