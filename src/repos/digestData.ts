import { and, asc, eq, isNotNull, sql } from 'drizzle-orm';
import { spellsOfPair } from '../domain/pauseSpells.js';
import { personPausesOf } from './personPauses.js';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import type { DB } from '../db/client.js';
import { prepared } from '../db/prepared.js';
import { checkIns, circleAttendance, circleMembers, circleRatings, circleSessions, circles, enrollments, matches, people, personSkills, profiles, ratings, sessions, skills } from '../db/schema.js';
import type {
  DigestCircle,
  DigestCircleAnswer,
  DigestCircleInput,
  DigestCircleMember,
  DigestCircleRating,
  DigestCircleSession,
  DigestInput, DigestMatch, DigestPerson, DigestRating, DigestSession, PersonSkill, Week } from '../domain/digest.js';
import { trackLabel } from '../domain/outcomes.js';
import { weeksQuiet } from '../domain/mentorship.js';
import { type Cadence, type PairFacts, stallStage } from '../domain/scheduling/cadence.js';
import { digestOutcomesFor } from './cohorts.js';
import { inJsonList } from '../db/dialectSql.js';

/** One program's digest to read: its week in its zone and its stall thresholds. */
export interface DigestScope {
  programId: number;
  week: Week;
  timeZone: string;
  rhythm: Cadence;
}

/*
 * The large tables (sessions, ratings, check-ins: tens of thousands of rows
 * each in a big workspace) are read once each, by prepared statements, and
 * turned into the digest's shapes here. Only the columns the digest uses are
 * selected, and only the programs asked for.
 */

/** `column IN (the program ids)`, the ids as one JSON parameter, so one prepared statement serves any set of programs. */
const inPrograms = (column: SQLiteColumn) => inJsonList(column, 'programs');

const peopleQuery = (db: DB) =>
  prepared(db, 'digest.people', (d) =>
    d
      .select({
        id: people.id,
        department: people.department,
        level: people.level,
        location: people.location,
        joinedAt: people.joinedAt,
        status: people.status,
        pausedUntil: people.pausedUntil,
        rosterImportedAt: people.rosterImportedAt,
      })
      .from(people)
      .prepare(),
  );
const profilesQuery = (db: DB) => prepared(db, 'digest.profiles', (d) => d.select({ id: profiles.personId, cap: profiles.capacityMentees }).from(profiles).prepare());
const enrollmentsQuery = (db: DB) =>
  prepared(db, 'digest.enrollments', (d) =>
    d
      .select({
        programId: enrollments.programId,
        personId: enrollments.personId,
        status: enrollments.status,
        roles: enrollments.roles,
        capacity: enrollments.capacityMentees,
        joinedAt: enrollments.joinedAt,
      })
      .from(enrollments)
      .where(inPrograms(enrollments.programId))
      .orderBy(asc(enrollments.id))
      .prepare(),
  );
const matchesQuery = (db: DB) =>
  prepared(db, 'digest.matches', (d) =>
    d
      .select({
        id: matches.id,
        programId: matches.programId,
        mentorId: matches.mentorId,
        menteeId: matches.menteeId,
        kind: matches.kind,
        status: matches.status,
        requestedAt: matches.requestedAt,
        decidedAt: matches.decidedAt,
        endedAt: matches.endedAt,
        resumedAt: matches.resumedAt,
      })
      .from(matches)
      .where(inPrograms(matches.programId))
      .orderBy(asc(matches.id))
      .prepare(),
  );
const sessionsQuery = (db: DB) =>
  prepared(db, 'digest.sessions', (d) =>
    d
      .select({ id: sessions.id, matchId: sessions.matchId, startsAt: sessions.startsAt, endsAt: sessions.endsAt, status: sessions.status, programId: matches.programId })
      .from(sessions)
      .innerJoin(matches, eq(matches.id, sessions.matchId))
      .where(inPrograms(matches.programId))
      .orderBy(asc(sessions.id))
      .prepare(),
  );
const ratingsQuery = (db: DB) =>
  prepared(db, 'digest.ratings', (d) =>
    d
      .select({
        sessionId: ratings.sessionId,
        raterId: ratings.raterId,
        usefulness: ratings.usefulness,
        clarity: ratings.clarity,
        applicability: ratings.applicability,
        happened: ratings.happened,
        comment: ratings.comment,
        createdAt: ratings.createdAt,
        programId: matches.programId,
      })
      .from(ratings)
      .innerJoin(sessions, eq(sessions.id, ratings.sessionId))
      .innerJoin(matches, eq(matches.id, sessions.matchId))
      .where(inPrograms(matches.programId))
      .orderBy(asc(ratings.id))
      .prepare(),
  );
