import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CADENCE_DEFAULTS, type CheckInFacts, dueCheckIns, lastSignOfLife, type PairFacts, quietFor, silencePause, stallStage, unansweredStreak } from '../../src/domain/scheduling/cadence.js';

const DAY = 24 * 60 * 60 * 1000;
const start = new Date('2026-03-02T09:30:00Z');
const day = (n: number, hours = 0) => new Date(start.getTime() + n * DAY + hours * 60 * 60 * 1000);
const iso = (d: Date) => d.toISOString();
const pair = (over: Partial<PairFacts> = {}): PairFacts => ({ matchId: 7, startedAt: start, lastSessionAt: null, checkIns: [], ...over });
const checkIn = (kind: CheckInFacts['kind'], dueDay: number, answered: number | null = null, sent: number | null = dueDay): CheckInFacts => ({
  kind,
  dueAt: day(dueDay),
  sentAt: sent === null ? null : day(sent),
  answeredAt: answered === null ? null : day(answered),
});

/**
 * Runs the daily job over virtual time: every check-in it reports due is
 * created (and sent) at once, as the real job does. Days in `down` are skipped.
 */
function simulate(days: number, opts: { hour?: number; down?: (d: number) => boolean } = {}) {
  const facts = pair();
  const created: { kind: string; dueAt: string; createdOnDay: number }[] = [];
  for (let d = 0; d <= days; d++) {
    if (opts.down?.(d)) continue;
    const now = day(d, opts.hour ?? 0);
    for (const due of dueCheckIns(facts, now)) {
      facts.checkIns.push({ kind: due.kind, dueAt: due.dueAt, sentAt: now, answeredAt: null });
      created.push({ kind: due.kind, dueAt: iso(due.dueAt), createdOnDay: d });
    }
  }
  return created;
}

describe('dueCheckIns', () => {
  it('fires each kind on its own anchors from the match start, over half a year of daily runs', () => {
    const created = simulate(26 * 7);
    expect(created.filter((c) => c.kind === 'mentor').map((c) => c.dueAt)).toEqual([14, 28, 42, 56, 70, 84, 98, 112, 126, 140, 154, 168, 182].map((n) => iso(day(n))));
    expect(created.filter((c) => c.kind === 'mentee_goals').map((c) => c.dueAt)).toEqual([30, 60, 90, 120, 150, 180].map((n) => iso(day(n))));
    // Each is created on the day it falls due, not later.
    for (const c of created) expect(iso(day(c.createdOnDay))).toBe(c.dueAt);
  });

  it('keeps the anchor as dueAt whatever hour the job runs', () => {
    const created = simulate(60, { hour: 17 });
    expect(created.filter((c) => c.kind === 'mentor').map((c) => c.dueAt)).toEqual([14, 28, 42, 56].map((n) => iso(day(n))));
    expect(created.filter((c) => c.kind === 'mentee_goals').map((c) => c.dueAt)).toEqual([30, 60].map((n) => iso(day(n))));
  });

  it('has nothing due before the first anchor', () => {
    expect(dueCheckIns(pair(), start)).toEqual([]);
    expect(dueCheckIns(pair(), day(13, 23))).toEqual([]);
    expect(dueCheckIns(pair(), day(14))).toEqual([{ kind: 'mentor', dueAt: day(14) }]);
    expect(dueCheckIns(pair(), day(-3))).toEqual([]);
  });

  it('after a 10-week outage sends one check-in per kind, not the five it missed', () => {
    // Up for two weeks, down for days 15–84 (anchors 28, 42, 56, 70, 84 and goals 30, 60), back on day 85.
    const created = simulate(85, { down: (d) => d >= 15 && d <= 84 });
    expect(created).toEqual([
      { kind: 'mentor', dueAt: iso(day(14)), createdOnDay: 14 },
      { kind: 'mentor', dueAt: iso(day(84)), createdOnDay: 85 },
      { kind: 'mentee_goals', dueAt: iso(day(60)), createdOnDay: 85 },
    ]);
  });

  it('resumes the normal rhythm after an outage', () => {
    const created = simulate(120, { down: (d) => d >= 15 && d <= 84 });
    expect(created.filter((c) => c.kind === 'mentor').map((c) => c.dueAt)).toEqual([14, 84, 98, 112].map((n) => iso(day(n))));
  });

  it('does not re-create a check-in that exists, answered or not', () => {
    expect(dueCheckIns(pair({ checkIns: [checkIn('mentor', 28, 29)] }), day(30))).toEqual([{ kind: 'mentee_goals', dueAt: day(30) }]);
    expect(dueCheckIns(pair({ checkIns: [checkIn('mentor', 28, null, null), checkIn('mentee_goals', 30)] }), day(41))).toEqual([]);
  });

  it('follows a custom cadence', () => {
    expect(dueCheckIns(pair(), day(15), { ...CADENCE_DEFAULTS, mentorCheckInDays: 7, menteeGoalCheckInDays: 15 })).toEqual([
      { kind: 'mentor', dueAt: day(14) },
      { kind: 'mentee_goals', dueAt: day(15) },
    ]);
  });
});

