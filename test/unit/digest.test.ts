import { describe, expect, it } from 'vitest';
import { validateBlocks } from '../../emulator/index.js';
import {
  computeDigest,
  digestWeeks,
  type DigestInput,
  type DigestMatch,
  type DigestPerson,
  type DigestRating,
  type DigestSession,
  type Week,
} from '../../src/domain/digest.js';
import { buildDigest, sparkline } from '../../src/views/digestMessage.js';

const DAY = 86_400_000;
// Monday 2026-03-02 00:00 UTC … Monday 2026-03-09.
const WEEK: Week = { start: new Date('2026-03-02T00:00:00Z'), end: new Date('2026-03-09T00:00:00Z') };
const NOW = new Date('2026-03-09T08:00:00Z');
const inWeek = (days: number) => new Date(WEEK.start.getTime() + days * DAY);
const opts = { timeZone: 'UTC', weekLabel: 'week of 2 March 2026' };

function person(id: string, over: Partial<DigestPerson> = {}): DigestPerson {
  return {
    id,
    department: 'Engineering',
    level: 5,
    location: 'London',
    joinedAt: new Date('2025-01-01T00:00:00Z'),
    status: 'active',
    pausedUntil: null,
    roles: ['mentee'],
    capacity: null,
    ...over,
  };
}
const mentor = (id: string, over: Partial<DigestPerson> = {}) => person(id, { roles: ['mentor'], capacity: 3, ...over });

function match(id: number, mentorId: string, menteeId: string, over: Partial<DigestMatch> = {}): DigestMatch {
  return {
    id,
    mentorId,
    menteeId,
    kind: 'mentoring',
    status: 'active',
    requestedAt: new Date('2026-01-01T00:00:00Z'),
    decidedAt: new Date('2026-01-02T00:00:00Z'),
    endedAt: null,
    ...over,
  };
}
const session = (id: number, matchId: number, startsAt: Date, status: DigestSession['status'] = 'held'): DigestSession => ({
  id,
  matchId,
  startsAt,
  endsAt: new Date(startsAt.getTime() + 3_600_000),
  status,
});
function rating(sessionId: number, raterId: string | null, score: number, createdAt: Date, comment: string | null = null): DigestRating {
  return { sessionId, raterId, usefulness: score, clarity: score, applicability: score, happened: true, comment, createdAt };
}

function input(over: Partial<DigestInput> = {}): DigestInput {
  return {
    now: NOW,
    week: WEEK,
    people: [],
    roster: [],
    matches: [],
    sessions: [],
    ratings: [],
    wanted: [],
    offered: [],
    skillNames: {},
    stalled: [],
    ...over,
  };
}

/** A program of `n` mentees, each with one mentor, one held session and one rating this week. */
function ratedProgram(n: number, score = 4, comment = (i: number): string | null => `comment ${i}`): DigestInput {
  const people: DigestPerson[] = [];
  const matches: DigestMatch[] = [];
  const sessions: DigestSession[] = [];
  const ratings: DigestRating[] = [];
  for (let i = 0; i < n; i++) {
    people.push(mentor(`UMENTOR${i}`), person(`URATER${i}`));
    matches.push(match(i + 1, `UMENTOR${i}`, `URATER${i}`));
    sessions.push(session(i + 1, i + 1, inWeek(1)));
    ratings.push(rating(i + 1, `URATER${i}`, score, inWeek(2), comment(i)));
  }
  return input({ people, matches, sessions, ratings });
}