const skillsQuery = (db: DB) => prepared(db, 'digest.personSkills', (d) => d.select({ personId: personSkills.personId, skillId: personSkills.skillId, direction: personSkills.direction }).from(personSkills).prepare());
/** The check-ins of the programs' active pairs (both people still present): what stall detection reads. */
const checkInsQuery = (db: DB) =>
  prepared(db, 'digest.checkIns', (d) =>
    d
      .select({ matchId: checkIns.matchId, kind: checkIns.kind, dueAt: checkIns.dueAt, sentAt: checkIns.sentAt, answeredAt: checkIns.answeredAt })
      .from(checkIns)
      .innerJoin(matches, eq(matches.id, checkIns.matchId))
      .where(and(eq(matches.status, 'active'), isNotNull(matches.mentorId), isNotNull(matches.menteeId), inPrograms(matches.programId)))
      .prepare(),
  );

const circlesQuery = (db: DB) =>
  prepared(db, 'digest.circles', (d) =>
    d
      .select({
        id: circles.id,
        programId: circles.programId,
        topic: circles.topic,
        channelId: circles.channelId,
        style: circles.style,
        facilitatorId: circles.facilitatorId,
        status: circles.status,
        sizeMax: circles.sizeMax,
        cadence: circles.cadence,
        endedAt: circles.endedAt,
      })
      .from(circles)
      .where(inPrograms(circles.programId))
      .orderBy(asc(circles.id))
      .prepare(),
  );
const circleMembersQuery = (db: DB) =>
  prepared(db, 'digest.circleMembers', (d) =>
    d
      .select({ circleId: circleMembers.circleId, personId: circleMembers.personId })
      .from(circleMembers)
      .innerJoin(circles, eq(circles.id, circleMembers.circleId))
      .where(and(eq(circleMembers.status, 'member'), inPrograms(circles.programId)))
      .orderBy(asc(circleMembers.id))
      .prepare(),
  );
const circleSessionsQuery = (db: DB) =>
  prepared(db, 'digest.circleSessions', (d) =>
    d
      .select({ id: circleSessions.id, circleId: circleSessions.circleId, startsAt: circleSessions.startsAt, endsAt: circleSessions.endsAt, status: circleSessions.status })
      .from(circleSessions)
      .innerJoin(circles, eq(circles.id, circleSessions.circleId))
      .where(inPrograms(circles.programId))
      .orderBy(asc(circleSessions.id))
      .prepare(),
  );
const circleAnswersQuery = (db: DB) =>
  prepared(db, 'digest.circleAnswers', (d) =>
    d
      .select({ sessionId: circleAttendance.sessionId, attended: circleAttendance.attended, circleId: circleSessions.circleId })
      .from(circleAttendance)
      .innerJoin(circleSessions, eq(circleSessions.id, circleAttendance.sessionId))
      .innerJoin(circles, eq(circles.id, circleSessions.circleId))
      .where(inPrograms(circles.programId))
      .prepare(),
  );
const circleRatingsQuery = (db: DB) =>
  prepared(db, 'digest.circleRatings', (d) =>
    d
      .select({
        sessionId: circleRatings.sessionId,
        raterId: circleRatings.raterId,
        usefulness: circleRatings.usefulness,
        clarity: circleRatings.clarity,
        applicability: circleRatings.applicability,
        comment: circleRatings.comment,
        createdAt: circleRatings.createdAt,
        circleId: circleSessions.circleId,
      })
      .from(circleRatings)
      .innerJoin(circleSessions, eq(circleSessions.id, circleRatings.sessionId))
      .innerJoin(circles, eq(circles.id, circleSessions.circleId))
      .where(inPrograms(circles.programId))
      .orderBy(asc(circleRatings.id))
      .prepare(),
  );

type PersonRow = Awaited<ReturnType<ReturnType<typeof peopleQuery>['execute']>>[number];
type EnrollmentRow = Awaited<ReturnType<ReturnType<typeof enrollmentsQuery>['execute']>>[number];

/**
 * Each program's circles that the digest's week can be about: active ones,
 * and ones that ended during the week or after it. A program without any
 * has no entry, and its digest no circles section.
 */
