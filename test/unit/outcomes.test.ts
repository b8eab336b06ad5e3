import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateBlocks } from '../../emulator/index.js';
import { computeDigest, type DigestInput } from '../../src/domain/digest.js';
import { cohortOutcomes, hasOutcomeData, type OutcomeAnswer, type OutcomeGoal, type OutcomeInput, type OutcomeSelfRating, outcomeThreshold, trackLabel } from '../../src/domain/outcomes.js';
import { GOAL_OUTCOMES, PULSE_ANSWERS } from '../../src/domain/programs.js';
import { buildCohortReport, outcomeBlocks } from '../../src/views/cohortMessages.js';

const TRACKS = [
  { id: 'leadership', name: 'Leadership' },
  { id: 'communication', name: 'Communication' },
];

const rating = (person: number, track: string, phase: 'baseline' | 'close', level: number): OutcomeSelfRating => ({ person, track, phase, level });
const answer = (person: number, over: Partial<OutcomeAnswer> = {}): OutcomeAnswer => ({ person, pulse: null, rating: null, comment: null, surveyed: false, mentorNextCohort: false, ...over });
const input = (over: Partial<OutcomeInput> = {}): OutcomeInput => ({ tracks: TRACKS, selfRatings: [], goals: [], answers: [], ...over });

/** `n` people who each rated leadership `before` at the start and `after` at the close. */
function paired(n: number, before: number, after: number, from = 1): OutcomeSelfRating[] {
  return Array.from({ length: n }, (_, i) => [rating(from + i, 'leadership', 'baseline', before), rating(from + i, 'leadership', 'close', after)]).flat();
}

