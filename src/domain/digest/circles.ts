import { attendanceBySession, circleConcerns, type HealthAnswer, type HealthSession } from '../circleHealth.js';
import type { CircleFlag, DigestCircleInput, DigestCircles, RosterEntry } from '../digestTypes.js';
import type { DigestIndex } from './digestIndex.js';
import { reachAgainstRoster } from './people.js';
import { anonymousComments, RaterMean } from './ratings.js';
import { within } from './weeks.js';

/**
 * The circles section: how many run and how full they are, the week's
 * attendance and rating (the rating only over enough different raters, like
 * pair ratings), its comments under the same rule, the circles the flag
 * rules would raise, and who circles reach against the roster. Nothing in it is about one person.
 */
export function circlesSection(ix: DigestIndex, input: DigestCircleInput): DigestCircles {
  const { week, minRaters } = ix;
  const active = input.circles.filter((c) => c.status === 'active');
  const activeIds = new Set(active.map((c) => c.id));

  const membersOf = new Map<number, number>();
  const people = new Map<string, RosterEntry>();
  for (const m of input.members) {
    if (!activeIds.has(m.circleId)) continue;
    membersOf.set(m.circleId, (membersOf.get(m.circleId) ?? 0) + 1);
    people.set(m.personId, { department: m.department, level: m.level, location: m.location });
  }

  const sessionsOf = groupBy<HealthSession & { circleId: number }>(input.sessions, (s) => s.circleId);
  const circleOfSession = new Map(input.sessions.map((s) => [s.id, s.circleId]));
  const answersOf = groupBy<HealthAnswer & { circleId: number }>(
    input.answers.flatMap((a) => {
      const circleId = circleOfSession.get(a.sessionId);
      return circleId === undefined ? [] : [{ ...a, circleId }];
    }),
    (a) => a.circleId,
  );

  const heldThisWeek = new Set(input.sessions.filter((s) => s.status === 'held' && within(s.startsAt, week)).map((s) => s.id));
  let answered = 0;
  let attended = 0;
  for (const [sessionId, a] of attendanceBySession(input.answers)) {
    if (!heldThisWeek.has(sessionId)) continue;
    answered += a.answered;
    attended += a.attended;
  }

  const ratedThisWeek = input.ratings.filter((r) => within(r.createdAt, week) && circleOfSession.has(r.sessionId));
  const rating = new RaterMean();
  for (const r of ratedThisWeek) rating.add((r.usefulness + r.clarity + r.applicability) / 3, r.raterId);

  const needingAttention: CircleFlag[] = active.flatMap((c) => {
    const concerns = circleConcerns({ cadence: c.cadence, sessions: sessionsOf.get(c.id) ?? [], answers: answersOf.get(c.id) ?? [], now: ix.input.now });
    return concerns.length === 0 ? [] : [{ circleId: c.id, topic: c.topic, channelId: c.channelId, facilitatorId: c.facilitatorId, concerns }];
  });

  const inCircles = [...people.values()];
  return {
    active: active.length,
    seats: { filled: [...membersOf.values()].reduce((a, b) => a + b, 0), of: active.reduce((sum, c) => sum + c.sizeMax, 0) },
    attendance: { sessions: heldThisWeek.size, answered, attended, rate: answered === 0 ? null : attended / answered },
    rating: rating.result(minRaters),
    ...anonymousComments(ratedThisWeek, ix),
    needingAttention,
    reach: { people: inCircles.length, ...reachAgainstRoster(inCircles, ix.input.roster) },
  };
}

function groupBy<T>(items: readonly T[], key: (item: T) => number): Map<number, T[]> {
  const out = new Map<number, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}
