import { and, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import type { DB, Tx } from '../db/client.js';
import { prepared } from '../db/prepared.js';
import { availability, type Enrollment, enrollments, people, type Person, personSkills, type Profile, profiles, skills } from '../db/schema.js';
import type { IntakeAnswers, Role } from '../domain/intake.js';
import { effectiveStatus } from '../domain/participation.js';
import { DEFAULT_PROGRAM_ID, type EnrollmentStatus } from '../domain/programs.js';
import type { Taxonomy } from '../domain/taxonomy.js';
import { findEnrollment, goalsOf, replaceGoals, saveEnrollment } from './enrollments.js';
import { endPersonPause, startPersonPause } from './personPauses.js';
import { first, rowsChanged } from '../db/query.js';

/** Everything held about one member, as the views need it: the shared profile and one program's part. */
export interface MemberProfile {
  person: Person;
  profile: Profile;
  /** Their enrollment in the program asked about, if any. */
  enrollment: Enrollment | undefined;
  answers: IntakeAnswers;
}

/** Keeps the skills table equal to the taxonomy file; removed skills stay so old choices still resolve. */
export async function syncSkills(db: DB, taxonomy: Taxonomy): Promise<void> {
  await db.transaction(async (tx) => {
    for (const skill of taxonomy.skills.values()) {
      await tx.insert(skills)
        .values({ id: skill.id, name: skill.name, cluster: skill.clusterId })
        .onConflictDoUpdate({ target: skills.id, set: { name: skill.name, cluster: skill.clusterId } });
    }
  });
}

/** Everyone the program knows, for jobs that look at every pair at once. */
export async function allPeople(db: DB): Promise<Person[]> {
  return await prepared(db, 'people.all', (d) => d.select().from(people).prepare()).execute();
}

/** Everyone's participation, by id, for a fan-out deciding whom it may prompt. */
export async function participationOfAll(db: DB): Promise<Map<string, Pick<Person, 'status' | 'pausedUntil' | 'joinedAt'>>> {
  const rows = await prepared(db, 'people.participation', (d) => d.select({ id: people.id, status: people.status, pausedUntil: people.pausedUntil, joinedAt: people.joinedAt }).from(people).prepare()).execute();
  return new Map(rows.map(({ id, ...participation }) => [id, participation]));
}

export async function findPerson(db: DB | Tx, userId: string): Promise<Person | undefined> {
  return await first(db.select().from(people).where(eq(people.id, userId)));
}

/** The shared profile with one program's roles, goals and capacity (the default program unless asked). */
export async function loadProfile(db: DB | Tx, userId: string, programId = DEFAULT_PROGRAM_ID): Promise<MemberProfile | undefined> {
  const person = await findPerson(db, userId);
  const profile = await first(db.select().from(profiles).where(eq(profiles.personId, userId)));
  if (!person || !profile) return undefined;
  const enrollment = await findEnrollment(db, programId, userId);
  const chosen = await db.select().from(personSkills).where(eq(personSkills.personId, userId));
  const personGoals = await goalsOf(db, userId, programId);
  const window = await first(db.select().from(availability).where(eq(availability.personId, userId)).limit(1));
  return {
    person,
    profile,
    enrollment,
    answers: {
      roles: enrollment?.roles ?? [],
      skillsOffered: chosen.filter((s) => s.direction === 'offered').map((s) => s.skillId),
      skillsWanted: chosen.filter((s) => s.direction === 'wanted').map((s) => s.skillId),
      goals: personGoals.map((g) => ({ aim: g.aim, measure: g.measure, dueOn: g.dueOn })),
      timeZone: person.timeZone ?? 'UTC',
      workDays: profile.workDays,
      workStartMinute: profile.workStartMinute,
      workEndMinute: profile.workEndMinute,
      availabilityStartMinute: window?.startMinute ?? profile.workStartMinute,
      availabilityEndMinute: window?.endMinute ?? profile.workEndMinute,
      capacityMentees: enrollment?.capacityMentees ?? profile.capacityMentees,
      capacityHoursPerMonth: enrollment?.capacityHoursPerMonth ?? profile.capacityHoursPerMonth,
      format: profile.format ?? 'video',
      pace: profile.pace,
      department: person.department,
      level: person.level,
      location: person.location,
    },
  };
}

export interface SaveIntakeInput {
  userId: string;
  answers: IntakeAnswers;
  now: Date;
  displayName?: string;
  email?: string;
  /** The program whose part of the form this is; the default program unless said. */
  programId?: number;
  /** Where a new enrollment starts (a place, the waitlist, an application); a current one keeps its own. */
  enrollmentStatus?: EnrollmentStatus;
}

/**
 * Stores a validated intake in one transaction: the person, their profile,
 * skills and weekly availability, and their part in the program: roles,
 * capacity and goals. Rejoining after leaving makes the person active
 * again; a pause is kept. Returns the enrollment as stored.
 */
export async function saveIntake(db: DB | Tx, input: SaveIntakeInput): Promise<Enrollment> {
  return db.transaction(async (tx) => {
    await saveProfile(tx, input);
    return saveProgramPart(tx, { ...input, programId: input.programId ?? DEFAULT_PROGRAM_ID });
  });
}

/**
 * The part of an intake every program shares: the person (made active again
 * after leaving), their profile, skills and weekly availability. No
 * enrollment is touched.
 */
export async function saveProfile(db: DB | Tx, input: Omit<SaveIntakeInput, 'programId' | 'enrollmentStatus'>): Promise<void> {
  const { userId, answers: a, now } = input;
  await db.transaction(async (tx) => {
    const existing = await first(tx.select().from(people).where(eq(people.id, userId)));
    // Roster values win: department, level and location are only taken from the form when HR gave none.
    const org = existing?.rosterImportedAt ? {} : { department: a.department, level: a.level, location: a.location };
    const personValues = {
      displayName: input.displayName ?? existing?.displayName ?? null,
      email: existing?.email ?? input.email ?? null,
      timeZone: a.timeZone,
      ...org,
      updatedAt: now,
    };
    if (existing) {
      await tx.update(people)
        .set({
          ...personValues,
          joinedAt: existing.joinedAt ?? now,
          ...(existing.status === 'left' ? { status: 'active' as const, pausedUntil: null } : {}),
        })
        .where(eq(people.id, userId));
    } else {
      await tx.insert(people).values({ id: userId, ...personValues, status: 'active', joinedAt: now });
    }
    const profileValues = {
      format: a.format,
      pace: a.pace,
      capacityMentees: a.capacityMentees,
      capacityHoursPerMonth: a.capacityHoursPerMonth,
      workDays: a.workDays,
      workStartMinute: a.workStartMinute,
      workEndMinute: a.workEndMinute,
      updatedAt: now,
    };
    await tx.insert(profiles)
      .values({ personId: userId, ...profileValues, consentedAt: now })
      .onConflictDoUpdate({ target: profiles.personId, set: profileValues });
    await tx.delete(personSkills).where(eq(personSkills.personId, userId));
    const chosen = [
      ...a.skillsOffered.map((skillId) => ({ personId: userId, skillId, direction: 'offered' as const })),
      ...a.skillsWanted.map((skillId) => ({ personId: userId, skillId, direction: 'wanted' as const })),
    ];
    if (chosen.length > 0) await tx.insert(personSkills).values(chosen);
    await tx.delete(availability).where(eq(availability.personId, userId));
    await tx.insert(availability)
      .values(a.workDays.map((weekday) => ({ personId: userId, weekday, startMinute: a.availabilityStartMinute, endMinute: a.availabilityEndMinute })));
  });
}

/** A person's part in one program: their enrollment's roles and capacity, and their goals there. */
export async function saveProgramPart(
  tx: DB | Tx,
  input: { userId: string; programId: number; answers: Pick<IntakeAnswers, 'roles' | 'goals' | 'capacityMentees' | 'capacityHoursPerMonth'>; now: Date; enrollmentStatus?: EnrollmentStatus },
): Promise<Enrollment> {
  const { userId, programId, answers: a, now } = input;
  await replaceGoals(tx, userId, programId, a.goals);
  return saveEnrollment(tx, programId, userId, { roles: a.roles, capacityMentees: a.capacityMentees, capacityHoursPerMonth: a.capacityHoursPerMonth }, input.enrollmentStatus ?? 'active', now);
}

/** Pauses until a date, or indefinitely when `until` is null. */
export async function pausePerson(db: DB, userId: string, until: Date | null, now: Date): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.update(people).set({ status: 'paused', pausedUntil: until, updatedAt: now }).where(eq(people.id, userId));
    await startPersonPause(tx, userId, until, now);
  });
}

