import { describe, expect, it } from 'vitest';
import { validateBlocks } from '../../emulator/index.js';
import {
  computeDigest,
  type DigestCircle,
  type DigestCircleAnswer,
  type DigestCircleInput,
  type DigestCircleRating,
  type DigestCircleSession,
  type DigestInput,
  type DigestMatch,
  type DigestPerson,
  type DigestRating,
  type DigestSession,
  type Week,
} from '../../src/domain/digest.js';
import { buildDigest } from '../../src/views/digestMessage.js';

/*
 * The digest's circles section, from plain arrays: present only for a
 * program that has circles, its rating only over enough different raters,
 * and nothing in it about one person.
 */

const DAY = 86_400_000;
const HOUR = 3_600_000;
const WEEK: Week = { start: new Date('2026-03-02T00:00:00Z'), end: new Date('2026-03-09T00:00:00Z') };
const NOW = new Date('2026-03-09T08:00:00Z');
const inWeek = (days: number) => new Date(WEEK.start.getTime() + days * DAY);
const opts = { timeZone: 'UTC', weekLabel: 'week of 2 March 2026' };

function input(over: Partial<DigestInput> = {}): DigestInput {
  return { now: NOW, week: WEEK, people: [], roster: [], matches: [], sessions: [], ratings: [], wanted: [], offered: [], skillNames: {}, stalled: [], ...over };
}

const circleRow = (id: number, over: Partial<DigestCircle> = {}): DigestCircle => ({
  id,
  topic: 'Leadership',
  channelId: `C0CIRCLE0${id}`,
  style: 'facilitated',
  facilitatorId: 'U0FACIL001',
  status: 'active',
  sizeMax: 6,
  cadence: 'weekly',
  ...over,
});
const held = (id: number, circleId: number, start: Date, status: DigestCircleSession['status'] = 'held'): DigestCircleSession => ({ id, circleId, startsAt: start, endsAt: new Date(start.getTime() + HOUR), status });
const answered = (sessionId: number, there: number, of: number): DigestCircleAnswer[] => Array.from({ length: of }, (_, i) => ({ sessionId, attended: i < there }));
const rated = (sessionId: number, raterId: string | null, score: number, at: Date = inWeek(2)): DigestCircleRating => ({ sessionId, raterId, usefulness: score, clarity: score, applicability: score, comment: null, createdAt: at });

/** Two active circles (6 and 8 places) and one that ended during the week; five members in the first, three in the second. */
function circles(over: Partial<DigestCircleInput> = {}): DigestCircleInput {
  const member = (circleId: number, i: number, department: string) => ({ circleId, personId: `U0MEMBER${circleId}${i}`, department, level: 3, location: 'Lagos' });
  return {
    circles: [circleRow(1), circleRow(2, { sizeMax: 8, style: 'peer', facilitatorId: null, topic: 'Communication' }), circleRow(3, { status: 'ended' })],
    members: [...[0, 1, 2, 3, 4].map((i) => member(1, i, 'Support')), ...[0, 1, 2].map((i) => member(2, i, 'Sales')), member(3, 0, 'Support')],
    // Circle 1: 4 of 5 there the week before, 1 of 4 this week. Circle 2: 3 of 3 this week. Circle 3 met this week before ending: 2 of 2.
    sessions: [held(11, 1, new Date(WEEK.start.getTime() - 6 * DAY)), held(12, 1, inWeek(1)), held(21, 2, inWeek(2)), held(31, 3, inWeek(0)), held(22, 2, inWeek(9), 'planned')],
    answers: [...answered(11, 4, 5), ...answered(12, 1, 4), ...answered(21, 3, 3), ...answered(31, 2, 2)],
    ratings: [rated(12, 'U0MEMBER10', 4), rated(21, 'U0MEMBER20', 5)],
    ...over,
  };
}

