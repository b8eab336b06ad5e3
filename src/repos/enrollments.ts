import { and, asc, eq, inArray, lt } from 'drizzle-orm';
import type { DB, Tx } from '../db/client.js';
import { type Enrollment, enrollments, goals, selfRatings } from '../db/schema.js';
import type { Goal, Role } from '../domain/intake.js';
import { CURRENT_ENROLLMENT_STATUSES, type EnrollmentStatus, type GoalOutcome, isSeatTaking } from '../domain/programs.js';
import { first } from '../db/query.js';
import { inserted } from './inserted.js';

export async function findEnrollment(db: DB | Tx, programId: number, personId: string): Promise<Enrollment | undefined> {
  return await first(db
    .select()
    .from(enrollments)
    .where(and(eq(enrollments.programId, programId), eq(enrollments.personId, personId))));
}

export async function findEnrollmentById(db: DB | Tx, id: number): Promise<Enrollment | undefined> {
  return await first(db.select().from(enrollments).where(eq(enrollments.id, id)));
}

/** A person's enrollments, in the order they joined. */
export async function enrollmentsOf(db: DB | Tx, personId: string): Promise<Enrollment[]> {
  return await db.select().from(enrollments).where(eq(enrollments.personId, personId)).orderBy(asc(enrollments.appliedAt), asc(enrollments.id));
}

export async function enrollmentsIn(db: DB | Tx, programId: number, statuses: readonly EnrollmentStatus[] = ['active']): Promise<Enrollment[]> {
  return await db
    .select()
    .from(enrollments)
    .where(and(eq(enrollments.programId, programId), inArray(enrollments.status, [...statuses])))
    .orderBy(asc(enrollments.appliedAt), asc(enrollments.id));
}

/** Whether anyone had applied to or joined the program before this moment, whatever became of them. */
export async function anyoneEnrolledBefore(db: DB | Tx, programId: number, at: Date): Promise<boolean> {
  return await first(db.select({ id: enrollments.id }).from(enrollments).where(and(eq(enrollments.programId, programId), lt(enrollments.appliedAt, at))).limit(1)) !== undefined;
}

/** Every active enrollment in every program, for jobs that look at all programs at once. */
export async function allActiveEnrollments(db: DB | Tx): Promise<Enrollment[]> {
  return await db.select().from(enrollments).where(eq(enrollments.status, 'active'));
}

/** Places taken by people who come to learn: what a program's seats limit. */
export async function seatsTaken(db: DB | Tx, programId: number): Promise<number> {
  return (await enrollmentsIn(db, programId)).filter((e) => isSeatTaking(e.roles)).length;
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
export async function saveEnrollment(tx: DB | Tx, programId: number, personId: string, values: EnrollmentValues, status: EnrollmentStatus, now: Date): Promise<Enrollment> {
  const existing = await findEnrollment(tx, programId, personId);
  if (existing && (CURRENT_ENROLLMENT_STATUSES as readonly string[]).includes(existing.status)) {
    return await first(tx.update(enrollments).set(values).where(eq(enrollments.id, existing.id)).returning()) as Enrollment;
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
  if (existing) return await first(tx.update(enrollments).set(fresh).where(eq(enrollments.id, existing.id)).returning()) as Enrollment;
  return await inserted(tx.insert(enrollments).values({ programId, personId, ...fresh }).returning());
}

/** Moves an enrollment between statuses, once: undefined when it was not in one of `from`. */
export async function moveEnrollment(
  tx: DB | Tx,
  id: number,
  from: readonly EnrollmentStatus[],
  to: EnrollmentStatus,
  fields: Partial<Pick<Enrollment, 'decidedAt' | 'decidedBy' | 'decisionNote' | 'joinedAt' | 'endedAt'>> = {},
): Promise<Enrollment | undefined> {
  return await first(tx
    .update(enrollments)
    .set({ status: to, ...fields })
    .where(and(eq(enrollments.id, id), inArray(enrollments.status, [...from])))
    .returning());
}

/** Ends every current enrollment of a person (they left the whole program); returns what was current. */
export async function endEnrollmentsOf(tx: DB | Tx, personId: string, now: Date): Promise<Enrollment[]> {
  return await tx
    .update(enrollments)
    .set({ status: 'left', endedAt: now })
    .where(and(eq(enrollments.personId, personId), inArray(enrollments.status, [...CURRENT_ENROLLMENT_STATUSES])))
    .returning();
}

export async function goalsOf(db: DB | Tx, personId: string, programId: number) {
  return await db
    .select()
    .from(goals)
    .where(and(eq(goals.personId, personId), eq(goals.programId, programId)))
    .orderBy(asc(goals.position));
}

export async function replaceGoals(tx: DB | Tx, personId: string, programId: number, list: readonly Goal[]): Promise<void> {
  await tx.delete(goals)
    .where(and(eq(goals.personId, personId), eq(goals.programId, programId)));
  if (list.length > 0) await tx.insert(goals).values(list.map((g, i) => ({ personId, programId, position: i + 1, ...g })));
}

export async function setGoalOutcome(tx: DB | Tx, goalId: number, personId: string, outcome: GoalOutcome): Promise<void> {
  await tx.update(goals)
    .set({ outcome })
    .where(and(eq(goals.id, goalId), eq(goals.personId, personId)));
}

export async function saveClosingAnswers(tx: DB | Tx, enrollmentId: number, answers: { rating: number | null; comment: string | null }, now: Date): Promise<void> {
  await tx.update(enrollments).set({ closingRating: answers.rating, closingComment: answers.comment, closingAnsweredAt: now }).where(eq(enrollments.id, enrollmentId));
}

export async function setPulse(tx: DB | Tx, enrollmentId: number, pulse: NonNullable<Enrollment['pulse']>): Promise<void> {
  await tx.update(enrollments).set({ pulse }).where(eq(enrollments.id, enrollmentId));
}

export async function setMentorNextCohort(tx: DB | Tx, enrollmentId: number): Promise<void> {
  await tx.update(enrollments).set({ mentorNextCohort: true }).where(eq(enrollments.id, enrollmentId));
}

/** A person's self-ratings on the program's tracks, for one phase; a second answer replaces the first. */
export async function saveSelfRatings(tx: DB | Tx, enrollmentId: number, phase: 'baseline' | 'close', levels: Readonly<Record<string, number>>, now: Date): Promise<void> {
  for (const [track, level] of Object.entries(levels)) {
    await tx.insert(selfRatings)
      .values({ enrollmentId, track, phase, level, ratedAt: now })
      .onConflictDoUpdate({ target: [selfRatings.enrollmentId, selfRatings.track, selfRatings.phase], set: { level, ratedAt: now } });
  }
}

export async function selfRatingsOf(db: DB | Tx, enrollmentId: number) {
  return await db.select().from(selfRatings).where(eq(selfRatings.enrollmentId, enrollmentId));
}

/** How many enrollments a program has in each status. */
export async function enrollmentCounts(db: DB | Tx, programId: number): Promise<Record<EnrollmentStatus, number>> {
  const counts = { applied: 0, waitlisted: 0, active: 0, declined: 0, left: 0, completed: 0 } satisfies Record<EnrollmentStatus, number>;
  for (const row of await db.select({ status: enrollments.status }).from(enrollments).where(eq(enrollments.programId, programId))) counts[row.status] += 1;
  return counts;
}
