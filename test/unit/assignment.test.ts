import { describe, expect, it } from 'vitest';
import { type AssignmentInput, type AssignmentResult, greedyAssignment, type PairScore, solveAssignment } from '../../src/domain/matching/assignment.js';
import { parseAssignmentInput } from '../../src/domain/matching/assignmentInput.js';
import { prng } from '../../bench/syntheticOrg.js';
import { bruteForceOptimum } from '../support/bruteForce.js';

const int = (random: () => number, lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));

function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = int(random, 0, i);
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

interface Shape {
  mentees: number;
  mentors: number;
  /** Chance that a given pair is listed. */
  density: number;
  capacity: [number, number];
  /** Whole scores from a small range make many ties; otherwise real numbers. */
  ties: boolean;
}

function randomInstance(random: () => number, shape: Shape): AssignmentInput {
  const mentors = Array.from({ length: shape.mentors }, (_, m) => ({ id: `M${m}`, capacity: int(random, ...shape.capacity) }));
  const mentees = Array.from({ length: shape.mentees }, (_, e) => ({ id: `E${e}` }));
  const scores: PairScore[] = [];
  for (const mentee of mentees) {
    for (const mentor of mentors) {
      if (random() >= shape.density) continue;
      const score = shape.ties ? int(random, -1, 3) : Math.round((random() * 1.5 - 0.5) * 1e6) / 1e6;
      scores.push({ mentee: mentee.id, mentor: mentor.id, score });
    }
  }
  return { mentors, mentees, scores };
}


/**
 * An independent exact solver: textbook successive shortest paths with
 * Bellman–Ford on an explicit source/sink network, stopping when the
 * cheapest path no longer lowers the cost. Slow, but shares no code.
 */
function bellmanFordOptimum(input: AssignmentInput): number {
  const edges: { from: number; to: number; cap: number; cost: number }[] = [];
  const addEdge = (from: number, to: number, cap: number, cost: number) => edges.push({ from, to, cap, cost }, { from: to, to: from, cap: 0, cost: -cost });
  const menteeNode = new Map(input.mentees.map((e, i) => [e.id, 2 + i]));
  const mentorNode = new Map(input.mentors.map((m, i) => [m.id, 2 + input.mentees.length + i]));
  const nodes = 2 + input.mentees.length + input.mentors.length;
  for (const node of menteeNode.values()) addEdge(0, node, 1, 0);
  for (const m of input.mentors) addEdge(mentorNode.get(m.id)!, 1, m.capacity, 0);
  for (const s of input.scores) addEdge(menteeNode.get(s.mentee)!, mentorNode.get(s.mentor)!, 1, -s.score);
  let cost = 0;
  for (;;) {
    const dist = new Array<number>(nodes).fill(Infinity);
    const via = new Array<number>(nodes).fill(-1);
    dist[0] = 0;
    for (let round = 0; round < nodes; round++) {
      edges.forEach((e, k) => {
        if (e.cap > 0 && dist[e.from]! + e.cost < dist[e.to]! - 1e-12) [dist[e.to], via[e.to]] = [dist[e.from]! + e.cost, k];
      });
    }
    if (!(dist[1]! < -1e-12)) return -cost;
    cost += dist[1]!;
    for (let node = 1; node !== 0; node = edges[via[node]!]!.from) {
      edges[via[node]!]!.cap--;
      edges[via[node]! ^ 1]!.cap++;
    }
  }
}

/** Each mentee at most once, each mentor within capacity, only listed pairs, and the total adds up. */
function expectFeasible(input: AssignmentInput, result: AssignmentResult): void {
  const listed = new Map(input.scores.map((s) => [`${s.mentee}/${s.mentor}`, s.score]));
  const capacity = new Map(input.mentors.map((m) => [m.id, m.capacity]));
  const used = new Map<string, number>();
  for (const pair of result.pairs) {
    expect(listed.get(`${pair.mentee}/${pair.mentor}`)).toBe(pair.score);
    expect(pair.score).toBeGreaterThan(0);
    used.set(pair.mentor, (used.get(pair.mentor) ?? 0) + 1);
  }
  expect(new Set(result.pairs.map((p) => p.mentee)).size).toBe(result.pairs.length);
  for (const [mentor, count] of used) expect(count).toBeLessThanOrEqual(capacity.get(mentor)!);
  expect(result.total).toBeCloseTo(result.pairs.reduce((sum, p) => sum + p.score, 0), 9);
  const order = result.pairs.map((p) => [p.mentee, p.mentor].join('\u0000'));
  expect(order).toEqual([...order].sort());
}

