import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type AssignmentInput, type AssignmentResult, solveAssignment } from '../../src/domain/matching/assignment.js';
import { solveAssignmentReference } from '../../src/domain/matching/assignmentReference.js';
import { fairSolver } from '../../src/domain/matching/fairnessTarget.js';
import { indexGroups, rateSnapshot } from '../../src/domain/matching/groupRates.js';
import { prng } from '../../bench/syntheticOrg.js';

/*
 * The fairness target inside the solver, against brute force on small
 * instances: whenever some assignment that matches at least as many people
 * as the unconstrained optimum keeps every group within the target, the
 * fair solver finds one; what it reports as the cost is what it cost; and
 * without a target it is the plain solver.
 */

interface Instance {
  input: AssignmentInput;
  groups: Map<string, string[]>;
  target: number;
  minGroupSize: number;
}

const DIMENSIONS = ['department', 'level', 'location'] as const;

const instance = fc
  .record({
    mentees: fc.integer({ min: 1, max: 7 }),
    capacities: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 4 }),
    density: fc.constantFrom(0.3, 0.5, 0.8),
    dimensions: fc.integer({ min: 1, max: 3 }),
    values: fc.integer({ min: 2, max: 3 }),
    target: fc.constantFrom(0, 5, 10, 20, 35),
    minGroupSize: fc.constantFrom(1, 2, 3),
    ties: fc.boolean(),
    seed: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
  })
  .map(({ mentees, capacities, density, dimensions, values, target, minGroupSize, ties, seed }): Instance => {
    const random = prng(seed);
    const mentors = capacities.map((capacity, i) => ({ id: `M${i}`, capacity }));
    const menteeIds = Array.from({ length: mentees }, (_, i) => `E${i}`);
    const scores = menteeIds.flatMap((mentee) =>
      mentors.filter(() => random() < density).map((m) => ({ mentee, mentor: m.id, score: ties ? (1 + Math.floor(random() * 3)) / 4 : 0.05 + random() * 0.95 })),
    );
    const groups = new Map(menteeIds.map((id) => [id, DIMENSIONS.slice(0, dimensions).map((d) => `${d}: ${Math.floor(random() * values)}`)]));
    return { input: { mentors, mentees: menteeIds.map((id) => ({ id })), scores }, groups, target, minGroupSize };
  });

/** The sets of people that some assignment matches, each once. */
function matchedSets(input: AssignmentInput): Set<string>[] {
  const byMentee = input.mentees.map((m) => input.scores.filter((s) => s.mentee === m.id && s.score > 0));
  const load = new Map(input.mentors.map((m) => [m.id, 0]));
  const capacity = new Map(input.mentors.map((m) => [m.id, m.capacity]));
  const seen = new Map<string, Set<string>>();
  const chosen: string[] = [];
  const walk = (i: number) => {
    if (i === byMentee.length) {
      seen.set(chosen.join('|'), new Set(chosen));
      return;
    }
    walk(i + 1);
    for (const s of byMentee[i]!) {
      if ((load.get(s.mentor) ?? 0) >= (capacity.get(s.mentor) ?? 0)) continue;
      load.set(s.mentor, (load.get(s.mentor) ?? 0) + 1);
      chosen.push(s.mentee);
      walk(i + 1);
      chosen.pop();
      load.set(s.mentor, (load.get(s.mentor) ?? 0) - 1);
    }
  };
  walk(0);
  return [...seen.values()];
}

const groupsOf = (x: Instance) => (id: string) => x.groups.get(id) ?? [];
const snapshotOf = (x: Instance, matched: ReadonlySet<string>) => rateSnapshot(indexGroups([...x.groups.keys()], groupsOf(x)), matched, x.target, x.minGroupSize);

/**
 * Whether the target can be met without leaving anyone waiting who could be
 * seated by reshuffling: by a set of people as large as any that can be
 * matched at once. (A smaller set narrows a gap by leaving someone waiting,
 * which the target never does.)
 */
function targetReachable(x: Instance): boolean {
  const sets = matchedSets(x.input);
  const most = Math.max(...sets.map((s) => s.size));
  return sets.some((s) => s.size === most && snapshotOf(x, s).below.length === 0);
}

