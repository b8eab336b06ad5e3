import { subMonths } from 'date-fns';
import { and, eq, gte, inArray, isNotNull, type SQLWrapper, sql } from 'drizzle-orm';
import type { DB, Tx } from '../db/client.js';
import { exclusionPairs } from './exclusions.js';
import { availability, circles, enrollments, goals, matches, people, personSkills, profiles, ratings, sessions } from '../db/schema.js';
import type { PairKind } from '../domain/mentorship.js';
import { type MatchingPool, pairKey } from '../domain/matching/pool.js';
import type { Participant } from '../domain/matching/participant.js';
import { effectiveStatus } from '../domain/participation.js';
import { OPEN_MATCH_STATUSES, PAIR_KINDS } from '../domain/mentorship.js';
import { capacityInProgram, DEFAULT_PROGRAM_ID, rolesOffered } from '../domain/programs.js';
import { insertionOrder } from '../db/dialectSql.js';

/** Which program's people are matched, with the kinds it offers and its guardrails. */
export interface PoolScope {
  programId: number;
  modes: readonly PairKind[];
  maxMenteesPerMentor: number | null;
  /** The program's minimum fit, 0–100; null: the quality floor only. */
  minFit?: number | null;
}

const DEFAULT_SCOPE: PoolScope = { programId: DEFAULT_PROGRAM_ID, modes: PAIR_KINDS, maxMenteesPerMentor: null, minFit: null };

/**
 * Reads everything one program's matching needs in a handful of queries (not
 * one per person): its active, consenting members with their roles there,
 * their shared answers and their load, the whole roster's reporting lines,
 * and the pairs that are off limits. A mentor's capacity here is what their
 * limit across all programs leaves after the mentees they have elsewhere.
 */