describe('unansweredStreak', () => {
  it('counts only the trailing unanswered check-ins of the kind', () => {
    const checkIns = [checkIn('mentor', 14, 15), checkIn('mentor', 28), checkIn('mentor', 42, 43), checkIn('mentor', 56), checkIn('mentor', 70)];
    expect(unansweredStreak(checkIns)).toBe(2);
    expect(unansweredStreak([...checkIns, checkIn('mentor', 84, 90)])).toBe(0);
  });

  it('skips check-ins never sent, without breaking the streak', () => {
    const checkIns = [checkIn('mentor', 14), checkIn('mentor', 28), checkIn('mentor', 42, null, null), checkIn('mentor', 56)];
    expect(unansweredStreak(checkIns)).toBe(3);
    expect(unansweredStreak([checkIn('mentor', 14, null, null)])).toBe(0);
  });

  it('does not depend on input order, and keeps the kinds apart', () => {
    const checkIns = [checkIn('mentor', 56), checkIn('mentee_goals', 60, 61), checkIn('mentor', 14, 14), checkIn('mentee_goals', 30), checkIn('mentor', 28)];
    expect(unansweredStreak(checkIns)).toBe(2);
    expect(unansweredStreak(checkIns, 'mentee_goals')).toBe(0);
    expect(unansweredStreak([])).toBe(0);
  });
});

describe('silencePause', () => {
  it('pauses a pair after three unanswered mentor check-ins in virtual time, and an answer lifts it', () => {
    const facts = pair();
    const pausedOn: number[] = [];
    for (let d = 0; d <= 60; d++) {
      for (const due of dueCheckIns(facts, day(d))) facts.checkIns.push({ ...due, sentAt: day(d), answeredAt: null });
      if (silencePause(facts)) pausedOn.push(d);
    }
    expect(pausedOn[0]).toBe(42);
    const last = facts.checkIns.filter((c) => c.kind === 'mentor').at(-1) as CheckInFacts;
    last.answeredAt = day(60);
    expect(silencePause(facts)).toBe(false);
  });

  it('ignores unanswered mentee goal check-ins and honours the limit', () => {
    const goals = [checkIn('mentee_goals', 30), checkIn('mentee_goals', 60), checkIn('mentee_goals', 90)];
    expect(silencePause(pair({ checkIns: goals }))).toBe(false);
    const two = [checkIn('mentor', 14), checkIn('mentor', 28)];
    expect(silencePause(pair({ checkIns: two }))).toBe(false);
    expect(silencePause(pair({ checkIns: two }), { ...CADENCE_DEFAULTS, unansweredLimit: 2 })).toBe(true);
  });
});

