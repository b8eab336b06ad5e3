import { eq, inArray, like, or, sql } from 'drizzle-orm';
import type { DB, Tx } from '../db/client.js';
import { eraseExclusionsOf, exclusionsForExport } from './exclusions.js';
import { actionClaims, availability, checkIns, circleAttendance, circleCalendars, circleFormations, circleMembers, circleRatings, circles, circleSessions, enrollments, goals, matches, matchPauses, outboxSubjects, people, personPauses, personSkills, profiles, programCoordinators, programs, ratings, selfDescriptions, selfRatings, sessionProposals, sessions, skills } from '../db/schema.js';
import { outboxRowsAbout } from '../outbox/erase.js';
import { viewMessage } from '../outbox/outbox.js';
import type { Payload } from '../outbox/sending.js';
import { endPersonPause } from './personPauses.js';
import { partnerOf } from '../domain/mentorship.js';
import { entriesNaming, withoutPerson } from '../domain/namedIn.js';
import { ERASED_COORDINATOR, roundEntriesFor, roundsNaming } from './rounds.js';
import { first } from '../db/query.js';
import { asText, never } from '../db/dialectSql.js';

/*
 * Everything the database holds about one person, for export-my-data and
 * delete-my-data. The coverage list names every table: a test fails when a
 * new table appears that it does not account for.
 */

/** Per table: where its rows about a person appear in the export, or why none can be about a person. */
export const PERSONAL_DATA_COVERAGE = {
  people: { export: ['person', 'peopleWhoReportToYou'] },
  profiles: { export: ['profile'] },
  person_skills: { export: ['skills'] },
  goals: { export: ['goals'] },
  availability: { export: ['availability'] },
  matches: { export: ['mentorships'] },
  match_rounds: { export: ['roundProposals'] },
  session_proposals: { export: ['sessionProposals'] },
  sessions: { export: ['sessions'] },
  match_pauses: { export: ['mentorshipPauses'] },
  person_pauses: { export: ['pauses'] },
  check_ins: { export: ['checkInsYouAnswered'] },
  ratings: { export: ['ratingsYouGave'] },
  outbox: { export: ['messages'] },
  outbox_subjects: { export: ['messages'] },
  action_claims: { export: ['buttonPresses'] },
  enrollments: { export: ['enrollments'] },
  self_ratings: { export: ['selfRatings'] },
  programs: { export: ['programsYouCoordinate'] },
  program_coordinators: { export: ['programsYouCoordinate'] },
  circles: { export: ['circles'] },
  circle_members: { export: ['circleSeats'] },
  circle_calendars: { export: ['circleCalendarsYouHold'] },
  circle_sessions: { export: ['circleSessions'] },
  circle_attendance: { export: ['circleAttendance'] },
  circle_ratings: { export: ['circleRatingsYouGave'] },
  circle_formations: { export: ['circleFormations'] },
  match_exclusions: { export: ['matchExclusions'] },
  self_descriptions: { export: ['selfDescription'] },
  skills: { notPersonal: 'the skill taxonomy from the coordinators’ file' },
  job_runs: { notPersonal: 'when each scheduled job ran' },
} as const;

const involving = (userId: string) => or(eq(matches.mentorId, userId), eq(matches.menteeId, userId));