export async function loadMatchingPool(db: DB | Tx, now: Date, cooldownMonths: number, minRaters = 3, scope: PoolScope = DEFAULT_SCOPE): Promise<MatchingPool> {
  const members = (await db
    .select({
      person: {
        id: people.id,
        timeZone: people.timeZone,
        department: people.department,
        level: people.level,
        location: people.location,
        managerId: people.managerId,
        status: people.status,
        pausedUntil: people.pausedUntil,
      },
      profile: {
        workDays: profiles.workDays,
        workStartMinute: profiles.workStartMinute,
        workEndMinute: profiles.workEndMinute,
        capacityMentees: profiles.capacityMentees,
        format: profiles.format,
        pace: profiles.pace,
      },
      enrollment: { roles: enrollments.roles, capacityMentees: enrollments.capacityMentees },
    })
    .from(enrollments)
    .innerJoin(people, eq(people.id, enrollments.personId))
    .innerJoin(profiles, eq(profiles.personId, enrollments.personId))
    .where(and(eq(enrollments.programId, scope.programId), eq(enrollments.status, 'active'), inArray(people.status, ['active', 'paused']), isNotNull(people.joinedAt))))
    .filter(({ person }) => effectiveStatus(person, now) === 'active');
  const offeredRoles = new Set(rolesOffered(scope.modes));
  const ids = new Set(members.map((m) => m.person.id));

  // Skills, hours and ratings are read for the program's enrolled people only
  // (a superset of the members), in table order, one query per table: a large
  // workspace has tens of thousands of these rows.
  const enrolled = db
    .select({ id: enrollments.personId })
    .from(enrollments)
    .where(and(eq(enrollments.programId, scope.programId), eq(enrollments.status, 'active')));
  const skillsOf = new Map<string, { offered: string[]; wanted: string[] }>();
  for (const { personId, skillId, direction } of await db
    .select({ personId: personSkills.personId, skillId: personSkills.skillId, direction: personSkills.direction })
    .from(personSkills)
    .where(inArray(personSkills.personId, enrolled))
    .orderBy(insertionOrder(personSkills))) {
    if (!ids.has(personId)) continue;
    const entry = skillsOf.get(personId) ?? { offered: [], wanted: [] };
    entry[direction].push(skillId);
    skillsOf.set(personId, entry);
  }
  const goalsOf = new Map<string, string[]>();
  const programGoals = await db
    .select({ personId: goals.personId, aim: goals.aim, measure: goals.measure })
    .from(goals)
    .where(eq(goals.programId, scope.programId))
    .orderBy(goals.personId, goals.position);
  // Aims first (the first one is quoted in reasons), measures after: both speak to relevance.
  for (const g of programGoals) {
    if (!ids.has(g.personId)) continue;
    const list = goalsOf.get(g.personId);
    if (list) list.push(g.aim);
    else goalsOf.set(g.personId, [g.aim]);
  }
  for (const g of programGoals) if (ids.has(g.personId)) goalsOf.get(g.personId)?.push(g.measure);
  const windowOf = new Map<string, { startMinute: number; endMinute: number }>();
  for (const { personId, startMinute, endMinute } of await db
    .select({ personId: availability.personId, startMinute: availability.startMinute, endMinute: availability.endMinute })
    .from(availability)
    .where(inArray(availability.personId, enrolled))
    .orderBy(availability.id)) {
    if (ids.has(personId) && !windowOf.has(personId)) windowOf.set(personId, { startMinute, endMinute });
  }

  const pairOf = { mentorId: matches.mentorId, menteeId: matches.menteeId };
  const open = await db
    .select({ ...pairOf, programId: matches.programId, kind: matches.kind })
    .from(matches)
    .where(inArray(matches.status, [...OPEN_MATCH_STATUSES]));
  const load = new Map<string, number>();
  const loadElsewhere = new Map<string, number>();
  const busyReceivers = new Set<string>();
  for (const m of open) {
    const here = m.programId === scope.programId;
    const tally = here ? load : loadElsewhere;
    if (m.mentorId) tally.set(m.mentorId, (tally.get(m.mentorId) ?? 0) + 1);
    if (m.menteeId && here) busyReceivers.add(`${m.menteeId}|${m.kind}`);
    // A peer partnership is mutual: it takes a place of each, and neither is looking for a peer any more.
    if (m.kind === 'peer' && m.menteeId && m.mentorId) {
      tally.set(m.menteeId, (tally.get(m.menteeId) ?? 0) + 1);
      if (here) busyReceivers.add(`${m.mentorId}|peer`);
    }
  }
  // A circle a person facilitates takes one of their places, like a mentee: nobody is over-booked by circles and pairs together.
  const facilitated = await db
    .select({ facilitatorId: circles.facilitatorId, programId: circles.programId })
    .from(circles)
    .where(and(eq(circles.status, 'active'), isNotNull(circles.facilitatorId)));
  for (const c of facilitated) {
    const tally = c.programId === scope.programId ? load : loadElsewhere;
    tally.set(c.facilitatorId as string, (tally.get(c.facilitatorId as string) ?? 0) + 1);
  }
  const recent = await db
    .select(pairOf)
    .from(matches)
    .where(and(inArray(matches.status, ['ended', 'declined']), gte(matches.decidedAt, subMonths(now, cooldownMonths))));
  const ended = await db
    .select(pairOf)
    .from(matches)
    .where(and(eq(matches.status, 'ended'), gte(matches.endedAt, subMonths(now, cooldownMonths))));
  const blockedPairs = new Set(
    [...open, ...recent, ...ended].filter((m) => m.mentorId && m.menteeId).map((m) => pairKey(m.mentorId as string, m.menteeId as string)),
  );
  // People who asked not to be matched with someone, or whom coordinators keep apart: never paired, in any mode.
  for (const [a, b] of await exclusionPairs(db)) blockedPairs.add(pairKey(a, b));

  const ratingOf = await mentorRatings(db, minRaters, enrolled);
  const participants: Participant[] = members.map(({ person, profile, enrollment }) => {
    const window = windowOf.get(person.id) ?? { startMinute: profile.workStartMinute, endMinute: profile.workEndMinute };
    const loadHere = load.get(person.id) ?? 0;
    return {
      id: person.id,
      roles: enrollment.roles.filter((r) => offeredRoles.has(r)),
      offered: skillsOf.get(person.id)?.offered ?? [],
      wanted: skillsOf.get(person.id)?.wanted ?? [],
      goals: goalsOf.get(person.id) ?? [],
      timeZone: person.timeZone ?? 'UTC',
      availability: { days: profile.workDays, startMinute: window.startMinute, endMinute: window.endMinute },
      department: person.department,
      level: person.level,
      location: person.location,
      managerId: person.managerId,
      capacity: capacityInProgram({
        enrollmentCap: enrollment.capacityMentees,
        overallCap: profile.capacityMentees,
        programCap: scope.maxMenteesPerMentor,
        loadHere,
        loadElsewhere: loadElsewhere.get(person.id) ?? 0,
      }),
      load: loadHere,
      rating: ratingOf.get(person.id) ?? null,
      format: profile.format,
      pace: profile.pace,
    };
  });
  const managers = new Map((await db.select({ id: people.id, managerId: people.managerId }).from(people)).map((p) => [p.id, p.managerId]));
  return { participants, managers, blockedPairs, busyReceivers, minFit: scope.minFit ?? null };
}

/**
 * Each mentor's average session rating (the mean of the three scores, over
 * sessions that happened, in every program), only where at least `minRaters`
 * different people gave ratings: the same anonymity rule as the digest. Only
 * for the mentors asked about.
 */
async function mentorRatings(db: DB | Tx, minRaters: number, mentors: SQLWrapper): Promise<Map<string, number>> {
  const rows = await db
    .select({ mentorId: matches.mentorId, raterId: ratings.raterId, u: ratings.usefulness, c: ratings.clarity, a: ratings.applicability })
    .from(ratings)
    .innerJoin(sessions, eq(sessions.id, ratings.sessionId))
    .innerJoin(matches, eq(matches.id, sessions.matchId))
    .where(and(eq(ratings.happened, true), inArray(matches.mentorId, mentors)))
    // In the order they were given, so each average is summed the same way every time.
    .orderBy(ratings.id);
  const byMentor = new Map<string, { sum: number; count: number; raters: Set<string | null> }>();
  for (const { mentorId, raterId, u, c, a } of rows) {
    // The mentor's own ratings of their sessions say nothing about them as a mentor.
    if (!mentorId || raterId === mentorId) continue;
    const scores = [u, c, a].filter((x): x is number => x !== null);
    if (scores.length === 0) continue;
    const entry = byMentor.get(mentorId) ?? { sum: 0, count: 0, raters: new Set() };
    entry.sum += scores.reduce((x, y) => x + y, 0) / scores.length;
    entry.count += 1;
    entry.raters.add(raterId);
    byMentor.set(mentorId, entry);
  }
  return new Map([...byMentor].filter(([, e]) => e.raters.size >= minRaters).map(([id, e]) => [id, e.sum / e.count]));
}