describe('computeDigest', () => {
  it('handles an empty program', () => {
    const d = computeDigest(input());
    expect(d.headline.activeParticipants).toEqual({ value: 0, previous: 0 });
    expect(d.headline.averageRating).toEqual({ value: null, previous: null });
    expect(d.ratings.overall).toEqual({ value: null, n: 0 });
    expect(d.series).toHaveLength(8);
    expect(d.series.every((p) => p.sessionsHeld === 0 && p.averageRating === null)).toBe(true);
    expect(d.series.at(-1)?.start).toEqual(WEEK.start);
    expect(d.skillGaps).toEqual([]);
    expect(d.milestones).toEqual([]);
  });

  it('never gives a program of one rater an average, whatever the threshold', () => {
    const one = ratedProgram(1);
    for (const minRaters of [undefined, 1, 0, 3]) {
      const d = computeDigest({ ...one, minRaters });
      expect(d.ratings.overall).toEqual({ value: null, n: 1 });
      expect(d.ratings.usefulness.value).toBeNull();
      expect(d.headline.averageRating.value).toBeNull();
      expect(d.series.at(-1)?.averageRating).toBeNull();
      expect(d.ratings.comments).toEqual([]);
      expect(d.ratings.commentCount).toBe(1);
    }
  });

  it('shows averages only from the threshold of distinct raters, configurable', () => {
    expect(computeDigest(ratedProgram(2)).ratings.overall).toEqual({ value: null, n: 2 });
    expect(computeDigest(ratedProgram(3)).ratings.overall).toEqual({ value: 4, n: 3 });
    expect(computeDigest({ ...ratedProgram(3), minRaters: 4 }).ratings.clarity).toEqual({ value: null, n: 3 });
    expect(computeDigest({ ...ratedProgram(2), minRaters: 2 }).ratings.applicability).toEqual({ value: 4, n: 2 });
  });

  it('counts distinct raters, not ratings: one person rating many sessions stays one rater', () => {
    const base = ratedProgram(3);
    const ratings = base.ratings.map((r) => ({ ...r, raterId: 'USAME' }));
    expect(computeDigest({ ...base, ratings }).ratings.overall).toEqual({ value: null, n: 1 });
    // Deleted raters (null) count together as one.
    const anonymous = base.ratings.map((r) => ({ ...r, raterId: null }));
    expect(computeDigest({ ...base, ratings: anonymous }).ratings.overall.n).toBe(1);
  });

  it('hides comments below the threshold and shows them shuffled, without ids, from it', () => {
    const few = computeDigest(ratedProgram(3, 4, (i) => (i < 2 ? `thoughts ${i}` : null)));
    expect(few.ratings.commentCount).toBe(2);
    expect(few.ratings.comments).toEqual([]);
    const many = computeDigest(ratedProgram(6, 4, (i) => `thoughts ${i}`));
    expect(many.ratings.commentCount).toBe(6);
    expect([...many.ratings.comments].sort()).toEqual(['thoughts 0', 'thoughts 1', 'thoughts 2', 'thoughts 3', 'thoughts 4', 'thoughts 5']);
    // Deterministic, and independent of the input order.
    const reversed = ratedProgram(6, 4, (i) => `thoughts ${i}`);
    expect(computeDigest({ ...reversed, ratings: [...reversed.ratings].reverse() }).ratings.comments).toEqual(many.ratings.comments);
  });

  it('never puts a rater id anywhere in the digest', () => {
    const d = computeDigest({ ...ratedProgram(5), stalled: [] });
    const json = JSON.stringify(d);
    for (let i = 0; i < 5; i++) expect(json).not.toContain(`URATER${i}`);
    expect(json).not.toMatch(/rater[A-Z_]?id/i);
    expect(d.ratings.overall.value).toBe(4);
  });

  it('counts a session at end − 1 ms and not at end, for held sessions and ratings', () => {
    const people = [mentor('UM'), person('UE')];
    const matches = [match(1, 'UM', 'UE')];
    const sessions = [session(1, 1, new Date(WEEK.end.getTime() - 1)), session(2, 1, WEEK.end), session(3, 1, WEEK.start)];
    const d = computeDigest(input({ people, matches, sessions }));
    expect(d.headline.sessionsHeld.value).toBe(2);
    expect(d.sessions.held).toBe(2);
  });

  it('takes a New York week across the end of DST (7 days + 1 hour) as given', () => {
    // 2026-11-01 00:00 EDT (04:00Z) to 2026-11-08 00:00 EST (05:00Z).
    const week: Week = { start: new Date('2026-11-01T04:00:00Z'), end: new Date('2026-11-08T05:00:00Z') };
    expect(week.end.getTime() - week.start.getTime()).toBe(7 * DAY + 3_600_000);
    const people = [mentor('UM'), person('UE')];
    const matches = [match(1, 'UM', 'UE')];
    const sessions = [
      session(1, 1, new Date(week.end.getTime() - 1)), // Saturday 23:59:59.999 EST
      session(2, 1, week.end),
      session(3, 1, new Date('2026-11-08T04:30:00Z')), // 23:30 EST Saturday: only in a week 7 days + 1 h long
      session(4, 1, new Date(week.start.getTime() - 1)),
    ];
    const d = computeDigest(input({ now: week.end, week, people, matches, sessions, timeZone: 'America/New_York' }));
    expect(d.sessions.held).toBe(2);
    expect(d.headline.sessionsHeld.previous).toBe(1);
    // The week before is a plain 7 × 24 h local week starting at local midnight.
    const before = d.series.at(-2) as { start: Date; end: Date };
    expect(before.start.toISOString()).toBe('2026-10-25T04:00:00.000Z');
    expect(before.end).toEqual(week.start);
  });

  it('steps back whole local weeks when given the zone', () => {
    const week: Week = { start: new Date('2026-03-09T04:00:00Z'), end: new Date('2026-03-16T04:00:00Z') }; // EDT
    const weeks = digestWeeks(week, 'America/New_York');
    expect(weeks).toHaveLength(8);
    expect(weeks[6]?.start.toISOString()).toBe('2026-03-02T05:00:00.000Z'); // EST, before the 8 March change
    expect(weeks[6]?.end).toEqual(week.start);
    expect(digestWeeks(week)[6]?.start.toISOString()).toBe('2026-03-02T04:00:00.000Z');
  });

  it('flags a pair whose last two rated sessions average below 3, as the pair only', () => {
    const people = [mentor('UM'), person('UE'), mentor('UM2'), person('UE2')];
    const matches = [match(1, 'UM', 'UE'), match(2, 'UM2', 'UE2')];
    const sessions = [
      session(1, 1, inWeek(-21)),
      session(2, 1, inWeek(-14)),
      session(3, 1, inWeek(-7)),
      session(4, 2, inWeek(-14)),
      session(5, 2, inWeek(-7)),
    ];
    const ratings = [
      rating(1, 'UE', 5, inWeek(-20)),
      rating(2, 'UE', 2, inWeek(-13)),
      rating(3, 'UE', 3, inWeek(-6)),
      rating(3, 'UM', 2, inWeek(-6)),
      // Pair 2: 2 then 4 averages exactly 3, which is not below 3.
      rating(4, 'UE2', 2, inWeek(-13)),
      rating(5, 'UE2', 4, inWeek(-6)),
    ];
    const d = computeDigest(input({ people, matches, sessions, ratings }));
    expect(d.lowRatedPairs).toEqual([{ matchId: 1, mentorId: 'UM', menteeId: 'UE' }]);
    // One low session alone is not enough, and an ended pair is not flagged.
    const one = computeDigest(input({ people, matches, sessions: sessions.slice(1, 2), ratings: ratings.slice(1, 2) }));
    expect(one.lowRatedPairs).toEqual([]);
    const ended = computeDigest(input({ people, matches: [match(1, 'UM', 'UE', { status: 'ended' })], sessions, ratings }));
    expect(ended.lowRatedPairs).toEqual([]);
  });

  it('ranks skill gaps by wanted − offered among active participants', () => {
    const people = [person('A'), person('B'), person('C'), mentor('M1'), mentor('M2'), person('GONE', { status: 'left' })];
    const wanted = [
      ...['A', 'B', 'C', 'GONE'].map((p) => ({ personId: p, skillId: 'sql' })),
      ...['A', 'B'].map((p) => ({ personId: p, skillId: 'design' })),
      ...['A', 'B', 'C'].map((p) => ({ personId: p, skillId: 'sales' })),
      { personId: 'C', skillId: 'go' },
    ];
    const offered = [
      { personId: 'M1', skillId: 'sales' },
      { personId: 'M2', skillId: 'sales' },
      { personId: 'M1', skillId: 'go' },
    ];
    const d = computeDigest(input({ people, wanted, offered, skillNames: { sql: 'SQL', design: 'Design', sales: 'Sales', go: 'Go' } }));
    expect(d.skillGaps.map((g) => [g.name, g.wanted, g.offered, g.shortfall])).toEqual([
      ['SQL', 3, 0, 3],
      ['Design', 2, 0, 2],
      ['Sales', 3, 2, 1],
    ]);
  });

  it('lists mentors at and near capacity from their open matches', () => {
    const people = [
      mentor('FULL', { capacity: 2 }),
      mentor('NEAR', { capacity: 5 }),
      mentor('ROOM', { capacity: 5 }),
      ...['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((x) => person(x)),
    ];
    const matches = [
      match(1, 'FULL', 'a'),
      match(2, 'FULL', 'b', { status: 'requested' }),
      match(3, 'NEAR', 'c'),
      match(4, 'NEAR', 'd'),
      match(5, 'NEAR', 'e', { status: 'paused' }),
      match(6, 'NEAR', 'f'),
      match(7, 'NEAR', 'g', { status: 'ended' }),
      match(8, 'ROOM', 'g'),
    ];
    const d = computeDigest(input({ people, matches }));
    expect(d.load.atCapacity).toEqual([{ mentorId: 'FULL', load: 2, capacity: 2 }]);
    expect(d.load.nearCapacity).toEqual([{ mentorId: 'NEAR', load: 4, capacity: 5 }]);
  });

  it('recognises the 5th held session and six months of mentoring reached this week', () => {
    const people = [mentor('UM'), person('UE'), mentor('UM2'), person('UE2')];
    const matches = [
      match(1, 'UM', 'UE'),
      match(2, 'UM2', 'UE2', { decidedAt: new Date('2025-09-04T10:00:00Z') }), // six months on 4 March
      match(3, 'UM2', 'UE', { decidedAt: new Date('2025-09-04T10:00:00Z'), status: 'ended', endedAt: new Date('2026-01-01T00:00:00Z') }),
    ];
    const sessions = [1, 2, 3, 4].map((i) => session(i, 1, inWeek(-7 * i)));
    sessions.push(session(5, 1, inWeek(3)), session(6, 1, inWeek(4), 'cancelled'));
    const d = computeDigest(input({ people, matches, sessions }));
    expect(d.milestones).toEqual([
      { kind: 'sessions', mentorId: 'UM', count: 5 },
      { kind: 'six_months', mentorId: 'UM2', menteeId: 'UE2', matchId: 2 },
    ]);
    // The week after, nothing new.
    const next: Week = { start: WEEK.end, end: new Date(WEEK.end.getTime() + 7 * DAY) };
    expect(computeDigest(input({ now: next.end, week: next, people, matches, sessions })).milestones).toEqual([]);
  });

  it('reports week-over-week change and the 8-week series', () => {
    const people = [
      mentor('UM', { joinedAt: inWeek(-30) }),
      person('OLD', { joinedAt: inWeek(-3) }),
      person('NEW1', { joinedAt: inWeek(1) }),
      person('NEW2', { joinedAt: inWeek(6) }),
    ];
    const matches = [
      match(1, 'UM', 'OLD', { requestedAt: inWeek(-5), decidedAt: inWeek(-4) }),
      match(2, 'UM', 'NEW1', { requestedAt: inWeek(2), decidedAt: inWeek(3) }),
      match(3, 'UM', 'NEW2', { requestedAt: inWeek(6), decidedAt: inWeek(6.5), status: 'declined' }),
    ];
    const sessions = [session(1, 1, inWeek(-6)), session(2, 1, inWeek(-5)), session(3, 1, inWeek(2)), session(4, 1, inWeek(-50))];
    const d = computeDigest(input({ people, matches, sessions }));
    expect(d.headline.activeParticipants).toEqual({ value: 4, previous: 2 });
    expect(d.headline.newSignUps).toEqual({ value: 2, previous: 1 });
    expect(d.headline.matchesMade).toEqual({ value: 1, previous: 1 });
    expect(d.headline.sessionsHeld).toEqual({ value: 1, previous: 2 });
    expect(d.matches).toEqual({ proposed: 2, accepted: 1, declined: 1, expired: 0 });
    expect(d.series.map((p) => p.sessionsHeld)).toEqual([0, 0, 0, 0, 0, 0, 2, 1]);
    expect(d.byRole).toEqual([
      { role: 'mentee', count: 3 },
      { role: 'mentor', count: 1 },
    ]);
  });

  it('compares reach with the roster', () => {
    const people = [person('A', { department: 'Sales' }), person('B', { department: 'Sales' })];
    const roster = [{ department: 'Sales', level: 5, location: 'London' }, ...Array.from({ length: 3 }, () => ({ department: 'Finance', level: 5, location: 'London' }))];
    const d = computeDigest(input({ people, roster }));
    expect(d.reach.byDepartment[0]).toMatchObject({ group: 'Finance', participants: 0, share: 0, roster: 3, rosterShare: 0.75 });
    expect(d.reach.byDepartment[1]).toMatchObject({ group: 'Sales', share: 1, rosterShare: 0.25 });
  });
});

/** A busy week: every section full, more than ten pairs to act on. */
function busyDigest() {
  const base = ratedProgram(30, 2, (i) => `Really <!channel> helpful & thoughtful ${i}`.repeat(i % 3 === 0 ? 40 : 1));
  const people = base.people.map((p, i) => ({ ...p, department: `Dept ${i % 7}`, level: i % 9, location: `Office ${i % 5}` }));
  const sessions = [...base.sessions, ...base.matches.map((m, i) => session(100 + i, m.id, inWeek(-7)))];
  const ratings = [...base.ratings, ...base.matches.map((m, i) => rating(100 + i, `URATER${i}`, 1, inWeek(-6)))];
  const wanted = people.map((p, i) => ({ personId: p.id, skillId: `s${i % 8}` }));
  const stalled = base.matches.slice(0, 8).map((m, i) => ({ matchId: m.id, weeksQuiet: 6 + i }));
  return computeDigest({
    ...base,
    people,
    sessions,
    ratings,
    wanted,
    skillNames: Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`s${i}`, `Skill <${i}>`])),
    stalled,
    roster: people.map((p) => ({ department: p.department, level: p.level, location: p.location })).concat(Array.from({ length: 40 }, () => ({ department: 'Finance', level: 3, location: 'Remote' }))),
  });
}