const mentors = (...specs: [string, number][]) => specs.map(([id, capacity]) => ({ id, capacity }));
const mentees = (...ids: string[]) => ids.map((id) => ({ id }));
const scores = (...specs: [string, string, number][]) => specs.map(([mentee, mentor, score]) => ({ mentee, mentor, score }));
const pairsOf = (result: AssignmentResult) => result.pairs.map((p) => `${p.mentee}-${p.mentor}`);

describe('solveAssignment', () => {
  it('reaches the brute-force optimum on 300 seeded random small instances, never below greedy', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const random = prng(seed);
      const input = randomInstance(random, {
        mentees: int(random, 0, 6),
        mentors: int(random, 0, 4),
        density: [0.25, 0.5, 1][seed % 3]!,
        // Low capacities now and then, so mentors are the scarce side.
        capacity: seed % 4 < 2 ? [0, 1] : [0, 3],
        ties: seed % 2 === 0,
      });
      const result = solveAssignment(input);
      expectFeasible(input, result);
      expect(Math.abs(result.total - bruteForceOptimum(input)), `seed ${seed}`).toBeLessThanOrEqual(1e-6);
      expect(result.total, `seed ${seed}`).toBeGreaterThanOrEqual(greedyAssignment(input).total - 1e-9);
    }
  });

  // Seats scarce and seats plentiful load the auction and its repair differently; both must be exact.
  // Medium sizes matter: some mistakes (a potential left unshifted) only show on longer augmenting paths.
  it.for([
    ['mentors have fewer places than there are mentees', { mentees: 60, mentors: 12, capacity: [0, 4] }],
    ['mentors have more places than there are mentees', { mentees: 25, mentors: 15, capacity: [1, 5] }],
  ] as const)('agrees with an independent Bellman–Ford min-cost flow when %s', ([, size]) => {
    for (let seed = 1; seed <= 80; seed++) {
      const input = randomInstance(prng(1000 + seed), { ...size, capacity: [...size.capacity], density: [0.2, 0.4, 0.7][seed % 3]!, ties: seed % 2 === 0 });
      const result = solveAssignment(input);
      expectFeasible(input, result);
      expect(Math.abs(result.total - bellmanFordOptimum(input)), `seed ${seed}`).toBeLessThanOrEqual(1e-6);
    }
  });

  it('maximises the total, not the number of pairs', () => {
    // Matching both would give 1 + 1; giving E1 its favourite gives 10.
    const input = { mentors: mentors(['M1', 1], ['M2', 1]), mentees: mentees('E1', 'E2'), scores: scores(['E1', 'M1', 10], ['E1', 'M2', 1], ['E2', 'M1', 1]) };
    expect(solveAssignment(input)).toEqual({ pairs: [{ mentee: 'E1', mentor: 'M1', score: 10 }], total: 10 });
  });

  it('moves earlier mentees along a chain when that raises the total', () => {
    // E3 is only good with M1, so E1 and E2 each shift one mentor along.
    const input = {
      mentors: mentors(['M1', 1], ['M2', 1], ['M3', 1]),
      mentees: mentees('E1', 'E2', 'E3'),
      scores: scores(['E1', 'M1', 5], ['E1', 'M2', 4.5], ['E2', 'M2', 5], ['E2', 'M3', 4.5], ['E3', 'M1', 3]),
    };
    expect(pairsOf(solveAssignment(input))).toEqual(['E1-M2', 'E2-M3', 'E3-M1']);
    expect(solveAssignment(input).total).toBeCloseTo(12, 9);
  });

  it('drops an earlier mentee when a later one is worth more to the only mentor they share', () => {
    const scarce = { mentors: mentors(['M1', 1]), mentees: mentees('E1', 'E2'), scores: scores(['E1', 'M1', 1], ['E2', 'M1', 5]) };
    expect(pairsOf(solveAssignment(scarce))).toEqual(['E2-M1']);
    // As many mentor places as mentees overall, so the solver adds mentees, and E2 has to push E1 out.
    const plenty = {
      mentors: mentors(['M1', 1], ['M2', 3], ['M3', 1]),
      mentees: mentees('E1', 'E2', 'E3', 'E4', 'E5'),
      scores: scores(['E1', 'M1', 1], ['E2', 'M1', 5], ['E3', 'M2', 1], ['E4', 'M2', 1], ['E5', 'M2', 1], ['E3', 'M3', 0.5]),
    };
    expect(pairsOf(solveAssignment(plenty))).toEqual(['E2-M1', 'E3-M2', 'E4-M2', 'E5-M2']);
  });

  it('gives a mentor at most its capacity, and a mentor with capacity 0 nobody', () => {
    const input = {
      mentors: mentors(['M1', 2], ['M0', 0]),
      mentees: mentees('E1', 'E2', 'E3'),
      scores: scores(['E1', 'M1', 3], ['E2', 'M1', 2], ['E3', 'M1', 1], ['E3', 'M0', 9]),
    };
    expect(pairsOf(solveAssignment(input))).toEqual(['E1-M1', 'E2-M1']);
  });

  it('gives each mentee at most one mentor, even when several have room', () => {
    const input = { mentors: mentors(['M1', 3], ['M2', 3]), mentees: mentees('E1'), scores: scores(['E1', 'M1', 1], ['E1', 'M2', 2]) };
    expect(pairsOf(solveAssignment(input))).toEqual(['E1-M2']);
  });

  it('uses only listed pairs, leaving a mentee without any unmatched', () => {
    const input = { mentors: mentors(['M1', 1], ['M2', 1]), mentees: mentees('E1', 'E2'), scores: scores(['E1', 'M1', 1]) };
    expect(pairsOf(solveAssignment(input))).toEqual(['E1-M1']);
  });

  it('still takes a positive score far smaller than the largest', () => {
    const input = { mentors: mentors(['M1', 1], ['M2', 1]), mentees: mentees('E1', 'E2'), scores: scores(['E1', 'M1', 1], ['E2', 'M2', 1e-15]) };
    expect(pairsOf(solveAssignment(input))).toEqual(['E1-M1', 'E2-M2']);
  });

  it('never chooses a pair whose score is zero or negative', () => {
    const input = { mentors: mentors(['M1', 5]), mentees: mentees('E1', 'E2', 'E3'), scores: scores(['E1', 'M1', 0], ['E2', 'M1', -0.5], ['E3', 'M1', 1e-15]) };
    expect(solveAssignment(input)).toEqual({ pairs: [{ mentee: 'E3', mentor: 'M1', score: 1e-15 }], total: 1e-15 });
  });

  it('answers empty lists with no pairs', () => {
    expect(solveAssignment({ mentors: [], mentees: [], scores: [] })).toEqual({ pairs: [], total: 0 });
    expect(solveAssignment({ mentors: mentors(['M1', 1]), mentees: mentees('E1'), scores: [] })).toEqual({ pairs: [], total: 0 });
  });

  it('chooses the same pairs whatever the scale of the scores', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const input = randomInstance(prng(2000 + seed), { mentees: 12, mentors: 5, density: 0.6, capacity: [1, 3], ties: false });
      const scaled = (factor: number) => ({ ...input, scores: input.scores.map((s) => ({ ...s, score: s.score * factor })) });
      const expected = pairsOf(solveAssignment(input));
      expect(pairsOf(solveAssignment(scaled(1e-9))), `seed ${seed}`).toEqual(expected);
      expect(pairsOf(solveAssignment(scaled(1e9))), `seed ${seed}`).toEqual(expected);
    }
  });

  it('breaks a tie by id, whatever order the arrays come in', () => {
    const twoMentees = { mentors: mentors(['M1', 1]), mentees: mentees('E2', 'E1'), scores: scores(['E2', 'M1', 1], ['E1', 'M1', 1]) };
    expect(pairsOf(solveAssignment(twoMentees))).toEqual(['E1-M1']);
    expect(pairsOf(solveAssignment({ ...twoMentees, mentees: mentees('E1', 'E2'), scores: [...twoMentees.scores].reverse() }))).toEqual(['E1-M1']);
    const twoMentors = { mentors: mentors(['M2', 1], ['M1', 1]), mentees: mentees('E1'), scores: scores(['E1', 'M2', 1], ['E1', 'M1', 1]) };
    expect(pairsOf(solveAssignment(twoMentors))).toEqual(['E1-M1']);
    expect(pairsOf(solveAssignment({ ...twoMentors, mentors: [...twoMentors.mentors].reverse(), scores: [...twoMentors.scores].reverse() }))).toEqual(['E1-M1']);
  });

  it('gives the same pairs for shuffled copies of inputs full of ties', () => {
    for (let seed = 1; seed <= 25; seed++) {
      const random = prng(3000 + seed);
      const input = randomInstance(random, { mentees: 40, mentors: 10, density: 0.4, capacity: [0, 3], ties: true });
      const expected = solveAssignment(input);
      expect(solveAssignment(input)).toEqual(expected);
      for (let copy = 0; copy < 4; copy++) {
        const reordered = { mentors: shuffled(input.mentors, random), mentees: shuffled(input.mentees, random), scores: shuffled(input.scores, random) };
        expect(solveAssignment(reordered), `seed ${seed}`).toEqual(expected);
      }
    }
  });

  it('stays feasible, and at least as good as greedy, on a larger random instance', () => {
    const random = prng(42);
    const mentorList = Array.from({ length: 300 }, (_, m) => ({ id: `M${m}`, capacity: int(random, 1, 5) }));
    const menteeList = Array.from({ length: 2000 }, (_, e) => ({ id: `E${e}` }));
    const scoreList = menteeList.flatMap((e) => {
      const picked = new Set(Array.from({ length: 20 }, () => int(random, 0, 299)));
      return [...picked].map((m) => ({ mentee: e.id, mentor: `M${m}`, score: Math.round(random() * 1000) / 1000 }));
    });
    const input = { mentors: mentorList, mentees: menteeList, scores: scoreList };
    const result = solveAssignment(input);
    expectFeasible(input, result);
    expect(result.total).toBeGreaterThan(greedyAssignment(input).total);
  });

  it('refuses input that names unknown people, repeats ids or pairs, or has impossible numbers', () => {
    const base = { mentors: mentors(['M1', 1]), mentees: mentees('E1'), scores: scores(['E1', 'M1', 1]) };
    expect(() => solveAssignment({ ...base, scores: scores(['E9', 'M1', 1]) })).toThrow(/mentee "E9"/);
    expect(() => solveAssignment({ ...base, scores: scores(['E1', 'M9', 1]) })).toThrow(/mentor "M9"/);
    expect(() => solveAssignment({ ...base, scores: scores(['E1', 'M1', 1], ['E1', 'M1', 2]) })).toThrow(/E1\/M1 is listed twice/);
    expect(() => solveAssignment({ ...base, mentees: mentees('E1', 'E1') })).toThrow(/mentee id "E1" is listed twice/);
    expect(() => solveAssignment({ ...base, mentors: mentors(['M1', 1.5]) })).toThrow(/capacity 1.5/);
    expect(() => solveAssignment({ ...base, scores: scores(['E1', 'M1', Number.NaN]) })).toThrow(/must be finite/);
  });
});

