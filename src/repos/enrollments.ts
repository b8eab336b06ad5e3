import { and, asc, eq, inArray, lt } from 'drizzle-orm';
import type { DB, Tx } from '../db/client.js';
import { type Enrollment, enrollments, goals, selfRatings } from '../db/schema.js';
import type { Goal, Role } from '../domain/intake.js';
import { CURRENT_ENROLLMENT_STATUSES, type EnrollmentStatus, type GoalOutcome, isSeatTaking } from '../domain/programs.js';

export function findEnrollment(db: DB | Tx, programId: number, personId: string): Enrollment | undefined {
  return db
    .select()
    .from(enrollments)
    .where(and(eq(enrollments.programId, programId), eq(enrollments.personId, personId)))
    .get();
}

export function findEnrollmentById(db: DB | Tx, id: number): Enrollment | undefined {
  return db.select().from(enrollments).where(eq(enrollments.id, id)).get();
}

/** A person's enrollments, in the order they joined. */
export function enrollmentsOf(db: DB | Tx, personId: string): Enrollment[] {
  return db.select().from(enrollments).where(eq(enrollments.personId, personId)).orderBy(asc(enrollments.appliedAt), asc(enrollments.id)).all();
}

export function enrollmentsIn(db: DB | Tx, programId: number, statuses: readonly EnrollmentStatus[] = ['active']): Enrollment[] {
  return db
    .select()
    .from(enrollments)
    .where(and(eq(enrollments.programId, programId), inArray(enrollments.status, [...statuses])))
    .orderBy(asc(enrollments.appliedAt), asc(enrollments.id))
    .all();
}

/** Whether anyone had applied to or joined the program before this moment, whatever became of them. */
export function anyoneEnrolledBefore(db: DB | Tx, programId: number, at: Date): boolean {
  return db.select({ id: enrollments.id }).from(enrollments).where(and(eq(enrollments.programId, programId), lt(enrollments.appliedAt, at))).limit(1).get() !== undefined;
}

/** Every active enrollment in every program, for jobs that look at all programs at once. */
export function allActiveEnrollments(db: DB | Tx): Enrollment[] {
  return db.select().from(enrollments).where(eq(enrollments.status, 'active')).all();
}

/** Places taken by people who come to learn: what a program's seats limit. */
export function seatsTaken(db: DB | Tx, programId: number): number {
  return enrollmentsIn(db, programId).filter((e) => isSeatTaking(e.roles)).length;
}

export interface EnrollmentValues {
  roles: Role[];
  capacityMentees: number | null;
  capacityHoursPerMonth: number | null;
}

/**
 * Records what a person asks of a program. A current enrollment keeps its
 * status (an edit of roles or capacity); a past one (left, declined,
 * completed) becomes a fresh request with the status given.
 */
export function saveEnrollment(tx: DB | Tx, programId: number, personId: string, values: EnrollmentValues, status: EnrollmentStatus, now: Date): Enrollment {
  const existing = findEnrollment(tx, programId, personId);
  if (existing && (CURRENT_ENROLLMENT_STATUSES as readonly string[]).includes(existing.status)) {
    return tx.update(enrollments).set(values).where(eq(enrollments.id, existing.id)).returning().get() as Enrollment;
  }
  const fresh = {
    ...values,
    status,
    appliedAt: now,
    decidedAt: status === 'applied' ? null : now,
    decidedBy: null,
    decisionNote: null,
    joinedAt: status === 'active' ? now : null,
    endedAt: null,
    pulse: null,
    closingRating: null,
    closingComment: null,
    closingAnsweredAt: null,
  };
  if (existing) return tx.update(enrollments).set(fresh).where(eq(enrollments.id, existing.id)).returning().get() as Enrollment;
  return tx.insert(enrollments).values({ programId, personId, ...fresh }).returning().get();
}