export async function personExport(db: DB, userId: string): Promise<Record<string, unknown> | undefined> {
  const person = await first(db.select().from(people).where(eq(people.id, userId)));
  if (!person) return undefined;
  const theirMatches = await db.select().from(matches).where(involving(userId));
  const matchIds = theirMatches.map((m) => m.id);
  const ofMatches = async <T>(read: (ids: number[]) => Promise<T[]>): Promise<T[]> => (matchIds.length ? await read(matchIds) : []);
  const messages = await outboxRowsAbout(db, userId);
  return {
    person,
    peopleWhoReportToYou: (await db.select({ id: people.id }).from(people).where(eq(people.managerId, userId))).map((p) => p.id),
    profile: await first(db.select().from(profiles).where(eq(profiles.personId, userId))) ?? null,
    skills: await db
      .select({ skill: skills.name, cluster: skills.cluster, direction: personSkills.direction })
      .from(personSkills)
      .innerJoin(skills, eq(skills.id, personSkills.skillId))
      .where(eq(personSkills.personId, userId)),
    goals: await db.select().from(goals).where(eq(goals.personId, userId)),
    enrollments: await db.select().from(enrollments).where(eq(enrollments.personId, userId)),
    selfRatings: await db
      .select({ programId: enrollments.programId, track: selfRatings.track, phase: selfRatings.phase, level: selfRatings.level, ratedAt: selfRatings.ratedAt })
      .from(selfRatings)
      .innerJoin(enrollments, eq(enrollments.id, selfRatings.enrollmentId))
      .where(eq(enrollments.personId, userId)),
    availability: await db.select().from(availability).where(eq(availability.personId, userId)),
    // Their self-described demographics, as they gave them (nobody else ever sees these).
    selfDescription: await first(db.select().from(selfDescriptions).where(eq(selfDescriptions.personId, userId))) ?? null,
    mentorships: theirMatches.map(({ replacesMatchId, rematchVia, ...m }) =>
      m.mentorId === userId
        ? // Whether the mentee was starting afresh, and why, was their choice and is theirs: the new mentor's request read like any other.
          { ...m, yourRole: 'mentor', partner: partnerOf(m, userId) }
        : { ...m, replacesMatchId, rematchVia, yourRole: 'mentee', partner: partnerOf(m, userId) },
    ),
    sessions: await ofMatches(async (ids) => await db.select().from(sessions).where(inArray(sessions.matchId, ids))),
    // Their own pauses (`/mentor pause`): when, until when, and when they came back.
    pauses: await db.select().from(personPauses).where(eq(personPauses.personId, userId)),
    mentorshipPauses: await ofMatches(async (ids) => await db.select().from(matchPauses).where(inArray(matchPauses.matchId, ids))),
    sessionProposals: await db
      .select()
      .from(sessionProposals)
      .where(or(eq(sessionProposals.proposedBy, userId), eq(sessionProposals.proposedTo, userId), matchIds.length ? inArray(sessionProposals.matchId, matchIds) : never)),
    checkInsYouAnswered: await db.select().from(checkIns).where(eq(checkIns.personId, userId)),
    // Only ratings this person gave: ratings about them are anonymous by design.
    ratingsYouGave: await db.select().from(ratings).where(eq(ratings.raterId, userId)),
    // Messages to them, whole; messages to others that named them, as the line that named them, since the rest is someone else's.
    // A message kept as a view and its input reads as the message it renders.
    messages: messages.map((m) => {
      const payload = m.payload as Payload;
      const said = payload.kind === 'view' ? viewMessage(payload) : 'text' in payload ? payload : undefined;
      if (m.recipient.split(',').includes(userId)) return payload.kind === 'view' ? { ...m, payload: said ?? payload } : m;
      return { ...m, payload: { text: said?.text ?? null }, sentTo: 'someone else' };
    }),
    roundProposals: (await roundsNaming(db, userId)).map((r) => ({
      roundId: r.id,
      status: r.status,
      createdAt: r.createdAt,
      ranByYou: r.createdBy === userId || r.decidedBy === userId,
      ...roundEntriesFor(r, userId),
    })),
    programsYouCoordinate: await db
      .select({ programId: programs.id, name: programs.name, createdByYou: sql<boolean>`${programs.createdBy} = ${userId}` })
      .from(programs)
      .where(or(eq(programs.createdBy, userId), inArray(programs.id, db.select({ id: programCoordinators.programId }).from(programCoordinators).where(eq(programCoordinators.personId, userId))))),
    buttonPresses: await db.select().from(actionClaims).where(or(eq(actionClaims.actorId, userId), eq(actionClaims.target, userId))),
    ...await circleExport(db, userId),
  };
}

/**
 * Circles: the seats a person holds or held, the circles they sit in,
 * facilitate or created, those circles' sessions and any they hosted, their
 * own attendance answers, the ratings they gave (ratings of circles they
 * facilitate are anonymous, as pair ratings are) and the formations that
 * proposed them, as rounds are exported.
 */
async function circleExport(db: DB, userId: string) {
  const seats = await db.select().from(circleMembers).where(eq(circleMembers.personId, userId));
  const theirs = await db
    .select()
    .from(circles)
    .where(or(eq(circles.facilitatorId, userId), eq(circles.createdBy, userId), seats.length ? inArray(circles.id, seats.map((s) => s.circleId)) : never));
  // Sessions of the circles they sit in or lead; of one they only created, only those they hosted.
  const attendedCircles = [...new Set([...seats.map((s) => s.circleId), ...theirs.filter((c) => c.facilitatorId === userId).map((c) => c.id)])];
  return {
    circles: theirs.map((c) => ({ ...c, yourPart: c.facilitatorId === userId ? 'facilitator' : seats.some((s) => s.circleId === c.id) ? 'member' : 'created it' })),
    circleSeats: seats,
    circleCalendarsYouHold: await db.select().from(circleCalendars).where(eq(circleCalendars.personId, userId)),
    circleSessions: await db
      .select()
      .from(circleSessions)
      .where(or(eq(circleSessions.hostId, userId), attendedCircles.length ? inArray(circleSessions.circleId, attendedCircles) : never)),
    circleAttendance: await db.select().from(circleAttendance).where(eq(circleAttendance.personId, userId)),
    circleRatingsYouGave: await db.select().from(circleRatings).where(eq(circleRatings.raterId, userId)),
    // Their own list, and that coordinators keep them apart from someone; never a coordinator's reason, nor anyone else's private list.
    matchExclusions: await exclusionsForExport(db, userId),
    circleFormations: (await formationsNaming(db, userId)).map((f) => ({
      formationId: f.id,
      programId: f.programId,
      status: f.status,
      createdAt: f.createdAt,
      ranByYou: f.createdBy === userId || f.decidedBy === userId,
      namedIn: entriesNaming(f.proposal, userId),
    })),
  };
}

