import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateBlocks } from '../../emulator/index.js';
import { hiddenIndexes } from '../../src/domain/auditSuppression.js';
import { type AuditInput, computeBiasAudit, everStalled } from '../../src/domain/biasAudit.js';
import { currentQuarterStart } from '../../src/domain/quarters.js';
import { validateSelfDescription } from '../../src/domain/selfDescription.js';
import { auditCsv } from '../../src/views/biasAuditCsv.js';
import { buildAuditMessage } from '../../src/views/biasAuditMessages.js';

/*
 * The bias audit's arithmetic and its privacy rules: each figure rests on
 * at least the minimum number of different people or says it does not;
 * one hidden figure cannot be worked out from the others; a self-described
 * group that small is not even named.
 */

const DIMENSIONS = [
  { name: 'department', selfDescribed: false },
  { name: 'gender_identity', selfDescribed: true },
];

/** People by department and gender; everyone looked, the first `matched` of each list were matched. */
function input(people: [string, string, string][], extra: Partial<AuditInput> = {}): AuditInput {
  return {
    groupsOf: new Map(people.map(([id, department, gender]) => [id, [{ dimension: 'department', value: department }, { dimension: 'gender_identity', value: gender }]])),
    sought: new Set(people.map(([id]) => id)),
    matched: new Set(),
    requests: [],
    mentorships: [],
    ratings: [],
    ...extra,
  };
}

const options = { minGroupSize: 3, minRaters: 4, dimensions: DIMENSIONS };
const crowd = (department: string, n: number, gender: string, from = 0): [string, string, string][] => Array.from({ length: n }, (_, i) => [`${department}${from + i}`, department, gender]);

describe('the audit', () => {
  const people = [...crowd('Sales', 4, 'woman'), ...crowd('Design', 3, 'man'), ...crowd('Legal', 1, 'Quokka')];
  const audit = computeBiasAudit(
    input(people, {
      matched: new Set(['Sales0', 'Sales1', 'Design0', 'Legal0']),
      requests: [
        { menteeId: 'Sales2', outcome: 'declined' },
        { menteeId: 'Sales3', outcome: 'accepted' },
        { menteeId: 'Sales3', outcome: 'declined' },
        { menteeId: 'Sales0', outcome: 'lapsed' },
      ],
      mentorships: [
        { menteeId: 'Sales0', stalled: true },
        { menteeId: 'Sales1', stalled: false },
        { menteeId: 'Sales3', stalled: false },
      ],
      ratings: ['Sales0', 'Sales1', 'Sales2', 'Sales3'].map((raterId, i) => ({ raterId, score: 3 + i / 2 })),
    }),
    options,
  );
  const row = (dimension: string, group: string) => audit.sections.find((s) => s.dimension === dimension)?.rows.find((r) => r.group === group);

  it('counts each rate over its own people: matched of those who looked, accepted and declined of requests, stalled of mentorships', () => {
    expect(row('department', 'Sales')).toEqual({
      group: 'Sales',
      people: { shown: true, value: 4 },
      cells: {
        match: { shown: true, value: 0.5 },
        acceptance: { shown: true, value: 0.25 },
        decline: { shown: true, value: 0.5 },
        stall: { shown: true, value: 1 / 3 },
        rating: { shown: true, value: 3.75 },
      },
    });
    expect(audit.overall.people).toEqual({ shown: true, value: 8 });
    expect(audit.overall.cells.match).toEqual({ shown: true, value: 0.5 });
  });

  it('says "fewer than" below the minimum, and withholds the next smallest so the small one cannot be subtracted out', () => {
    expect(row('department', 'Legal')?.people).toEqual({ shown: false, why: 'too_few' });
    // Design has three, but with it shown Legal's one would be the total less Sales and Design.
    expect(row('department', 'Design')?.people).toEqual({ shown: false, why: 'withheld' });
    expect(row('department', 'Design')?.cells.match).toEqual({ shown: false, why: 'withheld' });
    // Design asked nothing: nothing to count, which is not a secret.
    expect(row('department', 'Design')?.cells.acceptance).toEqual({ shown: false, why: 'none' });
  });

  it('does not even name a self-described group below the minimum', () => {
    const gender = audit.sections.find((s) => s.dimension === 'gender_identity');
    expect(gender?.rows.map((r) => r.group)).toEqual(['man', 'woman']);
    expect(gender?.unnamed).toBe(1);
    expect(JSON.stringify(audit)).not.toContain('Quokka');
  });

  it('shows an average rating only over as many raters as the anonymity threshold asks, when that is above the group minimum', () => {
    const fewer = computeBiasAudit(input(people, { ratings: ['Sales0', 'Sales1', 'Sales2'].map((raterId) => ({ raterId, score: 4 })) }), options);
    expect(fewer.sections[0]?.rows.find((r) => r.group === 'Sales')?.cells.rating).toEqual({ shown: false, why: 'too_few' });
  });

  it('renders inside Slack’s limits with hostile and long group names, inert, and as a CSV a spreadsheet will not run', () => {
    const hostile = '=cmd|" /C calc"!A0 <!channel> <@U0AAAA0001>';
    const many = [...Array.from({ length: 30 }, (_, i) => crowd(`${'Department'.repeat(20)} ${i}`, 3, hostile, i * 3)).flat()];
    const big = computeBiasAudit(input(many), options);
    const message = buildAuditMessage({ programName: '<!here> & co', quarter: 'Q1 2027', upTo: new Date('2027-04-01T00:00:00Z'), fairnessTarget: null, dimensionNames: { department: 'department', gender_identity: 'gender identity' }, audit: big });
    expect(validateBlocks(message.blocks)).toEqual([]);
    const json = JSON.stringify(message.blocks);
    expect(json).not.toContain('<!channel>');
    expect(json).not.toContain('<@U0AAAA0001>');
    expect(json).not.toContain('<!here>');
    expect(json).toContain('…and 22 more in the CSV');
    const csv = auditCsv(big, { department: 'department', gender_identity: 'gender identity' });
    expect(csv.split('\n').filter((l) => l.startsWith('gender identity,'))).toEqual([`gender identity,"'=cmd|"" /C calc""!A0 <!channel> <@U0AAAA0001>",90,0.0%,,,,`]);
  });
});