describe('cohortOutcomes', () => {
  it('shows a track’s change only once enough people rated it at both the start and the close', () => {
    const two = cohortOutcomes(input({ selfRatings: paired(2, 2, 4), minRaters: 3 }));
    expect(two.tracks[0]).toEqual({ track: 'leadership', name: 'Leadership', baselineRaters: 2, n: 2, baseline: null, close: null, change: null });
    const three = cohortOutcomes(input({ selfRatings: paired(3, 2, 4), minRaters: 3 }));
    expect(three.tracks[0]).toEqual({ track: 'leadership', name: 'Leadership', baselineRaters: 3, n: 3, baseline: 2, close: 4, change: 2 });
    // A track nobody rated is still listed, empty.
    expect(three.tracks[1]).toEqual({ track: 'communication', name: 'Communication', baselineRaters: 0, n: 0, baseline: null, close: null, change: null });
  });

  it('pairs each person with themselves: a baseline without a close (or the reverse) is counted but not averaged', () => {
    const ratings = [...paired(3, 3, 4), rating(10, 'leadership', 'baseline', 1), rating(11, 'leadership', 'close', 5)];
    const t = cohortOutcomes(input({ selfRatings: ratings, minRaters: 3 })).tracks[0];
    expect(t).toMatchObject({ baselineRaters: 4, n: 3, baseline: 3, close: 4, change: 1 });
  });

  it('counts goals and averages the program rating only over enough people', () => {
    const goals: OutcomeGoal[] = [
      { person: 1, outcome: 'achieved' },
      { person: 1, outcome: 'partly' },
      { person: 2, outcome: 'not_yet' },
      { person: 3, outcome: null },
    ];
    const few = cohortOutcomes(input({ goals, answers: [answer(1, { rating: 5, surveyed: true }), answer(2, { rating: 3, surveyed: true })], minRaters: 3 }));
    expect(few.goals).toEqual({ people: 2, counts: null });
    expect(few.closingRating).toEqual({ value: null, n: 2 });
    expect(few.surveyed).toBe(2);
    const enough = cohortOutcomes(input({ goals: [...goals, { person: 3, outcome: 'achieved' }], answers: [1, 2, 3].map((p) => answer(p, { rating: p + 2, surveyed: true })), minRaters: 3 }));
    expect(enough.goals).toEqual({ people: 3, counts: { achieved: 2, partly: 1, not_yet: 1 } });
    expect(enough.closingRating).toEqual({ value: 4, n: 3 });
  });

  it('shows comments only from enough different people, in an order that does not follow the input', () => {
    const answers = [1, 2, 3, 4].map((p) => answer(p, { comment: `comment ${p}` }));
    expect(cohortOutcomes(input({ answers: answers.slice(0, 2), minRaters: 3 })).comments).toEqual({ count: 2, texts: [] });
    const shown = cohortOutcomes(input({ answers, minRaters: 3, seed: 7 })).comments;
    expect(shown.count).toBe(4);
    expect([...shown.texts].sort()).toEqual(['comment 1', 'comment 2', 'comment 3', 'comment 4']);
    expect(cohortOutcomes(input({ answers: [...answers].reverse(), minRaters: 3, seed: 7 })).comments).toEqual(shown);
  });

  it('always counts mentees who would mentor next time, and never lets the threshold fall below 2', () => {
    const o = cohortOutcomes(input({ answers: [answer(1, { mentorNextCohort: true, rating: 5 })], selfRatings: paired(1, 1, 5), minRaters: 1 }));
    expect(o.minRaters).toBe(2);
    expect(o.mentorsNextCohort).toBe(1);
    expect(o.closingRating.value).toBeNull();
    expect(o.tracks[0]?.change).toBeNull();
    expect(outcomeThreshold(Number.NaN)).toBe(3);
    expect(outcomeThreshold(4.7)).toBe(4);
  });

  it('knows when there is nothing to report', () => {
    expect(hasOutcomeData({ selfRatings: [], goals: [{ person: 1, outcome: null }], answers: [answer(1)] })).toBe(false);
    expect(hasOutcomeData({ selfRatings: [rating(1, 'leadership', 'baseline', 3)], goals: [], answers: [] })).toBe(true);
    expect(hasOutcomeData({ selfRatings: [], goals: [], answers: [answer(1, { pulse: 'going_well' })] })).toBe(true);
  });

  it('names a track from its id when the taxonomy is not at hand', () => {
    expect(trackLabel('technical-mastery')).toBe('Technical mastery');
    expect(trackLabel('leadership')).toBe('Leadership');
  });
});

// ── Properties ──────────────────────────────────────────────────────────────

const people = fc.integer({ min: 1, max: 12 });
const level = fc.integer({ min: 1, max: 5 });
const selfRatingArb = fc.record({ person: people, track: fc.constantFrom('leadership', 'communication', 'elsewhere'), phase: fc.constantFrom('baseline' as const, 'close' as const), level });
const goalArb = fc.record({ person: people, outcome: fc.option(fc.constantFrom(...GOAL_OUTCOMES), { nil: null }) });
const answerArb = fc.record({
  person: people,
  pulse: fc.option(fc.constantFrom(...PULSE_ANSWERS), { nil: null }),
  rating: fc.option(level, { nil: null }),
  comment: fc.option(fc.string({ maxLength: 20 }), { nil: null }),
  surveyed: fc.boolean(),
  mentorNextCohort: fc.boolean(),
});
const inputArb = fc.record({
  selfRatings: fc.uniqueArray(selfRatingArb, { maxLength: 60, selector: (r) => `${r.person}:${r.track}:${r.phase}` }),
  goals: fc.array(goalArb, { maxLength: 30 }),
  answers: fc.uniqueArray(answerArb, { maxLength: 12, selector: (a) => a.person }),
  minRaters: fc.integer({ min: -1, max: 8 }),
  seed: fc.integer({ min: 0, max: 1000 }),
});

/** The people who rated a track at both phases, from the raw rows: the model the threshold is checked against. */
function pairedPeople(rows: readonly OutcomeSelfRating[], track: string): number[] {
  const at = (phase: string) => new Set(rows.filter((r) => r.track === track && r.phase === phase).map((r) => r.person));
  const close = at('close');
  return [...at('baseline')].filter((p) => close.has(p));
}