describe('greedyAssignment', () => {
  it('takes the best pair first, and so can be strictly worse than the optimum', () => {
    // Greedy gives M1 to E1 (0.9) and strands E2; the optimum moves E1 to M2.
    const input = { mentors: mentors(['M1', 1], ['M2', 1]), mentees: mentees('E1', 'E2'), scores: scores(['E1', 'M1', 0.9], ['E1', 'M2', 0.8], ['E2', 'M1', 0.85]) };
    expect(greedyAssignment(input)).toEqual({ pairs: [{ mentee: 'E1', mentor: 'M1', score: 0.9 }], total: 0.9 });
    expect(pairsOf(solveAssignment(input))).toEqual(['E1-M2', 'E2-M1']);
    expect(solveAssignment(input).total).toBeCloseTo(1.65, 9);
  });

  it('respects capacities, skips pairs scoring zero or less, and breaks ties by mentee then mentor id', () => {
    const input = {
      mentors: mentors(['M2', 1], ['M1', 1], ['M3', 1]),
      mentees: mentees('E3', 'E2', 'E1'),
      scores: scores(['E2', 'M1', 1], ['E1', 'M2', 1], ['E1', 'M1', 1], ['E3', 'M3', 0], ['E3', 'M2', -1]),
    };
    const result = greedyAssignment(input);
    expectFeasible(input, result);
    expect(pairsOf(result)).toEqual(['E1-M1']);
  });
});