describe('the digest’s circles section', () => {
  it('is absent for a program without circles, so its digest is as before', () => {
    const d = computeDigest(input());
    expect('circles' in d).toBe(false);
    expect(JSON.stringify(buildDigest(d, opts))).not.toContain('ircle');
  });

  it('counts active circles, their seats, the week’s attendance and who they reach', () => {
    const roster = [...Array(6).fill({ department: 'Support', level: 3, location: 'Lagos' }), ...Array(4).fill({ department: 'Sales', level: 3, location: 'Lagos' })];
    const c = computeDigest(input({ circles: circles(), roster })).circles;
    expect(c).toMatchObject({
      active: 2,
      seats: { filled: 8, of: 14 },
      // Sessions that started during the week, of any circle: 1 + 3 + 2 there of 4 + 3 + 2 answers.
      attendance: { sessions: 3, answered: 9, attended: 6 },
      reach: { people: 8 },
    });
    expect(c?.attendance.rate).toBeCloseTo(6 / 9);
    // Circle 1's last session: 1 of 4 (25%) after 80% before.
    expect(c?.needingAttention).toEqual([{ circleId: 1, topic: 'Leadership', channelId: 'C0CIRCLE01', facilitatorId: 'U0FACIL001', concerns: [{ kind: 'attendance_falling', attended: 1, answered: 4, earlierRate: 0.8 }] }]);
    // Five of eight in circles are in Support, against six of ten on the roster.
    expect(c?.reach.byDepartment.find((g) => g.group === 'Support')).toMatchObject({ participants: 5, roster: 6, share: 5 / 8, rosterShare: 0.6 });
  });

  it('shows the circles’ rating only from the threshold of different raters; erased raters count as one', () => {
    const of = (ratings: DigestCircleRating[], minRaters?: number) => computeDigest(input({ circles: circles({ ratings }), ...(minRaters ? { minRaters } : {}) })).circles?.rating;
    expect(of([rated(12, 'A', 4), rated(21, 'B', 5)])).toEqual({ value: null, n: 2 });
    expect(of([rated(12, 'A', 4), rated(21, null, 5), rated(31, null, 3)])).toEqual({ value: null, n: 2 });
    expect(of([rated(12, 'A', 4), rated(21, 'B', 5), rated(31, null, 3)])).toEqual({ value: 4, n: 3 });
    // One person rating every session stays one rater.
    expect(of([rated(12, 'A', 4), rated(21, 'A', 5), rated(31, 'A', 3)], 2)).toEqual({ value: null, n: 1 });
    // Ratings from before the week are not this week's.
    expect(of([rated(11, 'A', 4, new Date(WEEK.start.getTime() - DAY)), rated(21, 'B', 5), rated(31, 'C', 3)])).toEqual({ value: null, n: 2 });
  });

  it('shows circle comments only from the threshold of different commenters, shuffled, and tells how many wait', () => {
    const said = (sessionId: number, raterId: string | null, comment: string | null, at: Date = inWeek(2)): DigestCircleRating => ({ ...rated(sessionId, raterId, 4, at), comment });
    const of = (ratings: DigestCircleRating[]) => computeDigest(input({ circles: circles({ ratings }), minRaters: 3 })).circles;
    // Three comments from two people: counted, not shown.
    const few = of([said(12, 'A', 'The host listened'), said(21, 'A', 'Good prompts'), said(21, 'B', '<!here> more time please'), said(31, 'C', '  ')]);
    expect(few).toMatchObject({ commentCount: 3, comments: [] });
    expect(JSON.stringify(buildDigest(computeDigest(input({ circles: circles({ ratings: [said(12, 'A', 'The host listened')] }), minRaters: 3 })), opts).blocks)).toContain('1 circle comment this week; shown once there are 3 or more from different people');
    // Three people, one comment from before the week: the week's three are shown, in an order that is not the order given.
    const enough = of([said(12, 'A', 'The host listened'), said(21, 'B', '<!here> more time please'), said(31, null, 'Felt safe to ask'), said(11, 'D', 'Old news', new Date(WEEK.start.getTime() - DAY))]);
    expect(enough?.commentCount).toBe(3);
    expect([...(enough?.comments ?? [])].sort()).toEqual(['<!here> more time please', 'Felt safe to ask', 'The host listened']);
    const shown = JSON.stringify(buildDigest(computeDigest(input({ circles: circles({ ratings: [said(12, 'A', 'The host listened'), said(21, 'B', '<!here> more time please'), said(31, null, 'Felt safe to ask')] }), minRaters: 3 })), opts).blocks);
    expect(shown).toContain('3 circle comments this week');
    expect(shown).toContain('&lt;!here&gt; more time please');
    expect(shown).not.toContain('<!here>');
  });

  it('never carries a person: no member, rater or answer by anyone', () => {
    const d = computeDigest(input({ circles: circles({ ratings: [rated(12, 'U0RATER001', 4), rated(21, 'U0RATER002', 4), rated(31, 'U0RATER003', 4)] }) }));
    const json = JSON.stringify(d.circles);
    expect(json).not.toMatch(/U0MEMBER|U0RATER/);
    const m = buildDigest(d, opts);
    expect(JSON.stringify(m.blocks)).not.toMatch(/U0MEMBER|U0RATER/);
  });

  it('renders the section with its facts, and a busy program with circles stays inside Slack’s limits', () => {
    const people: DigestPerson[] = [];
    const matches: DigestMatch[] = [];
    const sessions: DigestSession[] = [];
    const ratings: DigestRating[] = [];
    for (let i = 0; i < 30; i++) {
      people.push({ id: `U0MENTOR${i}`, department: '<!channel> R&D', level: 5, location: 'x'.repeat(200), joinedAt: new Date('2025-01-01T00:00:00Z'), status: 'active', pausedUntil: null, roles: ['mentor'], capacity: 1 });
      people.push({ id: `U0MENTEE${i}`, department: 'Sales', level: 2, location: null, joinedAt: new Date('2025-01-01T00:00:00Z'), status: 'active', pausedUntil: null, roles: ['mentee'], capacity: null });
      matches.push({ id: i + 1, mentorId: `U0MENTOR${i}`, menteeId: `U0MENTEE${i}`, kind: 'mentoring', status: 'active', requestedAt: new Date('2025-02-01T00:00:00Z'), decidedAt: new Date('2025-02-01T00:00:00Z'), endedAt: null });
      sessions.push({ id: i + 1, matchId: i + 1, startsAt: inWeek(1), endsAt: inWeek(1.05), status: 'held' });
      ratings.push({ sessionId: i + 1, raterId: `U0MENTEE${i}`, usefulness: 2, clarity: 2, applicability: 2, happened: true, comment: `<!channel> comment ${i}`, createdAt: inWeek(2) });
    }
    // Thirty circles, each falling: 1 of 4 after 4 of 4.
    const many: DigestCircleInput = { circles: [], members: [], sessions: [], answers: [], ratings: [] };
    for (let i = 1; i <= 30; i++) {
      (many.circles as DigestCircle[]).push(circleRow(i, { topic: `<!here> ${'Leadership '.repeat(12)}${i}` }));
      (many.sessions as DigestCircleSession[]).push(held(i * 10, i, new Date(WEEK.start.getTime() - 6 * DAY)), held(i * 10 + 1, i, inWeek(1)));
      (many.answers as DigestCircleAnswer[]).push(...answered(i * 10, 4, 4), ...answered(i * 10 + 1, 1, 4));
    }
    const d = computeDigest(
      input({
        people,
        matches,
        sessions,
        ratings,
        stalled: matches.map((m) => ({ matchId: m.id, weeksQuiet: 7 })),
        circles: many,
        outcomes: {
          tracks: [{ id: 'leadership', name: 'Leadership' }],
          selfRatings: [1, 2, 3].flatMap((person) => [{ person, track: 'leadership', phase: 'baseline' as const, level: 2 }, { person, track: 'leadership', phase: 'close' as const, level: 4 }]),
          goals: [1, 2, 3].map((person) => ({ person, outcome: 'achieved' as const })),
          answers: [1, 2, 3].map((person) => ({ person, pulse: 'going_well' as const, rating: 4, comment: `<!here> ${'long '.repeat(60)}`, surveyed: true, mentorNextCohort: false })),
          seed: 1,
        },
      }),
    );
    expect(d.circles?.needingAttention).toHaveLength(30);
    expect(d.outcomes).toBeDefined();
    const m = buildDigest(d, { ...opts, weekLabel: 'x'.repeat(300) });
    expect(validateBlocks(m.blocks)).toEqual([]);
    expect(m.blocks.length).toBeLessThanOrEqual(50);
    const json = JSON.stringify(m.blocks);
    expect(json).toContain('*Circles needing attention (30)*');
    expect(json).toContain('…and 22 more');
    expect(json).toContain('&lt;!here&gt;');
    expect(json).not.toContain('<!here>');

    const small = buildDigest(computeDigest(input({ circles: circles() })), opts);
    const text = JSON.stringify(small.blocks);
    expect(validateBlocks(small.blocks)).toEqual([]);
    expect(text).toContain('*Active circles*\\n2');
    expect(text).toContain('*Seats filled*\\n8 of 14 (57%)');
    expect(text).toContain('*Circle attendance*\\n67% (6 of 9 answers, 3 sessions)');
    expect(text).toContain('*Circle rating*\\n— (2 raters; shown from 3)');
    expect(text).toContain('• *Leadership* <#C0CIRCLE01>: attendance fell to 1 of 4 at the last session (80% before)');
  });
});