function shuffle<T>(xs: readonly T[], seed: number): T[] {
  const out = [...xs];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2147483648;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

describe('the anonymity threshold, for any cohort', () => {
  it('a track shows a figure exactly when at least minRaters distinct people rated it at both phases', () => {
    fc.assert(
      fc.property(inputArb, (x) => {
        const o = cohortOutcomes({ tracks: TRACKS, ...x });
        const threshold = Math.max(2, x.minRaters);
        for (const t of o.tracks) {
          const both = pairedPeople(x.selfRatings, t.track);
          expect(t.n).toBe(both.length);
          const shown = both.length >= threshold;
          expect(t.change !== null).toBe(shown);
          expect(t.baseline !== null).toBe(shown);
          expect(t.close !== null).toBe(shown);
          if (t.change !== null) {
            // The change is the paired means' difference, on the scale's range.
            expect(t.change).toBeGreaterThanOrEqual(-4);
            expect(t.change).toBeLessThanOrEqual(4);
            expect(Math.abs((t.close as number) - (t.baseline as number) - t.change)).toBeLessThanOrEqual(0.011);
          }
        }
        // A track outside the program's list never shows up.
        expect(o.tracks.map((t) => t.track)).toEqual(['leadership', 'communication']);
      }),
      { numRuns: 300 },
    );
  });

  it('goal counts, the program rating, the pulse and comments appear only over enough distinct people', () => {
    fc.assert(
      fc.property(inputArb, (x) => {
        const o = cohortOutcomes({ tracks: TRACKS, ...x });
        const threshold = Math.max(2, x.minRaters);
        const goalPeople = new Set(x.goals.filter((g) => g.outcome !== null).map((g) => g.person)).size;
        expect(o.goals.people).toBe(goalPeople);
        expect(o.goals.counts !== null).toBe(goalPeople >= threshold);
        if (o.goals.counts) expect(Object.values(o.goals.counts).reduce((a, b) => a + b, 0)).toBe(x.goals.filter((g) => g.outcome !== null).length);
        const raters = x.answers.filter((a) => a.rating !== null).length;
        expect(o.closingRating.n).toBe(raters);
        expect(o.closingRating.value !== null).toBe(raters >= threshold);
        const pulses = x.answers.filter((a) => a.pulse !== null).length;
        expect(o.pulse.counts !== null).toBe(pulses >= threshold);
        const commenters = x.answers.filter((a) => a.comment?.trim()).length;
        expect(o.comments.count).toBe(commenters);
        expect(o.comments.texts.length).toBe(commenters >= threshold ? commenters : 0);
        expect(o.mentorsNextCohort).toBe(x.answers.filter((a) => a.mentorNextCohort).length);
      }),
      { numRuns: 300 },
    );
  });

  it('one person alone never yields a figure, whatever the threshold is set to', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ track: fc.constantFrom('leadership', 'communication'), phase: fc.constantFrom('baseline' as const, 'close' as const), level }), { maxLength: 8 }), level, fc.integer({ min: -5, max: 2 }), (rows, score, minRaters) => {
        const o = cohortOutcomes(input({ selfRatings: rows.map((r) => ({ ...r, person: 1 })), goals: [{ person: 1, outcome: 'achieved' }], answers: [answer(1, { rating: score, pulse: 'need_help', comment: 'only me' })], minRaters }));
        expect(o.tracks.every((t) => t.change === null && t.baseline === null && t.close === null)).toBe(true);
        expect(o.goals.counts).toBeNull();
        expect(o.closingRating.value).toBeNull();
        expect(o.pulse.counts).toBeNull();
        expect(o.comments.texts).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });

  it('the order of the rows leaves no trace in the result', () => {
    fc.assert(
      fc.property(inputArb, fc.integer({ min: 1, max: 10_000 }), (x, order) => {
        const a = cohortOutcomes({ tracks: TRACKS, ...x });
        const b = cohortOutcomes({ tracks: TRACKS, ...x, selfRatings: shuffle(x.selfRatings, order), goals: shuffle(x.goals, order), answers: shuffle(x.answers, order) });
        expect(b).toEqual(a);
      }),
      { numRuns: 200 },
    );
  });

  it('adding a person below the threshold to an unshown track keeps it unshown, and never reveals their levels', () => {
    fc.assert(
      fc.property(fc.integer({ min: 3, max: 6 }), level, level, (minRaters, before, after) => {
        const below = paired(minRaters - 2, 3, 3);
        const withOne = cohortOutcomes(input({ selfRatings: [...below, ...paired(1, before, after, 100)], minRaters })).tracks[0];
        expect(withOne?.n).toBe(minRaters - 1);
        expect(withOne?.change).toBeNull();
      }),
      { numRuns: 100 },
    );
  });
});