/** Formations whose proposal names the person, or that they ran as a coordinator (as roundsNaming). */
async function formationsNaming(db: DB | Tx, userId: string) {
  return await db
    .select()
    .from(circleFormations)
    .where(or(like(asText(circleFormations.proposal), `%${userId}%`), eq(circleFormations.createdBy, userId), eq(circleFormations.decidedBy, userId)));
}

/**
 * Circles without the person: formations lose their entries (as rounds do),
 * circles they facilitated keep going without a named facilitator, sessions
 * they hosted without a host, and a coordinator who created or decided one
 * is no longer named. Their seats and attendance answers go with their
 * person row; the scores of their ratings stay, without a rater or comment.
 */
async function eraseFromCircles(tx: DB | Tx, userId: string): Promise<void> {
  for (const f of await formationsNaming(tx, userId)) {
    await tx.update(circleFormations)
      .set({
        proposal: withoutPerson(f.proposal, userId) as Record<string, unknown>,
        createdBy: f.createdBy === userId ? ERASED_COORDINATOR : f.createdBy,
        decidedBy: f.decidedBy === userId ? ERASED_COORDINATOR : f.decidedBy,
      })
      .where(eq(circleFormations.id, f.id));
  }
  await tx.update(circles).set({ facilitatorId: null }).where(eq(circles.facilitatorId, userId));
  await tx.update(circles).set({ createdBy: ERASED_COORDINATOR }).where(eq(circles.createdBy, userId));
  await tx.update(circleSessions).set({ hostId: null }).where(eq(circleSessions.hostId, userId));
  await tx.update(circleRatings).set({ comment: null }).where(eq(circleRatings.raterId, userId));
}

export async function markLeft(tx: DB | Tx, userId: string, now: Date): Promise<void> {
  await tx.update(people).set({ status: 'left', pausedUntil: null, updatedAt: now }).where(eq(people.id, userId));
  await endPersonPause(tx, userId, now);
}

/**
 * The database half of an erasure: free text goes first, then the person
 * row, whose foreign keys empty the person's side of every aggregate row.
 * Returns what stays (anonymously), for the reply.
 */
export async function erasePerson(tx: DB | Tx, userId: string): Promise<{ mentorships: number; ratings: number; checkIns: number; onRoster: boolean }> {
  const person = await first(tx.select().from(people).where(eq(people.id, userId)));
  const count = (n: { n: number } | undefined) => n?.n ?? 0;
  // A number on either engine: PostgreSQL's count(*) is a bigint, which reaches drizzle as text (and "1" + "0" is "10").
  const all = () => sql<number>`count(*)`.mapWith(Number);
  const kept = {
    mentorships: count(await first(tx.select({ n: all() }).from(matches).where(involving(userId)))),
    ratings:
      count(await first(tx.select({ n: all() }).from(ratings).where(eq(ratings.raterId, userId)))) +
      count(await first(tx.select({ n: all() }).from(circleRatings).where(eq(circleRatings.raterId, userId)))),
    checkIns: count(await first(tx.select({ n: all() }).from(checkIns).where(eq(checkIns.personId, userId)))),
  };
  await tx.update(ratings).set({ comment: null }).where(eq(ratings.raterId, userId));
  await eraseFromCircles(tx, userId);
  await tx.update(checkIns).set({ note: null }).where(eq(checkIns.personId, userId));
  await tx.update(matches).set({ conversationId: null, reasons: null, declineNote: null }).where(involving(userId));
  await tx.update(sessionProposals).set({ proposedBy: null }).where(eq(sessionProposals.proposedBy, userId));
  await tx.update(sessionProposals).set({ proposedTo: null }).where(eq(sessionProposals.proposedTo, userId));
  // Their reports' reporting line named them; the roster will say again who manages whom.
  await tx.update(people).set({ managerId: null }).where(eq(people.managerId, userId));
  await tx.delete(actionClaims).where(or(eq(actionClaims.actorId, userId), eq(actionClaims.target, userId)));
  await tx.delete(programCoordinators).where(eq(programCoordinators.personId, userId));
  await tx.update(programs).set({ createdBy: null }).where(eq(programs.createdBy, userId));
  // Applications they decided stay decided; who decided goes (a stale Approve then names nobody).
  await tx.update(enrollments).set({ decidedBy: null }).where(eq(enrollments.decidedBy, userId));
  await tx.delete(outboxSubjects).where(eq(outboxSubjects.personId, userId));
  await eraseExclusionsOf(tx, userId);
  // Their person row's cascade would take these too; said here so no schema change can leave them behind.
  await tx.delete(selfDescriptions).where(eq(selfDescriptions.personId, userId));
  await tx.delete(personPauses).where(eq(personPauses.personId, userId));
  await tx.delete(people).where(eq(people.id, userId));
  return { ...kept, onRoster: Boolean(person?.rosterImportedAt) };
}