async function loadCircles(
  db: DB,
  params: { programs: string },
  scopes: readonly DigestScope[],
  personById: ReadonlyMap<string, Pick<PersonRow, 'department' | 'level' | 'location'>>,
  clusterNames: ReadonlyMap<string, string>,
): Promise<Map<number, DigestCircleInput>> {
  const weekStartOf = new Map(scopes.map((s) => [s.programId, s.week.start.getTime()]));
  const programOf = new Map<number, number>();
  const out = new Map<number, { circles: DigestCircle[]; members: DigestCircleMember[]; sessions: DigestCircleSession[]; answers: DigestCircleAnswer[]; ratings: DigestCircleRating[] }>();
  for (const { id, programId, topic, channelId, style, facilitatorId, status, sizeMax, cadence, endedAt } of await circlesQuery(db).execute(params)) {
    const since = weekStartOf.get(programId);
    if (since === undefined || (status !== 'active' && (endedAt === null || endedAt.getTime() < since))) continue;
    programOf.set(id, programId);
    let input = out.get(programId);
    if (!input) out.set(programId, (input = { circles: [], members: [], sessions: [], answers: [], ratings: [] }));
    input.circles.push({ id, topic: clusterNames.get(topic) ?? trackLabel(topic), channelId, style, facilitatorId, status, sizeMax, cadence });
  }
  if (programOf.size === 0) return out;
  const of = (circleId: number) => {
    const programId = programOf.get(circleId);
    return programId === undefined ? undefined : out.get(programId);
  };
  for (const { circleId, personId } of await circleMembersQuery(db).execute(params)) {
    const p = personById.get(personId);
    if (p) of(circleId)?.members.push({ circleId, personId, department: p.department, level: p.level, location: p.location });
  }
  for (const { id, circleId, startsAt, endsAt, status } of await circleSessionsQuery(db).execute(params)) {
    of(circleId)?.sessions.push({ id, circleId, startsAt, endsAt, status });
  }
  for (const { sessionId, attended, circleId } of await circleAnswersQuery(db).execute(params)) {
    of(circleId)?.answers.push({ sessionId, attended });
  }
  for (const { circleId, ...rating } of await circleRatingsQuery(db).execute(params)) {
    of(circleId)?.ratings.push(rating);
  }
  return out;
}

const grouped = <T>(map: Map<number, T[]>, key: number, item: T) => {
  const list = map.get(key);
  if (list) list.push(item);
  else map.set(key, [item]);
};

/**
 * Everything the digests read, for any number of programs, in one pass over
 * each table: fifty programs cost about what one does. Each program sees its
 * own enrollments, matches, sessions and ratings; the roster is everyone's.
 */