function expectValid(input: AssignmentInput, result: AssignmentResult): void {
  const listed = new Map(input.scores.map((s) => [`${s.mentee}|${s.mentor}`, s.score]));
  const used = new Map<string, number>();
  for (const p of result.pairs) {
    expect(listed.get(`${p.mentee}|${p.mentor}`)).toBe(p.score);
    used.set(p.mentor, (used.get(p.mentor) ?? 0) + 1);
  }
  for (const m of input.mentors) expect(used.get(m.id) ?? 0).toBeLessThanOrEqual(m.capacity);
  expect(new Set(result.pairs.map((p) => p.mentee)).size).toBe(result.pairs.length);
  expect(result.total).toBeCloseTo(result.pairs.reduce((s, p) => s + p.score, 0), 12);
}

describe('the fairness target', () => {
  const metWhenReachable = (x: Instance, exactSearch: boolean) => {
    const fair = fairSolver(groupsOf(x), { targetPoints: x.target, minGroupSize: x.minGroupSize, exactSearch });
    const result = fair.solve(x.input);
    expectValid(x.input, result);
    const plain = solveAssignment(x.input);
    const matched = new Set(result.pairs.map((p) => p.mentee));
    // Never fewer people matched than without the target, and no usable seat left empty.
    expect(matched.size).toBeGreaterThanOrEqual(plain.pairs.length);
    const used = new Map<string, number>();
    for (const p of result.pairs) used.set(p.mentor, (used.get(p.mentor) ?? 0) + 1);
    const room = (mentor: string) => (used.get(mentor) ?? 0) < (x.input.mentors.find((m) => m.id === mentor)?.capacity ?? 0);
    expect(x.input.scores.filter((s) => s.score > 0 && !matched.has(s.mentee) && room(s.mentor))).toEqual([]);
    const met = snapshotOf(x, matched).below.length === 0;
    expect(fair.report()?.met).toBe(met);
    if (targetReachable(x)) expect(met, JSON.stringify({ x: { ...x, groups: [...x.groups] }, report: fair.report() })).toBe(true);
  };

  it('meets the target whenever it can be met with as many people matched as possible (brute force; departments, levels and locations at once)', () => {
    fc.assert(fc.property(instance, (x) => metWhenReachable(x, true)), { numRuns: 250 });
  });

  it('meets it by bonuses and moves alone when the groups do not overlap (one kind of group)', () => {
    fc.assert(fc.property(instance.map((x) => ({ ...x, groups: new Map([...x.groups].map(([id, g]) => [id, g.slice(0, 1)])) })), (x) => metWhenReachable(x, false)), { numRuns: 250 });
  });

  it('reports the cost against the exact optimum, never below zero, with the pairs at their original scores', () => {
    fc.assert(
      fc.property(instance, (x) => {
        const fair = fairSolver(groupsOf(x), { targetPoints: x.target, minGroupSize: x.minGroupSize });
        const result = fair.solve(x.input);
        const report = fair.report()!;
        const optimum = solveAssignmentReference(x.input).total;
        expect(report.unconstrainedTotal).toBeCloseTo(optimum, 9);
        expect(report.fairTotal).toBe(result.total);
        expect(result.total).toBeLessThanOrEqual(optimum + 1e-9);
        expect(report.cost).toBeGreaterThanOrEqual(0);
        expect(report.cost).toBeCloseTo(Math.max(0, report.unconstrainedTotal - report.fairTotal), 12);
        if (report.lifted.length === 0 && report.unmet.length === 0) expect(report.cost).toBe(0);
      }),
      { numRuns: 200 },
    );
  });

  it('without a target is the plain solver, pair for pair, and reports nothing', () => {
    fc.assert(
      fc.property(instance, (x) => {
        const fair = fairSolver(groupsOf(x), { targetPoints: null, minGroupSize: x.minGroupSize });
        expect(fair.solve(x.input)).toEqual(solveAssignment(x.input));
        expect(fair.report()).toBeNull();
      }),
      { numRuns: 100 },
    );
  });

  it('gives the same answer every time, whatever order the input comes in', () => {
    fc.assert(
      fc.property(instance, fc.integer({ min: 1, max: 1000 }), (x, seed) => {
        const shuffle = <T>(items: readonly T[]) => {
          const random = prng(seed);
          return [...items].map((item) => ({ item, key: random() })).sort((a, b) => a.key - b.key).map((e) => e.item);
        };
        const shuffled = { mentors: shuffle(x.input.mentors), mentees: shuffle(x.input.mentees), scores: shuffle(x.input.scores) };
        const a = fairSolver(groupsOf(x), { targetPoints: x.target, minGroupSize: x.minGroupSize });
        const b = fairSolver(groupsOf(x), { targetPoints: x.target, minGroupSize: x.minGroupSize });
        expect(b.solve(shuffled)).toEqual(a.solve(x.input));
        expect(b.report()).toEqual(a.report());
      }),
      { numRuns: 100 },
    );
  });
});

