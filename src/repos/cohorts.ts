import { and, eq, inArray } from 'drizzle-orm';
import type { DB, Tx } from '../db/client.js';
import { enrollments, goals, type Match, matches, programs, selfRatings, sessions } from '../db/schema.js';
import { RUNNING_MATCH_STATUSES } from '../domain/mentorship.js';
import { hasOutcomeData, type OutcomeAnswer, type OutcomeGoal, type OutcomeInput, type OutcomeSelfRating, trackLabel } from '../domain/outcomes.js';
import { first } from '../db/query.js';

/*
 * The questions a cohort's life asks of the database that no other
 * repository answers: its outcome rows (self-ratings, goal outcomes,
 * survey answers) for the report and the digest, held sessions per person
 * for recognition, and each side's answer to "keep going after the cohort?".
 */

export interface OutcomeRows {
  selfRatings: OutcomeSelfRating[];
  goals: OutcomeGoal[];
  answers: OutcomeAnswer[];
}

/** Outcome rows for several programs at once, keyed by program; a person is their enrollment id. */
export async function outcomeRowsFor(db: DB | Tx, programIds: readonly number[]): Promise<Map<number, OutcomeRows>> {
  const out = new Map<number, OutcomeRows>(programIds.map((id) => [id, { selfRatings: [], goals: [], answers: [] }]));
  if (programIds.length === 0) return out;
  const ids = [...programIds];
  const rated = await db
    .select({ programId: enrollments.programId, person: selfRatings.enrollmentId, track: selfRatings.track, phase: selfRatings.phase, level: selfRatings.level })
    .from(selfRatings)
    .innerJoin(enrollments, eq(enrollments.id, selfRatings.enrollmentId))
    .where(inArray(enrollments.programId, ids));
  for (const { programId, ...row } of rated) out.get(programId)?.selfRatings.push(row);
  const answered = await db
    .select({ programId: goals.programId, person: enrollments.id, outcome: goals.outcome })
    .from(goals)
    .innerJoin(enrollments, and(eq(enrollments.personId, goals.personId), eq(enrollments.programId, goals.programId)))
    .where(inArray(goals.programId, ids));
  for (const { programId, ...row } of answered) out.get(programId)?.goals.push(row);
  const people = await db
    .select({
      programId: enrollments.programId,
      person: enrollments.id,
      pulse: enrollments.pulse,
      rating: enrollments.closingRating,
      comment: enrollments.closingComment,
      answeredAt: enrollments.closingAnsweredAt,
      mentorNextCohort: enrollments.mentorNextCohort,
    })
    .from(enrollments)
    .where(inArray(enrollments.programId, ids));
  for (const { programId, answeredAt, ...row } of people) out.get(programId)?.answers.push({ ...row, surveyed: answeredAt !== null });
  return out;
}

/**
 * For the weekly digest: each of these programs that is a cohort and has
 * outcome data, with its rows. The taxonomy's cluster names are not in the
 * database, so tracks are named from their ids here; the cohort report,
 * which has the taxonomy, names them exactly.
 */
export async function digestOutcomesFor(db: DB | Tx, programIds: readonly number[]): Promise<Map<number, Omit<OutcomeInput, 'minRaters'>>> {
  const out = new Map<number, Omit<OutcomeInput, 'minRaters'>>();
  if (programIds.length === 0) return out;
  const cohorts = (await db
    .select({ id: programs.id, tracks: programs.tracks, startsOn: programs.startsOn, endsOn: programs.endsOn })
    .from(programs)
    .where(inArray(programs.id, [...new Set(programIds)])))
    .filter((p) => p.startsOn !== null && p.endsOn !== null);
  const rows = await outcomeRowsFor(db, cohorts.map((p) => p.id));
  for (const cohort of cohorts) {
    const of = rows.get(cohort.id);
    if (of && hasOutcomeData(of)) out.set(cohort.id, { tracks: cohort.tracks.map((id) => ({ id, name: trackLabel(id) })), ...of, seed: cohort.id });
  }
  return out;
}

export async function outcomeRowsOf(db: DB | Tx, programId: number): Promise<OutcomeRows> {
  return (await outcomeRowsFor(db, [programId])).get(programId) as OutcomeRows;
}

/** Held sessions per person in one program's pairs, mentor and mentee alike. */
export async function heldSessionsByPerson(db: DB | Tx, programId: number): Promise<Map<string, number>> {
  const rows = await db
    .select({ mentorId: matches.mentorId, menteeId: matches.menteeId })
    .from(sessions)
    .innerJoin(matches, eq(matches.id, sessions.matchId))
    .where(and(eq(matches.programId, programId), eq(sessions.status, 'held')));
  const counts = new Map<string, number>();
  for (const row of rows) {
    for (const id of [row.mentorId, row.menteeId]) if (id) counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
}

/** One side's answer to "keep going after the cohort?", while the pair is still running; undefined otherwise. */
export async function setContinues(tx: DB | Tx, matchId: number, side: 'mentor' | 'mentee', keepGoing: boolean): Promise<Match | undefined> {
  return await first(tx
    .update(matches)
    .set(side === 'mentor' ? { mentorContinues: keepGoing } : { menteeContinues: keepGoing })
    .where(and(eq(matches.id, matchId), inArray(matches.status, [...RUNNING_MATCH_STATUSES])))
    .returning());
}