export async function resumePerson(db: DB, userId: string, now: Date): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.update(people).set({ status: 'active', pausedUntil: null, updatedAt: now }).where(and(eq(people.id, userId), eq(people.status, 'paused')));
    await endPersonPause(tx, userId, now);
  });
}

export interface ProgramOverview {
  byRole: Record<Role, number>;
  members: number;
  active: number;
  paused: number;
}

/** A program's people by role, and how many are active now (an expired pause counts as active). */
export async function programOverview(db: DB, now: Date, programId = DEFAULT_PROGRAM_ID): Promise<ProgramOverview> {
  const rows = await db
    .select({ roles: enrollments.roles, status: people.status, pausedUntil: people.pausedUntil })
    .from(enrollments)
    .innerJoin(people, eq(people.id, enrollments.personId))
    .innerJoin(profiles, eq(profiles.personId, enrollments.personId))
    .where(and(eq(enrollments.programId, programId), eq(enrollments.status, 'active'), inArray(people.status, ['active', 'paused'])));
  const byRole: Record<Role, number> = { mentor: 0, mentee: 0, peer: 0, reverse_mentor: 0, reverse_mentee: 0 };
  let active = 0;
  for (const row of rows) {
    for (const role of row.roles as Role[]) byRole[role] += 1;
    if (effectiveStatus(row, now) === 'active') active += 1;
  }
  return { byRole, members: rows.length, active, paused: rows.length - active };
}

export async function countMembers(db: DB): Promise<number> {
  return (await first(db.select({ n: sql<number>`count(*)` }).from(profiles)))?.n ?? 0;
}

export async function updatePersonIdentity(db: DB, userId: string, identity: { displayName?: string; email?: string }): Promise<void> {
  const person = await findPerson(db, userId);
  if (!person) return;
  await db.update(people)
    .set({ displayName: identity.displayName ?? person.displayName, email: person.email ?? identity.email ?? null })
    .where(eq(people.id, userId));
}

/** Givers' "busy until" dates, for those who set one. */
export async function busyUntilOf(db: DB | Tx, personIds: readonly string[]): Promise<Map<string, string>> {
  if (personIds.length === 0) return new Map();
  const rows = await db
    .select({ id: profiles.personId, busyUntil: profiles.busyUntil })
    .from(profiles)
    .where(and(inArray(profiles.personId, [...personIds]), isNotNull(profiles.busyUntil)));
  return new Map(rows.map((r) => [r.id, r.busyUntil as string]));
}

export async function setBusyUntil(db: DB | Tx, personId: string, busyUntil: string | null, now: Date): Promise<boolean> {
  return rowsChanged(await db.update(profiles).set({ busyUntil, updatedAt: now }).where(eq(profiles.personId, personId))) > 0;
}