export async function loadDigestInputs(db: DB, now: Date, scopes: readonly DigestScope[], minRaters: number, names: { clusters?: ReadonlyMap<string, string> } = {}): Promise<Map<number, DigestInput>> {
  const params = { programs: JSON.stringify([...new Set(scopes.map((s) => s.programId))]) };
  const everyone: PersonRow[] = await peopleQuery(db).execute();
  const personById = new Map(everyone.map((p) => [p.id, p]));
  const overallCap = new Map((await profilesQuery(db).execute()).map(({ id, cap }) => [id, cap]));

  const enrolled = new Map<number, EnrollmentRow[]>();
  for (const row of await enrollmentsQuery(db).execute(params)) grouped(enrolled, row.programId, row);

  const matchesBy = new Map<number, DigestMatch[]>();
  /** Active pairs with both people present, with when their current stretch began (as pairs.ts anchorOf). */
  const pairsBy = new Map<number, PairFacts[]>();
  const factsOf = new Map<number, PairFacts>();
  const pairPeople = new Map<number, { mentorId: string; menteeId: string }>();
  for (const { id, programId, mentorId, menteeId, kind, status, requestedAt, decidedAt, endedAt, resumedAt } of await matchesQuery(db).execute(params)) {
    grouped(matchesBy, programId, { id, mentorId, menteeId, kind, status, requestedAt, decidedAt, endedAt });
    if (status === 'active' && mentorId !== null && menteeId !== null) {
      const facts: PairFacts = { matchId: id, startedAt: resumedAt ?? decidedAt ?? requestedAt, lastSessionAt: null, checkIns: [] };
      factsOf.set(id, facts);
      pairPeople.set(id, { mentorId, menteeId });
      grouped(pairsBy, programId, facts);
    }
  }
  // Either person's own pauses: quiet by agreement, not a pair gone quiet.
  const spells = await personPausesOf(db, [...pairPeople.values()].flatMap((p) => [p.mentorId, p.menteeId]), now);
  for (const [id, pair] of pairPeople) (factsOf.get(id) as PairFacts).personPauses = spellsOfPair(spells, pair);

  const sessionsBy = new Map<number, DigestSession[]>();
  for (const { programId, ...session } of await sessionsQuery(db).execute(params)) {
    const { matchId, status } = session;
    grouped(sessionsBy, programId, session);
    // A pair's last held or booked session that has started: a sign of life.
    const facts = factsOf.get(matchId);
    if (facts && (status === 'booked' || status === 'held') && session.startsAt <= now && (!facts.lastSessionAt || session.startsAt > facts.lastSessionAt)) facts.lastSessionAt = session.startsAt;
  }
  // Check-ins since the pair's current stretch began: an old streak says nothing about a resumed pair.
  for (const { matchId, ...checkIn } of await checkInsQuery(db).execute(params)) {
    const facts = factsOf.get(matchId);
    if (facts && checkIn.dueAt >= facts.startedAt) facts.checkIns.push(checkIn);
  }

  const ratingsBy = new Map<number, DigestRating[]>();
  for (const { programId, ...rating } of await ratingsQuery(db).execute(params)) grouped(ratingsBy, programId, rating);

  const skillNames = new Map((await db.select().from(skills)).map((s) => [s.id, s.name]));
  const roster = everyone.filter((p) => p.rosterImportedAt !== null).map((p) => ({ department: p.department, level: p.level, location: p.location }));

  // Each scope's members, then everyone's chosen skills read once and handed to the scopes their person is in, in table order.
  const members = scopes.map((scope) => (enrolled.get(scope.programId) ?? []).filter((e) => overallCap.has(e.personId) && personById.has(e.personId)));
  const scopesOf = new Map<string, number[]>();
  members.forEach((list, i) => {
    for (const e of list) {
      const of = scopesOf.get(e.personId);
      if (of) of.push(i);
      else scopesOf.set(e.personId, [i]);
    }
  });
  const wanted = scopes.map((): PersonSkill[] => []);
  const offered = scopes.map((): PersonSkill[] => []);
  for (const { personId, skillId, direction } of await skillsQuery(db).execute()) {
    const of = scopesOf.get(personId);
    if (!of) continue;
    const lists = direction === 'wanted' ? wanted : offered;
    for (const i of of) (lists[i] as PersonSkill[]).push({ personId, skillId });
  }

  // Cohorts with outcome data (self-ratings, goal outcomes, survey answers) get the digest's outcomes section.
  const outcomes = await digestOutcomesFor(db, scopes.map((s) => s.programId));
  // Programs with circles get the digest's circles section.
  const circlesBy = await loadCircles(db, params, scopes, personById, names.clusters ?? new Map());
  const inputs = new Map<number, DigestInput>();
  scopes.forEach((scope, i) => {
    inputs.set(scope.programId, {
      now,
      week: scope.week,
      timeZone: scope.timeZone,
      minRaters,
      people: (members[i] as EnrollmentRow[]).map(({ personId, status, roles, capacity, joinedAt }): DigestPerson => {
        const p = personById.get(personId) as PersonRow;
        return {
          id: p.id,
          department: p.department,
          level: p.level,
          location: p.location,
          joinedAt: joinedAt ?? p.joinedAt,
          status: status === 'active' ? p.status : 'left',
          pausedUntil: p.pausedUntil,
          roles,
          capacity: capacity ?? overallCap.get(p.id) ?? null,
        };
      }),
      roster,
      matches: matchesBy.get(scope.programId) ?? [],
      sessions: sessionsBy.get(scope.programId) ?? [],
      ratings: ratingsBy.get(scope.programId) ?? [],
      wanted: wanted[i] as PersonSkill[],
      offered: offered[i] as PersonSkill[],
      skillNames,
      stalled: (pairsBy.get(scope.programId) ?? []).flatMap((f) => (stallStage(f, now, scope.rhythm) === 'active' ? [] : [{ matchId: f.matchId, weeksQuiet: weeksQuiet(f, now) }])),
      ...(outcomes.has(scope.programId) ? { outcomes: outcomes.get(scope.programId) } : {}),
      ...(circlesBy.has(scope.programId) ? { circles: circlesBy.get(scope.programId) } : {}),
    });
  });
  return inputs;
}

export async function loadDigestInput(db: DB, now: Date, scope: DigestScope, minRaters: number, names: { clusters?: ReadonlyMap<string, string> } = {}): Promise<DigestInput> {
  return (await loadDigestInputs(db, now, [scope], minRaters, names)).get(scope.programId) as DigestInput;
}