describe('hidden figures', () => {
  it('hide too-small ones, then the smallest others until what is hidden rests on the minimum', () => {
    expect(hiddenIndexes([10, 1, 4, 2], 3)).toEqual({ tooFew: new Set([1, 3]), withheld: new Set() });
    expect(hiddenIndexes([10, 1, 4, 5], 3)).toEqual({ tooFew: new Set([1]), withheld: new Set([2]) });
    expect(hiddenIndexes([10, 0, 4], 3)).toEqual({ tooFew: new Set(), withheld: new Set() });
    expect(hiddenIndexes([1], 3)).toEqual({ tooFew: new Set([0]), withheld: new Set() });
  });
});

describe('a stall', () => {
  const day = 86_400_000;
  const at = (d: number) => new Date(Date.UTC(2026, 0, 1) + d * day);
  it('is six quiet weeks anywhere in the mentorship’s life, up to its end', () => {
    expect(everStalled(at(0), at(100), [at(30), at(60), at(90)], 42 * day)).toBe(false);
    expect(everStalled(at(0), at(100), [at(30), at(75)], 42 * day)).toBe(true);
    // A session after the end does not count, nor one before the start.
    expect(everStalled(at(10), at(50), [at(5), at(60)], 42 * day)).toBe(false);
    expect(everStalled(at(10), at(60), [at(5), at(70)], 42 * day)).toBe(true);
  });

  it('does not count a spell the pair spent paused as quiet: only the time they were meant to be meeting', () => {
    // Ten weeks paused between day 20 and day 90, resumed (a sign) at 90: 20 + 10 active days of quiet at most.
    expect(everStalled(at(0), at(100), [at(20), at(90)], 42 * day, [{ from: at(20), to: at(90) }])).toBe(false);
    expect(everStalled(at(0), at(100), [at(20), at(90)], 42 * day)).toBe(true);
    // Quiet for 30 days, then paused: not a stall; quiet for 60 days after the resume at day 90: one.
    expect(everStalled(at(0), at(120), [at(10), at(90)], 42 * day, [{ from: at(40), to: at(90) }])).toBe(false);
    expect(everStalled(at(0), at(150), [at(10), at(90)], 42 * day, [{ from: at(40), to: at(90) }])).toBe(true);
    // Still paused at the end: the open spell runs to the end.
    expect(everStalled(at(0), at(100), [at(30)], 42 * day, [{ from: at(40), to: null }])).toBe(false);
    // Overlapping spells count each paused moment once: 10–50 paused leaves 0–10 and 50–100 (50 days) quiet.
    expect(everStalled(at(0), at(100), [], 42 * day, [{ from: at(10), to: at(40) }, { from: at(20), to: at(50) }])).toBe(true);
    // A spell that began before the mentorship counts only from its start: 10–60 is quiet.
    expect(everStalled(at(0), at(60), [], 42 * day, [{ from: at(-50), to: at(10) }])).toBe(true);
    // Spells outside the mentorship, or overlapping, count once and only inside it.
    expect(everStalled(at(10), at(100), [at(20)], 42 * day, [{ from: at(0), to: at(15) }, { from: at(30), to: at(80) }, { from: at(50), to: at(95) }])).toBe(false);
  });

  it('never calls a pair more stalled for a pause than without it (property)', () => {
    const day_ = fc.integer({ min: 0, max: 200 });
    fc.assert(
      fc.property(fc.array(day_, { maxLength: 6 }), fc.array(fc.tuple(day_, fc.option(day_, { nil: null })), { maxLength: 3 }), fc.integer({ min: 1, max: 80 }), (signs, spells, quiet) => {
        const paused = spells.map(([a, b]) => ({ from: at(Math.min(a, b ?? a)), to: b === null ? null : at(Math.max(a, b)) }));
        const withPauses = everStalled(at(0), at(200), signs.map(at), quiet * day, paused);
        return !withPauses || everStalled(at(0), at(200), signs.map(at), quiet * day);
      }),
    );
  });
});

