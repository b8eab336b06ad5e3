import { describe, expect, it } from 'vitest';
import { ANSWER_GRACE_MS, circleConcerns, type HealthAnswer, type HealthSession } from '../../src/domain/circleHealth.js';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const FIRST = new Date('2026-12-01T08:00:00Z');
const weekly = (n: number, status: HealthSession['status'] = 'held'): HealthSession[] =>
  Array.from({ length: n }, (_, i) => ({ id: i + 1, startsAt: new Date(FIRST.getTime() + i * 7 * DAY), endsAt: new Date(FIRST.getTime() + i * 7 * DAY + HOUR), status }));
/** `there` of `answered` answers for a session. */
const answers = (sessionId: number, there: number, answered: number): HealthAnswer[] => Array.from({ length: answered }, (_, i) => ({ sessionId, attended: i < there }));
const after = (sessionIndex: number, ms: number) => new Date(FIRST.getTime() + sessionIndex * 7 * DAY + HOUR + ms);

describe('when a circle needs its coordinators', () => {
  it('attendance falling: the last session below half and below the earlier rate, with at least two answers on each side', () => {
    const sessions = weekly(2);
    const at = after(1, HOUR);
    expect(circleConcerns({ cadence: 'weekly', sessions, answers: [...answers(1, 3, 4), ...answers(2, 1, 4)], now: at })).toEqual([
      { kind: 'attendance_falling', attended: 1, answered: 4, earlierRate: 0.75 },
    ]);
    // Half is not below half; one answer says nothing; no earlier baseline, no fall; a low circle that was always low has not fallen.
    expect(circleConcerns({ cadence: 'weekly', sessions, answers: [...answers(1, 3, 4), ...answers(2, 2, 4)], now: at })).toEqual([]);
    expect(circleConcerns({ cadence: 'weekly', sessions, answers: [...answers(1, 3, 4), ...answers(2, 0, 1)], now: at })).toEqual([]);
    expect(circleConcerns({ cadence: 'weekly', sessions, answers: [...answers(1, 1, 1), ...answers(2, 0, 3)], now: at })).toEqual([]);
    expect(circleConcerns({ cadence: 'weekly', sessions, answers: [...answers(1, 1, 4), ...answers(2, 1, 4)], now: at })).toEqual([]);
    // Sessions not held (planned, cancelled) and sessions still under way count for nothing.
    expect(circleConcerns({ cadence: 'weekly', sessions: [sessions[0] as HealthSession, { ...(sessions[1] as HealthSession), status: 'cancelled' }], answers: answers(2, 0, 4), now: at })).toEqual([]);
  });

  it('too few: members below the fewest it was formed for, whether or not it has met yet', () => {
    const at = after(0, HOUR);
    expect(circleConcerns({ cadence: 'weekly', sessions: [], answers: [], now: at, seats: { members: 1, sizeMin: 3 } })).toEqual([{ kind: 'too_few', members: 1, sizeMin: 3 }]);
    expect(circleConcerns({ cadence: 'weekly', sessions: weekly(1), answers: answers(1, 1, 1), now: at, seats: { members: 3, sizeMin: 3 } })).toEqual([]);
  });

  it('not meeting: going two cadences, sessions held in them (answers given time), and nobody there', () => {
    const sessions = weekly(3);
    const none: HealthAnswer[] = answers(1, 0, 1);
    // One week in: too young. Two weeks from the first session: flagged, counting the sessions that ended more than the grace ago.
    expect(circleConcerns({ cadence: 'weekly', sessions: weekly(2), answers: none, now: after(1, DAY) })).toEqual([]);
    expect(circleConcerns({ cadence: 'weekly', sessions: weekly(2), answers: none, now: after(1, ANSWER_GRACE_MS) })).toEqual([]);
    expect(circleConcerns({ cadence: 'weekly', sessions, answers: none, now: new Date(sessions[2]!.startsAt.getTime() + 30 * 60_000) })).toEqual([{ kind: 'not_meeting', days: 14, held: 2 }]);
    // One "I was there" in the window is a circle that met.
    expect(circleConcerns({ cadence: 'weekly', sessions, answers: [...none, ...answers(2, 1, 1)], now: new Date(sessions[2]!.startsAt.getTime() + 30 * 60_000) })).toEqual([]);
    // No session held in the window (all cancelled): nothing to say here.
    expect(circleConcerns({ cadence: 'weekly', sessions: [...weekly(1), ...weekly(3).slice(1).map((s) => ({ ...s, status: 'cancelled' as const }))], answers: [], now: after(2, 3 * DAY) })).toEqual([]);
    // A monthly circle is counted in its longest gap, five weeks: two of them are ten.
    const monthly: HealthSession[] = [0, 35, 70].map((d, i) => ({ id: i + 1, startsAt: new Date(FIRST.getTime() + d * DAY), endsAt: new Date(FIRST.getTime() + d * DAY + HOUR), status: 'held' }));
    expect(circleConcerns({ cadence: 'monthly', sessions: monthly, answers: [], now: new Date(FIRST.getTime() + 71 * DAY) })).toEqual([{ kind: 'not_meeting', days: 70, held: 1 }]);
  });
});