/** Moves an enrollment between statuses, once: undefined when it was not in one of `from`. */
export function moveEnrollment(
  tx: DB | Tx,
  id: number,
  from: readonly EnrollmentStatus[],
  to: EnrollmentStatus,
  fields: Partial<Pick<Enrollment, 'decidedAt' | 'decidedBy' | 'decisionNote' | 'joinedAt' | 'endedAt'>> = {},
): Enrollment | undefined {
  return tx
    .update(enrollments)
    .set({ status: to, ...fields })
    .where(and(eq(enrollments.id, id), inArray(enrollments.status, [...from])))
    .returning()
    .get();
}

/** Ends every current enrollment of a person (they left the whole program); returns what was current. */
export function endEnrollmentsOf(tx: DB | Tx, personId: string, now: Date): Enrollment[] {
  return tx
    .update(enrollments)
    .set({ status: 'left', endedAt: now })
    .where(and(eq(enrollments.personId, personId), inArray(enrollments.status, [...CURRENT_ENROLLMENT_STATUSES])))
    .returning()
    .all();
}

export function goalsOf(db: DB | Tx, personId: string, programId: number) {
  return db
    .select()
    .from(goals)
    .where(and(eq(goals.personId, personId), eq(goals.programId, programId)))
    .orderBy(asc(goals.position))
    .all();
}

export function replaceGoals(tx: DB | Tx, personId: string, programId: number, list: readonly Goal[]): void {
  tx.delete(goals)
    .where(and(eq(goals.personId, personId), eq(goals.programId, programId)))
    .run();
  if (list.length > 0) tx.insert(goals).values(list.map((g, i) => ({ personId, programId, position: i + 1, ...g }))).run();
}

export function setGoalOutcome(tx: DB | Tx, goalId: number, personId: string, outcome: GoalOutcome): void {
  tx.update(goals)
    .set({ outcome })
    .where(and(eq(goals.id, goalId), eq(goals.personId, personId)))
    .run();
}

export function saveClosingAnswers(tx: DB | Tx, enrollmentId: number, answers: { rating: number | null; comment: string | null }, now: Date): void {
  tx.update(enrollments).set({ closingRating: answers.rating, closingComment: answers.comment, closingAnsweredAt: now }).where(eq(enrollments.id, enrollmentId)).run();
}

export function setPulse(tx: DB | Tx, enrollmentId: number, pulse: NonNullable<Enrollment['pulse']>): void {
  tx.update(enrollments).set({ pulse }).where(eq(enrollments.id, enrollmentId)).run();
}

export function setMentorNextCohort(tx: DB | Tx, enrollmentId: number): void {
  tx.update(enrollments).set({ mentorNextCohort: true }).where(eq(enrollments.id, enrollmentId)).run();
}

/** A person's self-ratings on the program's tracks, for one phase; a second answer replaces the first. */
export function saveSelfRatings(tx: DB | Tx, enrollmentId: number, phase: 'baseline' | 'close', levels: Readonly<Record<string, number>>, now: Date): void {
  for (const [track, level] of Object.entries(levels)) {
    tx.insert(selfRatings)
      .values({ enrollmentId, track, phase, level, ratedAt: now })
      .onConflictDoUpdate({ target: [selfRatings.enrollmentId, selfRatings.track, selfRatings.phase], set: { level, ratedAt: now } })
      .run();
  }
}

export function selfRatingsOf(db: DB | Tx, enrollmentId: number) {
  return db.select().from(selfRatings).where(eq(selfRatings.enrollmentId, enrollmentId)).all();
}

/** How many enrollments a program has in each status. */
export function enrollmentCounts(db: DB | Tx, programId: number): Record<EnrollmentStatus, number> {
  const counts = { applied: 0, waitlisted: 0, active: 0, declined: 0, left: 0, completed: 0 } satisfies Record<EnrollmentStatus, number>;
  for (const row of db.select({ status: enrollments.status }).from(enrollments).where(eq(enrollments.programId, programId)).all()) counts[row.status] += 1;
  return counts;
}