describe('people a coordinator pinned', () => {
  // Two seats, wanted by A1 and A2 (the better fits) and B1; P, of group B, is pinned to a mentor outside the solve.
  const input: AssignmentInput = {
    mentors: [{ id: 'M1', capacity: 2 }],
    mentees: ['A1', 'A2', 'A3', 'B1', 'B2'].map((id) => ({ id })),
    scores: [
      { mentee: 'A1', mentor: 'M1', score: 0.9 },
      { mentee: 'A2', mentor: 'M1', score: 0.8 },
      { mentee: 'B1', mentor: 'M1', score: 0.5 },
    ],
  };
  const groups: Record<string, string[]> = { P: ['team: B'], A1: ['team: A'], A2: ['team: A'], A3: ['team: A'], B1: ['team: B'], B2: ['team: B'] };
  it('count as matched in their group, so it is not lifted at a cost it does not need', () => {
    const counted = fairSolver((id) => groups[id] ?? [], { targetPoints: 20, minGroupSize: 2, receivers: ['P', 'A1', 'A2', 'A3', 'B1', 'B2'] });
    expect(counted.solve(input).pairs.map((p) => p.mentee)).toEqual(['A1', 'A2']);
    expect(counted.report()).toMatchObject({ met: true, cost: 0, overallBefore: 0.5, lifted: [] });
    // Without knowing of the pin, B looks left out (0 of 2) and is lifted.
    const blind = fairSolver((id) => groups[id] ?? [], { targetPoints: 20, minGroupSize: 2 });
    expect(blind.solve(input).pairs.map((p) => p.mentee)).toEqual(['A1', 'B1']);
  });
});

describe('a group the pool cannot lift', () => {
  // Two mentors with one seat each; Sales has four people, Design two, and nobody offers Design anything.
  const input: AssignmentInput = {
    mentors: [
      { id: 'M1', capacity: 1 },
      { id: 'M2', capacity: 1 },
    ],
    mentees: ['S1', 'S2', 'S3', 'S4', 'D1', 'D2', 'L1', 'L2'].map((id) => ({ id })),
    scores: [
      { mentee: 'S1', mentor: 'M1', score: 0.9 },
      { mentee: 'S2', mentor: 'M2', score: 0.8 },
      { mentee: 'L1', mentor: 'M1', score: 0.5 },
      { mentee: 'L2', mentor: 'M2', score: 0.45 },
    ],
  };
  const groups: Record<string, string[]> = { S1: ['department: Sales'], S2: ['department: Sales'], S3: ['department: Sales'], S4: ['department: Sales'], D1: ['department: Design'], D2: ['department: Design'], L1: ['department: Legal'], L2: ['department: Legal'] };

  it('is named with why, the others are lifted, and what it cost is said', () => {
    const fair = fairSolver((id) => groups[id] ?? [], { targetPoints: 10, minGroupSize: 2 });
    const result = fair.solve(input);
    const report = fair.report()!;
    // Legal (0 of 2) is lifted: one Legal person instead of a second Sales one, the cheaper way (0.8 - 0.45, not 0.9 - 0.5).
    expect(result.pairs.map((p) => p.mentee).sort()).toEqual(['L2', 'S1']);
    expect(report.unconstrainedTotal).toBeCloseTo(1.7, 12);
    expect(report.fairTotal).toBeCloseTo(1.35, 12);
    expect(report.cost).toBeCloseTo(0.35, 12);
    expect(report.costPercent).toBeCloseTo((0.35 / 1.7) * 100, 9);
    expect(report.lifted.map((g) => [g.group, g.before, g.after])).toEqual([['department: Legal', 0, 0.5]]);
    expect(report.unmet).toEqual([{ group: 'department: Design', participants: 2, before: 0, after: 0, reason: 'no_candidates' }]);
    expect(report.met).toBe(false);
  });

  it('holds no group smaller than the minimum to the target', () => {
    const fair = fairSolver((id) => groups[id] ?? [], { targetPoints: 10, minGroupSize: 3 });
    fair.solve(input);
    expect(fair.report()).toMatchObject({ met: true, cost: 0, lifted: [], unmet: [] });
  });
});