describe('parseAssignmentInput', () => {
  it('accepts well-formed input and ignores fields it does not use', () => {
    const text = JSON.stringify({ mentors: [{ id: 'M1', capacity: 2, name: 'Ada' }], mentees: [{ id: 'E1' }], scores: [{ mentee: 'E1', mentor: 'M1', score: 0.5 }], note: 'x' });
    expect(parseAssignmentInput(text)).toEqual({
      ok: true,
      input: { mentors: [{ id: 'M1', capacity: 2 }], mentees: [{ id: 'E1' }], scores: [{ mentee: 'E1', mentor: 'M1', score: 0.5 }] },
    });
  });

  it('lists every shape problem at once, one line each, naming where it is', () => {
    const text = JSON.stringify({ mentors: [{ id: '', capacity: -1 }], mentees: [{}, 'E2'], scores: [{ mentee: 'E1', mentor: 'M1', score: '1' }] });
    const parsed = parseAssignmentInput(text);
    expect(parsed).toEqual({
      ok: false,
      problems: [
        'mentors[0].id must be a non-empty string',
        'mentors[0].capacity must be a whole number from 0 to 1000',
        'mentees[0].id must be a non-empty string',
        'mentees[1] must be an object with an id',
        'scores[0].score must be a finite number',
      ],
    });
  });

  it('accepts a leading byte-order mark, as some editors write one', () => {
    expect(parseAssignmentInput('\uFEFF{"mentors":[],"mentees":[],"scores":[]}')).toEqual({ ok: true, input: { mentors: [], mentees: [], scores: [] } });
  });

  it('treats input of only whitespace as empty', () => {
    expect(parseAssignmentInput(' \n\t')).toEqual({ ok: false, problems: ['input is empty; expected JSON with mentors, mentees and scores arrays'] });
  });

  it('names a missing or mistyped list', () => {
    expect(parseAssignmentInput('{"mentors":[],"mentees":{}}')).toEqual({ ok: false, problems: ['mentees must be an array', 'scores must be an array'] });
  });

  it('reports each unknown name and repeated pair against the first place it was seen', () => {
    const text = JSON.stringify({
      mentors: [{ id: 'M1', capacity: 1 }],
      mentees: [{ id: 'E1' }],
      scores: [
        { mentee: 'E1', mentor: 'M1', score: 1 },
        { mentee: 'E7', mentor: 'M8', score: 1 },
        { mentee: 'E1', mentor: 'M1', score: 2 },
      ],
    });
    expect(parseAssignmentInput(text)).toEqual({
      ok: false,
      problems: ['scores[1].mentee "E7" is not in mentees', 'scores[1].mentor "M8" is not in mentors', 'scores[2] repeats the pair E1/M1 (first at scores[0])'],
    });
  });

  it('lists every later copy of a duplicated id', () => {
    const text = JSON.stringify({ mentors: [], mentees: [{ id: 'E1' }, { id: 'E2' }, { id: 'E1' }, { id: 'E1' }], scores: [] });
    expect(parseAssignmentInput(text)).toEqual({ ok: false, problems: ['mentees[0].id is duplicated (also mentees[2], mentees[3])'] });
  });

  it('stops listing after 20 problems and says how many more there are', () => {
    const text = JSON.stringify({ mentors: [], mentees: [], scores: Array.from({ length: 25 }, () => ({ mentee: 'E1', mentor: 'M1', score: null })) });
    const parsed = parseAssignmentInput(text);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.problems).toHaveLength(21);
    expect(parsed.problems[20]).toBe('… and 5 more problems');
  });
});