describe('buildDigest', () => {
  it('renders an empty program as a friendly, valid "nothing yet" digest', () => {
    const m = buildDigest(computeDigest(input()), opts);
    expect(validateBlocks(m.blocks)).toEqual([]);
    expect(JSON.stringify(m.blocks)).toContain('Nothing yet');
  });

  it('renders a small program within the limits, with the facts', () => {
    const d = computeDigest({ ...ratedProgram(3), stalled: [{ matchId: 2, weeksQuiet: 6 }] });
    const m = buildDigest(d, opts);
    expect(validateBlocks(m.blocks)).toEqual([]);
    const json = JSON.stringify(m.blocks);
    expect(json).toContain('*Active participants*\\n6');
    expect(json).toContain('4.0 / 5 (3 raters)');
    expect(json).toContain('quiet for 6 weeks');
    expect(json).toContain('digest_nudge:2');
    expect(json).toContain('digest_rematch:2');
    expect(json).toContain('"type":"data_visualization"');
    expect(json).toContain('3 comments this week');
    // The quiet pair is named as a pair; nobody else who rated appears.
    expect(json).toContain('<@UMENTOR1> & <@URATER1>');
    expect(json).not.toContain('URATER0');
    expect(json).not.toContain('URATER2');
    expect(m.text).toContain('3 sessions held');
  });

  it('keeps a busy week inside every limit, with at most ten pairs and the rest counted', () => {
    const d = busyDigest();
    expect(d.lowRatedPairs.length + d.stalledPairs.length).toBeGreaterThan(10);
    const m = buildDigest(d, { timeZone: 'America/New_York', weekLabel: 'x'.repeat(300) });
    expect(validateBlocks(m.blocks)).toEqual([]);
    expect(m.blocks.length).toBeLessThanOrEqual(50);
    const actions = m.blocks.filter((b) => b.type === 'actions');
    expect(actions).toHaveLength(10);
    expect(JSON.stringify(m.blocks)).toContain('…and 20 more.');
    expect(JSON.stringify(m.blocks)).toContain('&lt;!channel&gt;');
    expect(JSON.stringify(m.blocks)).not.toContain('<!channel>');
  });

  it('draws a text sparkline for the fallback line', () => {
    expect(sparkline([0, 1, 2, 3, 4, 5, 6, 7], 0)).toBe('▁▂▃▄▅▆▇█');
    expect(sparkline([null, 1, 5], 1, 5)).toBe('·▁█');
    expect(sparkline([null, null])).toBe('··');
  });
});