describe('where the outcomes are shown', () => {
  const full = cohortOutcomes(
    input({
      selfRatings: [...paired(3, 2, 4), rating(1, 'communication', 'baseline', 3)],
      goals: [1, 2, 3].map((person) => ({ person, outcome: 'achieved' as const })),
      answers: [1, 2, 3].map((p) => answer(p, { rating: 4, surveyed: true, comment: `<!channel> thoughts ${p}`, mentorNextCohort: p === 1 })),
      minRaters: 3,
    }),
  );

  it('the cohort report is valid Block Kit, with figures only above the threshold and comments inert', () => {
    const report = buildCohortReport({ id: 2, name: 'Spring <cohort>', purpose: '', matchingMode: 'self_serve', zone: 'Europe/Paris' }, full, { completed: 3, withSessions: 2, continuing: 1 });
    expect(validateBlocks(report.blocks)).toEqual([]);
    const text = JSON.stringify(report.blocks);
    expect(text).toContain('Leadership: 2.0 → 4.0 (▲ 2.0, 3 people)');
    expect(text).toContain('Communication: 1 person rated themselves at the start');
    expect(text).toContain('3 achieved · 0 partly · 0 not yet');
    expect(text).toContain('1 mentee said yes');
    expect(text).toContain('&lt;!channel&gt; thoughts');
    expect(text).not.toContain('<!channel>');
    expect(text).toContain('Spring &lt;cohort&gt;');
  });

  it('the weekly digest gains a section for a cohort with outcome data, and only then', () => {
    const base: DigestInput = {
      now: new Date('2026-03-09T08:00:00Z'),
      week: { start: new Date('2026-03-02T00:00:00Z'), end: new Date('2026-03-09T00:00:00Z') },
      people: [{ id: 'U0A', department: null, level: null, location: null, joinedAt: new Date('2026-01-01T00:00:00Z'), status: 'active', pausedUntil: null, roles: ['mentee'], capacity: null }],
      roster: [],
      matches: [],
      sessions: [],
      ratings: [],
      wanted: [],
      offered: [],
      skillNames: {},
      stalled: [],
      minRaters: 3,
    };
    expect(computeDigest(base)).not.toHaveProperty('outcomes');
    const d = computeDigest({ ...base, outcomes: { tracks: TRACKS, selfRatings: paired(2, 2, 4), goals: [], answers: [] } });
    expect(d.outcomes?.tracks[0]).toMatchObject({ n: 2, change: null });
    expect(d.outcomes?.minRaters).toBe(3);
    const blocks = outcomeBlocks(d.outcomes as NonNullable<typeof d.outcomes>, 'Cohort outcomes so far', { footnote: false });
    expect(validateBlocks(blocks)).toEqual([]);
    expect(JSON.stringify(blocks)).toContain('Leadership: — (2 people rated both; shown from 3)');
  });
});