describe('quarters', () => {
  it('start at 00:00 on the quarter’s first day in the program’s zone, named after the quarter just ended', () => {
    expect(currentQuarterStart(new Date('2026-12-31T18:29:59Z'), 'Asia/Kolkata')).toEqual({ at: new Date('2026-09-30T18:30:00Z'), ended: 'Q3 2026' });
    expect(currentQuarterStart(new Date('2026-12-31T18:30:00Z'), 'Asia/Kolkata')).toEqual({ at: new Date('2026-12-31T18:30:00Z'), ended: 'Q4 2026' });
    // New York is on daylight time on 1 April, standard on 1 January.
    expect(currentQuarterStart(new Date('2027-04-01T04:00:00Z'), 'America/New_York')).toEqual({ at: new Date('2027-04-01T04:00:00Z'), ended: 'Q1 2027' });
    expect(currentQuarterStart(new Date('2027-02-10T12:00:00Z'), 'America/New_York')).toEqual({ at: new Date('2027-01-01T05:00:00Z'), ended: 'Q4 2026' });
  });
});

describe('the self-description form', () => {
  const asked = ['gender_identity', 'disability'] as const;
  it('needs the consent box for any answer, keeps only what was asked, and takes everything back on request or when emptied', () => {
    expect(validateSelfDescription({ answers: { gender_identity: ' non-binary ' }, consent: false, remove: false }, asked)).toEqual({ ok: false, errors: { consent: 'Tick the box to agree before we keep any answer: they are used only in anonymous totals.' } });
    expect(validateSelfDescription({ answers: { gender_identity: ' non-binary ', in_own_words: 'not asked' }, consent: true, remove: false }, asked)).toEqual({ ok: true, action: 'save', answers: { gender_identity: 'non-binary' } });
    expect(validateSelfDescription({ answers: { disability: 'maybe' }, consent: true, remove: false }, asked)).toEqual({ ok: false, errors: { disability: 'Choose yes or no, or leave it empty.' } });
    expect(validateSelfDescription({ answers: { gender_identity: 'x'.repeat(81) }, consent: true, remove: false }, asked)).toEqual({ ok: false, errors: { gender_identity: 'Keep it under 80 characters (nothing was cut).' } });
    expect(validateSelfDescription({ answers: { gender_identity: 'woman' }, consent: true, remove: true }, asked)).toEqual({ ok: true, action: 'remove' });
    expect(validateSelfDescription({ answers: { gender_identity: '', disability: 'not_saying' }, consent: false, remove: false }, asked)).toEqual({ ok: true, action: 'remove' });
  });
});