describe('stallStage', () => {
  it('moves from active to nudge at day 28 and to flag at day 42 of silence', () => {
    const stages = new Map<number, string>();
    for (let d = 0; d <= 50; d++) stages.set(d, stallStage(pair(), day(d)));
    expect([27, 28, 41, 42].map((d) => stages.get(d))).toEqual(['active', 'nudge', 'nudge', 'flag']);
    expect(stages.get(27)).toBe('active');
    expect(stallStage(pair(), day(28, -1 / 60))).toBe('active');
  });

  it('restarts the silence at a past session', () => {
    const facts = pair({ lastSessionAt: day(20) });
    expect(stallStage(facts, day(47))).toBe('active');
    expect(stallStage(facts, day(48))).toBe('nudge');
    expect(stallStage(facts, day(62))).toBe('flag');
  });

  it('does not count a booked session that is still ahead', () => {
    const facts = pair({ lastSessionAt: day(35) });
    expect(stallStage(facts, day(30))).toBe('nudge');
    expect(lastSignOfLife(facts, day(30))).toEqual(start);
    expect(lastSignOfLife(facts, day(35))).toEqual(day(35));
  });

  it('restarts the silence at an answered check-in of either kind, not at an unanswered one', () => {
    expect(stallStage(pair({ checkIns: [checkIn('mentor', 14), checkIn('mentor', 28)] }), day(42))).toBe('flag');
    expect(stallStage(pair({ checkIns: [checkIn('mentor', 14, 16), checkIn('mentor', 28)] }), day(42))).toBe('active');
    expect(stallStage(pair({ checkIns: [checkIn('mentee_goals', 30, 31)] }), day(59))).toBe('nudge');
    expect(stallStage(pair({ checkIns: [checkIn('mentee_goals', 30, 31)] }), day(58))).toBe('active');
  });

  it('walks a whole quiet spell in virtual time: nudge, flag, then back to active after a session', () => {
    let facts = pair();
    const changes: [number, string][] = [];
    let previous = '';
    for (let d = 0; d <= 100; d++) {
      if (d === 50) facts = { ...facts, lastSessionAt: day(50) };
      const stage = stallStage(facts, day(d));
      if (stage !== previous) changes.push([d, stage]);
      previous = stage;
    }
    expect(changes).toEqual([
      [0, 'active'],
      [28, 'nudge'],
      [42, 'flag'],
      [50, 'active'],
      [78, 'nudge'],
      [92, 'flag'],
    ]);
  });
});

describe("quietFor: a person's own pause stops the clock", () => {
  const spell = (from: number, to: number | null) => ({ from: day(from), to: to === null ? null : day(to) });

  it('leaves out the paused days between the last sign of life and now, each counted once', () => {
    expect(quietFor(pair({ personPauses: [spell(10, 52)] }), day(60))).toBe(18 * DAY);
    // Both people paused over the same weeks: counted once.
    expect(quietFor(pair({ personPauses: [spell(10, 40), spell(20, 52)] }), day(60))).toBe(18 * DAY);
    // Still paused: quiet only until the pause began.
    expect(quietFor(pair({ personPauses: [spell(10, null)] }), day(60))).toBe(10 * DAY);
    // A pause before the last sign of life changes nothing after it.
    expect(quietFor(pair({ lastSessionAt: day(30), personPauses: [spell(5, 25)] }), day(60))).toBe(30 * DAY);
    expect(stallStage(pair({ personPauses: [spell(10, 52)] }), day(60))).toBe('active');
    expect(stallStage(pair({ personPauses: [spell(10, 52)] }), day(70))).toBe('nudge');
  });

  it('never makes a pair quieter, and is never less than zero', () => {
    const spells = fc.array(
      fc.tuple(fc.integer({ min: -30, max: 120 }), fc.option(fc.integer({ min: 0, max: 60 }))).map(([from, length]) => spell(from, length === null ? null : from + length)),
      { maxLength: 5 },
    );
    fc.assert(
      fc.property(spells, fc.integer({ min: 0, max: 120 }), fc.option(fc.integer({ min: 0, max: 120 })), (personPauses, nowDay, sessionDay) => {
        const base = pair({ lastSessionAt: sessionDay === null ? null : day(sessionDay) });
        const quiet = quietFor({ ...base, personPauses }, day(nowDay));
        return quiet >= 0 && quiet <= quietFor(base, day(nowDay));
      }),
    );
  });
});
